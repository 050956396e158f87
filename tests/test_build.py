"""Builds are atomic: a failed build leaves the previous data untouched."""

import json
import os

import pytest
from click.testing import CliRunner

from jimuqa.index.build import BuildError, build, is_stale, read_manifest
from jimuqa.settings import MANIFEST_FILE, Settings, current_build
from jimuqa.ui.cli import cli


@pytest.fixture
def settings(tmp_path, corpus_dir) -> Settings:
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data")


def test_build_writes_a_table_and_a_manifest(settings):
    report = build(settings)
    live = current_build(settings.data_dir)
    assert live.resolve() == report.build_dir.resolve()
    manifest = read_manifest(settings.data_dir)
    assert manifest["counts"]["sheets"] == 10 and manifest["skipped"] == []
    assert list(manifest["corpus"]) == ["tsukuba_r02_kagaku_gijutsu_shinko.txt"]
    assert not is_stale(settings)


def test_a_build_of_an_older_table_layout_is_stale(settings):
    report = build(settings)
    manifest = report.build_dir / MANIFEST_FILE
    manifest.write_text(json.dumps({**json.loads(manifest.read_text(encoding="utf-8")), "version": 1}))
    assert is_stale(settings)  # its table lacks what this code reads: rebuilt before serving


def test_a_failed_build_keeps_the_previous_data(settings, corpus_dir):
    first = build(settings)
    (corpus_dir / "broken.txt").write_bytes(b"\xff\xfe broken")
    with pytest.raises(BuildError) as err:
        build(settings)
    assert "broken.txt" in str(err.value.problems[0])
    assert current_build(settings.data_dir).resolve() == first.build_dir.resolve()
    assert read_manifest(settings.data_dir)["counts"]["sheets"] == 10
    assert is_stale(settings)


def test_skip_bad_builds_the_rest_and_lists_what_it_skipped(settings, corpus_dir, seed_text):
    (corpus_dir / "zz_bad.txt").write_text(seed_text.replace("\t9,697\t9,697", "\tx\t9,697", 1), encoding="utf-8")
    report = build(settings, skip_bad=True)
    assert report.manifest["counts"]["sheets"] == 10  # the bad copy of 092 is skipped; the other nine are duplicates
    assert any("zz_bad.txt, sheet 092" in line for line in report.manifest["skipped"])


def test_abandoned_build_directories_are_cleaned_and_old_builds_pruned(settings):
    build(settings)
    abandoned = settings.data_dir / "builds" / "killed-build"
    abandoned.mkdir()
    build(settings)
    third = build(settings)
    assert not abandoned.exists()
    remaining = sorted(p.name for p in (settings.data_dir / "builds").iterdir())
    assert len(remaining) == 2 and third.build_dir.name in remaining


def test_cli_build_prints_a_summary(settings):
    result = CliRunner().invoke(
        cli, ["build", "--table-only", "--corpus", str(settings.corpus_dir), "--data", str(settings.data_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "read 1 file(s), 10 sheet(s), 12 indicator(s)" in result.output
    assert "built 10 sheets, 12 indicators, 80 sections" in result.output


def test_cli_build_reports_bad_input_without_a_traceback(settings, corpus_dir):
    (corpus_dir / "empty.txt").write_text("")
    result = CliRunner().invoke(
        cli, ["build", "--table-only", "--corpus", str(settings.corpus_dir), "--data", str(settings.data_dir)]
    )
    assert result.exit_code == 1
    assert f"error: {corpus_dir / 'empty.txt'}, sheet ?: file is empty" in result.output
    assert "Traceback" not in result.output


def test_cli_export_json_has_the_documented_keys(corpus_dir):
    result = CliRunner().invoke(cli, ["export", "--corpus", str(corpus_dir)])
    sheets = json.loads(result.stdout)
    assert len(sheets) == 10
    robot = next(s for s in sheets if s["number"] == "097")
    assert robot["costs"]["R02"]["budget"] == 6954 and robot["costs"]["R03"]["settlement"] is None
    assert robot["indicators"][0]["actuals"]["R05"] is None
    assert robot["evaluation"]["city_involvement"] == {"score": 5, "text": "市が直接担うべき事業である。"}
    assert set(robot["sections"][0]) == {"id", "heading", "file", "first_line", "last_line", "text"}


def test_cli_export_csv_has_one_row_per_sheet(corpus_dir):
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--corpus", str(corpus_dir)])
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 11 and "costs.R02.budget" in lines[0]


def test_nothing_is_written_outside_the_data_dir(settings, tmp_path):
    before = set(os.listdir(tmp_path))
    build(settings)
    assert set(os.listdir(tmp_path)) - before <= {"data"}
