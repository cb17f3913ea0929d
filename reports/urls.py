from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("participants.csv", views.participants_csv, name="csv"),
    path("participants.xlsx", views.participants_xlsx, name="xlsx"),
    path("enterprises.csv", views.enterprises_csv, name="enterprises_csv"),
    path("enterprises.xlsx", views.enterprises_xlsx, name="enterprises_xlsx"),
    path("exports/", views.export_create, name="export_create"),
    path("exports/<uuid:pk>/", views.export_detail, name="export"),
    path("exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("projects/<slug:slug>/", views.dashboard, name="dashboard"),
]
