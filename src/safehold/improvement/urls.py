"""/improvement/: the inspection record and cycle, the self-evaluation, case file audits, the action plan
and the scrutiny committee's reports. Each views module declares its own patterns."""

from .views import audits, inspections, plans

app_name = "improvement"
urlpatterns = inspections.urlpatterns + audits.urlpatterns + plans.urlpatterns
