"""Speed on the live build: retrieval stages and whole answers, p50/p95 over repeated questions after warm-up.

Printed figures, not assertions: ``jimuqa bench speed``. Every stage is timed on the same questions
(the dev set's, repeated until there are ``n`` of them), after ``warmup`` answers have loaded
everything lazily loaded.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from jimuqa.answering import answer, retrieve
from jimuqa.answering.normalise import parse_query
from jimuqa.answering.reader import forget_parses
from jimuqa.bench.measure import percentiles
from jimuqa.index.search.embed import embed_passages_cached
from jimuqa.index.search.search_index import read_chunks


def timed(function: Callable, items: list) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        function(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def questions(path: Path, n: int) -> list[dict]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [items[i % len(items)] for i in range(n)]


def measure(engine, questions_path: Path, n: int = 200, warmup: int = 20) -> dict:
    """Stage and answer timings (ms) over ``n`` questions."""
    items = questions(questions_path, n)
    texts = [q["question"] for q in items]
    for q in items[:warmup]:
        answer(q["question"], q.get("history"), engine=engine)
    retriever = engine.retriever
    vectors = {t: retriever.embedder.embed_queries([t])[0] for t in set(texts)}
    # The questions repeat; each is timed as if first asked, with no vector or parse kept from an earlier answer.
    forget_vectors = getattr(retriever.embedder, "forget", lambda: None)

    def forget() -> None:
        forget_vectors()
        forget_parses()
        engine.read_before.clear()

    results = {
        "query embedding": timed(lambda t: forget() or retriever.embedder.embed_queries([t]), texts),
        "BM25": timed(lambda t: retriever.keywords.search(t, 30), texts),
        "vector search": timed(lambda t: retriever.vectors.search(vectors[t], 30), texts),
        "fused retrieval": timed(lambda t: forget() or retrieve(t, engine, k=5), texts),
    }
    by_kind: dict[str, list[float]] = {}
    for q in items:
        forget()
        started = time.perf_counter()
        result = answer(q["question"], q.get("history"), engine=engine)
        by_kind.setdefault(result.kind, []).append((time.perf_counter() - started) * 1000)
        by_kind.setdefault("all answers", []).append(by_kind[result.kind][-1])
    results.update({f"answer ({kind})": samples for kind, samples in by_kind.items()})
    results["plan only"] = timed(lambda t: forget() or parse_query(t), texts)
    return {stage: percentiles(samples) for stage, samples in results.items()}


def embedding_rate(engine, limit: int = 64) -> float:
    """Chunks embedded per second with an empty cache (the build's embedding speed)."""
    import tempfile

    chunks = read_chunks(engine.build_dir)[:limit]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        embed_passages_cached(engine.retriever.embedder, [c.text for c in chunks], Path(folder) / "cache.sqlite")
        return len(chunks) / (time.perf_counter() - started)


def markdown(timings: dict, rate: float) -> str:
    lines = ["| stage | n | p50 ms | p95 ms | mean ms |", "|---|---|---|---|---|"]
    for stage, t in timings.items():
        lines.append(f"| {stage} | {t['n']} | {t['p50']:.1f} | {t['p95']:.1f} | {t['mean']:.1f} |")
    lines.append(f"\nBuild embedding rate (empty cache): {rate:.1f} chunks/s")
    return "\n".join(lines)
