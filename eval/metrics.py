"""Scoring rules for the dev set: pure functions over questions (JSONL records) and answers, no model.

A question is scored only when it carries gold (``type``, ``answer_facts`` or ``citations``); the rest are
answered and reported but not scored. Every metric of one question is ``None`` when it does not apply, and
aggregates average the questions where it does (macro over questions).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from jimuqa.answering.types import UNANSWERABLE

# Year spellings are defined once, in index.years; numbers inside them are years, not values.
from jimuqa.index.years import strip_years

UNANSWERABLE_TYPE = "unanswerable"  # the dev set's question type (eval/README.md)

# "6,954" → "6954": a comma between a digit and exactly three digits. "6,9541" keeps its comma, so it stays
# two numbers (6 and 9541) and never reads as 69541.
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_NUMERIC_FACT_RE = re.compile(r"^\d+(?:\.(\d+))?$")
_CITATION_MARKER_RE = re.compile(r"\[\d+\]")
# English answers spell small counts ("Four: 009, 093, 011 and 012").
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
_NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
# One-decimal facts are rounded percentages ("42.5" for 42.48…%): accept the unrounded value too.
ONE_DECIMAL_TOLERANCE = 0.05


# ---------------------------------------------------------------- facts


def normalise(text: str) -> str:
    """NFKC (full-width digits, letters, commas and brackets to ASCII), no thousands separators, single spaces."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _THOUSANDS_RE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def numbers_in(text: str) -> list[float]:
    """The values written in an answer, in digits or as English words up to twenty. Citation markers ``[2]``
    and fiscal years (令和2年度, R02, FY2020) are not values, so they are removed first; otherwise fact ``"2"``
    would match every answer about R02."""
    text = strip_years(_CITATION_MARKER_RE.sub(" ", normalise(text)))
    words = [float(_NUMBER_WORDS.index(word.lower())) for word in _NUMBER_WORD_RE.findall(text)]
    return [float(match) for match in _NUMBER_RE.findall(text)] + words


def contains_fact(answer_text: str, fact: str | int | float) -> bool:
    """Whether the answer states ``fact``.

    A fact that is a number (``"6,954"``, ``"1.40"``, ``42.5``) matches an equal number in the text, read whole:
    ``"6954千円"`` and ``"6,954"`` match, ``"16,954"`` and ``"6,9541"`` do not. A fact with one decimal matches
    within ±0.05. Any other fact is a substring of the text after normalising both sides, ignoring case and
    whitespace (PDF-extracted Japanese breaks lines mid-word).
    """
    fact_text = normalise(fact)
    numeric = _NUMERIC_FACT_RE.match(fact_text)
    if numeric:
        value = float(fact_text)
        decimals = numeric.group(1)
        tolerance = ONE_DECIMAL_TOLERANCE if decimals is not None and len(decimals) == 1 else 1e-9
        return any(abs(found - value) <= tolerance for found in numbers_in(answer_text))
    return _squeeze(fact_text) in _squeeze(normalise(answer_text))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def fact_accuracy(answer_text: str, facts: Sequence[str | int | float]) -> float | None:
    """Share of ``facts`` the answer states; None when there are none to find."""
    if not facts:
        return None
    return sum(contains_fact(answer_text, fact) for fact in facts) / len(facts)


# ---------------------------------------------------------------- citations and retrieval

Pair = tuple[str, str]  # (sheet, section)


def pairs(citations: Iterable[Any]) -> set[Pair]:
    """(sheet, section) pairs from Citation objects, Hits or dicts with those keys."""
    found = set()
    for item in citations:
        if isinstance(item, dict):
            found.add((str(item["sheet"]), str(item["section"])))
        else:
            found.add((str(item.sheet), str(item.section)))
    return found


def citation_precision(cited: set[Pair], gold: set[Pair]) -> float | None:
    """Share of cited pairs that are gold. Citing nothing for a question with gold scores 0: every claim must
    be cited. None when there is no gold (unanswerable questions: what a refusal cites is not judged)."""
    if not gold:
        return None
    if not cited:
        return 0.0
    return len(cited & gold) / len(cited)


def citation_recall(cited: set[Pair], gold: set[Pair]) -> float | None:
    if not gold:
        return None
    return len(cited & gold) / len(gold)


def retrieved_pairs(hits: Iterable[Any]) -> list[Pair]:
    """The (sheet, section) pairs a list of hits holds, in rank order. A hit that spans several sections (the
    baseline's large chunks list them in ``sections``) counts for each of them."""
    found: list[Pair] = []
    for hit in hits:
        for pair in getattr(hit, "sections", None) or [(hit.sheet, hit.section)]:
            if pair not in found:
                found.append((str(pair[0]), str(pair[1])))
    return found


def retrieval_recall(retrieved: Iterable[Pair], gold: set[Pair]) -> float | None:
    """Share of gold sections among the retrieved ones (the runner asks the retriever for its top k)."""
    if not gold:
        return None
    return len({tuple(pair) for pair in retrieved} & gold) / len(gold)  # pairs read back from JSON are lists


# ---------------------------------------------------------------- abstention


def is_unanswerable(question: dict) -> bool:
    """Gold says the sheets hold no answer: the type, or both gold lists present and empty."""
    if question.get("type") == UNANSWERABLE_TYPE:
        return True
    return (
        "answer_facts" in question
        and "citations" in question
        and not question["answer_facts"]
        and not question["citations"]
    )


def abstention_correct(question: dict, kind: str) -> bool:
    """Unanswerable questions must be refused (kind ``unanswerable``); answerable ones must not be."""
    return (kind == UNANSWERABLE) == is_unanswerable(question)


# ---------------------------------------------------------------- language

_HIRAGANA_RE = re.compile(r"[\u3041-\u309f]")
_JAPANESE_RE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff\uff66-\uff9f]")
# Spans that are quotations or names, not the answer's own words.
# Innermost spans only (no opening bracket inside), removed until none is left, so nested quotes
# (「警察庁「…検討会」へ…」) go as a whole.
_QUOTED_RE = re.compile(r"「[^「」]*」|『[^『』]*』|“[^“”]*”|\"[^\"]*\"|\([^()]*\)|（[^（）]*）|【[^【】]*】|`[^`]*`")
# Japanese grammar: predicate endings and case particles. Project names carry の, と and kana (つくば), but
# few of these, so a name pasted into an English sentence does not make it Japanese.
_JA_GRAMMAR_RE = re.compile(r"でした|ました|ません|です|ます|である|している|された|した|して|[はがをにでも]")
_EN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|[。！？\n]")


def detect_lang(text: str) -> str:
    """``ja`` when the text has any kana or kanji, else ``en``: how a question's language is guessed."""
    return "ja" if _JAPANESE_RE.search(text or "") else "en"


def sentence_lang(sentence: str) -> str | None:
    """``en``, ``ja`` or None (numbers, names, headings: too little to tell) for one sentence, quotes removed.

    Japanese weight = grammar marks (です, ました, は, を, に …) + hiragana / 4. Prose scores high; a project
    name pasted into an English sentence scores at most about 2.5 (012's name: に and 6 hiragana).
    English: at least two Latin words, and no fewer than the Japanese weight.
    Japanese: weight of at least 3, and more than the Latin words.
    """
    words = len(_EN_WORD_RE.findall(sentence))
    weight = len(_JA_GRAMMAR_RE.findall(sentence)) + len(_HIRAGANA_RE.findall(sentence)) / 4
    if words >= 2 and words >= weight:
        return "en"
    if weight >= 3 and weight > words:
        return "ja"
    return None


def own_sentences(text: str) -> list[str]:
    """The answer's own sentences: citation markers, quotations (「…」, "…", (…), blockquote lines) removed."""
    kept = [line for line in (text or "").splitlines() if not line.lstrip().startswith(">")]
    body = _CITATION_MARKER_RE.sub(" ", "\n".join(kept))
    removed = 1
    while removed:
        body, removed = _QUOTED_RE.subn(" ", body)
    return [piece.strip() for piece in _SENTENCE_SPLIT_RE.split(body) if piece.strip()]


def script_matches(text: str, lang: str) -> bool:
    """No sentence of the answer's own is in the other language (see ``sentence_lang``)."""
    other = "ja" if lang == "en" else "en"
    return all(sentence_lang(sentence) != other for sentence in own_sentences(text))


def language_match(question_lang: str, answer_lang: str, answer_text: str) -> bool:
    """The answer declares the question's language and its own sentences are written in it."""
    return answer_lang == question_lang and script_matches(answer_text, question_lang)


# ---------------------------------------------------------------- one question


@dataclass
class QuestionScore:
    id: str
    type: str | None
    lang: str
    scored: bool
    kind: str
    facts_found: list[bool] = field(default_factory=list)
    fact_accuracy: float | None = None
    citation_precision: float | None = None
    citation_recall: float | None = None
    abstention_correct: bool | None = None
    language_match: bool | None = None
    retrieval_recall: float | None = None
    latency_ms: float | None = None
    answer_chars: int = 0  # pasting whole sections finds more facts; the length shows what it costs a reader
    generated: bool = False  # a language model's answer was shown (generative mode)
    fallback: bool = False  # a model's answer was asked for, failed its check or time limit, and was not shown
    error: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


def has_gold(question: dict) -> bool:
    return any(key in question for key in ("type", "answer_facts", "citations"))


def answer_record(answer: Any) -> dict:
    """An answer as the JSON shape of ``Answer.to_json()`` (keys ``answer``, ``lang``, ``kind``, ``citations``)."""
    return answer if isinstance(answer, dict) else answer.to_json()


def score_question(question: dict, answer: Any, retrieved: Sequence[Pair] | None = None) -> QuestionScore:
    """Every metric of one question. ``answer`` is an ``Answer`` or its ``to_json()``; ``retrieved`` the
    (sheet, section) pairs the retriever returned for the question, best first."""
    record = answer_record(answer)
    text = record.get("answer") or ""
    lang = question.get("lang") or detect_lang(question["question"])
    score = QuestionScore(
        id=question["id"],
        type=question.get("type"),
        lang=lang,
        scored=has_gold(question),
        kind=record.get("kind", ""),
        latency_ms=record.get("wall_ms", record.get("latency_ms")),
        answer_chars=len(text),
        generated=record.get("mode") == "generative",
        fallback=record.get("fallback") is not None,
        error=record.get("error"),
    )
    if not score.scored:
        return score
    facts = question.get("answer_facts") or []
    gold = pairs(question.get("citations") or [])
    cited = pairs(record.get("citations") or [])
    score.facts_found = [contains_fact(text, fact) for fact in facts]
    score.fact_accuracy = fact_accuracy(text, facts)
    score.citation_precision = citation_precision(cited, gold)
    score.citation_recall = citation_recall(cited, gold)
    score.abstention_correct = abstention_correct(question, score.kind)
    score.language_match = language_match(lang, record.get("lang", ""), text)
    if retrieved is not None:
        score.retrieval_recall = retrieval_recall(retrieved, gold)
    return score


# ---------------------------------------------------------------- aggregates

HEADLINE = (
    "fact_accuracy",
    "citation_precision",
    "citation_recall",
    "abstention",
    "language_match",
    "retrieval_recall@5",
    "latency_p50_ms",
    "latency_p95_ms",
    "answer_chars_p50",
    "fallback_rate",
)


def mean(values: Iterable[float | bool | None]) -> float | None:
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def percentile(values: Iterable[float | None], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), ``q`` in 0–100."""
    ordered = sorted(float(v) for v in values if v is not None)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(scores: Sequence[QuestionScore]) -> dict:
    """Headline metrics over ``scores``; latency over every answered question, the rest over scored ones."""
    scored = [s for s in scores if s.scored]
    return {
        "n": len(scores),
        "scored": len(scored),
        "errors": sum(1 for s in scores if s.error),
        "fact_accuracy": mean(s.fact_accuracy for s in scored),
        "citation_precision": mean(s.citation_precision for s in scored),
        "citation_recall": mean(s.citation_recall for s in scored),
        "abstention": mean(s.abstention_correct for s in scored),
        "language_match": mean(s.language_match for s in scored),
        "retrieval_recall@5": mean(s.retrieval_recall for s in scored),
        "latency_p50_ms": percentile((s.latency_ms for s in scores), 50),
        "latency_p95_ms": percentile((s.latency_ms for s in scores), 95),
        "answer_chars_p50": percentile((s.answer_chars for s in scores), 50),
        "fallback_rate": fallback_rate(scores),
    }


def fallback_rate(scores: Sequence[QuestionScore]) -> float | None:
    """Share of the answers a model was asked to phrase that were shown extractive instead; None if none were."""
    attempted = [s for s in scores if s.generated or s.fallback]
    return sum(s.fallback for s in attempted) / len(attempted) if attempted else None


def breakdown(scores: Sequence[QuestionScore], key: str) -> dict[str, dict]:
    """``summarise`` per value of ``key`` (``type`` or ``lang``); unscored questions without a type under "-"."""
    groups: dict[str, list[QuestionScore]] = {}
    for score in scores:
        groups.setdefault(getattr(score, key) or "-", []).append(score)
    return {name: summarise(group) for name, group in sorted(groups.items())}
