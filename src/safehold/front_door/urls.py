from django.urls import path

from . import apis, views

app_name = "front_door"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/decide/", views.contact_decide, name="contact_decide"),
    path("contacts/<int:pk>/link/", views.contact_link, name="contact_link"),
    # Partner agencies: their own submissions only.
    path("partner/contacts/", views.partner_contacts, name="partner_contacts"),
    path("partner/contacts/new/", views.partner_contact_new, name="partner_contact_new"),
    # The partner JSON API (apis.py), described by openapi.py.
    path("api/contacts/", apis.api_contacts, name="api_contacts"),
    path("api/contacts/<str:pk>/", apis.api_contact, name="api_contact"),  # the view reads the id: JSON 404s
    path("api/openapi.json", apis.api_openapi, name="api_openapi"),
]
