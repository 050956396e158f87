"""Evaluation reports as people read them: Markdown tables and a bar chart of scores by question type."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

# Columns of the breakdown tables: (report key, column title).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("n", "n"),
    ("scored", "scored"),
    ("fact_accuracy", "facts"),
    ("citation_precision", "cite P"),
    ("citation_recall", "cite R"),
    ("abstention", "abstention"),
    ("language_match", "language"),
    ("retrieval_recall@5", "R@5"),
    ("latency_p50_ms", "p50 ms"),
    ("latency_p95_ms", "p95 ms"),
    ("answer_chars_p50", "chars p50"),
    ("fallback_rate", "fallback"),
)
TITLES = dict(COLUMNS) | {"errors": "errors"}
CHART_METRICS = ("fact_accuracy", "citation_precision", "citation_recall", "abstention", "language_match")


def fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):  # scores (0–1) to three decimals, milliseconds to one
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"
    return str(value)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def breakdown_table(groups: dict[str, dict], label: str) -> str:
    rows = [[name] + [values.get(key) for key, _ in COLUMNS] for name, values in groups.items()]
    return table([label] + [title for _, title in COLUMNS], rows)


def misses(questions: Sequence[dict]) -> list[str]:
    """One line per scored question that lost a point: which facts it missed, and what else went wrong."""
    lines = []
    for q in questions:
        if not q["scored"]:
            continue
        problems = []
        if q["fact_accuracy"] is not None and q["fact_accuracy"] < 1:
            problems.append(f"facts {sum(q['facts_found'])}/{len(q['facts_found'])}")
        if q["citation_recall"] is not None and q["citation_recall"] < 1:
            problems.append(f"cite R {q['citation_recall']:.2f}")
        if q["abstention_correct"] is False:
            problems.append("refused" if q["kind"] == "unanswerable" else "did not refuse")
        if q["language_match"] is False:
            problems.append("language")
        if q.get("error"):
            problems.append(f"error: {q['error']}")
        if problems:
            lines.append(f"- {q['id']} ({q['type'] or '-'}, {q['lang']}): " + "; ".join(problems))
    return lines


def render_markdown(report: dict) -> str:
    headline = report["headline"]
    parts = [
        f"# Evaluation: {report['mode']}",
        f"Questions: `{report['questions_file']}`; {headline['n']} answered, {headline['scored']} scored, "
        f"{headline['errors']} errors.",
        "## Headline",
        table(["metric", "key", "value"], [[TITLES.get(k, k), f"`{k}`", v] for k, v in headline.items()]),
        "## By type",
        breakdown_table(report["by_type"], "type"),
        "## By language",
        breakdown_table(report["by_lang"], "language"),
        "## Questions that lost points",
        "\n".join(misses(report["questions"])) or "None.",
    ]
    return "\n\n".join(parts) + "\n"


RETRIEVAL_SET_COLUMN = ("retrieval_set_recall@5", "set R@5")


def side_by_side_markdown(headlines: dict[str, dict | str], by_type: dict[str, dict] | None = None) -> str:
    """One row per mode: its headline metrics, or the error that kept it from running. ``set R@5`` (recall@5
    on the retrieval query set) is shown when a run measured it. With ``by_type`` (mode → the report's
    ``by_type``), a second table has one row per question type and mode."""
    columns = list(COLUMNS)
    if any(isinstance(v, dict) and RETRIEVAL_SET_COLUMN[0] in v for v in headlines.values()):
        columns.append(RETRIEVAL_SET_COLUMN)
    keys = [key for key, _ in columns]
    rows = []
    for mode, values in headlines.items():
        if isinstance(values, str):
            rows.append([mode, f"failed: {values}"] + [None] * (len(keys) - 1))
        else:
            rows.append([mode] + [values.get(key) for key in keys])
    text = "# Side by side\n\n" + table(["mode"] + [title for _, title in columns], rows) + "\n"
    if by_type:
        types = sorted({name for groups in by_type.values() for name in groups})
        type_rows = [
            [name, mode] + [groups[name].get(key) for key, _ in COLUMNS]
            for name in types
            for mode, groups in by_type.items()
            if name in groups
        ]
        text += "\n## By type\n\n" + table(["type", "mode"] + [title for _, title in COLUMNS], type_rows) + "\n"
    return text


def format_comparison(comparison: dict) -> str:
    """``compare_reports``' result as Markdown: headline deltas, then the questions that got worse and better."""
    rows = [[metric, d["old"], d["new"], d["delta"]] for metric, d in comparison["headline"].items()]
    parts = ["# Comparison", table(["metric", "old", "new", "delta"], rows)]
    for label in ("worse", "better"):
        entries = comparison[label]
        lines = [f"- {e['id']} ({e['type'] or '-'}, {e['lang']}): " + _changes(e["changes"]) for e in entries]
        parts.append(f"## {label.capitalize()} ({len(entries)})\n\n" + ("\n".join(lines) or "None."))
    for label in ("added", "removed"):
        if comparison[label]:
            parts.append(f"## {label.capitalize()}\n\n" + ", ".join(comparison[label]))
    return "\n\n".join(parts) + "\n"


def _changes(changes: dict[str, list]) -> str:
    return ", ".join(f"{metric} {fmt(old)} → {fmt(new)}" for metric, (old, new) in changes.items())


def plot_scores_by_type(report: dict, path: Path) -> None:
    """Grouped bars: for each question type, its fact accuracy, citation precision and recall, abstention and
    language match, each bar labelled with its value."""
    import matplotlib

    matplotlib.use("Agg")  # no display; set before pyplot is imported
    import matplotlib.pyplot as plt

    types = list(report["by_type"])
    width = 0.8 / len(CHART_METRICS)
    fig, ax = plt.subplots(figsize=(max(7, 1.8 * len(types)), 4.5))
    for i, metric in enumerate(CHART_METRICS):
        values = [report["by_type"][t].get(metric) for t in types]
        heights = [math.nan if v is None else v for v in values]  # a metric that does not apply draws no bar
        bars = ax.bar([x + i * width for x in range(len(types))], heights, width, label=TITLES[metric])
        ax.bar_label(bars, ["" if v is None else f"{v:.2f}" for v in values], fontsize=6, padding=1)
    ax.set_xticks([x + width * (len(CHART_METRICS) - 1) / 2 for x in range(len(types))], types)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel("score")
    ax.set_title(f"Scores by question type ({report['mode']})")
    ax.legend(fontsize="small", ncols=len(CHART_METRICS), loc="upper center", bbox_to_anchor=(0.5, -0.08))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
