# Two commands for a fresh clone: `make run` opens the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench resources prebuilt screenshot package lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

## run: open the app (on a virtual screen via xvfb-run when there is no display)
run: $(STAMP)
	packaging/system-deps.sh gui
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN)/stoke-governor; \
	else echo "No screen found: running on a virtual screen (xvfb-run)."; \
	  xvfb-run -a -s "-screen 0 1366x800x24" $(BIN)/stoke-governor; fi

## test: lint, format, import contracts and types, then the whole suite offscreen
test: $(STAMP)
	packaging/system-deps.sh test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

## lint: the checks alone, without the suite (also run on each commit by pre-commit)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

## bench: every budget (start-up, import speed and memory, chart redraw, GUI responsiveness, minutes PDF), one run each
bench: $(STAMP)
	packaging/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/import_speed.py
	$(BIN)/python benchmarks/import_memory.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/chart_redraw.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/gui_responsiveness.py
	$(BIN)/python benchmarks/minutes_pdf.py
	$(BIN)/python benchmarks/returns_import.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/returns_gui_gap.py

## resources: rebuild resources/ from the DfE files in resources/sources/dfe
resources: $(STAMP)
	$(BIN)/python -m stoke_governor.build_resources

## prebuilt: rebuild resources/seeded.sqlite from resources/*.csv (after any change to them)
prebuilt: $(STAMP)
	$(BIN)/python -m stoke_governor.build_resources --prebuilt-only

## screenshot: docs/screenshot.png of the real window, under Xvfb
screenshot: $(STAMP)
	packaging/system-deps.sh gui
	xvfb-run -a -s "-screen 0 1366x800x24" $(BIN)/python packaging/screenshot.py docs/screenshot.png

## package: a one-folder build for this OS in dist/stoke-governor, then prove it works
package: $(STAMP)
	packaging/system-deps.sh package
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[package]"
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/stoke-governor.spec
	$(BIN)/python packaging/check_frozen.py dist/stoke-governor

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
