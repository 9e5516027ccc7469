import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings.production")
application = get_wsgi_application()

# Never serve as a role that could rewrite the audit log (a superuser, the tables' owner): issue 15.9.
from safehold.audit.checks import refuse_privileged_database  # noqa: E402 (the apps must be loaded first)

refuse_privileged_database()

# Garbage collection tuned for a web process. Everything loaded at start-up (Django, the apps, the
# templates) lives as long as the process: freeze it so the collector never scans it again, and let
# the youngest generation grow before a collection. A page builds many short-lived objects (query
# rows, template nodes) and the default threshold (700) ran the collector several times per page: the
# team worklist took 46 ms at the median with the defaults and 32 ms tuned (docs/benchmarks.md).
# SAFEHOLD_GC_THRESHOLD="700,10,10" restores Python's defaults.
_threshold = tuple(int(n) for n in os.environ.get("SAFEHOLD_GC_THRESHOLD", "50000,50,100").split(","))
gc.set_threshold(*_threshold)
gc.freeze()
