from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.company_create, name="create"),
    path("join/", views.company_join, name="join"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.company_edit, name="edit"),
    path("<slug:slug>/members/", views.company_members, name="members"),
    path("<slug:slug>/members/<int:pk>/decide/", views.company_decide, name="decide"),
    path("<slug:slug>/sme-declaration/", views.declaration_list, name="declarations"),
    path("<slug:slug>/sme-declaration/new/", views.declaration_new, name="declaration_new"),
    path("<slug:slug>/sme-declaration/<int:pk>.pdf", views.declaration_pdf, name="declaration_pdf"),
]
