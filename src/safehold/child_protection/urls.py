from django.urls import path

from . import views

app_name = "child_protection"
urlpatterns = [
    path("<int:pk>/strategy/new/", views.strategy_new, name="strategy_new"),
    path("<int:pk>/strategy/<int:discussion_id>/", views.strategy_detail, name="strategy_detail"),
    path("<int:pk>/section-47/<int:enquiry_id>/complete/", views.s47_complete, name="s47_complete"),
    path("<int:pk>/conference/new/", views.conference_new, name="conference_new"),
    path("<int:pk>/plan/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/plan/<int:plan_id>/core-group/new/", views.core_group_new, name="core_group_new"),
    path("<int:pk>/plan/<int:plan_id>/visit/new/", views.cp_visit_new, name="cp_visit_new"),
    path("<int:pk>/plan/<int:plan_id>/end/", views.plan_end, name="plan_end"),
    path("<int:pk>/plan/<int:plan_id>/outcomes/", views.plan_content, name="plan_content"),
]
