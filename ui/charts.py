"""Charts of attainment and costs, drawn with matplotlib on the server (nothing loads in the browser)."""

from __future__ import annotations

import math
import shutil
import subprocess
import textwrap
from functools import cache

from jimuqa.answering import phrases as p
from jimuqa.index.model import COST_UNITS
from jimuqa.index.years import western
from jimuqa.ui.answer_table import WORDS, answer_kind, data_rows, figure_text, series_of, series_years
from jimuqa.ui.labels import LABELS, item_label, unit_word, with_unit

# ---------------------------------------------------------------------------------------------
# Charts (matplotlib, rendered to an image on the server: nothing loads in the browser).


JAPANESE_SAMPLE = "年度予算"  # characters a font must have to draw the sheets' words


@cache
def japanese_font() -> str | None:
    """The family name of an installed font that renders Japanese, registered with matplotlib; or None.

    fontconfig names the Japanese fonts when it is installed; otherwise every system font is tried for
    the glyphs (matplotlib's own font cache may predate ``apt-get install fonts-ipaexfont-gothic``).
    """
    from matplotlib import font_manager

    for path in _japanese_candidates() or sorted(font_manager.findSystemFonts()):
        try:
            if not _has_glyphs(path):
                continue
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def _japanese_candidates() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listing = subprocess.run([fc_list, ":lang=ja", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip())


def _has_glyphs(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    font = FT2Font(path)
    return all(font.get_char_index(ord(char)) for char in JAPANESE_SAMPLE)


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
    # 令和2 / FY2020: the axis is labelled 年度 (fiscal year), so the ticks need not repeat it.
    return p.year_label(year, lang).removesuffix("年度")


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
    _separators(ax.yaxis)


def _separators(axis) -> None:
    # 50,000 rather than 50000, as the table and the sheets print it.
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5))  # few enough ticks that 50,000 and 100,000 do not touch
    axis.set_major_formatter(FuncFormatter(lambda value, _: figure_text(value)))


def _axis_labels(ax, lang: str, unit: str = "") -> None:
    ax.set_xlabel(LABELS[lang]["fiscal_year_axis"], fontsize=8)
    if unit:
        ax.set_ylabel(unit_word(unit, lang), fontsize=8)


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
        _axis_labels(ax, lang)
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
        _axis_labels(ax, lang, "千円")
    axes[0].legend(fontsize=7)
    figure.suptitle(words["costs_plot"], fontsize=10)
    return figure


MAX_BARS = 10  # a ranking of hundreds of projects is charted by its top rows (the table has them all)


def ranked_figure(rows: list[dict], lang: str, japanese: bool, names: dict[str, str]):
    """The figure of each project, largest (or first ranked) on top, for a ranking or a total over projects."""
    lang = _chart_lang(lang, japanese)
    mine = [r for r in data_rows(rows) if isinstance(r.get("value"), int | float)]
    if not mine:
        return None
    ordered = sorted(mine, key=lambda r: r["rank"] if "rank" in r else -r["value"])[:MAX_BARS]
    item, year = ordered[0]["item"], ordered[0].get("year")
    from matplotlib.figure import Figure

    # Narrow and tall: it stays legible when a phone shrinks it to the screen's width.
    figure = Figure(figsize=(5.2, 0.4 * len(ordered) + 1.2), layout="constrained")
    ax = figure.subplots()
    bars = ax.barh(range(len(ordered)), [r["value"] for r in ordered], color="#059669")
    ax.bar_label(bars, labels=[figure_text(r["value"], item) for r in ordered], fontsize=8, padding=2)
    ax.set_yticks(range(len(ordered)), [_project_tick(r["sheet"], names, japanese) for r in ordered], fontsize=9)
    ax.invert_yaxis()
    ax.margins(x=0.2)
    ax.tick_params(axis="x", labelsize=8)
    _separators(ax.xaxis)
    unit = COST_UNITS.get(item, "")
    ax.set_xlabel(unit_word(unit, lang), fontsize=8)
    title = with_unit(item_label(item, lang), unit, lang)
    if year:
        title = LABELS[lang]["figure_title"].format(item=title, year=p.year_label(year, lang))
    figure.suptitle(title, fontsize=10)
    return figure


def _project_tick(number: str, names: dict[str, str], japanese: bool) -> str:
    # Without a Japanese font, only the number: no tofu boxes.
    name = names.get(number, "") if japanese else ""
    return f"{number} {name if len(name) <= 12 else name[:11] + '…'}" if name else number


MAX_LINES = 10  # a trend of many projects is charted by its first series (the table has them all)


def trend_figure(result, lang: str, japanese: bool, names: dict[str, str]):
    """One line per series over the fiscal years, oldest first; None with fewer than two years.

    The title is the answer's own reading of the question (「097の予算額の年度ごとの推移」) when it is in
    the chart's language and can be drawn; the rows do not name the figure, so otherwise a plain 年度ごとの推移.
    """
    mine = [r for r in data_rows(result.rows) if "series" in r][:MAX_LINES]
    years = series_years(mine)
    lines = [
        (row, [(i, series_of(row)[y]) for i, y in enumerate(years) if isinstance(series_of(row).get(y), int | float)])
        for row in mine
    ]
    if len(years) < 2 or not any(points for _, points in lines):
        return None
    lang = _chart_lang(lang, japanese)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.2, 3.2), layout="constrained")
    ax = figure.subplots()
    for row, points in lines:
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", label=_project_tick(row["sheet"], names, japanese))
    ax.set_xticks(range(len(years)), [_year_tick(y, lang) for y in years], fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    ax.margins(y=0.15)
    if all(v >= 0 for _, points in lines for _, v in points):
        ax.set_ylim(bottom=0)  # no -2,000 tick under counts and amounts that cannot go below zero
    _separators(ax.yaxis)
    _axis_labels(ax, lang)
    ax.legend(fontsize=7)
    reading = getattr(result, "reading", None) or ""
    drawable = reading and result.lang == lang and (japanese or reading.isascii())
    figure.suptitle(_wrapped(reading, lang) if drawable else WORDS[lang]["trend"], fontsize=10)
    return figure


def _wrapped(title: str, lang: str) -> str:
    # Japanese breaks between any two characters (and has few spaces to break at); English between words.
    if lang == "ja":
        width = math.ceil(len(title) / math.ceil(len(title) / 36))  # lines of even length, 36 characters at most
        return "\n".join(title[i : i + width] for i in range(0, len(title), width))
    return "\n".join(textwrap.wrap(title, 60))


def answer_figure(result, lang: str, japanese: bool, names: dict[str, str]):
    """The chart under an answer: the answer's own, its projects' figures for a ranking or total, or the
    lines of a trend (drawn for one project too: its line of text does not show the shape)."""
    figure = chart_figure(result.chart, lang, japanese)
    if figure is None and answer_kind(result.rows) in ("ranking", "aggregate"):
        figure = ranked_figure(result.rows, lang, japanese, names)
    if figure is None and any("series" in row for row in result.rows):
        figure = trend_figure(result, lang, japanese, names)
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
