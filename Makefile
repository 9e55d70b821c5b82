# Developer tasks. The tests themselves: `.venv/bin/pytest` (see README.md).

PYTHON ?= .venv/bin/python
# fuzzing time of each target, in seconds (eleven targets: 60 s each is 11 minutes)
FUZZ_SECONDS ?= 60
# targets to fuzz (default: all; see fuzz/README.md), e.g. `make fuzz FUZZ_TARGETS="po md"`
FUZZ_TARGETS ?=

# the sample report folder `make reports` writes (README screenshots come from it)
REPORTS ?= reports

.PHONY: fuzz fuzz-replay reports

# Fuzz every target (atheris) for FUZZ_SECONDS each; crash inputs go to
# build/fuzz/crashes/<target>/, and the run fails showing each with its traceback.
fuzz:
	$(PYTHON) fuzz/run.py --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Run every seed input once through its target, in-process (no atheris needed).
fuzz-replay:
	$(PYTHON) -m pytest tests/test_fuzz.py -k seed

# Regenerate the sample report folder, then its screenshots (REPORTS/screenshots/*.png,
# taken in the system Chromium: tests/browser/screenshots.py).
reports:
	$(PYTHON) -m mtqa check examples/sample-article.txt --report-dir $(REPORTS) --format json:$(REPORTS)/report.json --indent 2 --exit-zero --isolated --languagetool off
	$(PYTHON) -m tests.browser.screenshots $(REPORTS)
