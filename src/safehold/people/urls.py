from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/chronology/print/", views.chronology_print, name="chronology_print"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/addresses/new/", views.address_add, name="address_add"),
    path("<int:pk>/names/new/", views.name_add, name="name_add"),
    path("<int:pk>/relationships/new/", views.relationship_add, name="relationship_add"),
    path("<int:pk>/restriction/", views.restriction, name="restriction"),
    path("<int:pk>/restriction/grants/", views.grant_add, name="grant_add"),
    path("<int:pk>/restriction/grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/history/", views.history, name="history"),
]
