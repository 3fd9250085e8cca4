# regraad — developer entry points. Every target installs what it needs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-ahead test-long lint typecheck i18n docs bench bench-smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install regraad with its development tools

demo: $(STAMP)  ## validate the shipped example dataset and render its site (into site/)
	$(BIN)/regraad --root . validate
	$(BIN)/regraad --root . render --out site --quiet

test: $(STAMP)  ## run the test suite
	$(BIN)/pytest -q

test-ahead: $(STAMP)  ## the date-sensitive tests (marked clock) again, with the clock two years ahead
	REGRAAD_TEST_TODAY=$$($(BIN)/python -c "import datetime as d; print(d.date.today() + d.timedelta(days=731))") \
	  $(BIN)/pytest -q -m clock

test-long: $(STAMP)  ## the whole suite, slow tests too, with the long hypothesis profile (20x examples, fresh each run)
	REGRAAD_HYPOTHESIS_PROFILE=long $(BIN)/pytest -q -m "slow or not slow"

lint: $(STAMP)  ## ruff, mypy (strict), the architecture contracts (import-linter), the declared dependencies (deptry)
	$(BIN)/ruff check regraad tests docs benchmarks
	$(BIN)/ruff format --check regraad tests docs benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/deptry .

i18n: $(STAMP)  ## extract messages, update the catalogues (English maps to itself), compile
	$(BIN)/pybabel extract -F babel.cfg -k N_ -o regraad/locale/regraad.pot --no-location --omit-header regraad templates
	$(BIN)/pybabel update -i regraad/locale/regraad.pot -d regraad/locale -D regraad --no-fuzzy-matching
	$(BIN)/python -c "from babel.messages.pofile import read_po, write_po; \
	p = 'regraad/locale/en/LC_MESSAGES/regraad.po'; c = read_po(open(p, 'rb'), locale='en'); \
	[setattr(m, 'string', m.id) for m in c if m.id]; write_po(open(p, 'wb'), c, no_location=True)"
	$(BIN)/pybabel compile -d regraad/locale -D regraad
	@$(BIN)/python -c "from babel.messages.pofile import read_po; \
	p = 'regraad/locale/nb/LC_MESSAGES/regraad.po'; c = read_po(open(p, 'rb'), locale='nb'); \
	n = sum(1 for m in c if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])); \
	n and print(f'{n} messages to translate in {p} (empty msgstr)')"

docs: $(STAMP)  ## regenerate docs/reference.md from the commands' --help (after any help change)
	$(BIN)/python -m docs.reference

bench: $(STAMP)  ## DESIGN.md §10 on a generated national dataset (build/bench/); writes BENCHMARKS.md
	$(BIN)/python benchmarks/run.py

bench-smoke: $(STAMP)  ## the benchmark harness at scale 0.05, one run each; results in a temporary file
	$(BIN)/python benchmarks/run.py --smoke

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .regraad-cache build dist
