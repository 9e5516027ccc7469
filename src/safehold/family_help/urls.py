from django.urls import path

from . import views

app_name = "family_help"
urlpatterns = [
    path("people/<int:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("people/<int:pk>/episodes/<int:episode_id>/", views.episode_detail, name="episode_detail"),
    path("people/<int:pk>/episodes/<int:episode_id>/close/", views.episode_close, name="episode_close"),
    path("people/<int:pk>/episodes/<int:episode_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("people/<int:pk>/assessments/<int:assessment_id>/", views.assessment_edit, name="assessment_edit"),
    path("people/<int:pk>/assessments/<int:assessment_id>/autosave/", views.assessment_autosave,
         name="assessment_autosave"),
    path("people/<int:pk>/assessments/<int:assessment_id>/authorise/", views.assessment_authorise,
         name="assessment_authorise"),
    path("people/<int:pk>/episodes/<int:episode_id>/cin-plans/new/", views.cin_plan_new, name="cin_plan_new"),
    path("people/<int:pk>/cin-plans/<int:plan_id>/end/", views.cin_plan_end, name="cin_plan_end"),
    path("people/<int:pk>/plans/<slug:kind>/<int:plan_id>/reviews/new/", views.plan_review_new,
         name="plan_review_new"),
    path("people/<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("people/<int:pk>/early-help/new/", views.early_help_new, name="early_help_new"),
    path("people/<int:pk>/early-help/<int:early_help_id>/close/", views.early_help_close, name="early_help_close"),
    path("people/<int:pk>/episodes/<int:episode_id>/pre-proceedings/", views.pre_proceedings_edit,
         name="pre_proceedings_edit"),
]
