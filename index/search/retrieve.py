"""Hybrid retrieval: BM25 over Sudachi tokens fused with dense e5 vectors by reciprocal rank.

``Retriever.search`` takes metadata filters (sheet, section, fiscal year) and a list of sheets to
put first (the projects a question names), and returns ``Hit``s with each retriever's rank, so
staff can see why a section was found.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from jimuqa.index.search.chunks import Chunk
from jimuqa.index.search.keywords import KeywordIndex
from jimuqa.index.search.search_index import read_chunks
from jimuqa.index.search.vector_file import ArraySearcher, ModelMismatchError
from jimuqa.settings import BM25_DIR, CHROMA_DIR, MANIFEST_FILE, VECTORS_DIR, Settings

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant of reciprocal-rank fusion
DEPTH = 30  # how deep each retriever's list goes into the fusion
MODES = ("hybrid", "bm25", "dense")


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    sheet: str
    project: str
    fiscal_year: str
    section: str
    heading: str
    text: str
    file: str
    first_line: int
    last_line: int
    score: float
    ranks: dict = field(default_factory=dict)  # {"bm25": 1, "dense": 4}; None where a retriever missed it
    city: str = ""
    location: str = ""  # "lines 22–33", or a workbook's "データ集計マクロ用シート row 5, columns AW–AX"

    def to_json(self) -> dict:
        return {
            "city": self.city,
            "sheet": self.sheet,
            "project": self.project,
            "fiscal_year": self.fiscal_year,
            "section": self.section,
            "heading": self.heading,
            "score": round(self.score, 5),
            "ranks": self.ranks,
            "file": self.file,
            "lines": [self.first_line, self.last_line],
            "location": self.location,
            "chunk_id": self.chunk_id,
            "text": self.text,
        }


# In the order search() takes sheets, sections, years and cities.
FILTER_FIELDS = ("sheet", "section", "fiscal_year", "city")


class Retriever:
    def __init__(self, chunks: list[Chunk], keywords: KeywordIndex, vectors, embedder_loader):
        self.chunks = {chunk.id: chunk for chunk in chunks}
        # Chunk ids by sheet, section and year: filters are set operations, not a scan of every chunk.
        self._ids: dict[str, dict[str, set[str]]] = {name: {} for name in FILTER_FIELDS}
        for chunk in chunks:
            for name in FILTER_FIELDS:
                self._ids[name].setdefault(getattr(chunk, name), set()).add(chunk.id)
        self.keywords = keywords
        self.vectors = vectors
        self._embedder_loader = embedder_loader
        self._embedder = None
        self._embedder_lock = threading.Lock()

    @property
    def embedder(self):
        # Loaded on first use, once even when two requests arrive together: a BM25-only process never pays for it.
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = self._embedder_loader()
        return self._embedder

    def reuse_embedder(self, other: Retriever) -> None:
        """Take ``other``'s loaded model (after a rebuild with the same model): no second load."""
        if other._embedder is not None and other.vectors.model_id == self.vectors.model_id:
            self._embedder = other._embedder

    def search(
        self,
        query: str,
        k: int = 5,
        sheets: list[str] | None = None,
        sections: list[str] | None = None,
        years: list[str] | None = None,
        first: list[str] | None = None,
        mode: str | None = "hybrid",
        keyword_query: str | None = None,
        cities: list[str] | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks.

        ``first`` lists sheet numbers (the projects a question names) whose chunks are ranked among
        themselves and put before all others; ``keyword_query`` is the text BM25 reads when it should
        differ from the text embedded (an English question with the sheets' Japanese words added).
        ``cities`` keeps the chunks of those cities only (a sheet number is unique only within a city).
        """
        mode = mode or "hybrid"
        vector = self.embedder.embed_queries([query])[0] if mode in ("hybrid", "dense") else None
        hits: list[Hit] = []
        if first:
            hits = self._ranked(keyword_query or query, vector, mode, list(first), sections, years, cities)
        seen = {hit.chunk_id for hit in hits}
        rest = self._ranked(keyword_query or query, vector, mode, sheets, sections, years, cities)
        hits += [hit for hit in rest if hit.chunk_id not in seen]
        return hits[:k]

    def _ranked(self, text: str, vector, mode: str, sheets, sections, years, cities=None) -> list[Hit]:
        allowed = self._allowed(sheets, sections, years, cities)
        ranked: dict[str, list[str]] = {}
        if mode in ("hybrid", "bm25"):
            ranked["bm25"] = [cid for cid, _ in self.keywords.search(text, DEPTH, allowed)]
        if vector is not None:
            where = _where(sheets, sections, years, cities)
            ranked["dense"] = [cid for cid, _ in self.vectors.search(vector, DEPTH, where)]
        return [self._hit(cid, score, ranked) for cid, score in fuse(ranked)]

    def _allowed(self, sheets, sections, years, cities=None) -> set[str] | None:
        chosen = [
            set().union(*(self._ids[name].get(value, set()) for value in values))
            for name, values in zip(FILTER_FIELDS, (sheets, sections, years, cities), strict=True)
            if values
        ]
        return set.intersection(*chosen) if chosen else None

    def _hit(self, cid: str, score: float, ranked: dict[str, list[str]]) -> Hit:
        chunk = self.chunks[cid]
        ranks = {name: (ids.index(cid) + 1 if cid in ids else None) for name, ids in ranked.items()}
        return Hit(
            cid,
            chunk.sheet,
            chunk.project,
            chunk.fiscal_year,
            chunk.section,
            chunk.heading,
            chunk.text,
            chunk.file,
            chunk.first_line,
            chunk.last_line,
            score,
            ranks,
            chunk.city,
            chunk.location,
        )


def fuse(ranked: dict[str, list[str]]) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: each list adds 1 / (RRF_K + rank) to an id's score."""
    scores: dict[str, float] = {}
    for ids in ranked.values():
        for rank, cid in enumerate(ids, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _where(sheets, sections, years, cities=None) -> dict | None:
    where = {}
    for key, values in (("sheet", sheets), ("section", sections), ("fiscal_year", years), ("city", cities)):
        if values:
            where[key] = list(values)
    return where or None


def open_retriever(build_dir: Path, settings: Settings) -> Retriever:
    """The retriever over one build, opening nothing in it for writing; refuses vectors built by another model."""
    from jimuqa.index.search.embed import load_query_embedder

    manifest = json.loads((build_dir / MANIFEST_FILE).read_text())
    indexes = manifest.get("indexes") or {}
    if not indexes:
        raise FileNotFoundError(f"{build_dir} has no search indexes: run `jimuqa build` (without --table-only)")
    vectors = open_vectors(build_dir, indexes)

    def load():
        embedder = load_query_embedder(settings.data_dir, settings.embed_model)
        if embedder.model_id != indexes["embed_model"]:
            raise ModelMismatchError(
                f"the index was built with {indexes['embed_model']!r} but queries would be embedded with "
                f"{embedder.model_id!r}; rebuild with `jimuqa build` or set JIMUQA_EMBED_MODEL back"
            )
        return embedder

    return Retriever(read_chunks(build_dir), KeywordIndex.load(build_dir / BM25_DIR), vectors, load)


def open_vectors(build_dir: Path, indexes: dict):
    """The build's vector file (docs/serving.md); the Chroma server when the vectors live in one.

    A build made before the vector file existed (index format 1) is searched in its embedded Chroma store,
    which Chroma writes to when opened, until it is rebuilt.
    """
    url = indexes.get("chroma_url")
    if not url and (build_dir / VECTORS_DIR).is_dir():
        return ArraySearcher.open(build_dir / VECTORS_DIR, indexes["embed_model"])
    from jimuqa.index.search.vectors import VectorSearcher, open_client  # imports chromadb: only when needed

    if not url:
        log.warning(
            "%s has no read-only vector file; serving its Chroma store, which Chroma writes to. "
            "Run `jimuqa build` to add the file.",
            build_dir,
        )
    client = open_client(path=None if url else build_dir / CHROMA_DIR, url=url)
    return VectorSearcher(client, indexes["embed_model"], indexes["collection"])
