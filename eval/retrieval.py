"""Retrieval quality on a retrieval check set: recall@1, recall@5 and MRR of the gold sections.

A query's rank is that of the first gold (sheet, section) among the distinct sections retrieved
(several chunks of one section count once). The engine's modes retrieve the way the system does
(``answering.retrieve``: the projects a query names first); any ``search(query, k)`` can be scored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from jimuqa.answering import retrieve

MODES = ("bm25", "dense", "hybrid")
DEPTH = 30  # chunks fetched per query; enough to rank the first ten distinct sections
Search = Callable[[str, int], list]


def first_gold_rank(hits: list, gold: set[tuple[str, str]]) -> int | None:
    seen: list[tuple[str, str]] = []
    for hit in hits:
        for pair in getattr(hit, "sections", None) or [(hit.sheet, hit.section)]:
            if pair not in seen:
                seen.append(pair)
                if pair in gold:
                    return len(seen)
    return None


def score_queries(queries: list[dict], search: Search) -> dict:
    ranks = [
        {
            "id": q["id"],
            "lang": q.get("lang", ""),
            "rank": first_gold_rank(search(q["query"], DEPTH), {(g["sheet"], g["section"]) for g in q["gold"]}),
        }
        for q in queries
    ]
    langs = sorted({r["lang"] for r in ranks})
    return {
        "n": len(ranks),
        **metrics([r["rank"] for r in ranks]),
        "by_lang": {lang: metrics([r["rank"] for r in ranks if r["lang"] == lang]) for lang in langs},
        "queries": ranks,
    }


def metrics(ranks: list[int | None]) -> dict:
    n = max(len(ranks), 1)
    return {
        "recall@1": sum(1 for r in ranks if r == 1) / n,
        "recall@5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def read_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(queries_path: Path, engine, modes: tuple[str, ...] = MODES) -> list[dict]:
    """One result per retriever mode of the loaded engine."""
    queries = read_queries(queries_path)
    return [
        {"mode": mode, **score_queries(queries, lambda text, k, mode=mode: retrieve(text, engine, k=k, mode=mode))}
        for mode in modes
    ]


def markdown(results: list[dict]) -> str:
    lines = ["| retriever | queries | recall@1 | recall@5 | MRR |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['mode']} | {r['n']} | {r['recall@1']:.3f} | {r['recall@5']:.3f} | {r['mrr']:.3f} |")
    return "\n".join(lines)
