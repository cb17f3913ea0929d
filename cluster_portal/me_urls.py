from django.urls import path

from . import me as views

app_name = "me"

urlpatterns = [
    path("", views.me, name="index"),
    path("profile/", views.profile, name="profile"),
    path("calendar/renew/", views.renew_calendar_token, name="renew_calendar"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="calendar"),
]
