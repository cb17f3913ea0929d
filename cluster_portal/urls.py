from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.functional import lazy

from api import views as api_views
from events import views as events_views
from web.brand import administration_title

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = lazy(administration_title, str)()
admin.site.site_title = lazy(administration_title, str)()

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # /privacy/, /me/consents/, /me/data/, /me/delete/ (before any other "me/" include)
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("networks/", include("networks.urls")),
    path("events/", include("events.urls")),
    path("projects/", include("projects.urls")),
    path("organisations/", include("companies.urls")),
    path("news/", include("news.urls")),
    path("search/", include("search.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("follow-up/", include("followup.urls")),
    path("de-minimis/", include("funding.urls")),
    path("me/", include("cluster_portal.me_urls")),
    # Public check of a certificate of attendance (the code is printed on it).
    path("verify/<str:code>/", events_views.verify_certificate, name="verify_certificate"),
    path("api/", api_views.api_docs, name="api_docs"),
    prefix_default_language=False,
)

# One 429 page for allauth's limits and accounts.ratelimit.rate_limited.
handler429 = "accounts.ratelimit.too_many_requests"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
