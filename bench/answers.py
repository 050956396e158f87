"""Answer time (p50/p95) for structured and narrative questions over a build of two cities, and the memory of
the answering process: ``jimuqa bench answers --data DIR``. Figures are printed, never asserted.
"""

from __future__ import annotations

import time
from dataclasses import replace

from jimuqa.answering.engine import answer, load_engine
from jimuqa.bench.measure import peak_rss_mb, percentiles, rss_mb
from jimuqa.settings import EXTRACTIVE, Settings

# Questions over both corpora of docs/two-cities.md (Tsukuba's text and 大船渡市's export).
STRUCTURED = [
    "ロボットの街つくば推進事業の令和2年度の予算は?",
    "令和2年度の決算額が一番大きい事業は?",
    "つくば市の事業は何件?",
    "大船渡市でR6の事業費が一番大きい事業は?",
    "市民環境課の事業は何件?",
]
NARRATIVE = [
    "不法投棄対策事業ではどんな活動をしている?",
    "空き家対策の課題は?",
    "大船渡市の空き家対策の課題は?",
    "JAXAとの協定はどうなった?",
    "つくば市の科学教育の事業ではどんな成果があった?",
]


def measure_answers(settings: Settings, rounds: int = 5) -> dict:
    """Each question answered ``rounds`` times after one warm-up answer; RSS at each stage; every first line."""
    engine = load_engine(replace(settings, answer_mode=EXTRACTIVE))
    result: dict = {"rss_loaded_mb": rss_mb()}
    answer(NARRATIVE[0], engine=engine)  # loads the query model
    result["rss_model_mb"] = rss_mb()
    for kind, questions in (("structured", STRUCTURED), ("narrative", NARRATIVE)):
        times = []
        for _ in range(rounds):
            for question in questions:
                started = time.perf_counter()
                answer(question, engine=engine)
                times.append((time.perf_counter() - started) * 1000)
        result[kind] = percentiles(times)
    result["rss_after_mb"], result["peak_rss_mb"] = rss_mb(), peak_rss_mb()
    result["answers"] = [_first_line(question, engine) for question in STRUCTURED + NARRATIVE]
    return result


def _first_line(question: str, engine) -> str:
    result = answer(question, engine=engine)
    cities = sorted({c.city for c in result.citations})
    return f"{question} → {result.kind}, cities {cities}: {result.text.splitlines()[0][:80]}"


def markdown(result: dict) -> str:
    lines = ["| kind | n | p50 ms | p95 ms |", "| --- | --- | --- | --- |"]
    for kind in ("structured", "narrative"):
        r = result[kind]
        lines.append(f"| {kind} | {r['n']} | {r['p50']:.0f} | {r['p95']:.0f} |")
    lines.append("")
    lines.append(
        f"RSS: {result['rss_loaded_mb']:.0f} MB loaded, {result['rss_model_mb']:.0f} MB with the query model, "
        f"{result['rss_after_mb']:.0f} MB after answering (peak {result['peak_rss_mb']:.0f} MB)"
    )
    return "\n".join(lines + [""] + [f"- {line}" for line in result["answers"]])
