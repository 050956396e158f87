"""A question as the rest of the pipeline reads it: normalised text, language and years."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from jimuqa.answering.vocabulary import TYPOS
from jimuqa.index.years import find_years

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_HIRAGANA_RE = re.compile(r"[\u3041-\u3096]")
_ENGLISH_WORDS = {
    "what",
    "which",
    "how",
    "who",
    "when",
    "where",
    "why",
    "is",
    "was",
    "were",
    "are",
    "did",
    "does",
    "do",
    "the",
    "a",
    "of",
    "for",
    "and",
    "in",
    "many",
    "much",
    "project",
    "projects",
    "budget",
    "tell",
    "me",
    "its",
    "it",
    "about",
    "there",
    "any",
    "with",
    "to",
    "their",
    "get",
    "by",
    "from",
    "on",
    "spend",
    "show",
}


@dataclass
class Query:
    original: str
    text: str  # NFKC, typos fixed, Latin lower-cased, single spaces
    lang: str  # "ja" or "en"
    years: list[str] = field(default_factory=list)

    def has(self, pattern: str) -> bool:
        return compiled(pattern).search(self.text) is not None


@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled once: the patterns made of the catalogue's words outnumber ``re``'s own cache (512), which
    would compile them again for every question."""
    return re.compile(pattern)


# A negative contraction typed with a curly apostrophe or none ("didn’t", "didnt"): the negation it is
_NEGATIVE_CONTRACTION_RE = re.compile(r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should)n[’‘`]?t\b")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", _CONTROL_RE.sub(" ", text))
    text = re.sub(r"\s+", " ", text).strip().replace("’", "'")
    # (before the case is lost: a full stop before a capital ends a sentence)
    text = _ABBREVIATION_RE.sub(lambda m: ABBREVIATIONS[m[1].lower()], _IT.sub("information", text)).lower()
    text = _NEGATIVE_CONTRACTION_RE.sub(r"\1n't", text)
    for said, word in SAME_IN_ENGLISH:
        text = said.sub(word, text)
    for wrong, right in TYPOS.items():
        text = text.replace(wrong, right)
    for said, digits in KANA_COUNTS.items():
        text = text.replace(said, digits)
    return text


# A count of one typed in kana (「いっこあたり」): in digits, as the tokeniser reads it (it splits 「合計といっこ」 into
# 「とい」「っこ」).
KANA_COUNTS = {"いっこ": "1個", "ひとつ": "1つ", "いっけん": "1件"}


# English words for what the sheets' words mean in other words (登録: "registered", as "signed up" and "enrolled" say)
SAME_IN_ENGLISH = tuple((re.compile(said), word) for said, word in (
    (r"\bsign(?:ed|s|ing)? up\b", "registered"), (r"\benrol(?:l|ls|led|ling|s)?\b", "registered"),
    (r"\benrol(?:l)?ment\b", "registration"), (r"\bcheck(?:ed|s|ing)? out\b", "loaned"),  # a library's items
    (r"\bbrought in\b", "got"), (r"\bbring(s?) in\b", r"get\1"),  # money taken in
    (r"(?<![\w.'])r(?![\w.'])(?!\s*\d)", "are"), (r"(?<![\w.'])u(?![\w.'])", "you"),  # texting ("why r they")
    (r"\bfy\b(?!\s*'?\d)", "fiscal year"),  # "this FY" (not "FY2024", "FY 2024")
))  # fmt: skip
# English abbreviations people type for the words the form's labels use ("national govt money", "fisheries dept")
ABBREVIATIONS = {"govt": "government", "gov't": "government", "dept": "department", "depts": "departments",
                 "yr": "year", "yrs": "years", "equiv": "equivalent", "approx": "approximately", "amt": "amount",
                 "incl": "including", "excl": "excluding", "w/o": "without", "w/": "with", "acct": "account",
                 "nhi": "national health insurance", "pref": "prefectural", "natl": "national", "nat'l": "national"}
# "IT" in capitals is information (technology), as names say it (情報システム), not the pronoun "it"
_IT = re.compile(r"\bIT\b")
# (with its full stop inside a sentence: "staff equiv. were on it" is one clause, not two)
_ABBREVIATION_RE = re.compile(rf"(?<![\w'])((?i:{'|'.join(map(re.escape, ABBREVIATIONS))}))(?:\.(?= [a-z]))?(?![\w'])")


def detect_language(text: str) -> str:
    """``en`` when the question's own words are English, even if it quotes Japanese names."""
    english = sum(1 for word in re.findall(r"[A-Za-z]+", text) if word.lower() in _ENGLISH_WORDS)
    hiragana = len(_HIRAGANA_RE.findall(_strip_quoted(text)))
    if english >= 2 and english * 2 >= hiragana:
        return "en"
    return "ja" if _JAPANESE_RE.search(text) else "en"


def _strip_quoted(text: str) -> str:
    # Japanese names quoted in an English question should not make it Japanese.
    return re.sub(r"「[^」]*」|『[^』]*』|\"[^\"]*\"", "", text)


# English in brackets right after Japanese ("the 科学の街推進係 (Science City Promotion section)") says the name before it
# again for the reader: the question asks about the name once. (Not an aside that says something of its own: "the
# 一般財源 (not the national subsidies)".)
_GLOSS_RE = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s*[(（]\s*([A-Za-z][A-Za-z &'’.,/-]*)[)）]")
_ASIDE_RE = re.compile(r"\b(?:not|no|non|except|excluding|without|only|but|or|than|more|less|over|under|least|most|"
                       r"including|with|per|each|all|any)\b", re.IGNORECASE)


# Words in brackets after a score that say where it stands on its scale ("rated 5 (top)", "3 (medium)"): the score
# is asked, not a ranking of the top.
_SCORE_GLOSS_RE = re.compile(r"(?<=\d)\s*[(（]\s*(?:the\s+)?(?:top|highest|lowest|bottom|best|worst|max(?:imum)?|"
                             r"min(?:imum)?|high|low|medium|mid(?:dle)?)(?:\s+(?:score|rating|level|grade|mark))?\s*[)）]",
                             re.IGNORECASE)


def without_glosses(question: str) -> str:
    question = _SCORE_GLOSS_RE.sub("", question)
    return _GLOSS_RE.sub(lambda m: m[0] if _ASIDE_RE.search(m[1]) else "", question)


def through_its_bracket(text: str, start: int, end: int) -> int:
    """The end of words of ``text`` that opened a bracket they did not close ("the tokku (special zone) project"):
    after the bracket, so that what is put in their place does not cut the question's own words."""
    opened = sum(text.count(b, start, end) for b in "(（") - sum(text.count(b, start, end) for b in ")）")
    close = re.match(r"\s*[)）]", text[end:]) if opened > 0 else None
    return end + close.end() if close else end


def parse_query(question: str) -> Query:
    text = normalise_text(question)
    return Query(original=question, text=text, lang=detect_language(question), years=find_years(text))
