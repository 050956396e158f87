"""The Chroma vector store, embedded and behind a real ``chroma run`` server, with a fake embedder."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from chromadb.api import ClientAPI

from jimuqa.index.model import Section, Sheet
from jimuqa.index.search.chunks import Chunk, chunk_sheet
from jimuqa.index.search.vectors import (
    COLLECTION,
    EXACT_BELOW,
    ModelMismatchError,
    VectorSearcher,
    VectorStoreError,
    chroma_where,
    open_client,
    parse_url,
    server_collection,
    write_vectors,
)
from jimuqa.index.search.vectors import chroma_server as run_chroma_server

MODEL = "fake-bigram-64"
DIMENSIONS = 64
CHROMA = Path(sys.executable).parent / "chroma"
SERVER_START_SECONDS = 30

SECTION_TEXTS = {
    "overview": ("事業の概要", "市内の研究機関や企業と連携し、特区プロジェクトを創出する。"),
    "costs": ("コストの推移", "予算額\t9,697千円\n決算額\t8,582千円\n一般財源\t8,582千円\n"),
    "results_issues": ("事業の成果と課題", "連携企業数は目標を上回った。新規プロジェクトの創出が課題である。"),
}
PROJECTS = {"092": "国際戦略総合特区推進事業", "097": "科学技術振興事業", "101": "図書館運営事業"}
YEARS = ("R01", "R02")


def fake_embed(text: str) -> np.ndarray:
    """Character bigrams hashed into 64 dimensions, normalised: equal texts meet at similarity 1."""
    vector = np.zeros(DIMENSIONS, dtype=np.float32)
    for first, second in pairwise(text):
        vector[zlib.crc32((first + second).encode()) % DIMENSIONS] += 1.0
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


def make_chunks() -> list[Chunk]:
    """3 sheets × 2 years × 3 sections; the year is written into the text so no two chunks are equal."""
    chunks = []
    for number, name in PROJECTS.items():
        for year in YEARS:
            sections = [
                Section(id=sid, heading=heading, file=f"{year}.txt", first_line=1, last_line=5, text=f"{year} {text}")
                for sid, (heading, text) in SECTION_TEXTS.items()
            ]
            sheet = Sheet(number=number, name=name, fiscal_year=year, file=f"{year}.txt", first_line=1, last_line=9)
            sheet.sections = sections
            chunks.extend(chunk_sheet(sheet))
    return chunks


def embed_all(chunks: list[Chunk]) -> np.ndarray:
    return np.stack([fake_embed(chunk.text) for chunk in chunks])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a ``chroma run`` server on a free port, stopped after the module's tests."""
    if not CHROMA.exists():
        pytest.skip(f"no chroma command at {CHROMA} (chromadb installs it: pip install -e .)")
    with run_chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


@pytest.fixture(params=["embedded", "server"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> ClientAPI:
    if request.param == "embedded":
        return open_client(path=tmp_path / "chroma")
    return open_client(url=request.getfixturevalue("chroma_server"))


@pytest.fixture
def chunks() -> list[Chunk]:
    return make_chunks()


@pytest.fixture
def searcher(client: ClientAPI, chunks: list[Chunk]) -> VectorSearcher:
    write_vectors(client, COLLECTION, chunks, embed_all(chunks), MODEL)
    return VectorSearcher(client, MODEL)


def test_round_trip_returns_the_nearest_chunk_first(searcher: VectorSearcher, chunks: list[Chunk]):
    for chunk in chunks:
        hits = searcher.search(fake_embed(chunk.text), k=5)
        assert hits[0][0] == chunk.id
        assert hits[0][1] == pytest.approx(1.0, abs=1e-4)
        similarities = [similarity for _, similarity in hits]
        assert similarities == sorted(similarities, reverse=True)
        assert len(hits) == 5


def test_k_larger_than_the_collection_returns_everything(searcher: VectorSearcher, chunks: list[Chunk]):
    assert len(searcher.search(fake_embed("連携企業数"), k=1000)) == len(chunks)


@pytest.mark.parametrize(
    "where",
    [
        {"sheet": "097"},
        {"sheet": ["092", "101"]},
        {"section": "costs"},
        {"fiscal_year": "R02"},
        {"fiscal_year": ["R01", "R02"], "section": ["overview", "results_issues"]},
        {"sheet": "097", "section": "results_issues", "fiscal_year": "R01"},
    ],
)
@pytest.mark.parametrize("exact_below", [0, EXACT_BELOW], ids=["hnsw", "exact"])
def test_filters_keep_only_matching_chunks(
    searcher: VectorSearcher, chunks: list[Chunk], where: dict, exact_below: int
):
    searcher.exact_below = exact_below
    by_id = {chunk.id: chunk for chunk in chunks}
    expected = {chunk.id for chunk in chunks if all(getattr(chunk, k) in _values(v) for k, v in where.items())}
    hits = searcher.search(fake_embed("連携企業数は目標を上回った。"), k=100, where=where)
    assert {chunk_id for chunk_id, _ in hits} == expected
    for chunk_id, _ in hits:
        assert all(getattr(by_id[chunk_id], key) in _values(value) for key, value in where.items())


@pytest.mark.parametrize("where", [{"sheet": "097"}, {"fiscal_year": ["R01", "R02"], "section": ["costs", "overview"]}])
def test_in_memory_filter_agrees_with_chromas_where(searcher: VectorSearcher, where: dict):
    reference = searcher.collection.get(where=chroma_where(where), include=[])["ids"]
    assert sorted(searcher.allowed_ids(where)) == sorted(reference)


@pytest.mark.parametrize("exact_below", [0, EXACT_BELOW], ids=["hnsw", "exact"])
def test_filtered_search_finds_the_best_match_within_the_filter(
    searcher: VectorSearcher, chunks: list[Chunk], exact_below: int
):
    searcher.exact_below = exact_below
    target = next(c for c in chunks if c.id == "つくば市-R01-101-results_issues-0")
    hits = searcher.search(fake_embed(target.text), k=3, where={"sheet": "101", "fiscal_year": "R01"})
    assert hits[0][0] == target.id
    assert len(hits) == 3


def test_exact_scoring_agrees_with_chroma(searcher: VectorSearcher):
    query, where = fake_embed("予算額と決算額"), {"fiscal_year": "R02"}
    exact = searcher.search(query, k=5, where=where)
    searcher.exact_below = 0
    hnsw = searcher.search(query, k=5, where=where)
    assert [chunk_id for chunk_id, _ in exact] == [chunk_id for chunk_id, _ in hnsw]
    assert [similarity for _, similarity in exact] == pytest.approx([similarity for _, similarity in hnsw], abs=1e-5)


@pytest.mark.parametrize("exact_below", [0, EXACT_BELOW], ids=["hnsw", "exact"])
def test_filter_matching_nothing_returns_no_hits(searcher: VectorSearcher, exact_below: int):
    searcher.exact_below = exact_below
    assert searcher.search(fake_embed("課題"), where={"sheet": "999"}) == []
    assert searcher.search(fake_embed("課題"), where={"sheet": []}) == []


def test_unknown_filter_key_is_refused(searcher: VectorSearcher):
    with pytest.raises(ValueError, match="department"):
        searcher.search(fake_embed("課題"), where={"department": "科学技術振興課"})


def test_model_mismatch_is_refused(client: ClientAPI, chunks: list[Chunk]):
    write_vectors(client, COLLECTION, chunks, embed_all(chunks), MODEL)
    with pytest.raises(ModelMismatchError, match="other-model"):
        VectorSearcher(client, "other-model")


def test_query_of_the_wrong_size_is_refused(searcher: VectorSearcher):
    with pytest.raises(ValueError, match="dimensions"):
        searcher.search(np.ones(DIMENSIONS * 2, dtype=np.float32))


def test_missing_collection_is_a_clear_error(client: ClientAPI):
    with pytest.raises(VectorStoreError, match="build the index"):
        VectorSearcher(client, MODEL, collection_name="never-written")


def test_writing_again_replaces_the_collection(client: ClientAPI, chunks: list[Chunk]):
    write_vectors(client, COLLECTION, chunks, embed_all(chunks), MODEL)
    fewer = chunks[:4]
    write_vectors(client, COLLECTION, fewer, embed_all(fewer), MODEL)
    searcher = VectorSearcher(client, MODEL)
    assert sorted(searcher.ids) == sorted(chunk.id for chunk in fewer)
    assert f"{COLLECTION}-staging" not in [collection.name for collection in client.list_collections()]


def test_collection_keeps_metadata_and_text(searcher: VectorSearcher, chunks: list[Chunk]):
    record = searcher.collection.get(ids=[chunks[0].id], include=["metadatas", "documents"])
    assert record["documents"] == [chunks[0].text]
    assert record["metadatas"][0]["project"] == chunks[0].project
    assert searcher.collection.metadata["model_id"] == MODEL


def test_vectors_must_match_chunks(client: ClientAPI, chunks: list[Chunk]):
    with pytest.raises(ValueError, match="one vector per chunk"):
        write_vectors(client, COLLECTION, chunks, embed_all(chunks[:-1]), MODEL)


def test_chunk_id_must_agree_with_fields(client: ClientAPI, chunks: list[Chunk]):
    chunks[0].sheet = "999"
    with pytest.raises(ValueError, match="disagrees"):
        write_vectors(client, COLLECTION, chunks, embed_all(chunks), MODEL)


def test_empty_collection_searches_to_nothing(client: ClientAPI):
    write_vectors(client, COLLECTION, [], np.zeros((0, DIMENSIONS)), MODEL)
    assert VectorSearcher(client, MODEL).search(fake_embed("課題")) == []


def test_server_url_is_parsed():
    assert parse_url("http://127.0.0.1:8123") == ("127.0.0.1", 8123, False)
    assert parse_url("https://chroma.example") == ("chroma.example", 443, True)
    assert parse_url("http://localhost") == ("localhost", 8000, False)
    with pytest.raises(ValueError):
        parse_url("127.0.0.1:8123")


def test_open_client_needs_exactly_one_location(tmp_path: Path):
    with pytest.raises(ValueError):
        open_client()
    with pytest.raises(ValueError):
        open_client(path=tmp_path, url="http://127.0.0.1:8123")


def _values(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


@pytest.mark.parametrize("build_name", ["20261130-092025-w4iguia_", "20261130-092025-abc"])
def test_a_build_gets_a_collection_name_the_server_accepts(chroma_server: str, build_name: str):
    client = open_client(url=chroma_server)
    name = server_collection(build_name)
    assert build_name.rstrip("_") in name
    client.create_collection(name, embedding_function=None).modify(name=name + "-renamed")
    client.get_collection(name + "-renamed", embedding_function=None).modify(name=name)
