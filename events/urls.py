from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.event_feed, name="feed"),
    path("check-in/<str:token>/", views.check_in_qr, name="check_in_qr"),
    path("embed/", views.event_embed, name="embed"),
    path("embed/builder/", views.embed_builder, name="embed_builder"),
    path("embed/colour/<str:colour>.css", views.embed_colour, name="embed_colour"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/register/", views.event_register, name="register"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/ticket/", views.ticket, name="ticket"),
    path("<slug:slug>/colleagues/", views.colleagues, name="colleagues"),
    path("<slug:slug>/registrations/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<slug:slug>/offer/", views.seat_offer, name="offer"),
    path("<slug:slug>/certificate/", views.certificate, name="certificate"),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/check-in/record/", views.check_in_record, name="check_in_record"),
    path("<slug:slug>/check-in/walk-in/", views.check_in_walk_in, name="check_in_walk_in"),
]
