# One command to install and run the app, one to install and run the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench clean i18n

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/draftlens $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check core gui tests

lint: $(STAMP)
	$(BIN)/ruff check core gui tests

# Interface translations: refresh the .ts sources from gui/, then compile the .qm files.
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $(shell find gui -name "*.py") -ts resources/i18n/draftlens_ru.ts
	$(BIN)/pyside6-lrelease resources/i18n/draftlens_ru.ts -qm resources/i18n/draftlens_ru.qm

clean:
	rm -rf $(VENV) build *.egg-info
