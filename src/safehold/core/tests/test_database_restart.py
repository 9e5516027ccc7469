"""After PostgreSQL cuts a kept connection (a restart, a failover), the next request is served on a new
one, not failed on the dead one (CONN_HEALTH_CHECKS; bench/load.py measures the same under load)."""

from __future__ import annotations

import pytest
from django.db import close_old_connections, connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_after_postgresql_cut_the_kept_connection_is_served(client):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite connections are not kept between requests")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # connections are kept (the default, 60 s)
    close_old_connections()  # what the WSGI handler does as each request starts
    assert client.get("/healthz").status_code == 200
    kept = connection.connection.info.backend_pid

    # PostgreSQL ends that session, as a restart does to every session.
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [kept])
    finally:
        other.close()

    close_old_connections()  # the next request starts
    assert client.get("/healthz").status_code == 200
    assert connection.connection.info.backend_pid != kept
