"""Charts of attainment and costs, drawn with matplotlib on the server (nothing loads in the browser)."""

from __future__ import annotations

import math
import shutil
import subprocess
import textwrap
from functools import cache

from jimuqa.answering import phrases as p
from jimuqa.index.years import western
from jimuqa.ui.labels import LABELS

# ---------------------------------------------------------------------------------------------
# Charts (matplotlib, rendered to an image on the server: nothing loads in the browser).


@cache
def japanese_font() -> str | None:
    """The family name of an installed font that renders Japanese, registered with matplotlib; or None."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run([fc_list, ":lang=ja", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    from matplotlib import font_manager

    for path in sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip()):
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def configure_charts() -> bool:
    """Headless rendering, and a Japanese font first when one is installed. True when Japanese renders."""
    import matplotlib

    matplotlib.use("Agg")
    font = japanese_font()
    if font:
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = [font, *matplotlib.rcParams["font.sans-serif"]]
    return font is not None


def _chart_lang(lang: str, japanese: bool) -> str:
    # Without a Japanese font every chart word is English, so nothing renders as tofu boxes.
    return lang if japanese else "en"


def _year_tick(year: str, lang: str) -> str:
    return year if lang == "ja" else p.year_label(year, "en")


def _indicator_title(label: str, japanese: bool) -> str:
    # Without a Japanese font, only the "097-1" part: no tofu boxes.
    code, _, name = label.partition(" ")
    return "\n".join(textwrap.wrap(label, 18)[:2]) if japanese and name else code


def _grid(count: int, width: float = 3.4, height: float = 2.8):
    from matplotlib.figure import Figure

    columns = min(3, max(1, count))
    rows = math.ceil(count / columns)
    figure = Figure(figsize=(width * columns, height * rows), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for extra in axes[count:]:
        extra.set_visible(False)
    return figure, axes[:count]


def _paired_bars(ax, ticks: list[str], first: list, second: list, names: tuple[str, str], colors: tuple[str, str]):
    width = 0.38
    for offset, values, name, color in (
        (-width / 2, first, names[0], colors[0]),
        (width / 2, second, names[1], colors[1]),
    ):
        xs = [i + offset for i, v in enumerate(values) if v is not None]
        heights = [v for v in values if v is not None]
        bars = ax.bar(xs, heights, width, label=name, color=color)
        ax.bar_label(bars, labels=[p.number(v) for v in heights], fontsize=7, padding=1)
    ax.set_xticks(range(len(ticks)), ticks, fontsize=8)
    ax.margins(y=0.15)
    ax.tick_params(axis="y", labelsize=7)


def attainment_figure(records: list[dict], lang: str, japanese: bool):
    """Target against actual for each indicator (one small chart each: their scales differ)."""
    lang = _chart_lang(lang, japanese)
    indicators = list(dict.fromkeys(r["indicator"] for r in records))
    figure, axes = _grid(len(indicators))
    for ax, indicator in zip(axes, indicators, strict=True):
        mine = sorted((r for r in records if r["indicator"] == indicator), key=lambda r: western(r["year"]))
        _paired_bars(
            ax,
            [_year_tick(r["year"], lang) for r in mine],
            [r["target"] for r in mine],
            [r["actual"] for r in mine],
            (LABELS[lang]["target"], LABELS[lang]["actual"]),
            ("#94a3b8", "#2563eb"),
        )
        ax.set_title(_indicator_title(indicator, japanese), fontsize=9)
    axes[0].legend(fontsize=7)
    figure.suptitle(LABELS[lang]["indicators_plot"], fontsize=10)
    return figure


def costs_figure(records: list[dict], lang: str, japanese: bool):
    """予算額 and 決算額 per year, one chart per project."""
    lang = _chart_lang(lang, japanese)
    words = LABELS[lang]
    projects = list(dict.fromkeys(r["project"] for r in records))
    figure, axes = _grid(len(projects), width=5.2, height=3.0)
    for ax, project in zip(axes, projects, strict=True):
        mine = sorted((r for r in records if r["project"] == project), key=lambda r: western(r["year"]))
        _paired_bars(
            ax,
            [_year_tick(r["year"], lang) for r in mine],
            [r.get("budget") for r in mine],
            [r.get("settlement") for r in mine],
            (words["budget"], words["settlement"]),
            ("#94a3b8", "#059669"),
        )
        ax.set_title(project, fontsize=9)
    axes[0].legend(fontsize=7)
    figure.suptitle(words["costs_plot"], fontsize=10)
    return figure


def chart_figure(chart, lang: str, japanese: bool):
    """The figure for an answer's chart, or None."""
    if chart is None or not chart.records:
        return None
    if chart.kind == "attainment":
        return attainment_figure(chart.records, lang, japanese)
    if chart.kind == "costs":
        return costs_figure(chart.records, lang, japanese)
    return None
