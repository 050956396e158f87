"""Run a question set through one system in one process, score it and write the reports; compare two runs;
check a report against the CI floors.

A system is the real engine in one retrieval mode (``bm25``, ``dense``, ``hybrid``, all extractive), the engine with
its answers phrased by the language model (``generative``: hybrid retrieval), or the naive ``baseline``;
all of them answer through one ``answer(question, history)`` and search through one ``search(query, k)``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jimuqa.eval.metrics import (
    HEADLINE,
    QuestionScore,
    breakdown,
    retrieved_pairs,
    score_question,
    summarise,
)
from jimuqa.eval.report import format_comparison, plot_scores_by_type, render_markdown, side_by_side_markdown
from jimuqa.settings import EXTRACTIVE, GENERATIVE  # generative: hybrid retrieval, every answer phrased

__all__ = [
    "System",
    "check_floors",
    "compare_reports",
    "format_comparison",
    "load_system",
    "rescore",
    "run_eval",
    "run_retrieval_eval",
    "run_side_by_side",
]

K = 5
MODES = ("bm25", "dense", "hybrid", "baseline", "generative")
ENGINE_MODES = ("bm25", "dense", "hybrid")
SIDE_BY_SIDE_MODES = ("bm25", "dense", "hybrid", "baseline")  # the model is slow: compared only when asked
FLOORS_FILE = Path(__file__).with_name("floors.json")
ANSWERS_FILE = "answers.jsonl"
REPORT_FILE = "report.json"
MARKDOWN_FILE = "report.md"
CHART_FILE = "scores_by_type.png"
RETRIEVAL_FILE = "retrieval.json"
SIDE_BY_SIDE_FILE = "side_by_side"
# Per-question results compared between runs; higher is better for each.
COMPARED = ("fact_accuracy", "citation_precision", "citation_recall", "abstention_correct", "language_match")

Progress = Callable[[int, int], None]


@dataclass
class System:
    """What the runner needs from a system under test."""

    mode: str
    answer: Callable[[str, list[dict] | None], Any]  # → answering.types.Answer
    search: Callable[[str, int], list[Any]]  # → hits with .sheet and .section, best first


def load_system(mode: str, settings: Any) -> System:
    """Load the stores (or build the baseline's index) once, for every question of a run."""
    from jimuqa.settings import set_offline_environment

    set_offline_environment()
    if mode == "baseline":
        from jimuqa.eval.baseline import load_baseline

        baseline = load_baseline(settings)
        return System(mode, baseline.answer, lambda query, k: baseline.search(query, k))
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    from jimuqa.answering import answer, load_engine, retrieve

    retrieval = "hybrid" if mode == GENERATIVE else mode
    answer_mode = GENERATIVE if mode == GENERATIVE else EXTRACTIVE
    engine = load_engine(settings, mode=retrieval)
    return System(
        mode,
        lambda question, history: answer(question, history, engine=engine, mode=answer_mode),
        lambda query, k: retrieve(query, engine, k=k, mode=retrieval),
    )


# ---------------------------------------------------------------- files


def read_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- answering and scoring


def ask(system: System, question: dict) -> dict:
    """The system's answer as ``Answer.to_json()``, plus ``wall_ms`` (the same clock for every system) and, when
    ``answer()`` raised, ``error``: one failing question is scored as wrong, not fatal to the run."""
    began = time.perf_counter()
    try:
        response = system.answer(question["question"], question.get("history")).to_json()
    except Exception as err:  # any failure of the system under test is a result to report
        response = {
            "question": question["question"],
            "answer": "",
            "lang": "",
            "kind": "error",
            "citations": [],
            "error": f"{type(err).__name__}: {err}",
        }
    response["wall_ms"] = round((time.perf_counter() - began) * 1000, 1)
    return response


def retrieve(system: System, query: str, k: int) -> list[tuple[str, str]]:
    return retrieved_pairs(system.search(query, k)[:k])


def try_retrieve(system: System, query: str, k: int) -> tuple[list[tuple[str, str]], str | None]:
    """``retrieve``, with a failure reported (and scored as nothing retrieved) rather than ending the run."""
    try:
        return retrieve(system, query, k), None
    except Exception as err:  # as in ``ask``
        return [], f"{type(err).__name__}: {err}"


RUN_FIELDS = ("response", "retrieved", "retrieval_error", "score")  # what a run adds to a question's fields


def score_record(question: dict, record: dict) -> QuestionScore:
    score = score_question(question, record["response"], record.get("retrieved"))
    if record.get("retrieval_error"):  # counted and listed in the report like a failed answer
        score.error = score.error or f"retrieval: {record['retrieval_error']}"
    return score


def evaluate(
    questions: list[dict], system: System, k: int = K, progress: Progress | None = None
) -> tuple[list[dict], list[QuestionScore]]:
    """Answer and score every question; records are the question's fields, ``response``, ``retrieved``, ``score``.

    Retrieval is scored on the question text alone (no history) and only where gold citations exist.
    """
    records, scores = [], []
    for done, question in enumerate(questions, start=1):
        response = ask(system, question)
        retrieved, retrieval_error = None, None
        if question.get("citations"):
            retrieved, retrieval_error = try_retrieve(system, question["question"], k)
        record = dict(question)
        record.update(response=response, retrieved=retrieved)
        if retrieval_error:
            record["retrieval_error"] = retrieval_error
        score = score_record(question, record)
        record["score"] = score.to_json()
        records.append(record)
        scores.append(score)
        if progress:
            progress(done, len(questions))
    return records, scores


def build_report(scores: list[QuestionScore], mode: str, questions_path: Path, k: int = K) -> dict:
    return {
        "mode": mode,
        "questions_file": str(questions_path),
        "k": k,
        "headline": summarise(scores),
        "by_type": breakdown(scores, "type"),
        "by_lang": breakdown(scores, "lang"),
        "questions": [score.to_json() for score in scores],
    }


def write_outputs(report: dict, records: list[dict], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(out_dir / ANSWERS_FILE, records)
    write_json(out_dir / REPORT_FILE, report)
    (out_dir / MARKDOWN_FILE).write_text(render_markdown(report), encoding="utf-8")
    plot_scores_by_type(report, out_dir / CHART_FILE)


def run_eval(
    questions_path: Path,
    out_dir: Path,
    mode: str,
    settings: Any,
    system: System | None = None,
    progress: Progress | None = None,
) -> dict:
    """Answer every question of ``questions_path`` with one loaded system; write ``answers.jsonl``,
    ``report.json``, ``report.md`` and ``scores_by_type.png`` into ``out_dir``; return the report."""
    system = system or load_system(mode, settings)
    records, scores = evaluate(read_jsonl(questions_path), system, progress=progress)
    report = build_report(scores, mode, questions_path)
    write_outputs(report, records, Path(out_dir))
    return report


def rescore(out_dir: Path) -> dict:
    """Score a run's ``answers.jsonl`` again with the current rules (no system is loaded) and rewrite its report."""
    out_dir = Path(out_dir)
    old = load_report(out_dir)
    records = read_jsonl(out_dir / ANSWERS_FILE)
    scores = []
    for record in records:
        score = score_record({k: v for k, v in record.items() if k not in RUN_FIELDS}, record)
        record["score"] = score.to_json()
        scores.append(score)
    report = build_report(scores, old["mode"], Path(old["questions_file"]), old.get("k", K))
    write_outputs(report, records, out_dir)
    return report


# ---------------------------------------------------------------- the retrieval set


def run_retrieval_eval(queries_path: Path, system: System, k: int = K) -> dict:
    """Recall@1, recall@k and MRR of the retrieval set's gold sections (``eval.retrieval``), by language."""
    from jimuqa.eval.retrieval import read_queries, score_queries

    result = score_queries(read_queries(queries_path), system.search)
    return {"k": k, **result}


# ---------------------------------------------------------------- several runs


def run_side_by_side(
    questions_path: Path,
    out_dir: Path,
    settings: Any,
    modes: tuple[str, ...] = SIDE_BY_SIDE_MODES,
    retrieval_path: Path | None = None,
) -> dict:
    """``run_eval`` for each mode into ``out_dir/<mode>/``, then the headline metrics per mode, and each metric
    by question type, in ``out_dir/side_by_side.md`` (headlines also in ``.json``). With ``retrieval_path``, each
    mode's recall@5 on that retrieval set is added as a column. A mode that fails to load is listed with its
    error."""
    out_dir = Path(out_dir)
    headlines: dict[str, dict | str] = {}
    by_type: dict[str, dict] = {}
    for mode in modes:
        try:
            system = load_system(mode, settings)
        except Exception as err:  # the other modes still run; the table shows why this one did not
            headlines[mode] = f"{type(err).__name__}: {err}"
            continue
        report = run_eval(questions_path, out_dir / mode, mode, settings, system=system)
        by_type[mode] = report["by_type"]
        headline = dict(report["headline"])
        if retrieval_path:
            retrieval = run_retrieval_eval(retrieval_path, system)
            write_json(out_dir / mode / RETRIEVAL_FILE, retrieval)
            headline["retrieval_set_recall@5"] = retrieval[f"recall@{K}"]
        headlines[mode] = headline
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(out_dir / f"{SIDE_BY_SIDE_FILE}.json", headlines)
    (out_dir / f"{SIDE_BY_SIDE_FILE}.md").write_text(side_by_side_markdown(headlines, by_type), encoding="utf-8")
    return headlines


def load_report(source: Path | str | dict) -> dict:
    """A report dict, a ``report.json`` or the folder holding it."""
    if isinstance(source, dict):
        return source
    path = Path(source)
    return json.loads((path / REPORT_FILE if path.is_dir() else path).read_text(encoding="utf-8"))


def question_changes(old: dict, new: dict) -> dict[str, list]:
    """``{metric: [old, new]}`` for each compared metric that both runs scored and that changed."""
    return {
        metric: [old[metric], new[metric]]
        for metric in COMPARED
        if old.get(metric) is not None and new.get(metric) is not None and old[metric] != new[metric]
    }


def compare_reports(old: Path | str | dict, new: Path | str | dict) -> dict:
    """Headline deltas (new − old) and the questions that got worse or better on facts, citations, abstention
    or language. A question can be in both lists (better facts, worse citations)."""
    old_report, new_report = load_report(old), load_report(new)
    old_questions = {q["id"]: q for q in old_report["questions"]}
    new_questions = {q["id"]: q for q in new_report["questions"]}
    worse, better = [], []
    for qid, new_q in new_questions.items():
        if qid not in old_questions:
            continue
        changes = question_changes(old_questions[qid], new_q)
        entry = {"id": qid, "type": new_q.get("type"), "lang": new_q.get("lang"), "changes": changes}
        if any(after < before for before, after in changes.values()):
            worse.append(entry)
        if any(after > before for before, after in changes.values()):
            better.append(entry)
    return {
        "old": old_report.get("mode"),
        "new": new_report.get("mode"),
        "headline": {metric: _delta(old_report, new_report, metric) for metric in HEADLINE},
        "worse": worse,
        "better": better,
        "added": sorted(set(new_questions) - set(old_questions)),
        "removed": sorted(set(old_questions) - set(new_questions)),
    }


def _delta(old_report: dict, new_report: dict, metric: str) -> dict:
    before, after = old_report["headline"].get(metric), new_report["headline"].get(metric)
    delta = after - before if before is not None and after is not None else None
    return {"old": before, "new": after, "delta": delta}


# ---------------------------------------------------------------- CI floors


def load_floors(path: Path = FLOORS_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def check_floors(report: dict, floors: dict) -> list[str]:
    """The metrics below their floor, as readable lines; empty when the report clears every floor.

    ``floors`` holds ``headline`` (metric → floor) and ``by_type`` / ``by_lang`` (group → metric → floor), as in
    ``eval/floors.json``. A metric the report lacks (no questions of that type) counts as below.
    """
    headline = report["headline"]
    checks = [(metric, headline.get(metric), floor) for metric, floor in floors.get("headline", {}).items()]
    for part, label in (("by_type", "type"), ("by_lang", "lang")):
        for group, metric_floors in floors.get(part, {}).items():
            values = report.get(part, {}).get(group, {})
            checks += [(f"{metric} [{label}={group}]", values.get(metric), f) for metric, f in metric_floors.items()]
    failures = []
    for name, value, floor in checks:
        if value is None:
            failures.append(f"{name}: missing from the report (floor {floor:.3f})")
        elif value < floor:
            failures.append(f"{name}: {value:.3f} < floor {floor:.3f}")
    return failures
