"""The chunk vectors in Chroma: write a collection fresh, search it by cosine similarity with filters.

Choices, measured with chromadb 1.5.9 and llama-index-core 0.14 on 384-dim vectors (2 shared CPUs,
so figures move with load):

* Writes go straight to ``collection.add``. llama-index's ``ChromaVectorStore.add`` took 63 s for
  25,000 chunks against 50 s direct (embedded; 99 s against 63 s on a server), and it adds a JSON
  copy of every node to each record's metadata. The records still carry ``documents`` (the chunk
  text), so the store is readable on its own and ``ChromaVectorStore`` can query it; Chroma indexes
  that text for full-text search, 40–60 % of the write time.
* Searches do not use Chroma's metadata ``where``: at 25,000 chunks a filter on year and section
  costs 60–160 ms embedded and 100–300 ms on a server, whether sent directly or through
  ``ChromaVectorStore.query`` with ``MetadataFilters``. The chunk id already spells out year,
  sheet and section (``index.chunks.chunk_id``), so the searcher reads the ids once when opened,
  filters them in memory and hands Chroma the allowed ids: 15–30 ms p95 at 25,000 chunks
  embedded, 25–65 ms on a server. When a filter lets few chunks through (a named sheet), their
  vectors are fetched and scored exactly instead, since Chroma's HNSW walk is at its slowest
  hunting for a handful of allowed nodes. ``chroma_where`` builds the equivalent Chroma filter;
  the tests hold the two to the same answer.
* Similarity is ``1 - cosine distance``; llama-index reports ``exp(-distance)``, which is not.
* A build whose corpus changed a little copies the previous build's store and patches it
  (``copy_store``, ``patch_vectors``): copying 10,900 chunks' store (88 MB) and applying one new
  file's chunks takes about 1 s against 20–30 s for a full write. A server copies collections only
  if it can fork them (Chroma's hosted service); a ``chroma run`` server cannot, so there the
  collection is written in full.
* An embedded store is not what a serving process searches: opening it writes its database and
  queries rewrite the HNSW files, so the build also writes a read-only copy of the vectors
  (``vector_file``) and serving reads that (docs/serving.md). ``VectorSearcher`` serves builds
  whose vectors live in a Chroma server, which owns its files.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, NotFoundError

from jimuqa.index.search.chunks import Chunk, ChunkChanges, chunk_metadata, parse_chunk_id
from jimuqa.index.search.vector_file import (
    ModelMismatchError,
    VectorStoreError,
    Where,
    allowed_mask,
    best_first,
    cosine,
    id_fields,
    normalise_where,
)

COLLECTION = "sections"


def server_collection(build_name: str) -> str:
    """A build's collection name on a shared server. Chroma wants it to end in a letter or digit, and a build
    folder's random suffix may end in "_"."""
    return f"{COLLECTION}-{build_name}".rstrip("_.-")


# Collection metadata: which embedder wrote the vectors, and their size.
MODEL_ID_KEY = "model_id"
DIMENSIONS_KEY = "dimensions"
CHROMA_DEFAULT_PORT = 8000
# A filter letting through fewer than this many chunks is answered by fetching their vectors and
# scoring them exactly: Chroma's HNSW walk hunts the graph for the few allowed nodes, 25–60 ms at
# 25,000 chunks, while fetching 200 vectors takes 8 ms embedded and 21 ms from a server.
EXACT_BELOW = 200
# Ids are read in pages when a searcher opens, so a large collection never needs one huge response.
ID_PAGE = 10_000
# The embedded store's database; every other file in its folder is an HNSW segment.
CHROMA_DATABASE = "chroma.sqlite3"
COPY_ATTEMPTS = 3


def open_client(path: Path | None = None, url: str | None = None) -> ClientAPI:
    """An embedded Chroma stored at ``path``, or the Chroma server at ``url`` (``http://host:port``)."""
    if (path is None) == (url is None):
        raise ValueError("open_client needs exactly one of path or url")
    settings = ChromaSettings(anonymized_telemetry=False)
    if url is None:
        return chromadb.PersistentClient(path=str(path), settings=settings)
    host, port, ssl = parse_url(url)
    try:
        return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
    except ValueError as error:  # what chromadb raises when nothing answers at host:port
        raise VectorStoreError(f"cannot reach the Chroma server at {url}: {error}") from error


def parse_url(url: str) -> tuple[str, int, bool]:
    """``"http://127.0.0.1:8123"`` → ``("127.0.0.1", 8123, False)``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"a Chroma server URL looks like http://host:port, got {url!r}")
    ssl = parts.scheme == "https"
    return parts.hostname, parts.port or (443 if ssl else CHROMA_DEFAULT_PORT), ssl


def write_vectors(
    client: ClientAPI, collection_name: str, chunks: list[Chunk], vectors: np.ndarray, model_id: str
) -> None:
    """Replace ``collection_name`` with ``chunks`` and their ``vectors`` (one row per chunk).

    The collection is filled under a staging name and renamed at the end, so a server's readers
    never see it half written; searchers opened before must be reopened to see the new one.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != len(chunks):
        raise ValueError(f"need one vector per chunk: {len(chunks)} chunks, vectors of shape {vectors.shape}")
    _check_ids(chunks)
    staging = f"{collection_name}-staging"
    _drop(client, staging)
    collection = client.create_collection(
        staging,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={MODEL_ID_KEY: model_id, DIMENSIONS_KEY: int(vectors.shape[1])},
        # No embedding function: Chroma's default one would download a model the first time it ran.
        embedding_function=None,
    )
    _add(collection, chunks, vectors, client.get_max_batch_size())
    rename_collection(client, staging, collection_name)


def patch_vectors(
    client: ClientAPI,
    collection_name: str,
    chunks: list[Chunk],
    changes: ChunkChanges,
    vectors: np.ndarray,
    model_id: str,
) -> bool:
    """Turn ``collection_name``, a copy of the previous build's, into the collection ``write_vectors`` would write.

    ``changes`` lead from the copy's chunks to ``chunks``; ``vectors`` has one row per added chunk. True when the
    collection then holds ``model_id``'s vectors for exactly the ids of ``chunks``; False when it cannot be trusted,
    and the caller writes the collection in full instead.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(vectors) != len(changes.added):
        raise ValueError(f"need one vector per added chunk: {len(changes.added)} chunks, {len(vectors)} vectors")
    _check_ids(changes.added)
    try:
        collection = client.get_collection(collection_name, embedding_function=None)
        if (collection.metadata or {}).get(MODEL_ID_KEY) != model_id:
            return False
        batch = client.get_max_batch_size()
        for start in range(0, len(changes.removed), batch):
            collection.delete(ids=changes.removed[start : start + batch])
        _add(collection, changes.added, vectors, batch)
        return sorted(_stored_ids(collection)) == sorted(chunk.id for chunk in chunks)
    except ChromaError:  # no such collection, or a copy Chroma cannot read
        return False


def _add(collection: Collection, chunks: list[Chunk], vectors: np.ndarray, batch: int) -> None:
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        collection.add(
            ids=[chunk.id for chunk in part],
            embeddings=vectors[start : start + batch],
            metadatas=[chunk_metadata(chunk) for chunk in part],
            documents=[chunk.text for chunk in part],
        )


def rename_collection(client: ClientAPI, source: str, target: str) -> None:
    """Give ``source`` the name ``target``, replacing any collection of that name."""
    _drop(client, target)
    client.get_collection(source, embedding_function=None).modify(name=target)


def fork_collection(client: ClientAPI, source: str, target: str) -> bool:
    """Copy ``source`` to ``target`` inside the server; False when the server cannot.

    Chroma's hosted service forks a collection without moving its data; a ``chroma run`` server refuses
    ("forking is unsupported for local chroma"), and copying through the client would cost as much as
    writing the collection afresh, so the caller then does that.
    """
    _drop(client, target)
    try:
        client.get_collection(source, embedding_function=None).fork(target)
    except (ChromaError, NotImplementedError):
        return False
    return True


def copy_store(source: Path, target: Path, attempts: int = COPY_ATTEMPTS) -> bool:
    """Copy the embedded Chroma folder ``source`` to ``target``, which must not exist; False when it cannot.

    The source is the live build. Serving no longer opens it (it reads ``vector_file``'s copy), but anything
    else that does rewrites it: Chroma writes its database when a client opens and, for a small collection,
    rewrites the HNSW files on every query. So the database is copied with SQLite's backup API (a consistent
    snapshot) and the HNSW files are copied again if any of them changed while they were read.
    """
    if not (source / CHROMA_DATABASE).is_file():
        return False
    for _ in range(attempts):
        shutil.rmtree(target, ignore_errors=True)
        try:
            before = _segment_stamps(source)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(f"{CHROMA_DATABASE}*"))
            _backup_database(source / CHROMA_DATABASE, target / CHROMA_DATABASE)
            if _segment_stamps(source) == before:
                return True
        except (OSError, sqlite3.Error):
            continue
    shutil.rmtree(target, ignore_errors=True)
    return False


def _segment_stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, size, modification time) of each HNSW file under ``folder``, by relative path."""
    stamps = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith(CHROMA_DATABASE):
            status = path.stat()
            stamps[str(path.relative_to(folder))] = (status.st_ino, status.st_size, status.st_mtime_ns)
    return stamps


def _backup_database(source: Path, target: Path) -> None:
    reader = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _check_ids(chunks: list[Chunk]) -> None:
    """Searches filter on what the ids say, so each id must agree with its chunk's fields."""
    seen: set[str] = set()
    for chunk in chunks:
        if chunk.id in seen:
            raise ValueError(f"duplicate chunk id {chunk.id!r}")
        seen.add(chunk.id)
        fields = {key: getattr(chunk, key) for key in ("city", "fiscal_year", "sheet", "section")}
        if parse_chunk_id(chunk.id) != fields:
            raise ValueError(f"chunk id {chunk.id!r} disagrees with its fields {chunk_metadata(chunk)}")


def _drop(client: ClientAPI, name: str) -> None:
    try:
        client.delete_collection(name)
    except NotFoundError:
        pass


class VectorSearcher:
    """Nearest chunks of one collection by cosine similarity, narrowed by sheet, section or year.

    The searcher sees the collection as it was when opened; reopen it after a rebuild.
    """

    def __init__(
        self, client: ClientAPI, model_id: str, collection_name: str = COLLECTION, exact_below: int = EXACT_BELOW
    ) -> None:
        self.exact_below = exact_below
        self.collection = _open_collection(client, collection_name)
        metadata = self.collection.metadata or {}
        stored_model = metadata.get(MODEL_ID_KEY)
        if stored_model != model_id:
            raise ModelMismatchError(
                f"collection {collection_name!r} holds vectors from model {stored_model!r}, but queries are "
                f"embedded with {model_id!r}; rebuild the index or switch the embedding model back"
            )
        self.model_id = model_id
        self.dimensions = int(metadata.get(DIMENSIONS_KEY, 0))
        self.ids = _stored_ids(self.collection)
        self._fields = id_fields(self.ids)  # for filtering in memory

    def search(self, query_vector: np.ndarray, k: int = 10, where: Where | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest chunks, best first.

        ``where`` maps filter keys to one value or a list of values, e.g.
        ``{"sheet": "097", "fiscal_year": ["R02", "R03"]}``; keys are ANDed, list values ORed.
        """
        vector = self._as_query(query_vector)
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if not where:
            return self._nearest(vector, k) if self.ids else []
        allowed = self.allowed_ids(where)
        if not allowed:
            return []
        if len(allowed) < self.exact_below:
            return self._exact(vector, allowed, k)
        return self._nearest(vector, min(k, len(allowed)), allowed if len(allowed) < len(self.ids) else None)

    def allowed_ids(self, where: Where) -> list[str]:
        """The stored chunk ids that pass ``where``, in stored order."""
        return [self.ids[i] for i in np.flatnonzero(allowed_mask(self._fields, where))]

    def _as_query(self, query_vector: np.ndarray) -> np.ndarray:
        vector = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
        if self.dimensions and vector.shape[1] != self.dimensions:
            raise ValueError(
                f"query vector has {vector.shape[1]} dimensions, the collection {self.dimensions} "
                f"(model {self.model_id!r})"
            )
        return vector

    def _nearest(self, vector: np.ndarray, k: int, ids: list[str] | None = None) -> list[tuple[str, float]]:
        """Chroma's HNSW search, among ``ids`` only when given."""
        options = {} if ids is None else {"ids": ids}
        result = self.collection.query(query_embeddings=vector, n_results=k, include=["distances"], **options)
        pairs = zip(result["ids"][0], result["distances"][0], strict=True)
        return best_first([(chunk_id, 1.0 - float(distance)) for chunk_id, distance in pairs])

    def _exact(self, vector: np.ndarray, ids: list[str], k: int) -> list[tuple[str, float]]:
        """Score a few allowed chunks one by one, exactly."""
        stored = self.collection.get(ids=ids, include=["embeddings"])
        similarities = cosine(np.asarray(stored["embeddings"], dtype=np.float32), vector[0])
        return best_first([(chunk_id, float(s)) for chunk_id, s in zip(stored["ids"], similarities, strict=True)])[:k]


def _open_collection(client: ClientAPI, name: str) -> Collection:
    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError as error:
        raise VectorStoreError(f"no vector collection {name!r} in this Chroma store; build the index first") from error


def _stored_ids(collection: Collection) -> list[str]:
    ids: list[str] = []
    while True:
        page = collection.get(include=[], limit=ID_PAGE, offset=len(ids))["ids"]
        ids.extend(page)
        if len(page) < ID_PAGE:
            return ids


def chroma_where(where: Where) -> dict | None:
    """The same filter as Chroma's ``where``: ``$in`` for several values, ``$and`` across keys.

    Empty value lists have no Chroma spelling (nothing matches); callers check for them first.
    """
    clauses = [
        {key: values[0]} if len(values) == 1 else {key: {"$in": values}}
        for key, values in normalise_where(where).items()
    ]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@contextmanager
def chroma_server(folder: Path, start_seconds: float = 60) -> Iterator[str]:
    """A ``chroma run`` server on a free loopback port storing into ``folder``; yields its URL, stops it after.

    For tests and benchmarks; a deployment runs its own server and sets ``JIMUQA_CHROMA_URL``.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    command = [
        str(Path(sys.executable).with_name("chroma")),
        "run",
        "--path",
        str(folder / "db"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, process, log, start_seconds)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_heartbeat(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise VectorStoreError(f"chroma run exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise VectorStoreError(f"chroma run did not answer within {seconds:.0f} s: {log.read_text(errors='replace')}")
