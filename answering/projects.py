"""Which projects a question means: by number, by full name, or by a colloquial part of the name.

"097", "事業097", "ロボットの街つくば推進事業", "ロボトの事業" (typo), "the robot project" and
"科学教育の事業" all resolve to one sheet number. A part that fits several projects about equally
("スマートシティの事業": 011 by name, 012 by its 係名) resolves to all of them, marked ambiguous.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from jimuqa.answering.normalise import Query, normalise_text
from jimuqa.answering.vocabulary import GLOSSARY, PROJECT_PHRASE_EN, PROJECT_PHRASE_JA

# Words in almost every project name: they say nothing about which project is meant.
GENERIC_WORDS = (
    "推進事業",
    "事業",
    "推進",
    "実施",
    "プロジェクト",
    "project",
    "program",
    "つくば市",
    "つくば",
    "tsukuba",
    "の",
)
MIN_STRONG = 3  # a shared run of at least this many characters is a strong match (4 if only katakana)
AMBIGUITY_RATIO = 0.75  # candidates scoring within this share of the best are all meant
_KATAKANA_RE = re.compile(r"[ァ-ヿ]+")
_NUMBER_RE = re.compile(r"(?<![\d,.])(\d{3,4})(?!\d|[,.]\d|件|人|年|千円|円|時間|%|社|種類|回)")
MAX_CANDIDATES = 40  # names compared in full; the rest share too few rare bigrams to win


@dataclass(frozen=True)
class Project:
    number: str
    name: str
    section: str  # 係名
    names: tuple[str, ...]  # normalised name variants: the name, the name in its brackets, the 係名
    indicators: tuple[str, ...] = ()  # normalised indicator names


@dataclass
class Resolution:
    projects: list[str] = field(default_factory=list)
    ambiguous: bool = False
    how: str = ""  # "number", "name", "partial" or "" (not resolved)
    phrase: str | None = None  # the words that name a project, when the question has them

    @property
    def resolved(self) -> bool:
        return bool(self.projects)


def _mask_generic(text: str) -> str:
    for word in GENERIC_WORDS:
        text = text.replace(word, "|")
    return re.sub(r"[\s・、,()（）「」]", "", text)


def _bigrams(text: str) -> set[str]:
    """The character pairs of ``text``; pairs of digits say nothing of a name: FY2024's "20" is not 東京2020's."""
    pairs = (text[i : i + 2] for i in range(len(text) - 1))
    return {pair for pair in pairs if "|" not in pair and not pair.isdigit()}


class Catalogue:
    """Project names indexed by character bigrams, for fast partial matching at any corpus size."""

    def __init__(self, projects: list[Project], departments: tuple[str, ...] = ()):
        self.projects = {p.number: p for p in projects}
        # Department names ("科学技術振興課") name who runs every project, not which project is meant.
        self.departments = tuple(sorted({normalise_text(d) for d in departments if d}, key=len, reverse=True))
        self._masked: dict[str, list[str]] = {p.number: [_mask_generic(n) for n in p.names] for p in projects}
        self._index: dict[str, set[str]] = defaultdict(set)
        for number, names in self._masked.items():
            for name in names:
                for bigram in _bigrams(name):
                    self._index[bigram].add(number)
        self._count = max(len(projects), 1)

    @classmethod
    def from_rows(
        cls,
        rows: list[tuple[str, str, str | None]],
        indicators: dict[str, list[str]] | None = None,
        departments: tuple[str, ...] = (),
    ) -> Catalogue:
        """From (number, name, 係名) rows of the table and each project's indicator names."""
        projects = []
        for number, name, section in rows:
            variants = [normalise_text(name)]
            variants += [normalise_text(inner) for inner in re.findall(r"[（(]([^()（）]{3,})[)）]", name)]
            if section:
                variants.append(normalise_text(section))
            names = tuple(_mask_generic(normalise_text(n)) for n in (indicators or {}).get(number, []))
            projects.append(Project(number, name, section or "", tuple(variants), names))
        return cls(projects, departments)

    def mentions_indicator(self, query: Query, numbers: list[str]) -> bool:
        """Whether the question names one of these projects' indicators ("field experiments", "連携企業数")."""
        text = _mask_generic(translate(query.text) if query.lang == "en" else query.text)
        for number in numbers:
            # Words of the project's own name ("ロボット" in ロボットの街…) name the project, not an indicator.
            names = self._masked[number]
            for indicator in self.projects[number].indicators:
                runs = _common_runs(text, indicator)
                if any(len(run) >= MIN_STRONG and not any(run in name for name in names) for run in runs):
                    return True
        return False

    def resolve(self, query: Query) -> Resolution:
        text = translate(query.text) if query.lang == "en" else query.text
        # (a full name is read before department names are taken out: 図書館運営事業 holds the department 図書館)
        compact = re.sub(r"\s", "", text)
        named = [p.number for p in self.projects.values() if re.sub(r"\s", "", p.names[0]) in compact]
        for department in self.departments:
            text = text.replace(department, " ")
        phrase = _project_phrase(text)
        numbers = [n for n in dict.fromkeys(_NUMBER_RE.findall(text)) if n in self.projects]
        if numbers:
            return Resolution(numbers, False, "number", phrase)
        if named:
            return Resolution(named, False, "name", phrase)
        scores = self._partial_scores(text, phrase)
        if not scores:
            return Resolution(phrase=phrase)
        best = max(scores.values())
        chosen = sorted((n for n, s in scores.items() if s >= best * AMBIGUITY_RATIO), key=lambda n: (-scores[n], n))
        return Resolution(chosen, len(chosen) > 1, "partial", phrase)

    def _partial_scores(self, text: str, phrase: str | None) -> dict[str, float]:
        masked = _mask_generic(text)
        # Rank names by the rare bigrams they share with the question, then compare only the best in full:
        # with thousands of projects, a full comparison with every name would dominate the answer time.
        shared: Counter[str] = Counter()
        for bigram in _bigrams(masked):
            numbers = self._index.get(bigram, ())
            for number in numbers:
                shared[number] += 1 / len(numbers)
        # (ties by number: the index's sets iterate in an order that changes from one process to the next)
        candidates = [number for number, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]
        scores = {}
        for number in candidates:
            score = max(self._name_score(masked, name, phrase) for name in self._masked[number])
            if score > 0:
                scores[number] = score
        return scores

    def _name_score(self, masked: str, name: str, phrase: str | None) -> float:
        runs = _common_runs(masked, name)
        return sum(len(run) * self._idf(run) for run in runs if self._counts(run, phrase))

    def _counts(self, run: str, phrase: str | None) -> bool:
        # A short run ("特区", "シティ") only counts when it is most of the words naming a project.
        if len(run) >= MIN_STRONG + bool(_KATAKANA_RE.fullmatch(run)):
            return True
        words = _mask_generic(phrase).replace("|", "") if phrase else ""
        return run in words and len(run) * 2 >= len(words)

    def _idf(self, run: str) -> float:
        pairs = _bigrams(run)  # none for a run of digits
        containing = set.intersection(*(self._index.get(b, set()) for b in pairs)) if pairs else set()
        df = sum(1 for n in containing if any(run in name for name in self._masked[n])) or 1
        return math.log(1 + self._count / df)


def _common_runs(text: str, name: str) -> list[str]:
    """Maximal runs of at least two characters that ``text`` and ``name`` share, longest first, not overlapping."""
    if _pairs(text).isdisjoint(_pairs(name)):  # most names share no two characters with a question
        return []
    where: dict[str, list[int]] = {}
    for j, char in enumerate(name):
        if char != "|":
            where.setdefault(char, []).append(j)
    runs: list[tuple[int, int]] = []  # (start in text, length)
    previous: dict[int, int] = {}  # end in name → length of the shared run ending at the previous character
    # Only positions where the characters agree are visited: a long question against thousands of names.
    for i, char in enumerate([*text, None]):
        current = {j: previous.get(j - 1, 0) + 1 for j in where.get(char, ())} if char else {}
        runs += [(i - length, length) for j, length in previous.items() if length >= 2 and j + 1 not in current]
        previous = current
    taken: list[range] = []
    result = []
    for start, length in sorted(runs, key=lambda r: -r[1]):
        span = range(start, start + length)
        if not any(span.start < t.stop and t.start < span.stop for t in taken):
            taken.append(span)
            result.append(text[start : start + length])
    return result


@functools.lru_cache(maxsize=8192)
def _pairs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def translate(text: str) -> str:
    """English words of the form become the sheets' words for them."""
    for english, japanese in sorted(GLOSSARY.items(), key=lambda item: -len(item[0])):
        text = text.replace(english, f" {japanese.lower()} ")
    return text


def _project_phrase(text: str) -> str | None:
    """The words that name a project: "公園整備" in "つくば市の公園整備事業", "library renovation" in
    "the budget of Tsukuba's library renovation project"."""
    english = PROJECT_PHRASE_EN.search(text)
    if english:
        words = re.split(r"\b(?:the|a|an|its|of|for|on|in)\s+|'s\s+", english.group(1))[-1].strip()
        return None if words in ("which", "what", "any", "each", "every", "all", "this", "that") else words or None
    japanese = PROJECT_PHRASE_JA.search(text)
    return re.sub(r"^(つくば市の?|市の)", "", japanese.group(1)).strip() or None if japanese else None
