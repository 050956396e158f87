"""Two cities in one corpus folder: Tsukuba's text and 大船渡市's workbook build 417 sheets, searchable together.

Table-only builds keep these fast; the search index is built once with the fake embedder (``tests/fakes.py``),
as ``test_incremental`` does. The real model's build of both is measured in ``docs/two-cities.md``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from jimuqa.index.build import BuildError, build, read_corpus
from jimuqa.index.export import export_json
from jimuqa.index.ofunato_form import CITY as OFUNATO
from jimuqa.index.search import search_index
from jimuqa.index.search.chunks import chunk_sheet
from jimuqa.index.search.retrieve import open_retriever
from jimuqa.index.search.search_index import read_chunks, write_indexes
from jimuqa.index.sections import OFUNATO_SECTION_KINDS
from jimuqa.index.sheet_cache import SHEETS_CACHE
from jimuqa.index.table import TSUKUBA_TABLES
from jimuqa.settings import TABLE_FILE, Settings, cache_dir
from jimuqa.ui.cli import cli
from tests.conftest import CORPUS_DIR, SEED_FILE
from tests.fakes import FakeEmbedder

WORKBOOK = Path(__file__).parent / "data" / "ofunato_report.xlsx"
TSUKUBA = "つくば市"
TITLE = "令和 2年度 事務事業マネジメントシート"


def two_city_corpus(folder: Path) -> Path:
    """The seed text, 大船渡's workbook and the corpus README, side by side."""
    folder.mkdir(parents=True)
    shutil.copy(SEED_FILE, folder)
    shutil.copy(WORKBOOK, folder)
    shutil.copy(CORPUS_DIR / "README.md", folder)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Settings:
    """Both cities built once (table only), for the tests that only read the result."""
    root = tmp_path_factory.mktemp("two")
    settings = Settings(corpus_dir=two_city_corpus(root / "corpus"), data_dir=root / "data")
    build(settings)
    return settings


def table(settings: Settings) -> sqlite3.Connection:
    return sqlite3.connect(settings.data_dir / "current" / TABLE_FILE)


def test_both_forms_build_417_sheets_and_the_readme_is_not_a_sheet(built):
    db = table(built)
    assert db.execute("SELECT count(*) FROM sheets").fetchone()[0] == 417
    by_city = dict(db.execute("SELECT city, count(*) FROM sheets GROUP BY city"))
    assert by_city == {TSUKUBA: 10, OFUNATO: 407}
    forms = dict(db.execute("SELECT city, group_concat(DISTINCT form) FROM sheets GROUP BY city"))
    assert forms == {TSUKUBA: "tsukuba", OFUNATO: "ofunato"}
    assert set(db.execute("SELECT DISTINCT fiscal_year FROM sheets")) == {("R02",), ("R07",)}
    manifest = json.loads((built.data_dir / "current" / "manifest.json").read_text())
    assert manifest["skipped"] == [] and manifest["counts"]["sheets"] == 417
    assert manifest["forms"] == {"ofunato_report.xlsx": "ofunato", SEED_FILE.name: "tsukuba"}
    assert "README.md" not in manifest["corpus"]


def test_an_unknown_file_is_reported_by_name_and_skip_bad_skips_it(tmp_path):
    corpus = two_city_corpus(tmp_path / "corpus")
    (corpus / "budget.csv").write_text("事業,予算\n", encoding="utf-8")
    other = openpyxl.Workbook()  # a workbook, but not 大船渡's export
    other.active.append(["項目", "金額"])
    other.save(corpus / "other_city.xlsx")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    with pytest.raises(BuildError) as error:
        build(settings)
    messages = sorted(str(problem) for problem in error.value.problems)
    assert [m.split(", sheet ?: ")[0] for m in messages] == [str(corpus / "budget.csv"), str(corpus / "other_city.xlsx")]
    assert all("no importer reads this file" in m for m in messages)
    report = build(settings, skip_bad=True)
    assert report.manifest["counts"]["sheets"] == 417
    assert sorted(report.manifest["skipped"]) == messages

    result = CliRunner().invoke(cli, ["build", "--table-only", "--corpus", str(corpus), "--data", str(tmp_path / "d2")])
    assert result.exit_code == 1 and "budget.csv" in result.output and "Traceback" not in result.output
    assert f"{corpus / 'README.md'}," not in result.output  # documentation is not reported


def test_the_same_number_in_two_cities_does_not_collide(tmp_path, seed_text):
    # Tsukuba's sheet 092 renumbered as 大船渡's first sheet, in the same year: 令和7年度, number 0086.
    corpus = two_city_corpus(tmp_path / "corpus")
    first = seed_text[: seed_text.index(TITLE, 10)]
    twin = first.replace(TITLE, TITLE.replace("2", "7")).replace("092 国際", "0086 国際")
    (corpus / "tsukuba_r07_twin.txt").write_text(twin, encoding="utf-8")
    corpus_read = read_corpus(corpus)
    assert corpus_read.problems == []
    pair = [s for s in corpus_read.sheets if (s.fiscal_year, s.number) == ("R07", "0086")]
    assert sorted(s.city for s in pair) == [TSUKUBA, OFUNATO]
    ids = [chunk.id for sheet in pair for chunk in chunk_sheet(sheet)]
    assert len(ids) == len(set(ids)) and {i.split("-")[0] for i in ids} == {TSUKUBA, OFUNATO}

    build(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"))
    db = sqlite3.connect(tmp_path / "data" / "current" / TABLE_FILE)
    rows = db.execute("SELECT city, name FROM sheets WHERE fiscal_year = 'R07' AND number = '0086'")
    assert sorted(city for city, _ in rows) == sorted([OFUNATO, TSUKUBA])

    # Within one city a number is still unique: a second copy of the twin is a duplicate.
    (corpus / "tsukuba_r07_twin_copy.txt").write_text(twin, encoding="utf-8")
    [problem] = read_corpus(corpus).problems
    assert "duplicated sheet number 0086 (つくば市, R07)" in str(problem) and "twin_copy" in problem.file


def test_tsukuba_rows_do_not_change_when_the_workbook_is_added(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_FILE, corpus)
    alone = Settings(corpus_dir=corpus, data_dir=tmp_path / "alone")
    build(alone)
    shutil.copy(WORKBOOK, corpus)
    both = Settings(corpus_dir=corpus, data_dir=tmp_path / "both")
    build(both)

    def tsukuba_rows(settings: Settings) -> dict[str, list]:
        db = table(settings)
        db.row_factory = sqlite3.Row
        key = "s.city, s.fiscal_year, s.number"
        out = {"sheets": [{k: r[k] for k in r.keys() if k != "id"} for r in db.execute(
            f"SELECT * FROM sheets s WHERE city = ? ORDER BY {key}", [TSUKUBA])]}  # fmt: skip
        for name in (*TSUKUBA_TABLES, "sections"):
            rows = db.execute(
                f"SELECT {key}, t.* FROM {name} t JOIN sheets s ON s.id = t.sheet_id WHERE s.city = ?", [TSUKUBA]
            )
            out[name] = sorted(tuple(v for k, v in zip(r.keys(), r, strict=True) if k != "sheet_id") for r in rows)
        return out

    before, after = tsukuba_rows(alone), tsukuba_rows(both)
    assert len(before["sheets"]) == 10 and len(before["sections"]) == 80
    assert before == after
    assert table(both).execute("SELECT count(*) FROM costs c JOIN sheets s ON s.id = c.sheet_id "
                               "WHERE s.city = ?", [OFUNATO]).fetchone()[0] == 0  # fmt: skip


def test_ofunato_records_round_trip_through_the_sheet_cache(built):
    cached = read_corpus(built.corpus_dir, cache_dir(built.data_dir) / SHEETS_CACHE)
    fresh = read_corpus(built.corpus_dir)
    assert len(cached.sheets) == 417 and cached.sheets == fresh.sheets
    assert export_json(cached.sheets) == export_json(fresh.sheets)


def test_ofunato_sections_are_located_by_row_and_columns(built):
    sheets = [s for s in read_corpus(built.corpus_dir).sheets if s.city == OFUNATO]
    first = next(s for s in sheets if s.number == "0086")
    assert [s.id for s in first.sections] == [kind.id for kind in OFUNATO_SECTION_KINDS]
    means = next(s for s in first.sections if s.id == "means")
    assert means.file.endswith("ofunato_report.xlsx") and (means.first_line, means.last_line) == (3, 3)
    assert means.location == "データ集計マクロ用シート row 3, columns AW–AX"
    assert first.means_last_year in means.text and first.means_this_year in means.text  # quotable word for word
    costs = next(s for s in first.sections if s.id == "costs").text
    assert "令和7年度（計画）" in costs and "一般財源 (千円): 令和2年度 3089" in costs
    unnumbered = next(s for s in sheets if s.project_id is None)
    assert unnumbered.number == f"No.{unnumbered.sheet_no}"


def test_ofunato_tables_hold_the_form_faithfully(built):
    db = table(built)
    (sheet_id,) = db.execute("SELECT id FROM sheets WHERE city = ? AND number = '0086'", [OFUNATO]).fetchone()
    costs = db.execute(
        "SELECT year, value, typeof(value), is_plan, location FROM figures WHERE sheet_id = ? AND field = 'general_fund'"
        " ORDER BY year", [sheet_id]).fetchall()  # fmt: skip
    assert costs[0] == ("R02", 3089, "integer", 0, "BX") and costs[-1][0::3] == ("R07", 1)
    fields = {f for (f,) in db.execute("SELECT DISTINCT field FROM figures")}
    assert fields == {"national", "prefectural", "bonds", "other", "general_fund", "project_cost", "staff",
                      "work_hours", "personnel_cost", "total_cost"}  # fmt: skip
    assert db.execute("SELECT count(*) FROM figures WHERE year IS NULL").fetchone()[0] > 0  # the 全体計画
    kinds = {k for (k,) in db.execute("SELECT DISTINCT kind FROM indicator_series")}
    assert kinds == {"活動", "対象", "成果"}
    loan = db.execute(
        "SELECT f.value, f.printed, f.note FROM indicator_figures f JOIN indicator_series i "
        "ON i.sheet_id = f.sheet_id AND i.no = f.indicator_no WHERE f.printed LIKE '%（4）'").fetchone()  # fmt: skip
    assert loan[0] == 29 and loan[1] == "29（4）" and "kept as printed" in loan[2]
    missing = db.execute("SELECT value, printed, note FROM indicator_figures WHERE printed = '-' LIMIT 1").fetchone()
    assert missing[0] is None and missing[2]
    items = db.execute("SELECT item, label, judgement FROM evaluation_items WHERE sheet_id = ?", [sheet_id]).fetchall()
    assert len(items) == 8 and items[0] == (1, "政策体系との整合性", "結びついている")
    directions = dict(db.execute("SELECT field, value FROM directions WHERE sheet_id = ?", [sheet_id]))
    assert directions == {"improvement_direction": "現状維持", "future_direction": "現状維持"}
    project_id = db.execute("SELECT value, typeof(value) FROM sheet_fields WHERE sheet_id = ? AND field = 'project_id'",
                            [sheet_id]).fetchone()  # fmt: skip
    assert project_id == ("0086", "text")  # leading zeros kept
    assert db.execute("SELECT count(*) FROM sections WHERE sheet_id = ?", [sheet_id]).fetchone()[0] == 8


def test_export_json_carries_the_city_and_each_forms_fields(built):
    result = CliRunner().invoke(cli, ["export", "--corpus", str(built.corpus_dir), "--data", str(built.data_dir)])
    assert result.exit_code == 0, result.output
    sheets = json.loads(result.stdout)
    assert len(sheets) == 417 and {s["city"] for s in sheets} == {TSUKUBA, OFUNATO}
    robot = next(s for s in sheets if s["city"] == TSUKUBA and s["number"] == "097")
    assert robot["form"] == "tsukuba" and robot["costs"]["R02"]["budget"] == 6954
    assert set(robot["sections"][0]) == {"id", "heading", "file", "first_line", "last_line", "text"}
    first = next(s for s in sheets if s["city"] == OFUNATO and s["number"] == "0086")
    assert first["form"] == "ofunato" and first["evaluation_year"] == "R07"
    assert first["costs"]["R07"]["general_fund"]["is_plan"] is True
    assert first["source"]["row"] == 3 and first["evaluations"][0]["judgement"] == "結びついている"
    assert first["sections"][2]["columns"] == "AW–AX"
    csv_out = CliRunner().invoke(cli, ["export", "--format", "csv", "--corpus", str(built.corpus_dir)]).stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert len(rows) == 417 and {row["city"] for row in rows} == {TSUKUBA, OFUNATO}
    assert next(r for r in rows if r["number"] == "0086")["costs.R07.general_fund.value"] == "2828"


def test_search_covers_both_cities(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "load_embedder", lambda data_dir, model: FakeEmbedder(model_id=model))
    settings = Settings(corpus_dir=two_city_corpus(tmp_path / "corpus"), data_dir=tmp_path / "data",
                        embed_model="fake-hash")  # fmt: skip
    report = build(settings, index_step=write_indexes)
    chunks = read_chunks(report.build_dir)
    assert len({c.id for c in chunks}) == len(chunks) == report.manifest["indexes"]["chunks"]
    assert {c.city for c in chunks} == {TSUKUBA, OFUNATO}
    retriever = open_retriever(report.build_dir, settings)
    retriever._embedder = FakeEmbedder(model_id="fake-hash")
    [hit] = retriever.search("不法投棄 衛生監視員 パトロール", k=1, mode="bm25", sections=["means"])
    assert (hit.city, hit.sheet, hit.section) == (OFUNATO, "0086", "means")
    assert hit.location == "データ集計マクロ用シート row 3, columns AW–AX" and hit.to_json()["city"] == OFUNATO
    for mode in ("bm25", "dense", "hybrid"):
        hits = retriever.search("JAXAとの協定", k=5, mode=mode, cities=[TSUKUBA])
        assert hits and {h.city for h in hits} == {TSUKUBA}
        assert {h.city for h in retriever.search("事業費", k=5, mode=mode, cities=[OFUNATO])} == {OFUNATO}
