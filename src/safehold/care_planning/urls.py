from django.urls import path

from . import views

app_name = "care_planning"
urlpatterns = [
    path("people/<int:pk>/review/new/", views.review_new, name="review_new"),
    path("people/<int:pk>/care-plan/new/", views.care_plan_new, name="care_plan_new"),
    path("people/<int:pk>/visit/new/", views.visit_new, name="visit_new"),
    path("people/<int:pk>/health-assessment/new/", views.health_assessment_new, name="health_assessment_new"),
    path("people/<int:pk>/dental-check/new/", views.dental_check_new, name="dental_check_new"),
    path("people/<int:pk>/education-plan/new/", views.education_plan_new, name="education_plan_new"),
    path("people/<int:pk>/iro-contact/new/", views.iro_contact_new, name="iro_contact_new"),
    path("people/<int:pk>/outcomes/<int:year>/", views.outcomes_edit, name="outcomes_edit"),
    path("people/<int:pk>/missing/new/", views.missing_new, name="missing_new"),
    path("people/<int:pk>/missing/<int:episode_id>/", views.missing_edit, name="missing_edit"),
]
