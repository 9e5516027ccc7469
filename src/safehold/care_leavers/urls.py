from django.urls import path

from . import views

app_name = "care_leavers"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("people/<int:pk>/category/", views.eligibility_set, name="eligibility_set"),
    path("people/<int:pk>/personal-adviser/", views.personal_adviser_assign, name="personal_adviser_assign"),
    path("people/<int:pk>/pathway-plan/", views.pathway_plan, name="pathway_plan"),
    path("people/<int:pk>/contact/", views.contact_record, name="contact_record"),
    path("people/<int:pk>/accommodation/", views.accommodation_change, name="accommodation_change"),
    path("people/<int:pk>/check-in/", views.check_in_record, name="check_in_record"),
]
