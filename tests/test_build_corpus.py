"""A build records its corpus folder: a data directory built from another folder than the default (two cities,
say) is checked for staleness, and rebuilt by ``serve``, against that folder unless a corpus is given."""

from __future__ import annotations

import json

import pytest

import jimuqa.ui.app as app
from jimuqa.index.build import build, corpus_folder, is_stale, read_manifest
from jimuqa.index.search import search_index
from jimuqa.settings import Settings, load_settings


@pytest.fixture
def built(tmp_path, corpus_dir, monkeypatch) -> Settings:
    """The seed corpus copied to a folder that is not the default one, built (table only) from there."""
    monkeypatch.delenv("JIMUQA_CORPUS", raising=False)
    settings = Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data")
    build(settings)
    return settings


def no_corpus_given(settings: Settings) -> Settings:
    """The settings of a command run with ``--data`` alone (no ``--corpus``, no ``JIMUQA_CORPUS``)."""
    return load_settings(data_dir=settings.data_dir)


def test_the_manifest_records_the_corpus_folder_as_an_absolute_path(built, corpus_dir):
    assert read_manifest(built.data_dir)["corpus_dir"] == str(corpus_dir.resolve())


def test_with_no_corpus_given_the_live_builds_folder_is_checked(built, corpus_dir):
    settings = no_corpus_given(built)
    assert settings.corpus_dir != corpus_dir  # the default folder, which holds the same file under another path
    assert corpus_folder(settings) == corpus_dir.resolve()
    assert not is_stale(settings)
    (corpus_dir / "tsukuba_r02_kagaku_gijutsu_shinko.txt").write_text("changed", encoding="utf-8")
    assert is_stale(settings)


def test_a_new_file_in_the_recorded_folder_makes_the_build_stale(built, corpus_dir, seed_text):
    (corpus_dir / "more.txt").write_text(seed_text, encoding="utf-8")
    assert is_stale(no_corpus_given(built))


def test_a_corpus_given_by_flag_or_environment_is_the_one_checked(built, tmp_path, seed_text, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    (other / "sheets.txt").write_text(seed_text, encoding="utf-8")  # same sheets, another file name
    assert corpus_folder(load_settings(data_dir=built.data_dir, corpus_dir=other)) == other
    assert is_stale(load_settings(data_dir=built.data_dir, corpus_dir=other))
    monkeypatch.setenv("JIMUQA_CORPUS", str(other))
    assert is_stale(no_corpus_given(built))


def test_settings_made_directly_keep_their_corpus(built, tmp_path):
    # A caller that writes Settings(...) chose every field: its folder is checked, not the live build's.
    direct = Settings(corpus_dir=tmp_path / "elsewhere", data_dir=built.data_dir)
    assert corpus_folder(direct) == tmp_path / "elsewhere"


def test_a_build_made_before_folders_were_recorded_is_checked_against_the_setting(built):
    manifest_path = built.data_dir / "current" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["corpus_dir"]
    manifest_path.write_text(json.dumps(manifest))
    settings = no_corpus_given(built)
    assert corpus_folder(settings) == settings.corpus_dir


def test_serving_rebuilds_from_the_recorded_folder(built, corpus_dir, seed_text, monkeypatch):
    monkeypatch.setattr(search_index, "write_indexes", lambda *args: {})  # the table is what is checked here
    messages: list[str] = []
    app.prepare_data(no_corpus_given(built), progress=messages.append)
    assert "up to date" in messages[-1] and read_manifest(built.data_dir)["counts"]["sheets"] == 10

    (corpus_dir / "tsukuba_r02_kagaku_gijutsu_shinko.txt").write_text(
        seed_text.replace("国際戦略総合特区推進事業", "国際戦略総合特区推進事業（改）"), encoding="utf-8"
    )
    app.prepare_data(no_corpus_given(built), progress=messages.append)
    manifest = read_manifest(built.data_dir)
    assert manifest["corpus_dir"] == str(corpus_dir.resolve()) and not is_stale(no_corpus_given(built))
    assert any(str(corpus_dir) in m and m.startswith("building") for m in messages)
