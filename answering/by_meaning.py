"""A project named in English by what it is ("the school bus service"), found by meaning.

The sheets print their project names in Japanese only, so "the crematorium project" shares no characters
with 火葬場管理運営事業. When the parser cannot place the words right before a word that says "a project"
(project, programme, service, subsidy …), those words are searched for among the sheets' sections with the
multilingual embedding model, and when the closest sections are nearly all one sheet's, that sheet is meant:
the question is read again with its number in place of the words. The reading the answer shows names the
project found, so a wrong match is visible; when no sheet stands out, nothing is guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from jimuqa.answering.normalise import detect_language

# Words after a description that make it the name of a project.
PROJECT_WORDS = ("project", "projects", "program", "programs", "programme", "programmes", "scheme", "service",
                 "services", "subsidy", "subsidies", "support", "initiative", "business")  # fmt: skip
SEARCHED = 5  # sections searched for the description
AGREEING = 4  # of them, how many must be one sheet's (all of them for a description of one word)
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-–]*")


@dataclass(frozen=True)
class Found:
    text: str  # the question with the sheet's number in place of the description
    city: str
    number: str
    description: str


def described_project(question: str, unplaced: list[str], retriever, cities: tuple[str, ...] = ()) -> Found | None:
    """The project an English ``question`` describes in the words the parser could not place, or None."""
    if retriever is None or detect_language(question) != "en" or not unplaced:
        return None
    left = {_bare(w) for w in unplaced}
    words = list(_WORD_RE.finditer(question))
    for i, word in enumerate(words):
        if _bare(word.group()) not in PROJECT_WORDS:
            continue
        first = i  # the description: the words before, back to an article, a preposition or a number
        while first > 0 and not _bounds(words[first - 1].group()):
            first -= 1
        if first == i or not any(part in left for w in words[first:i] for part in re.split(r"[-–]", _bare(w.group()))):
            continue
        start, end = words[first].start(), word.end()  # the description and the word that makes it a name
        description = question[start : words[i - 1].end()]
        hits = retriever.search(description, k=SEARCHED, mode="dense", cities=list(cities) or None)
        (key, count), *_ = Counter((h.city, h.sheet) for h in hits).most_common(1) or [((None, None), 0)]
        if count >= (AGREEING if i - first > 1 else SEARCHED):
            city, number = key
            return Found(question[:start] + number + question[end:], city, number, description)
    return None


# Words a description does not run past: articles, prepositions, question words, verbs of the question.
_BOUNDS = frozenset("the a an this that for of in on about with to by from at what which who how is are was were "
                    "did does do has have had runs run".split())  # fmt: skip


def _bounds(word: str) -> bool:
    return _bare(word) in _BOUNDS or word[0].isdigit()


def _bare(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s").strip(".")
