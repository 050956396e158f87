"""The sections of each sheet form: their stable ids, headings and English titles.

These ids are what answers cite, what the evaluation's gold citations name and what
the stores keep as metadata; they are defined here and nowhere else. A form reuses an id
where its section holds the same kind of content (``costs``, ``indicators``), so a search
can ask for one kind of section across cities.
"""

from __future__ import annotations

from dataclasses import dataclass

from jimuqa.index import model, ofunato_form


@dataclass(frozen=True)
class SectionKind:
    id: str
    heading: str
    title_en: str


# Tsukuba's form: its eight printed sections, in print order.
SECTION_KINDS: tuple[SectionKind, ...] = (
    SectionKind("basic_info", "事業の基本情報", "Basic information"),
    SectionKind("overview", "事業の概要", "Overview"),
    SectionKind("costs", "コストの推移", "Costs by year"),
    SectionKind("participation", "市民参加の取組状況", "Citizen participation"),
    SectionKind("indicators", "指標の推移", "Indicators"),
    SectionKind("results_issues", "事業の成果と課題", "Results and issues"),
    SectionKind("evaluation", "評価", "Evaluation"),
    SectionKind("direction", "方向性", "Future direction"),
)

SECTION_IDS: tuple[str, ...] = tuple(kind.id for kind in SECTION_KINDS)
BY_ID: dict[str, SectionKind] = {kind.id: kind for kind in SECTION_KINDS}
BY_HEADING: dict[str, SectionKind] = {kind.heading: kind for kind in SECTION_KINDS}
BY_TITLE: dict[str, SectionKind] = {kind.title_en.lower(): kind for kind in SECTION_KINDS}  # "evaluation": 評価

# 大船渡市's export has no printed sections (one row of columns per sheet); these group its columns the
# way its printed sheet reads, with headings from the form's own words (docs/ofunato.md, "Field mapping").
OFUNATO_SECTION_KINDS: tuple[SectionKind, ...] = (
    SectionKind("basic_info", "基本情報", "Basic information"),
    SectionKind("overview", "事務事業の概要・全体計画", "Overview and whole-period plan"),
    SectionKind("means", "手段（前年度実績・今年度計画）", "Means: last year's activities, this year's plan"),
    SectionKind("intent", "対象・意図・結果", "Target, intent and result"),
    SectionKind("indicators", "指標（活動・対象・成果）", "Indicators"),
    SectionKind("costs", "コストの推移", "Costs by year"),
    SectionKind("evaluation", "事務事業の評価", "Background and evaluation"),
    SectionKind("direction", "改革改善の方向性・課長等意見", "Direction"),
)

# Where each form holds what a section of Tsukuba's form holds (the planner and the parser name Tsukuba's ids):
# 大船渡's results and issues are its 手段 (前年度実績) and its 課題と解決策 (in ``direction``), its purpose and
# target its 対象・意図・結果.
SAME_CONTENT: dict[str, dict[str, tuple[str, ...]]] = {
    ofunato_form.FORM: {
        "results_issues": ("means", "direction"),
        "overview": ("overview", "intent"),
        "participation": ("evaluation",),
    },
}

# Each form's sections, by the form's id (``Sheet.form``, ``OfunatoSheet.form``).
FORM_SECTION_KINDS: dict[str, tuple[SectionKind, ...]] = {
    model.FORM: SECTION_KINDS,
    ofunato_form.FORM: OFUNATO_SECTION_KINDS,
}
# Every section id of every form, in first-seen order.
ALL_SECTION_IDS: tuple[str, ...] = tuple(
    dict.fromkeys(kind.id for kinds in FORM_SECTION_KINDS.values() for kind in kinds)
)


def heading(section_id: str) -> str:
    """The heading as printed on the sheet, e.g. ``コストの推移`` for ``costs``."""
    return BY_ID[section_id].heading


def kind_of(form: str, section_id: str) -> SectionKind:
    """A section of one form: ``kind_of("ofunato", "means").heading`` is ``手段（前年度実績・今年度計画）``."""
    return next(kind for kind in FORM_SECTION_KINDS[form] if kind.id == section_id)


def in_form(form: str, section_ids: list[str] | tuple[str, ...]) -> set[str]:
    """The ids of ``form``'s sections that hold what ``section_ids`` (Tsukuba's ids) hold."""
    same = SAME_CONTENT.get(form, {})
    return {found for section in section_ids for found in same.get(section, (section,))}


def find_kind(section_id: str, heading: str | None = None, form: str | None = None) -> SectionKind | None:
    """The kind of a cited section: of ``form`` when given, else the form whose section ``section_id`` is
    printed as ``heading`` (a citation knows its heading, not its form), else Tsukuba's; None if unknown."""
    forms = [form] if form in FORM_SECTION_KINDS else list(FORM_SECTION_KINDS)
    kinds = [kind for f in forms for kind in FORM_SECTION_KINDS[f] if kind.id == section_id]
    return next((kind for kind in kinds if heading is None or kind.heading == heading), kinds[0] if kinds else None)
