from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
    path("certificates/<int:pk>.pdf", views.certificate, name="certificate"),
    path("companies/<slug:slug>/", views.company_aid, name="company"),
    path("companies/<slug:slug>/other-aid/", views.statement, name="statement"),
]
