# Everything a developer or CI needs, from a fresh clone with Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV := DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000
# Canonical links, the sitemap and links in emails name the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: help install run serve test lint format check bench profile clean

help:
	@echo "make run    set up and serve the site at http://$(HOST):$(PORT)/ (SQLite, DEBUG on)"
	@echo "make test   set up and run the whole test suite (DATABASE_URL picks PostgreSQL)"
	@echo "make serve  production mode: DEBUG off, collectstatic, gunicorn"
	@echo "make lint   ruff lint and format check;  make format  rewrite with ruff"
	@echo "make bench  every page against the floor (SCALE=10000: size and cold time at 10,000 conditions)"
	@echo "make profile  where a cold condition page spends its CPU"

# The virtualenv is rebuilt only when a requirements file changes, so a second run is fast.
$(INSTALLED): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(DEV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEV) $(BIN)/python manage.py seed_content
	$(DEV) SITE_URL=$(SITE_URL) $(BIN)/python manage.py local_admin --site $(SITE_URL)
	$(DEV) SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: $(INSTALLED)
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/gunicorn --config gunicorn.conf.py clinic_site.wsgi

test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(INSTALLED) lint
	$(DEV) $(BIN)/python manage.py check --fail-level WARNING
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

bench: $(INSTALLED)
	SCALE=$(SCALE) $(BIN)/python bench/run.py

profile: $(INSTALLED)
	$(BIN)/python bench/cold_profile.py

clean:
	rm -rf $(VENV) staticfiles test-results .pytest_cache .ruff_cache
