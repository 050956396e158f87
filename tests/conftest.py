"""Shared fixtures: the seed corpus, parsed once, and small corpora to break."""

from pathlib import Path

import pytest

from jimuqa.settings import set_offline_environment

set_offline_environment()

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
SEED_FILE = CORPUS_DIR / "tsukuba_r02_kagaku_gijutsu_shinko.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_sheets():
    from jimuqa.index.parse import parse_file

    return {sheet.number: sheet for sheet in parse_file(SEED_FILE)}


@pytest.fixture
def corpus_dir(tmp_path, seed_text) -> Path:
    """A writable copy of the seed corpus."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / SEED_FILE.name).write_text(seed_text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory):
    """The seed corpus built once per session with every store and the real embedding model."""
    from jimuqa.index.build import build
    from jimuqa.index.search.search_index import write_indexes
    from jimuqa.settings import Settings

    settings = Settings(corpus_dir=CORPUS_DIR, data_dir=tmp_path_factory.mktemp("built"))
    build(settings, index_step=write_indexes)
    return settings


@pytest.fixture(scope="session")
def engine(built_settings):
    from jimuqa.answering import load_engine

    return load_engine(built_settings)
