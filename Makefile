# The two set-up commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
# The offline environment is defined once, in jimuqa/offline.env (the package reads the same file).
include jimuqa/offline.env
export $(shell sed -n 's/=.*//p' jimuqa/offline.env)

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
	@if { [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-ipaexfont-gothic >/dev/null 2>&1; } \
		&& command -v apt-get >/dev/null; then \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-ipaexfont-gothic >/dev/null) \
		|| echo "chromium or the Japanese font not installed: the browser test or the font test will be skipped"; fi

# Optional: the local language model for generative answers (compiles llama.cpp, about 8 minutes).
llm: install
	$(PY) -m pip install --quiet -e '.[llm]'

run: install
	$(VENV)/bin/jimuqa serve

test: install browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest
