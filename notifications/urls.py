from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "organisers/unsubscribe/<str:token>/",
        views.organiser_messages_unsubscribe,
        name="organiser_messages_unsubscribe",
    ),
]
