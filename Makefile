# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# pytest-xdist workers; both cores by default.
TEST_WORKERS ?= 2

# The compiled catalogues (.mo) are built from the translations (.po), never committed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
# What makemessages and compilemessages leave alone: other packages' catalogues and build output.
I18N_IGNORE := --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=media --ignore='*.egg-info'

.PHONY: run test lint format install demo clean messages translations bench bench-mail drills

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $@

install: $(VENV)/.installed

# Django's compilemessages runs GNU gettext's msgfmt, which also checks that every translation
# keeps its placeholders. Debian and Ubuntu: apt-get install gettext.
%.mo: %.po | $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (apt-get install gettext)."; exit 1; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale=$(notdir $(patsubst %/LC_MESSAGES/django.mo,%,$@)) $(I18N_IGNORE)

translations: $(CATALOGUES)

# After changing interface text: add the new strings to every catalogue, then translate them.
# Without source locations, so that branches adding strings do not conflict over line numbers.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages --all --no-obsolete --no-location $(I18N_IGNORE)

# The development server and one background worker: DEBUG on, email printed in this terminal.
run: export DEBUG = 1
run: export NEWSROOM_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_staff_account
	@# The background worker (email, hub pings) runs beside the server and stops with it.
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install translations
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The site under load with production settings, PostgreSQL and gunicorn on 127.0.0.1, at each
# archive size (stories); results and query plans in bench-results/. See docs/scaling.md.
SIZES ?= 1000 100000
bench: install
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1) \
		|| echo "wrk could not be installed; the Python load generator will be used."
	$(BIN)/python -m bench.run --sizes "$(SIZES)"

# One message to RECIPIENTS generated recipients through a local SMTP server: time, the worker's
# memory, and that each recipient got exactly one copy (PostgreSQL when DATABASE_URL names it).
RECIPIENTS ?= 10000
bench-mail: install
	$(BIN)/python -m bench.mail --recipients $(RECIPIENTS)

# The site under load while PostgreSQL, Redis and a worker fail in turn, on services of its own
# (a PostgreSQL cluster and a Redis on spare ports). See docs/scaling.md, "Failure drills".
drills: install
	$(BIN)/python -m bench.drills

clean:
	rm -rf $(VENV) staticfiles
