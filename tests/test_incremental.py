"""Incremental builds: a build patched from the live one holds exactly what a full build would.

The fake embedder (``tests/fakes.py``) stands in for the model, so these builds take seconds; which model made
the vectors does not matter to what is copied, deleted and added.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from jimuqa.index.build import build
from jimuqa.index.parse import parse_text
from jimuqa.index.search import search_index
from jimuqa.index.search.chunks import chunk_sheet
from jimuqa.index.search.keywords import TOKENS_FILE, KeywordIndex
from jimuqa.index.search.search_index import CHUNKS_FILE, read_chunks, write_indexes
from jimuqa.index.search.vector_file import IDS_FILE, MATRIX_FILE, read_vector_file
from jimuqa.index.search.vectors import COLLECTION, VectorSearcher, copy_store, open_client, write_vectors
from jimuqa.index.search.vectors import chroma_server as run_chroma_server
from jimuqa.settings import BM25_DIR, CHROMA_DIR, MANIFEST_FILE, VECTORS_DIR, Settings
from tests.conftest import SEED_FILE
from tests.fakes import FakeEmbedder

MODEL = "fake-hash"
TITLE = "令和 2年度 事務事業マネジメントシート"


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Builds of a writable seed corpus whose vectors come from the fake embedder."""
    monkeypatch.setattr(search_index, "load_embedder", lambda data_dir, model: FakeEmbedder(model_id=model))
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data", embed_model=MODEL)


def build_indexes(settings: Settings, reuse: bool = True) -> tuple[Path, dict]:
    report = build(settings, index_step=lambda *args: write_indexes(*args, reuse=reuse))
    return report.build_dir, report.manifest["indexes"]


def change_corpus(corpus_dir: Path, seed_text: str) -> None:
    """Drop the last sheet (012), reword 094's results (JAXA → ISAS), and add a file with a new sheet 197."""
    without_012 = seed_text[: seed_text.rindex(TITLE, 0, seed_text.index("\t012 "))]
    assert without_012.count("JAXA") == 1
    (corpus_dir / SEED_FILE.name).write_text(without_012.replace("JAXA", "ISAS"), encoding="utf-8")
    name = seed_text.index("\t097 ロボット")
    sheet_097 = seed_text[seed_text.rindex(TITLE, 0, name) : seed_text.index(TITLE, name)]
    (corpus_dir / "zz_added.txt").write_text(sheet_097.replace("097 ロボット", "197 ドローン"), encoding="utf-8")


def stored(build_dir: Path, collection: str = COLLECTION, url: str | None = None) -> dict[str, tuple]:
    """Every record of a build's collection by id: (vector, document, metadata)."""
    client = open_client(path=None if url else build_dir / CHROMA_DIR, url=url)
    records = client.get_collection(collection).get(include=["embeddings", "documents", "metadatas"])
    return {
        chunk_id: (tuple(vector.tolist()), document, metadata)
        for chunk_id, vector, document, metadata in zip(
            records["ids"], records["embeddings"], records["documents"], records["metadatas"], strict=True
        )
    }


def assert_same_indexes(patched: Path, full: Path) -> None:
    """Same chunks, same BM25 and vector files byte for byte, same Chroma records, same search results."""
    assert (patched / CHUNKS_FILE).read_text() == (full / CHUNKS_FILE).read_text()
    for name in sorted(p.name for p in (full / BM25_DIR).iterdir()):
        assert (patched / BM25_DIR / name).read_bytes() == (full / BM25_DIR / name).read_bytes(), name
    for name in (MATRIX_FILE, IDS_FILE):
        assert (patched / VECTORS_DIR / name).read_bytes() == (full / VECTORS_DIR / name).read_bytes(), name
    assert sorted(p.name for p in (patched / VECTORS_DIR).iterdir()) == [IDS_FILE, MATRIX_FILE]  # no temporary left
    assert stored(patched) == stored(full)
    ids, matrix, _ = read_vector_file(patched / VECTORS_DIR)  # the copy serving reads holds Chroma's vectors …
    records = stored(patched)
    assert ids == [c.id for c in read_chunks(patched)]
    from_chroma = np.array([records[chunk_id][0] for chunk_id in ids], np.float32)
    assert np.allclose(matrix, from_chroma, rtol=0, atol=1e-6)  # … to the last bit or so: Chroma rounds a few
    searchers = [VectorSearcher(open_client(path=d / CHROMA_DIR), MODEL) for d in (patched, full)]
    keywords = [KeywordIndex.load(d / BM25_DIR) for d in (patched, full)]
    embedder = FakeEmbedder()
    for query in ("JAXAと協定", "ISASと協定", "ロボットの実証実験", "ドローン", "スマートシティ"):
        vector = embedder.embed_queries([query])[0]
        for where in (None, {"sheet": "097"}, {"section": "results_issues"}):
            assert searchers[0].search(vector, 10, where) == searchers[1].search(vector, 10, where)
        assert keywords[0].search(query, 10) == keywords[1].search(query, 10)


def test_a_patched_build_equals_a_full_build_and_drops_what_changed(settings, corpus_dir, seed_text, tmp_path):
    first, _ = build_indexes(settings)
    change_corpus(corpus_dir, seed_text)
    patched, indexes = build_indexes(settings)
    full, _ = build_indexes(Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "full", embed_model=MODEL), False)

    chunks = read_chunks(patched)
    new = [c for c in chunks if c.sheet == "197" or "ISAS" in c.text]  # the added sheet's, and 094's reworded one
    gone = [c for c in read_chunks(first) if c.sheet == "012"]
    assert indexes["patched_from"] == first.name and len(new) > 1 and gone
    assert indexes["changes"] == {"removed": len(gone) + 1, "added": len(new), "tokenised": len(new)}
    assert_same_indexes(patched, full)
    reworded = "つくば市-R02-094-results_issues-0"
    records = stored(patched)
    assert not {c.id for c in gone} & (set(records) | set(KeywordIndex.load(patched / BM25_DIR).ids))
    assert "ISAS" in records[reworded][1] and "JAXA" not in records[reworded][1]
    assert not KeywordIndex.load(patched / BM25_DIR).search("JAXA", 5)  # its only mention was reworded
    assert [chunk_id for chunk_id, _ in KeywordIndex.load(patched / BM25_DIR).search("ISAS", 5)] == [reworded]
    before = stored(first)  # the previous build, which readers may still have open, is untouched
    assert gone[0].id in before and "JAXA" in before[reworded][1]


def test_an_unchanged_corpus_loads_no_model_and_tokenises_nothing(settings, monkeypatch):
    build_indexes(settings)

    def no_model(data_dir, model):
        raise AssertionError("the model was loaded although every vector is in the live build")

    monkeypatch.setattr(search_index, "load_embedder", no_model)
    _, indexes = build_indexes(settings)
    assert indexes["changes"] == {"removed": 0, "added": 0, "tokenised": 0} and indexes["patched_from"]
    assert "model" not in indexes["timings"]


def _edit_manifest(build_dir: Path) -> None:
    manifest = json.loads((build_dir / MANIFEST_FILE).read_text())
    manifest["indexes"]["format"] = -1
    (build_dir / MANIFEST_FILE).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("spoil", "patched", "tokenised_all"),
    [
        (_edit_manifest, False, True),  # another index format: nothing is reused
        (lambda d: (d / CHUNKS_FILE).write_text("[{"), False, True),  # unreadable: nothing is reused
        (lambda d: shutil.rmtree(d / CHROMA_DIR), False, False),  # no store to copy: every vector written
        (lambda d: (d / VECTORS_DIR / MATRIX_FILE).unlink(), False, False),  # no vector file: every vector written
        (lambda d: (d / BM25_DIR / TOKENS_FILE).unlink(), True, True),  # no saved words: all tokenised again
    ],
    ids=["format", "chunks", "chroma", "vector-file", "tokens"],
)
def test_any_doubt_about_the_live_build_gives_a_full_build(
    settings, corpus_dir, seed_text, tmp_path, spoil, patched, tokenised_all
):
    first, _ = build_indexes(settings)
    spoil(first)
    change_corpus(corpus_dir, seed_text)
    rebuilt, indexes = build_indexes(settings)
    full, _ = build_indexes(Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "full", embed_model=MODEL))
    assert bool(indexes["patched_from"]) == patched
    assert (indexes["changes"]["tokenised"] == indexes["chunks"]) == tokenised_all
    assert_same_indexes(rebuilt, full)


def test_after_patches_that_changed_half_the_chunks_the_vectors_are_written_in_full(settings, corpus_dir, seed_text):
    build_indexes(settings)
    change_corpus(corpus_dir, seed_text)
    _, patched = build_indexes(settings)
    first_sheet = seed_text[: seed_text.index(TITLE, seed_text.index(TITLE) + 1)]
    (corpus_dir / SEED_FILE.name).write_text(first_sheet, encoding="utf-8")
    (corpus_dir / "zz_added.txt").unlink()
    _, indexes = build_indexes(settings)
    assert patched["churn"] == patched["changes"]["removed"] + patched["changes"]["added"] > 0
    assert indexes["patched_from"] is None and indexes["churn"] == 0 and indexes["changes"]["tokenised"] == 0


def test_another_embedding_model_gives_a_full_build(settings, monkeypatch):
    build_indexes(settings)
    monkeypatch.setattr(search_index, "load_embedder", lambda data_dir, model: FakeEmbedder(model, dimension=32))
    other = Settings(corpus_dir=settings.corpus_dir, data_dir=settings.data_dir, embed_model="other")
    _, indexes = build_indexes(other)
    assert indexes["patched_from"] is None and indexes["embed_model"] == "other" and indexes["dimension"] == 32


def test_a_chroma_server_that_cannot_fork_gets_every_vector_written(settings, tmp_path, corpus_dir, seed_text):
    with run_chroma_server(tmp_path / "chroma") as url:
        served = Settings(corpus_dir=corpus_dir, data_dir=settings.data_dir, embed_model=MODEL, chroma_url=url)
        first, first_indexes = build_indexes(served)
        change_corpus(corpus_dir, seed_text)
        second, indexes = build_indexes(served)
        assert indexes["patched_from"] is None  # `chroma run` refuses to fork …
        assert indexes["changes"]["tokenised"] < indexes["chunks"]  # … but BM25 still reuses the words
        records = stored(second, indexes["collection"], url)
        assert sorted(records) == sorted(c.id for c in read_chunks(second))
        assert "つくば市-R02-012-overview-0" in stored(first, first_indexes["collection"], url)  # the live one is untouched


def test_the_store_is_copied_again_while_a_reader_rewrites_it(tmp_path, monkeypatch):
    source = tmp_path / "source"
    client = open_client(path=source)
    sheets, _ = parse_text(SEED_FILE.read_text(encoding="utf-8"), SEED_FILE.name)
    chunks = [chunk for sheet in sheets for chunk in chunk_sheet(sheet)]
    write_vectors(client, COLLECTION, chunks, FakeEmbedder().embed_passages([c.text for c in chunks]), MODEL)
    segment = next(p for p in source.rglob("*.bin"))
    copies = []
    real_copytree = shutil.copytree

    def copy_while_writing(src, dst, *args, **kwargs):
        if Path(dst) == tmp_path / "copy":  # not copytree's own calls for subfolders
            copies.append(dst)
            if len(copies) == 1:  # what a reader's query does to a small collection, a moment after the build
                written = segment.stat().st_mtime_ns + 10**9
                segment.write_bytes(segment.read_bytes())
                os.utime(segment, ns=(written, written))
        return real_copytree(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "copytree", copy_while_writing)
    assert copy_store(source, tmp_path / "copy")
    assert len(copies) == 2
    assert sorted(VectorSearcher(open_client(path=tmp_path / "copy"), MODEL).ids) == sorted(c.id for c in chunks)
