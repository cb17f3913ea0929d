from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.me, name="me"),
    path("profile/", views.profile, name="profile"),
    path("calendar/renew/", views.renew_calendar_token, name="renew_calendar"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="calendar"),
]
