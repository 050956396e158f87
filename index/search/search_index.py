"""The build's search step: sections → chunks → embeddings (cached) → Chroma and a read-only vector file,
and Sudachi tokens → BM25.

Called by ``index.build.build`` with the fresh build directory; what it returns goes into the
manifest, which is how a reader knows which model built the vectors.

A build is incremental when it can be: if the live build was made by the same embedding model,
index format and libraries, its Chroma store is copied and patched (chunks that disappeared or
changed are deleted, new and changed ones added) and its BM25 tokens are reused, so only new text
is embedded and tokenised, and the model is loaded only if some new text is not in the embedding
cache. The result holds exactly what a full build would write; on any doubt the build is full.

The vector file (``vector_file``: the same vectors as one ``.npy`` matrix in chunk order) is what serving
searches, so that no serving process opens the build's Chroma store, which Chroma writes to when opened.
A patched build assembles it from the previous build's file and the new vectors, byte for byte what a
full build writes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import numpy as np

from jimuqa.index.glosses import Dictionary, dictionary_path
from jimuqa.index.model import Sheet
from jimuqa.index.search.chunks import Chunk, chunk_changes, chunk_record, chunk_sheet
from jimuqa.index.search.embed import Embedder, LazyEmbedder, describe_model, embed_passages_cached, load_embedder
from jimuqa.index.search.keywords import KeywordIndex, japanese_terms, saved_english, saved_tokens, tokenise
from jimuqa.index.search.vector_file import VectorStoreError, read_vector_file, write_vector_file
from jimuqa.settings import BM25_DIR, CHROMA_DIR, MANIFEST_FILE, VECTORS_DIR, Settings, cache_dir, current_build

CHUNKS_FILE = "chunks.json"
EMBEDDINGS_CACHE = "embeddings.sqlite"
# Bump when the stores hold something else for the same chunks (what ``tokenise`` keeps, the collection's
# settings or metadata, the files of a build): a build of another format is never patched, only replaced.
# Changes to chunking need no bump: they change the chunks, and the patch follows them.
INDEX_FORMAT = 2  # 2: the vector file beside the Chroma store
LIBRARIES = ("chromadb", "sudachipy", "sudachidict_core", "bm25s", "jamdict-data")
# Chroma only marks deleted vectors in its HNSW graph, so a graph patched again and again drifts from a fresh
# one: once the patches since the last full write have removed or added as many chunks as half the
# collection, the vectors are written in full again.
MAX_CHURN = 0.5
Progress = Callable[[str], None]


@dataclass
class Previous:
    """The live build, when this build may copy its stores and patch them."""

    build_dir: Path
    chunks: list[Chunk]
    collection: str
    dimension: int
    churn: int


@dataclass
class Job:
    """One build's index step: its inputs, and what it did (for the manifest and the build's summary)."""

    build_dir: Path
    chunks: list[Chunk]
    settings: Settings
    progress: Progress
    embedder: Embedder = field(init=False)
    timings: dict[str, float] = field(default_factory=dict)
    patched_from: str | None = None
    removed: int = 0
    added: int = 0
    churn: int = 0  # chunks removed and added by patches since the vectors were last written in full
    tokenised: int = 0

    def add_time(self, name: str, seconds: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + seconds


def write_indexes(
    build_dir: Path, sheets: list[Sheet], settings: Settings, progress: Progress, reuse: bool = True
) -> dict:
    """Write the vector and keyword indexes of ``sheets`` into ``build_dir``; ``reuse=False`` forces a full build."""
    job = Job(build_dir, [chunk for sheet in sheets for chunk in chunk_sheet(sheet)], settings, progress)
    model_id, dimension = describe_model(settings.data_dir, settings.embed_model)
    job.embedder = LazyEmbedder(model_id, _loader(job), dimension)
    previous = previous_build(settings, model_id, progress) if reuse else None
    started = time.perf_counter()
    collection, dimension = _write_vectors(job, previous)
    # The vector store's own work, without loading the model and embedding (timed apart).
    job.add_time("vectors", time.perf_counter() - started - job.timings.get("model", 0) - job.timings.get("embed", 0))
    started = time.perf_counter()
    _write_keywords(job, previous)
    job.add_time("keywords", time.perf_counter() - started)
    (build_dir / CHUNKS_FILE).write_text(json.dumps([chunk_record(c) for c in job.chunks], ensure_ascii=False))
    progress(_summary(job))
    return {
        "format": INDEX_FORMAT,
        "embed_model": model_id,
        "dimension": dimension,
        "chunks": len(job.chunks),
        "chroma_url": settings.chroma_url,
        "collection": collection,
        "versions": library_versions(),
        "patched_from": job.patched_from,
        "changes": {"removed": job.removed, "added": job.added, "tokenised": job.tokenised},
        "churn": job.churn,
        "timings": {name: round(seconds, 3) for name, seconds in job.timings.items()},
    }


def read_chunks(build_dir: Path) -> list[Chunk]:
    return [Chunk(**item) for item in json.loads((build_dir / CHUNKS_FILE).read_text())]


def library_versions() -> dict[str, str]:
    return {name: version(name) for name in LIBRARIES}


def previous_build(settings: Settings, model_id: str, progress: Progress) -> Previous | None:
    """The live build if its indexes can be patched into the new one; None, for a full build, on any doubt."""
    live = current_build(settings.data_dir)
    if not (live / MANIFEST_FILE).is_file():
        return None
    try:
        indexes = json.loads((live / MANIFEST_FILE).read_text()).get("indexes") or {}
        if not indexes:
            progress("full build: the live build has no search indexes")
            return None
        wanted = {
            "format": INDEX_FORMAT,
            "embed_model": model_id,
            "chroma_url": settings.chroma_url,
            "versions": library_versions(),
        }
        differ = [name for name, value in wanted.items() if indexes.get(name) != value]
        if differ:
            progress(f"full build: the live build differs in {', '.join(differ)}")
            return None
        chunks = read_chunks(live)
        return Previous(
            live.resolve(), chunks, str(indexes["collection"]), int(indexes["dimension"]), int(indexes["churn"])
        )
    except (OSError, ValueError, TypeError, AttributeError, KeyError) as error:
        progress(f"full build: the live build cannot be read ({error})")
        return None


def _write_vectors(job: Job, previous: Previous | None) -> tuple[str, int]:
    """Patch a copy of the previous build's vectors, or write them all; returns the collection's name and width."""
    from jimuqa.index.search.vectors import COLLECTION, open_client, server_collection, write_vectors

    url = job.settings.chroma_url
    # A shared server holds every build's collection side by side until the swap; embedded, the folder is per build.
    collection = server_collection(job.build_dir.name) if url else COLLECTION
    if previous is not None and _patch_vectors(job, previous, collection):
        return collection, previous.dimension
    vectors = _embed(job, job.chunks)
    client = open_client(path=None if url else job.build_dir / CHROMA_DIR, url=url)
    write_vectors(client, collection, job.chunks, vectors, job.embedder.model_id)
    write_vector_file(job.build_dir / VECTORS_DIR, [c.id for c in job.chunks], vectors, job.embedder.model_id)
    return collection, int(vectors.shape[1])


def _patch_vectors(job: Job, previous: Previous, collection: str) -> bool:
    """Copy the previous build's collection and apply the chunks' changes; False when a full write must follow."""
    from jimuqa.index.search.vectors import copy_store, fork_collection, open_client, patch_vectors, rename_collection

    changes = chunk_changes(previous.chunks, job.chunks)
    churn = previous.churn + len(changes.removed) + len(changes.added)
    if churn > MAX_CHURN * len(job.chunks):
        job.progress("full vector write: the patches since the last one changed too many chunks")
        return False
    try:
        old_ids, old_matrix, _ = read_vector_file(previous.build_dir / VECTORS_DIR)
    except VectorStoreError as error:
        job.progress(f"full vector write: {error}")
        return False
    if set(old_ids) != {c.id for c in previous.chunks}:
        job.progress(f"full vector write: {previous.build_dir.name}'s vector file does not match its chunks")
        return False
    if job.settings.chroma_url:
        client = open_client(url=job.settings.chroma_url)
        target = f"{collection}-staging"  # renamed only once complete, as write_vectors does
        copied = fork_collection(client, previous.collection, target)
    else:
        target = collection
        copied = copy_store(previous.build_dir / CHROMA_DIR, job.build_dir / CHROMA_DIR)
        client = open_client(path=job.build_dir / CHROMA_DIR) if copied else None
    if not copied:
        job.progress(f"full vector write: the store cannot copy {previous.build_dir.name}'s collection")
        return False
    vectors = _embed(job, changes.added) if changes.added else np.zeros((0, previous.dimension), np.float32)
    if not patch_vectors(client, target, job.chunks, changes, vectors, job.embedder.model_id):
        job.progress(f"full vector write: the copy of {previous.build_dir.name}'s vectors did not check out")
        return False
    if target != collection:
        rename_collection(client, target, collection)
    write_vector_file(
        job.build_dir / VECTORS_DIR,
        [c.id for c in job.chunks],
        _patched_matrix(old_ids, old_matrix, changes.added, vectors, job.chunks),
        job.embedder.model_id,
    )
    job.patched_from, job.removed, job.added = previous.build_dir.name, len(changes.removed), len(changes.added)
    job.churn = churn
    return True


def _patched_matrix(
    old_ids: list[str], old_matrix: np.ndarray, added: list[Chunk], vectors: np.ndarray, chunks: list[Chunk]
) -> np.ndarray:
    """The vector file's rows for ``chunks``: an added chunk's new vector, else the previous build's row.

    ``chunk_changes`` removes and re-adds a changed chunk under its id, so a new vector wins over an old row.
    """
    new_rows = {chunk.id: row for row, chunk in enumerate(added)}
    old_rows = {chunk_id: row for row, chunk_id in enumerate(old_ids)}
    if not chunks:
        return np.zeros((0, old_matrix.shape[1]), np.float32)
    return np.stack(
        [vectors[new_rows[c.id]] if c.id in new_rows else old_matrix[old_rows[c.id]] for c in chunks]
    ).astype(np.float32, copy=False)


def _write_keywords(job: Job, previous: Previous | None) -> None:
    """BM25 over every chunk, tokenising only texts the previous build did not already cut into words."""
    known = _previous_tokens(previous) if previous is not None else {}
    tokens = []
    for chunk in job.chunks:
        words = known.get(chunk.text)
        if words is None:
            words = tokenise(chunk.text)
            job.tokenised += 1
        tokens.append(words)
    index = KeywordIndex.from_tokens([c.id for c in job.chunks], tokens)
    index.english = _english_terms(job, previous, tokens)
    index.save(job.build_dir / BM25_DIR)


def _english_terms(job: Job, previous: Previous | None, tokens: list[list[str]]) -> dict[str, list[str]]:
    """The translations of the index's words (``japanese_terms``, one pass over the dictionary): the previous
    build's when its chunks are the same texts and its rules today's, as they depend on those only."""
    if previous is not None and [c.text for c in previous.chunks] == [c.text for c in job.chunks]:
        saved = saved_english(previous.build_dir / BM25_DIR, current=True)
        if saved:
            return saved
    return japanese_terms(tokens, Dictionary(dictionary_path(cache_dir(job.settings.data_dir))))


def _previous_tokens(previous: Previous) -> dict[str, list[str]]:
    """The previous build's words by chunk text; none (everything is tokenised again) if they cannot be read."""
    try:
        by_id = saved_tokens(previous.build_dir / BM25_DIR)
    except ValueError:
        return {}
    return {chunk.text: by_id[chunk.id] for chunk in previous.chunks if chunk.id in by_id}


def _embed(job: Job, chunks: list[Chunk]) -> np.ndarray:
    """Vectors from the cache, embedding (and loading the model for) only texts it does not hold."""
    started, loading = time.perf_counter(), job.timings.get("model", 0.0)
    cache = cache_dir(job.settings.data_dir) / EMBEDDINGS_CACHE
    vectors = embed_passages_cached(job.embedder, [c.text for c in chunks], cache, _embed_progress(job.progress))
    job.add_time("embed", time.perf_counter() - started - (job.timings.get("model", 0.0) - loading))
    return vectors


def _loader(job: Job) -> Callable[[], Embedder]:
    def load() -> Embedder:
        started = time.perf_counter()
        embedder = load_embedder(job.settings.data_dir, job.settings.embed_model)
        job.add_time("model", time.perf_counter() - started)
        job.progress(f"model {embedder.model_id} loaded in {job.timings['model']:.1f}s")
        return embedder

    return load


def _summary(job: Job) -> str:
    where = "Chroma server" if job.settings.chroma_url else "embedded Chroma"
    done = f"indexed {len(job.chunks)} chunks (vectors in {where})"
    if job.patched_from is None:
        return done
    return f"{done} by patching {job.patched_from}: {job.removed} removed, {job.added} added, {job.tokenised} tokenised"


def _embed_progress(progress):
    started = time.perf_counter()
    state = {"last": 0.0}

    def report(done: int, total: int) -> None:
        now = time.perf_counter()
        if done not in (0, total) and now - state["last"] < 2:
            return
        state["last"] = now
        rate = done / max(now - started, 1e-9)
        left = (total - done) / rate if rate else 0
        progress(f"embedded {done}/{total} chunks ({rate:.0f}/s, ~{left:.0f}s left)")

    return report
