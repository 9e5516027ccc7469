# Safehold: the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_CHILDREN ?= 3000
PORT ?= 8000

.PHONY: audit-deps install demo test test-fast e2e browser pdf-libs bench clean validators

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The background worker (returns run as tasks) stops with the server.
demo: install pdf-libs validators
	$(BIN)/safehold migrate --noinput
	$(BIN)/safehold seed --children $(DEMO_CHILDREN) --seed 42 --if-empty
	$(BIN)/safehold demo_logins
	$(BIN)/safehold db_worker & trap 'kill $$!' EXIT INT TERM; $(BIN)/safehold runserver 127.0.0.1:$(PORT)

# The PDF reports (WeasyPrint) need Pango, HarfBuzz and fonts from the system; the browser tests drive
# Debian's chromium, never a downloaded browser build. Installed when we can (root on Debian).
PDF_PACKAGES := fonts-liberation fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
define apt_install
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1)) >/dev/null; \
	else echo "Please install: sudo apt-get install $(1)"; fi
endef
pdf-libs:
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || [ ! -d /usr/share/fonts/truetype/liberation ]; then \
	  $(call apt_install,$(PDF_PACKAGES)); fi

browser: pdf-libs
	@if [ ! -x /usr/bin/chromium ]; then $(call apt_install,chromium); fi

# The DfE return validators (data-to-insight, MIT) pin pandas < 2: they get a virtualenv of their own.
validators: .venv-validators/.installed

.venv-validators/.installed:
	python3 -m venv .venv-validators
	.venv-validators/bin/python -m pip install --quiet --upgrade pip
	.venv-validators/bin/python -m pip install --quiet "csc-validator-be-903==0.1.17" "csc-validator-be-cin==0.1.13"
	touch $@

test: install browser validators
	$(BIN)/python -m django makemigrations --check --dry-run --settings=safehold.config.settings.test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy  # the files and strictness: [tool.mypy] in pyproject.toml
	$(BIN)/lint-imports --no-logo  # the apps' layers (.importlinter; docs/architecture.md)
	$(BIN)/bandit -c pyproject.toml -r src -q
	# On SQLite even in the PostgreSQL run: CI connects as the postgres superuser, which the deploy check refuses.
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=safehold.config.settings.production DJANGO_SECRET_KEY=check-deploy-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  DJANGO_ALLOWED_HOSTS=safehold.example.org SAFEHOLD_DATA_DIR=$$(mktemp -d) $(BIN)/python -m django check --deploy --fail-level WARNING
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not e2e"

# Known vulnerabilities in the installed packages; needs PyPI's advisory data (not reachable from every
# build machine: docs/security.md).
audit-deps: install
	$(BIN)/pip-audit

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .venv-validators var build src/*.egg-info
