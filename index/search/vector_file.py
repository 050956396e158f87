"""A build's vectors as plain files, for serving: one float32 ``.npy`` matrix and a JSON of its row ids.

An embedded Chroma store is written by whoever opens it: its SQLite database when a client opens, and
the HNSW ``length.bin`` on queries. Two processes serving one build would rewrite the build they serve
(docs/serving.md has the measurements). So the build writes this read-only copy beside the Chroma store,
and serving maps it read-only and scores every row with one matrix product: exact where Chroma's HNSW is
approximate, nothing is opened for writing, and processes serving the same build share its pages.
Chroma stays the store the build writes and patches; a Chroma server (``JIMUQA_CHROMA_URL``) owns its
own files and is still searched through ``vectors.VectorSearcher``.

This module imports numpy only, so a serving process never loads chromadb.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from jimuqa.index.search.chunks import parse_chunk_id

MATRIX_FILE = "vectors.npy"
IDS_FILE = "ids.json"  # {"model_id": ..., "dimension": ..., "ids": [...]}, row i of the matrix is ids[i]
# Chunk fields a search can be narrowed by; each is also spelled out in the chunk id.
FILTER_KEYS = ("sheet", "section", "fiscal_year", "city")

Where = dict[str, str | Sequence[str]]


class VectorStoreError(RuntimeError):
    """The vector store cannot serve this request: missing, unreadable or built differently."""


class ModelMismatchError(VectorStoreError):
    """The collection's vectors come from another embedder than the one embedding the queries."""


def write_vector_file(folder: Path, ids: list[str], vectors: np.ndarray, model_id: str) -> None:
    """Write ``vectors`` (row i belongs to ``ids[i]``) into ``folder``, each file complete or not there at all."""
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or len(matrix) != len(ids):
        raise ValueError(f"need one vector per id: {len(ids)} ids, vectors of shape {matrix.shape}")
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"model_id": model_id, "dimension": int(matrix.shape[1]), "ids": list(ids)}
    # The matrix first and the ids last: a reader that finds the ids finds the matrix they describe.
    _write_atomically(folder / MATRIX_FILE, lambda handle: np.save(handle, matrix, allow_pickle=False))
    _write_atomically(folder / IDS_FILE, lambda handle: handle.write(json.dumps(meta, ensure_ascii=False).encode()))


def _write_atomically(path: Path, write) -> None:
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}-", delete=False)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)  # NamedTemporaryFile makes private files; the vectors are not a secret
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def read_vector_file(folder: Path) -> tuple[list[str], np.ndarray, str]:
    """(ids, matrix, model id) of a vector file, the matrix mapped read-only. ``VectorStoreError`` if unreadable."""
    try:
        meta = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
        matrix = np.load(folder / MATRIX_FILE, mmap_mode="r", allow_pickle=False)
        ids, model_id = list(meta["ids"]), str(meta["model_id"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise VectorStoreError(f"cannot read the vector file in {folder}: {error}") from error
    if matrix.ndim != 2 or len(matrix) != len(ids) or (len(ids) and matrix.shape[1] != meta.get("dimension")):
        raise VectorStoreError(f"the vector file in {folder} does not match its ids")
    return ids, matrix, model_id


class ArraySearcher:
    """Nearest chunks by cosine similarity among the rows of a matrix (a vector file's), narrowed by sheet,
    section or year.

    Same interface as ``vectors.VectorSearcher``; every allowed row is scored, so results are exact.
    """

    def __init__(self, ids: list[str], matrix: np.ndarray, model_id: str) -> None:
        self.ids, self.matrix = ids, matrix
        self.model_id = model_id
        self.dimensions = int(self.matrix.shape[1]) if len(self.ids) else 0
        self._norms = np.linalg.norm(self.matrix, axis=1) if len(self.ids) else np.zeros(0, np.float32)
        self._fields = id_fields(self.ids)

    @classmethod
    def open(cls, folder: Path, model_id: str) -> ArraySearcher:
        """The searcher over the vector file in ``folder``; refuses vectors from another model than ``model_id``."""
        ids, matrix, stored_model = read_vector_file(folder)
        if stored_model != model_id:
            raise ModelMismatchError(
                f"the vector file in {folder} holds vectors from model {stored_model!r}, but queries are "
                f"embedded with {model_id!r}; rebuild the index or switch the embedding model back"
            )
        return cls(ids, matrix, model_id)

    def search(self, query_vector: np.ndarray, k: int = 10, where: Where | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest chunks, best first; ``where`` as in ``VectorSearcher``."""
        vector = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if self.dimensions and len(vector) != self.dimensions:
            raise ValueError(
                f"query vector has {len(vector)} dimensions, the vector file {self.dimensions} (model {self.model_id!r})"
            )
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        rows = np.arange(len(self.ids)) if not where else np.flatnonzero(allowed_mask(self._fields, where))
        if not len(rows):
            return []
        if len(rows) * 4 >= len(self.ids):  # most rows pass: scoring them all is cheaper than copying them out
            scores = (self.matrix @ vector)[rows]
        else:
            scores = self.matrix[rows] @ vector
        similarities = scores / np.maximum(self._norms[rows] * np.linalg.norm(vector), 1e-12)
        if len(rows) > k:
            # Keep every row tied with the k-th best, so that the id decides ties, as in ``best_first``.
            kth = np.partition(similarities, len(rows) - k)[len(rows) - k]
            keep = similarities >= kth
            rows, similarities = rows[keep], similarities[keep]
        return best_first([(self.ids[row], float(s)) for row, s in zip(rows, similarities, strict=True)])[:k]

    def allowed_ids(self, where: Where) -> list[str]:
        """The stored chunk ids that pass ``where``, in stored order."""
        return [self.ids[i] for i in np.flatnonzero(allowed_mask(self._fields, where))]


def id_fields(ids: list[str]) -> dict[str, np.ndarray]:
    """One array per filter key, aligned with ``ids``: filters are vectorised comparisons, not a scan of chunks."""
    parsed = [parse_chunk_id(chunk_id) for chunk_id in ids]
    return {key: np.array([fields[key] for fields in parsed], dtype=str) for key in FILTER_KEYS}


def allowed_mask(fields: dict[str, np.ndarray], where: Where) -> np.ndarray:
    """Which rows pass ``where``: keys are ANDed, a key's values ORed."""
    mask = np.ones(len(next(iter(fields.values()))), dtype=bool)
    for key, values in normalise_where(where).items():
        mask &= np.isin(fields[key], values)
    return mask


def normalise_where(where: Where) -> dict[str, list[str]]:
    """``{"sheet": "097"}`` → ``{"sheet": ["097"]}``; unknown keys are an error, not a silent no-op."""
    unknown = set(where) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"cannot filter on {sorted(unknown)}; filter keys are {list(FILTER_KEYS)}")
    return {key: [value] if isinstance(value, str) else list(value) for key, value in where.items()}


def best_first(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Most similar first; equal vectors (a section printed unchanged in two years) tie, and the id decides,
    not the order the rows were stored in, which differs between a full build and a patched one."""
    return sorted(hits, key=lambda hit: (-hit[1], hit[0]))


def cosine(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Cosine similarity of each row of ``matrix`` with ``vector``, as Chroma's cosine space measures it."""
    norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(vector)
    return (matrix @ vector) / np.maximum(norms, 1e-12)
