"""The build's search step: sections → chunks → embeddings (cached) → Chroma, and Sudachi tokens → BM25.

Called by ``index.build.build`` with the fresh build directory; what it returns goes into the
manifest, which is how a reader knows which model built the vectors.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from index.chunks import Chunk, chunk_sheet
from index.embed import embed_passages_cached, load_embedder
from index.keywords import KeywordIndex
from index.model import Sheet
from jimuqa.settings import BM25_DIR, CHROMA_DIR, Settings, cache_dir

CHUNKS_FILE = "chunks.json"
EMBEDDINGS_CACHE = "embeddings.sqlite"


def write_indexes(build_dir: Path, sheets: list[Sheet], settings: Settings, progress) -> dict:
    from index.vectors import COLLECTION, open_client, write_vectors

    chunks = [chunk for sheet in sheets for chunk in chunk_sheet(sheet)]
    started = time.perf_counter()
    embedder = load_embedder(settings.data_dir, settings.embed_model)
    progress(f"model {embedder.model_id} loaded in {time.perf_counter() - started:.1f}s")
    vectors = embed_passages_cached(
        embedder, [c.text for c in chunks], cache_dir(settings.data_dir) / EMBEDDINGS_CACHE, _embed_progress(progress)
    )
    client = open_client(path=None if settings.chroma_url else build_dir / CHROMA_DIR, url=settings.chroma_url)
    # A shared server holds every build's collection side by side until the swap; embedded, the folder is per build.
    collection = f"{COLLECTION}-{build_dir.name}" if settings.chroma_url else COLLECTION
    write_vectors(client, collection, chunks, vectors, embedder.model_id)
    KeywordIndex.build([c.id for c in chunks], [c.text for c in chunks]).save(build_dir / BM25_DIR)
    (build_dir / CHUNKS_FILE).write_text(json.dumps([asdict(c) for c in chunks], ensure_ascii=False))
    progress(
        f"indexed {len(chunks)} chunks (vectors in {'Chroma server' if settings.chroma_url else 'embedded Chroma'})"
    )
    return {
        "embed_model": embedder.model_id,
        "dimension": embedder.dimension,
        "chunks": len(chunks),
        "chroma_url": settings.chroma_url,
        "collection": collection,
        "versions": {name: version(name) for name in ("chromadb", "sudachipy", "sudachidict_core", "bm25s")},
    }


def read_chunks(build_dir: Path) -> list[Chunk]:
    return [Chunk(**item) for item in json.loads((build_dir / CHUNKS_FILE).read_text())]


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
