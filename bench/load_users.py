"""The users of the load benchmark (bench/load.py), for locust: social workers and team managers who sign
in (password, then the code from their authenticator app) and go about a working day, a page every
second or so. Not run on its own: bench/load.py prepares the accounts and reads the log this writes.

Every request is written to the log named by LOAD_LOG, one JSON list a line:
    [start (epoch s), seconds taken, user number, page, method, status, ok, error, leaked, reference]
`ok` is whether the answer was the one expected (200 for a page, 302 after a form that saved; a 302 to
the sign-in page, a 500 or a dropped connection are not); `leaked` is whether an error page showed
anything of the server's inside (a traceback, an exception's name, a file path, the database's words);
`reference` names the visit a save sent (in its notes). A save's reference is also written to the log
before it is sent (page "Record a visit: sending"), so a save cut off when the load stops still counts
as attempted.

Cookies are kept here, not in the HTTP library's jar: the production settings mark them Secure, and
the benchmark talks plain HTTP on loopback, where a library would rightly never send them back.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import threading
import time
import uuid

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["LOAD_ACCOUNTS"]).read())
RUN = ACCOUNTS["run"]  # marks the visits this run records, so bench/load.py can count them afterwards
THINK = tuple(int(x) / 1000 for x in os.environ.get("LOAD_THINK_MS", "500,1500").split(","))
_log = open(os.environ["LOAD_LOG"], "a", buffering=1)
_log_lock = threading.Lock()
_numbers = itertools.count(1)
_pools = {kind: itertools.cycle(ACCOUNTS[kind]) for kind in ("social_workers", "team_managers")}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What a clean error page never shows: Django's debug page and traceback, a Python or database error's
# own words, the server's paths.
LEAK = re.compile(r"Traceback|File \"/|site-packages|OperationalError|InterfaceError|psycopg|"
                  r"connection to server|django\.db|DJANGO_SETTINGS|SECRET_KEY|Exception Value", re.I)


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows now (RFC 6238, as django-otp's TOTPDevice checks it)."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return str(code).zfill(digits)


class Staff(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    kind = ""

    def on_start(self):
        self.number = next(_numbers)
        self.account = next(_pools[self.kind])
        self.jar: dict[str, str] = {}
        self.signed_in = False
        self.sign_in()

    # --- HTTP with our own cookies, and the log -------------------------------------------------------
    def write(self, row: list) -> None:
        with _log_lock:
            _log.write(json.dumps(row) + "\n")

    def call(self, method: str, path: str, page: str, *, data: dict | None = None, expect: int = 200,
             ref: str = ""):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())} if self.jar else {}
        start = time.time()
        t = time.perf_counter()
        with self.client.request(method, path, name=page, data=data, headers=headers, allow_redirects=False,
                                 catch_response=True) as r:
            took = time.perf_counter() - t
            self.client.cookies.clear()
            for c in r.cookies:
                if c.value in ("", '""'):
                    self.jar.pop(c.name, None)
                else:
                    self.jar[c.name] = c.value
            status = r.status_code or 0
            ok = status == expect
            error = ""
            if not ok:
                error = str(r.error)[:200] if r.error and not status else f"HTTP {status}"
                if status in (301, 302) and "/accounts/login/" in r.headers.get("Location", ""):
                    error = "sent to sign in"
            leaked = bool(status >= 500 and LEAK.search(r.text or ""))
            self.last_error = error
            if ok:
                r.success()
            else:
                r.failure(error)
            self.write([round(start, 4), round(took, 4), self.number, page, method, status, ok, error, leaked, ref])
            return r if ok else None

    def form_token(self, response) -> str:
        m = CSRF.search(response.text or "") if response is not None else None
        return m.group(1) if m else self.jar.get("csrftoken", "")

    # --- Signing in ---------------------------------------------------------------------------------
    def sign_in(self):
        for _ in range(5):
            self.jar.clear()
            page = self.call("GET", "/accounts/login/", "Sign in: page")
            if page is None:
                time.sleep(1)
                continue
            done = self.call("POST", "/accounts/login/", "Sign in: password", expect=302, data={
                "username": self.account["username"], "password": ACCOUNTS["password"],
                "csrfmiddlewaretoken": self.form_token(page)})
            if done is None:
                time.sleep(1)
                continue
            for _attempt in range(3):
                form = self.call("GET", "/accounts/two-step/verify/", "Sign in: code page")
                if form is None:
                    break
                verified = self.call("POST", "/accounts/two-step/verify/", "Sign in: code", expect=302, data={
                    "token": totp(self.account["totp_key"]), "csrfmiddlewaretoken": self.form_token(form)})
                if verified is not None:
                    self.signed_in = True
                    return
                # A code is good once: another user on the same account used this one. Wait for the next.
                time.sleep(30 - time.time() % 30 + 0.5)
        raise RuntimeError(f"could not sign in as {self.account['username']}")

    def page(self, path: str, name: str):
        r = self.call("GET", path, name)
        if r is None and self.last_error == "sent to sign in":  # the session was lost: sign in again
            self.sign_in()
        return r

    def child(self) -> int:
        return random.choice(self.account["children"])

    def search(self):
        """The home page's search box: it posts what was typed (no name in an address or a log), then
        shows the results at /people/?search=<key>."""
        sent = self.call("POST", "/people/", "Search: send", expect=302, data={
            "q": random.choice(ACCOUNTS["names"]), "csrfmiddlewaretoken": self.jar.get("csrftoken", "")})
        if sent is not None:
            self.page(sent.headers["Location"], "Search: results")
        elif self.last_error == "sent to sign in":
            self.sign_in()


class SocialWorker(Staff):
    weight = 4
    kind = "social_workers"

    @task(2)
    def home(self):
        self.page("/", "Home")

    @task(3)
    def my_work(self):
        self.page("/work/mine/", "My work")

    @task(4)
    def record(self):
        self.page(f"/people/{self.child()}/", "A child's record")

    @task(2)
    def find(self):
        self.search()

    @task(1)
    def visit(self):
        """Record a statutory visit to a child in care on their caseload: the form, then save it."""
        if not self.account["in_care"]:
            return
        pk = random.choice(self.account["in_care"])
        path = f"/care-planning/people/{pk}/visit/new/"
        form = self.page(path, "Record a visit: form")
        if form is None:
            return
        today = time.localtime()
        ref = uuid.uuid4().hex
        self.write([round(time.time(), 4), 0, self.number, "Record a visit: sending", "POST", 0, True, "", False, ref])
        self.call("POST", path, "Record a visit: save", expect=302, ref=ref, data={
            "visited_on_day": today.tm_mday, "visited_on_month": today.tm_mon, "visited_on_year": today.tm_year,
            "child_seen": "yes", "child_seen_alone": "yes", "childs_words": "",
            "notes": f"{RUN} {ref}", "csrfmiddlewaretoken": self.form_token(form)})


class TeamManager(Staff):
    weight = 1
    kind = "team_managers"

    @task(1)
    def home(self):
        self.page("/", "Home")

    @task(3)
    def my_team(self):
        self.page("/work/team/", "My team")

    @task(2)
    def record(self):
        self.page(f"/people/{self.child()}/", "A child's record")

    @task(1)
    def dashboard(self):
        self.page("/measures/dashboard/", "Measures dashboard")

    @task(1)
    def find(self):
        self.search()
