# Two commands for a newcomer: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test fuzz lint format worker beat messages compilemessages lock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements.lock pins what the portal runs on (all the Docker image installs);
# requirements-dev.lock adds the test and lint tools on top.
$(STAMP): $(BIN)/python requirements.lock requirements-dev.lock pyproject.toml
	$(BIN)/pip install --quiet --requirement requirements-dev.lock
	touch $(STAMP)

install: $(STAMP) compilemessages

# Babel's compiler is pure Python, so no system gettext is needed. Fuzzy entries are left out:
# an unchecked guess (perhaps with the wrong placeholders) must not reach a reader.
compilemessages: $(STAMP)
	$(BIN)/pybabel compile --domain django --directory locale --statistics
	$(BIN)/pybabel compile --domain djangojs --directory locale --statistics

messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale sv --ignore ".venv/*" --no-obsolete
	$(BIN)/python manage.py makemessages --locale sv --domain djangojs --ignore ".venv/*" --ignore "staticfiles/*" --no-obsolete

# Links in emails point at this server, whatever PORT is (unless SITE_URL says otherwise).
RUN_ENV = DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/ as admin@example.com)"
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# In parallel, one worker per core (see tests/conftest.py for how the tests are grouped), with
# the ten slowest tests listed. `PYTEST_ARGS=--lf make test` repeats only the last failures.
test: install
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=10 $(PYTEST_ARGS)

# The property-based tests (hypothesis) with many more examples than `make test`, from a fresh
# random seed it prints (FUZZ_SEED=N repeats a run, FUZZ_EXAMPLES=N sets the examples per test).
# Whatever it finds becomes an @example(...) in the test, so that `make test` keeps trying it.
fuzz: install
	@seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "make fuzz: hypothesis seed $$seed"; \
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -m hypothesis --hypothesis-seed=$$seed \
		$(PYTEST_ARGS) \
	|| { echo "make fuzz: FAILED with hypothesis seed $$seed; repeat: FUZZ_SEED=$$seed make fuzz"; \
		exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/celery --app cluster_portal worker --loglevel INFO

beat: install
	$(BIN)/celery --app cluster_portal beat --loglevel INFO

# Re-pin every dependency from the ranges in pyproject.toml: the runtime ones, then the
# development ones on top (requirements-dev.lock holds only what the runtime lock lacks).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	$(PYTHON) -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > .lock-venv/runtime.txt
	.lock-venv/bin/pip install --quiet --requirement .lock-venv/runtime.txt
	.lock-venv/bin/pip freeze --exclude pip > requirements.lock
	$(PYTHON) -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['dev']))" > .lock-venv/dev.txt
	.lock-venv/bin/pip install --quiet --constraint requirements.lock --requirement .lock-venv/dev.txt
	{ echo "-r requirements.lock"; .lock-venv/bin/pip freeze --exclude pip | grep -vxiF -f requirements.lock; } > requirements-dev.lock
	rm -rf .lock-venv

# Load the key pages under gunicorn with wrk on generated PostgreSQL datasets (see bench/run.py).
# Not part of `make test`. BENCH_SCALES=small for a quick run.
bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) staticfiles
