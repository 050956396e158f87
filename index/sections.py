"""The printed sections of a sheet: their stable ids, headings and English titles.

These ids are what answers cite, what the evaluation's gold citations name and what
the stores keep as metadata; they are defined here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionKind:
    id: str
    heading: str
    title_en: str


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


def heading(section_id: str) -> str:
    """The heading as printed on the sheet, e.g. ``コストの推移`` for ``costs``."""
    return BY_ID[section_id].heading
