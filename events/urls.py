from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.event_feed, name="feed"),
    path("embed/", views.event_embed, name="embed"),
    path("embed/builder/", views.embed_builder, name="embed_builder"),
    path("embed/colour/<str:colour>.css", views.embed_colour, name="embed_colour"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/register/", views.event_register, name="register"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
]
