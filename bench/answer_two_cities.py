"""Answer latency (p50/p95) for structured and narrative questions over a two-city build, and the process's RSS.

Usage: python bench/answer_two_cities.py /tmp/two-data
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from jimuqa.answering.engine import answer, load_engine
from jimuqa.settings import load_settings

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


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def main(data_dir: str, rounds: int = 5) -> None:
    settings = replace(load_settings(), data_dir=Path(data_dir), answer_mode="extractive")
    engine = load_engine(settings)
    print(f"RSS after loading: {rss_mb():.0f} MB")
    answer("不法投棄対策事業ではどんな活動をしている?", engine=engine)  # loads the query model
    print(f"RSS after the first answer (model loaded): {rss_mb():.0f} MB")
    for name, questions in (("structured", STRUCTURED), ("narrative", NARRATIVE)):
        times = []
        for _ in range(rounds):
            for question in questions:
                started = time.perf_counter()
                result = answer(question, engine=engine)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{name}: n={len(times)} p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms")
    print(
        f"RSS after answering: {rss_mb():.0f} MB (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    for question in STRUCTURED + NARRATIVE:
        result = answer(question, engine=engine)
        cities = sorted({c.city for c in result.citations})
        print(f"- {question} → {result.kind}, cities {cities}: {result.text.splitlines()[0][:80]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data")
