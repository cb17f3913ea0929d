from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("me/consents/", views.consents, name="consents"),
    path("me/data/", views.download_data, name="data"),
    path("me/delete/", views.delete_account, name="delete"),
]
