# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-long lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/mi serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	DEBIAN_FRONTEND=noninteractive apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver

# The compose file is validated by Debian's docker-compose (it needs no engine).
DOCKER_COMPOSE := /usr/bin/docker-compose

$(DOCKER_COMPOSE):
	DEBIAN_FRONTEND=noninteractive apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose

test: lint $(CHROMIUM) $(DOCKER_COMPOSE)
	$(DOCKER_COMPOSE) --env-file .env.example config -q
	$(BIN)/pytest

# The long searches: the report fuzzing (1,000 examples per strategy, over 10,000 cases)
# and schemathesis with 200 examples per operation.
test-long: $(STAMP)
	MI_FUZZ_EXAMPLES=1000 MI_SCHEMATHESIS_EXAMPLES=200 $(BIN)/pytest -q \
		--hypothesis-show-statistics tests/mi_core/test_sales_report_fuzz.py tests/portal/test_openapi_schemathesis.py

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(VENV) .mi dbt_project/target
