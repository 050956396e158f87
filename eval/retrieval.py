"""Retrieval quality on the retrieval check set: recall@1, recall@5 and MRR of the gold sections.

Each query runs the way the system retrieves: the projects the query names (``answering.projects``)
are put first, then BM25 alone, dense alone, or both fused.
"""

from __future__ import annotations

import json
from pathlib import Path

from answering import retrieve

MODES = ("bm25", "dense", "hybrid")
DEPTH = 10


def section_ranks(hits: list, gold: set[tuple[str, str]]) -> int | None:
    """The 1-based rank of the first retrieved (sheet, section) that is gold; chunks of one section count once."""
    seen: list[tuple[str, str]] = []
    for hit in hits:
        pair = (hit.sheet, hit.section)
        if pair not in seen:
            seen.append(pair)
            if pair in gold:
                return len(seen)
    return None


def score_retrieval(queries: list[dict], engine, mode: str) -> dict:
    ranks = []
    for query in queries:
        gold = {(g["sheet"], g["section"]) for g in query["gold"]}
        hits = retrieve(query["query"], engine, k=DEPTH * 3, mode=mode)
        ranks.append({"id": query["id"], "lang": query.get("lang", ""), "rank": section_ranks(hits, gold)})
    return {"mode": mode, "n": len(ranks), **metrics([r["rank"] for r in ranks]), "queries": ranks}


def metrics(ranks: list[int | None]) -> dict:
    n = max(len(ranks), 1)
    return {
        "recall@1": sum(1 for r in ranks if r == 1) / n,
        "recall@5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def run(queries_path: Path, engine, modes: tuple[str, ...] = MODES) -> list[dict]:
    queries = [json.loads(line) for line in queries_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [score_retrieval(queries, engine, mode) for mode in modes]


def markdown(results: list[dict]) -> str:
    lines = ["| retriever | queries | recall@1 | recall@5 | MRR |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['mode']} | {r['n']} | {r['recall@1']:.3f} | {r['recall@5']:.3f} | {r['mrr']:.3f} |")
    return "\n".join(lines)
