"""A build parses again only the corpus files that changed; what it reads from the cache equals a fresh parse."""

import json

import pytest

from jimuqa.bench.generate import generate
from jimuqa.index import importers, sheet_cache
from jimuqa.index.build import BuildError, build, read_corpus
from jimuqa.index.export import export_csv, export_json
from jimuqa.index.model import sheet_from_record, sheet_record
from jimuqa.index.parse import parse_file_lenient
from jimuqa.index.sheet_cache import SHEETS_CACHE
from jimuqa.settings import Settings, cache_dir

TITLE = "令和 2年度 事務事業マネジメントシート"


@pytest.fixture
def settings(tmp_path, corpus_dir) -> Settings:
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data")


@pytest.fixture
def parsed_files(monkeypatch) -> list[str]:
    """The names of the files the build really parses (not read from the cache), in order."""
    names = []
    real = importers.parse_bytes

    def counting(data, file):
        names.append(file.rsplit("/", 1)[-1])
        return real(data, file)

    monkeypatch.setattr(importers, "parse_bytes", counting)
    return names


def add_two_sheets(corpus_dir) -> str:
    """A second corpus file, of two generated sheets; returns its name."""
    path = next(generate(2, 7, corpus_dir).glob("*.txt"))
    return path.name


def keep_only_the_first_sheet(path) -> None:
    text = path.read_text(encoding="utf-8")
    second = text.index(TITLE, text.index(TITLE) + 1)
    path.write_text(text[:second], encoding="utf-8")


def entries(settings: Settings) -> list:
    return sorted((cache_dir(settings.data_dir) / SHEETS_CACHE).glob("*.json"))


def test_every_field_of_every_sheet_survives_the_cache_record(seed_sheets, tmp_path):
    generated = generate(40, 5, tmp_path / "generated")  # every layout variant of the seed
    sheets = list(seed_sheets.values())
    for path in sorted(generated.glob("*.txt")):
        sheets += parse_file_lenient(path)[0]
    assert len(sheets) == 50
    for sheet in sheets:
        assert sheet_from_record(json.loads(json.dumps(sheet_record(sheet), ensure_ascii=False))) == sheet


def test_a_second_build_parses_only_the_file_that_changed(settings, corpus_dir, parsed_files):
    other = add_two_sheets(corpus_dir)
    assert build(settings).manifest["counts"]["sheets"] == 12
    assert sorted(parsed_files) == [other, "tsukuba_r02_kagaku_gijutsu_shinko.txt"]
    parsed_files.clear()
    build(settings)
    assert parsed_files == []
    keep_only_the_first_sheet(corpus_dir / other)
    report = build(settings)
    assert parsed_files == [other]
    assert report.manifest["counts"]["sheets"] == 11
    assert len(entries(settings)) == 2  # the entry of the file's old text is gone


def test_sheets_read_from_the_cache_are_the_sheets_a_fresh_parse_gives(settings, corpus_dir):
    build(settings)
    cached = read_corpus(corpus_dir, cache_dir(settings.data_dir) / SHEETS_CACHE)
    fresh = read_corpus(corpus_dir)
    assert cached.sheets == fresh.sheets and cached.hashes == fresh.hashes
    assert export_json(cached.sheets) == export_json(fresh.sheets)
    assert export_csv(cached.sheets) == export_csv(fresh.sheets)


def test_another_parser_does_not_read_this_parsers_entries(settings, monkeypatch, parsed_files):
    build(settings)
    parsed_files.clear()
    monkeypatch.setattr(sheet_cache, "parser_fingerprint", lambda: "a parser that reads sheets differently")
    build(settings)
    assert parsed_files == ["tsukuba_r02_kagaku_gijutsu_shinko.txt"]


def test_a_damaged_entry_is_parsed_again(settings, parsed_files):
    first = build(settings)
    for entry in entries(settings):
        entry.write_text('{"sheets": [{"number": "092"', encoding="utf-8")
    parsed_files.clear()
    second = build(settings)
    assert parsed_files == ["tsukuba_r02_kagaku_gijutsu_shinko.txt"]
    assert second.manifest["counts"] == first.manifest["counts"]


def test_problems_read_from_the_cache_name_the_same_file_sheet_and_line(settings, corpus_dir, seed_text):
    (corpus_dir / "zz_bad.txt").write_text(seed_text.replace("\t9,697\t9,697", "\tx\t9,697", 1), encoding="utf-8")
    messages = []
    for _ in range(2):  # the second build reads zz_bad.txt's problems from the cache
        with pytest.raises(BuildError) as error:
            build(settings)
        messages.append([str(problem) for problem in error.value.problems])
    assert messages[0] == messages[1]
    assert any("zz_bad.txt, sheet 092, line" in message for message in messages[0])


def test_a_removed_file_leaves_no_entry_and_no_leftovers(settings, corpus_dir):
    other = add_two_sheets(corpus_dir)
    build(settings)
    leftover = cache_dir(settings.data_dir) / SHEETS_CACHE / ".abandoned.tmp"  # as a killed build leaves it
    leftover.write_text("{", encoding="utf-8")
    (corpus_dir / other).unlink()
    build(settings)
    assert len(entries(settings)) == 1 and not leftover.exists()
