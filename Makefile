# zhdj — the two commands: `make serve` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# GraphiQL's browser assets, from npm by the lock file, so /graphql needs no CDN.
GRAPHIQL       := transport/graphiql-assets
GRAPHIQL_STAMP := $(GRAPHIQL)/node_modules/.installed-$(shell cksum < $(GRAPHIQL)/package-lock.json | cut -d' ' -f1)

# Under CI the SQLite leg runs in a random order (pytest-randomly prints its seed; rerun one
# order with `-p randomly --randomly-seed=N`), so no test can lean on those before it.
RANDOM_ORDER := $(if $(filter true,$(CI)),-p randomly,)

# The second test leg's services (used under CI=true unless set otherwise).
CI_DATABASE_URL  ?= postgresql://postgres@127.0.0.1:5432/test
CI_BROADCAST_URL ?= redis://127.0.0.1:6379/15

.PHONY: serve test install migrate seed schema screenshot lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "zhdj needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

$(GRAPHIQL_STAMP): $(GRAPHIQL)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(GRAPHIQL) --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else \
	  echo "npm not found: GraphiQL will load its assets from unpkg.com (install Node.js, then make install)"; \
	fi

install: $(STAMP) $(GRAPHIQL_STAMP)

serve: $(STAMP) $(GRAPHIQL_STAMP) ## Migrate, seed the demo once, and serve on http://127.0.0.1:8000
	$(PY) server.py demo

# The two legs run side by side: the PostgreSQL leg spends most of its time waiting on the
# database and Redis, which the SQLite leg's CPU work fills. The second leg's output is kept in
# a file and shown after the first's; `make test` fails if either leg does (pytest's exit 5,
# no tests collected, included), and repeats at the end the first leg's random order and both
# legs' failed tests, so that a log's last lines say what failed. The first leg is SQLite
# whatever the environment says: two sessions on one PostgreSQL database would empty it under
# each other.
test: $(STAMP) $(GRAPHIQL_STAMP) ## The suite on SQLite (in random order under CI=true), alongside it on PostgreSQL + Redis
	@if [ "$$CI" = "true" ] || [ -n "$$ZHDJ_TEST_DATABASE_URL" ]; then \
	  log=$$(mktemp); firstlog=$$(mktemp); firstrc=$$(mktemp); \
	  trap 'kill $$second 2>/dev/null; rm -f $$log $$firstlog $$firstrc' EXIT INT TERM; \
	  echo "== second leg: PostgreSQL + Redis, alongside (its output follows the first leg's)"; \
	  ZHDJ_TEST_DATABASE_URL="$${ZHDJ_TEST_DATABASE_URL:-$(CI_DATABASE_URL)}" \
	  ZHDJ_TEST_BROADCAST_URL="$${ZHDJ_TEST_BROADCAST_URL:-$(CI_BROADCAST_URL)}" \
	  $(PY) -m pytest >"$$log" 2>&1 & second=$$!; \
	  echo "== first leg: SQLite"; \
	  { env -u ZHDJ_TEST_DATABASE_URL -u ZHDJ_TEST_BROADCAST_URL $(PY) -m pytest $(RANDOM_ORDER); \
	    echo $$? >"$$firstrc"; } 2>&1 | tee "$$firstlog"; \
	  first=$$(cat "$$firstrc"); \
	  wait $$second; status=$$?; second=; \
	  echo "== second leg: PostgreSQL + Redis (exit $$status)"; cat "$$log"; \
	  echo "== the first leg's order and both legs' failures (in full above):"; \
	  grep -hE '^(Using --randomly-seed|(FAILED|ERROR) tests/)' "$$firstlog" "$$log" || echo "(none)"; \
	  echo "== first leg exit $$first, second leg exit $$status"; \
	  [ $$first -eq 0 ] && [ $$status -eq 0 ]; \
	else \
	  $(PY) -m pytest $(RANDOM_ORDER) && \
	  echo "== PostgreSQL + Redis leg SKIPPED: set ZHDJ_TEST_DATABASE_URL and ZHDJ_TEST_BROADCAST_URL (or CI=true) to run it"; \
	fi

migrate: $(STAMP) ## Bring the configured database to the newest schema
	$(PY) server.py migrate

seed: $(STAMP) ## Load the demo data (once; a second run reuses it)
	$(PY) server.py seed

schema: $(STAMP) ## Export the SDL to schema.graphql
	$(PY) -m transport.export_schema

screenshot: $(STAMP) ## Refresh docs/screen.png: the demo city on the big screen at 1920×1080 (needs chromium)
	CI=true ZHDJ_SCREEN_SHOT=docs/screen.png $(PY) -m pytest tests/test_screen.py -q -k demo_city

bench: $(STAMP) ## Every benchmark on PostgreSQL (builds the city-scale data once); bench/run NAME runs one
	bench/run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
