"""Honest refusals: what the sheets cover (from the table), questions about nothing on them, cities the
corpus does not hold, and details a narrative answer cannot give.

Four rules, each read from the build, never from a word list about one corpus:

- **Coverage.** Every refusal that says what the sheets cover builds the sentence from the table: the
  cities, their fiscal years, departments, number of projects and the sections their sheets print.
- **Off topic.** A question that names no project, no catalogue field and no section topic, one of whose
  content words (nouns; English words the glossary does not translate) occurs nowhere in the sheets (the
  keyword index's tokens), and none of whose words is specific to a few passages (``SPECIFIC_SHARE``), is
  refused; the refusal names the words the sheets do not have (the parser's unplaced words first).
- **Other cities.** A place name followed by 市・町・村 (Sudachi's 地名), or "X City" / "city of X" in English,
  that is not a city of the table (by name or by reading) and that no sheet's text mentions is refused,
  naming it. A city the table holds is never refused.
- **Absent details.** A narrative question asking for a date, a number of people, a count of things or a name
  (``DETAIL_KINDS``: cue words → detector) whose chosen sentences hold no such detail is told so, with the
  closest passage quoted and cited.
"""

from __future__ import annotations

import functools
import itertools
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jimuqa.answering import phrases as p
from jimuqa.answering import vocabulary as v
from jimuqa.answering.catalogue import UNIT_FIELDS
from jimuqa.answering.cities import MUNICIPAL_SUFFIXES, english_name, roman_key, romanised, stem
from jimuqa.answering.normalise import Query, compiled
from jimuqa.answering.projects import translate
from jimuqa.answering.types import UNANSWERABLE, Answer
from jimuqa.index.glosses import english_stem, english_words, installed_dictionary
from jimuqa.index.importers import BY_FORM, IMPORTERS
from jimuqa.index.japanese import morphemes
from jimuqa.index.search.keywords import saved_tokens, tokenise
from jimuqa.index.sections import FORM_SECTION_KINDS
from jimuqa.index.years import ERA_YEAR_PRINTED, find_years, western
from jimuqa.settings import BM25_DIR

OFF_TOPIC = "off_topic"
SHORT_GLOSS = 3  # words of a gloss that says what a word is ("smart city"), not a note on a use of it
# Refusals that end by saying what the sheets cover.
WITH_COVERAGE = ("unknown_project", "no_project", "not_on_sheets", "not_found", "other_city", OFF_TOPIC, "future", "a_day")
MAX_DEPARTMENTS = 3  # per city in the coverage sentence; the rest are counted
# A word in at most this share of the indexed passages ties a question to some of them (グルノーブル, TGI); a
# word in more (市長, 事業) does not, so a question whose other words are not on the sheets is refused.
SPECIFIC_SHARE = 0.1


# ---- what the sheets cover ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityCover:
    city: str
    years: tuple[str, ...]  # fiscal year codes, oldest first
    departments: tuple[str, ...]
    sheets: int
    sections: tuple[tuple[str, str], ...]  # (heading as printed, English title), in print order


@dataclass(frozen=True)
class Coverage:
    """What one build's table holds, per city."""

    cities: tuple[CityCover, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.city for c in self.cities)

    @property
    def sheets(self) -> int:
        return sum(c.sheets for c in self.cities)

    @property
    def latest_year(self) -> str | None:
        years = [y for c in self.cities for y in c.years]
        return max(years) if years else None

    def covered(self, lang: str) -> str:
        """「つくば市の令和2年度の10事業（…課）: 事業の基本情報、…」 for each city, from the table."""
        return ("。" if lang == "ja" else "; ").join(_city_text(c, lang) for c in self.cities)

    def city_names(self, lang: str) -> str:
        if lang == "ja":
            return "・".join(self.names)
        return ", ".join(f"{english_name(c)} ({c})" for c in self.names)


def _city_text(c: CityCover, lang: str) -> str:
    years = ("・" if lang == "ja" else ", ").join(p.year_label(y, lang) for y in c.years)
    shown, more = c.departments[:MAX_DEPARTMENTS], len(c.departments) - MAX_DEPARTMENTS
    if lang == "ja":
        departments = "、".join(shown) + (f"ほか{more}部課" if more > 0 else "")
        sections = "、".join(heading for heading, _ in c.sections)
        return f"{c.city}の{years}の{c.sheets}事業のシート（{departments}）: {sections}"
    departments = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    sections = ", ".join(f"{title.lower()} ({heading})" for heading, title in c.sections)
    name = f"{english_name(c.city)} ({c.city})"
    return f"{c.sheets} project sheets of {name} for {years} ({departments}): {sections}"


def coverage(db: sqlite3.Connection) -> Coverage:
    """The table's cities, years, departments, sheet counts and section headings."""
    rows = _sheet_rows(db)
    by_city: dict[str, dict] = {}
    for city, form, year, department in rows:
        entry = by_city.setdefault(city, {"years": set(), "departments": {}, "forms": {}, "sheets": 0})
        entry["years"].add(year)
        entry["sheets"] += 1
        entry["forms"][form] = None
        if department:
            entry["departments"][department] = None
    printed = _section_headings(db)
    cities = []
    for city, entry in by_city.items():
        sections: dict[tuple[str, str], None] = {}
        for form in entry["forms"]:
            for kind in FORM_SECTION_KINDS.get(form, ()):
                if (form, kind.id) in printed or not printed:
                    sections[(printed.get((form, kind.id), kind.heading), kind.title_en)] = None
        cities.append(
            CityCover(
                city, tuple(sorted(entry["years"])), tuple(entry["departments"]), entry["sheets"], tuple(sections)
            )
        )
    return Coverage(tuple(sorted(cities, key=lambda c: c.city)))


def _sheet_rows(db: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """(city, form, fiscal year, department) of each sheet. A table built before the city column has its
    city from its form's importer; before the form column, from the one form there was."""
    for sql in (
        "SELECT city, form, fiscal_year, department FROM sheets ORDER BY rowid",
        "SELECT NULL, form, fiscal_year, department FROM sheets ORDER BY rowid",
        "SELECT NULL, NULL, fiscal_year, department FROM sheets ORDER BY rowid",
    ):
        try:
            rows = db.execute(sql).fetchall()
        except sqlite3.OperationalError:
            continue
        out = []
        for city, form, year, department in rows:
            importer = BY_FORM.get(form) or IMPORTERS[0]
            out.append((city or importer.city, importer.form, year, department))
        return out
    return []


def _section_headings(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(form, section id) → the heading the table prints for it."""
    try:
        rows = db.execute(
            "SELECT DISTINCT s.form, x.section, x.heading FROM sections x JOIN sheets s ON s.id = x.sheet_id"
        ).fetchall()
    except sqlite3.OperationalError:
        rows = [(IMPORTERS[0].form, r[0], r[1]) for r in db.execute("SELECT DISTINCT section, heading FROM sections")]
    return {(form, section): heading for form, section, heading in rows}


@dataclass(frozen=True)
class SheetWords:
    """The sheets' words as the keyword index cut them, with how many indexed passages hold each."""

    frequency: dict[str, int]
    passages: int

    def has(self, word: str) -> bool:
        """Whether the sheets' text has ``word`` (each of its keyword tokens; a word with none counts)."""
        return all(token in self.frequency for token in tokenise(word))

    def specific(self, word: str) -> bool:
        """Whether ``word`` is on the sheets and some token of it is in few passages (``SPECIFIC_SHARE``)."""
        tokens = tokenise(word)
        return (
            bool(tokens) and self.has(word) and any(self.frequency[t] <= SPECIFIC_SHARE * self.passages for t in tokens)
        )

    @classmethod
    def read(cls, build_dir: Path) -> SheetWords | None:
        """From the keyword index's saved tokens (None when the build has no search index)."""
        try:
            by_passage = saved_tokens(Path(build_dir) / BM25_DIR)
        except ValueError:
            return None
        frequency: dict[str, int] = {}
        for tokens in by_passage.values():
            for token in set(tokens):
                frequency[token] = frequency.get(token, 0) + 1
        return cls(frequency, len(by_passage))


# The live build's coverage and words: one build at a time, so a long-running app does not keep every old one.
_cache: tuple[Path, tuple[Coverage, SheetWords | None]] | None = None
_cache_lock = threading.Lock()


def coverage_of(engine) -> Coverage:
    return _of(engine)[0]


def words_of(engine) -> SheetWords | None:
    """The sheets' words of the engine's build (None without a search index)."""
    return _of(engine)[1] if engine.retriever is not None else None


def _of(engine) -> tuple[Coverage, SheetWords | None]:
    # A build directory is never rewritten (builds swap whole), so its path keys what it holds.
    global _cache
    key = Path(engine.build_dir)
    with _cache_lock:
        if _cache is None or _cache[0] != key:
            _cache = (key, (coverage(engine.db), SheetWords.read(key)))
        return _cache[1]


# ---- refusal texts --------------------------------------------------------------------------------------


def refuse(
    query: Query, reason: str, detail: str = "", engine=None, limit: int = 0, words: list[str] | None = None
) -> Answer:
    """The refusal for ``reason``; with an engine, the cities and years come from its table, and the reasons
    in ``WITH_COVERAGE`` end by saying what the sheets cover. ``words``: the question's words the sheets
    do not have, named first."""
    cover = coverage_of(engine) if engine is not None else None
    if words is None and engine is not None and reason == "not_found":
        words = unseen_words(query, engine)
    ja, en = p.REFUSALS.get(reason, p.REFUSALS["not_found"])
    fields = {"detail": detail, "limit": limit, "cities": "", "latest": ""}
    if cover is not None:
        fields["cities"] = cover.city_names(query.lang)
        fields["latest"] = p.year_label(cover.latest_year, query.lang) if cover.latest_year else ""
    text = p.say(query.lang, ja, en).format(**fields)
    if words:
        text = _absent_words(words, query.lang) + text
    rows: list[dict] = []
    if cover is not None and reason in WITH_COVERAGE:
        rows.append({"metric": "sheets", "value": cover.sheets})
        text += " " + p.say(query.lang, *p.NEAREST).format(covered=cover.covered(query.lang))
    notes = [f"refused: {reason}"] + ([f"not on the sheets: {', '.join(words)}"] if words else [])
    return Answer(query.original, text, query.lang, UNANSWERABLE, rows=rows, notes=notes)


def beyond_the_sheets(query: Query, engine, cities: tuple[str, ...], asked: list[str] | None = None) -> Answer | None:
    """The refusal of a question about a year after the last one the sheets in scope have a column for
    (「令和9年度はいくらになりそう?」 of sheets that end with 令和7年度's plan): the future, not another year's
    passages. None when every year it names is on the sheets, or it names none. ``asked``: the years the parser
    read (a relative one too, "next year's"); by default those the text names."""
    asked = find_years(query.text) if asked is None else asked
    latest = _last_column(engine.db, tuple(cities)) if asked else None
    if latest is None or all(western(year) <= western(latest) for year in asked):
        return None
    return refuse(query, "future", engine=engine)


@functools.lru_cache(maxsize=16)
def _last_column(db: sqlite3.Connection, cities: tuple[str, ...]) -> str | None:
    where = f"WHERE s.city IN ({', '.join('?' * len(cities))})" if cities else ""
    years = {year for table in ("costs", "figures", "indicator_values", "indicator_figures")
             for (year,) in db.execute(f"SELECT DISTINCT t.year FROM {table} t JOIN sheets s ON s.id = t.sheet_id {where}",
                                       cities) if year}  # fmt: skip
    return max(years, key=western) if years else None


def _absent_words(words: list[str], lang: str) -> str:
    if lang == "ja":
        return "・".join(f"『{w}』" for w in words) + "はシートに載っていません。"
    return ", ".join(f'"{w}"' for w in words) + (" is" if len(words) == 1 else " are") + " not on the sheets. "


def absent(unplaced: list[str], engine) -> list[str]:
    """The words of ``unplaced`` nowhere on the sheets, in Japanese or as the sheets' Japanese for an English word
    ("garbage": ゴミ, 廃棄物), and not a city the table holds."""
    words = words_of(engine)
    if words is None:
        return []
    cities = _city_words(coverage_of(engine))
    translated = engine.retriever.keywords.japanese_for
    return [w for w in dict.fromkeys(unplaced) if w.lower() not in cities and not words.has(w) and not translated(w)]


# An amount asked right after a word (「年収っていくら」「年収は何円」)
_AMOUNT = r"(?:いくら|何人|何件|何円|何[%％]|何回|何発|何個|何本|何台|何か所|何箇所|どのくらい|どれくらい)"
_AMOUNT_ASKED_OF = r"\s*(?:って|は|が|も)?\s*" + _AMOUNT
# the question's topic, set off before what it asks (「花火大会って、毎年何発くらい」): the amount is of it, or its
# change (「筑波山の観光客数って最近増えてる」). The topic is a noun run (no kana particle in it: 「ちなみに職員は何人分」
# sets off 職員, not ちなみ), or the word's の another's (「筑波山の観光客数」: a count of the word's)
_CHANGE = r"(?:増え|減っ|減り|伸び)"
_TOPIC_ASKED_OF = (r"[^、。？?！!ぁ-ゖ]{0,4}?(?:の[^、。？?！!ぁ-ゖ]{1,8}?)?(?:って|とは|は)[、,\s]*[^、。？?！!]{0,8}?"
                   rf"(?:{_AMOUNT}|{_CHANGE})")


def amount_of_absent(missing: list[str], query: Query, engine) -> list[str]:
    """Of ``missing`` (``absent``), the nouns a Japanese question asks an amount of (「課長さんって年収いくら」), or that
    begin it as the topic an amount is asked of (「花火大会って、毎年何発くらい」): the figure asked is of a thing the
    sheets never name, whatever figure the rest of the question finds. (Not a noun
    said as an adverb: 「結局いくら集まった」.)"""
    if query.lang != "ja" or not missing:
        return []
    nouns = set(content_words(query, coverage_of(engine)))
    return [w for w in missing if w in nouns and (re.search(re.escape(w) + _AMOUNT_ASKED_OF, query.text)
                                                  or re.match(r"[^、。？?！!]*?" + re.escape(w) + _TOPIC_ASKED_OF, query.text))]


def topic_words(found: list[str], query: Query, engine) -> list[str]:
    """Of ``found`` (words of ``query``), those that could name a topic (``content_words``)."""
    topics = set(content_words(query, coverage_of(engine))) if found else set()
    return [w for w in found if w in topics]


def left_unanswered(missing: list[str], lang: str) -> str | None:
    """The line an answer ends with when words of the question are nowhere on the sheets (``absent``; 「事業097の
    予算額と天気は?」 is answered for 097's budget and says that 天気 is not): the part it names was not answered."""
    if not missing:
        return None
    return _absent_words(missing, lang).strip() + p.say(lang, "その部分には答えていません。", " That part is not answered.")


def proper_names(question: str, words: list[str]) -> list[str]:
    """Of ``words`` (lower case, from an English question), those the question capitalises where a sentence does
    not begin, standing alone: a name ("How much does Yokohama spend…"), so the question is about something the
    sheets lack. Capitalised words side by side are a title, often a project's name in English."""
    names = []
    for word in words:
        for m in re.finditer(rf"(?<![A-Za-z]){re.escape(word)}(?![a-z])", question, re.IGNORECASE):
            before, after = question[: m.start()].rstrip(), question[m.end() :].lstrip()
            capital = m.group(0)[:1].isupper() and before and before[-1] not in ".?!:;\"'(「"
            # (the word before, when it begins the sentence, is capitalised for that: "What's Rikuzentakata's …")
            previous = before.rsplit(maxsplit=1)
            starts = len(previous) < 2 or previous[0].rstrip()[-1:] in ".?!"
            in_title = (bool(previous) and _capitalised_word(previous[-1]) and not starts) or _capitalised_word(
                after.split()[0] if after.split() else ""
            )
            if capital and not in_title:
                names.append(m.group(0))
                break
    return names


def _capitalised_word(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


# ---- questions about nothing on the sheets ----------------------------------------------------------------

# Parts of a parse that tie a question to the sheets: a project, a field, a value, a heading, a measure.
NAMING_PARTS = ("project", "field", "value", "heading", "named")


def off_topic(query: Query, plan, engine) -> Answer | None:
    """The refusal of a question that names nothing the sheets hold and has words they lack; None otherwise."""
    if plan.projects or plan.has_fields or plan.filters or _section_cue(query):
        return None
    words = words_of(engine)
    if words is None:
        return None
    from jimuqa.answering.reader import understand  # the parse is cached: the engine read it just before

    understanding = understand(query.original, None, engine.words)
    if any(part.kind in NAMING_PARTS for parse in understanding.parses for part in parse.parts):
        return None
    cover = coverage_of(engine)
    content = content_words(query, cover)
    unseen = [w for w in content if not words.has(w)]
    if not unseen or any(words.specific(w) for w in content):
        return None
    named = [w for w in understanding.unplaced if not words.has(w) and w.lower() not in _city_words(cover)]
    return refuse(query, OFF_TOPIC, engine=engine, words=named or unseen)


def unseen_words(query: Query, engine) -> list[str]:
    """The question's content words that occur nowhere in the sheets (empty without a keyword index): not words
    the parser reads ("largest", "combined"), nor English words with the sheets' Japanese for them."""
    from jimuqa.answering.understand import read_parts

    words = words_of(engine)
    if words is None:
        return []
    read = set()
    if getattr(engine, "words", None) is not None:
        parse = read_parts(query.text, engine.words)
        read = {w for p in parse.parts for w in re.findall(r"[^\s]+", parse.text[p.start : p.end].lower())}
    retriever = getattr(engine, "retriever", None)
    translated = retriever.keywords.japanese_for if retriever is not None else (lambda word: "")
    return [w for w in content_words(query, coverage_of(engine))
            if not words.has(w) and w.lower() not in read and not translated(w)]  # fmt: skip


def _section_cue(query: Query) -> bool:
    return any(query.has(pattern) for pattern in v.NARRATIVE_SECTIONS.values())


def content_words(query: Query, cover: Coverage) -> list[str]:
    """The question's nouns (Japanese) or words (English) that could name a topic: not function words, not
    numbers or years, not nouns said as adverbs of time (今日, 最近), not the names of the table's cities."""
    from jimuqa.answering.narrative import ENGLISH_STOPWORDS
    from jimuqa.answering.understand import FUNCTION_WORDS_EN, FUNCTION_WORDS_JA

    city_words = _city_words(cover)
    if query.lang == "en":  # the glossary's words become the sheets' Japanese; the Latin words left are checked
        text = translate(ENGLISH_STOPWORDS.sub(" ", query.text))
        words = [w for w in re.findall(r"[a-z][a-z'-]+", text) if len(w) > 2]
        words = [w.removesuffix("'s") for w in words]
        return [w for w in dict.fromkeys(words) if w not in FUNCTION_WORDS_EN and w not in city_words]
    out = []
    for m in morphemes(query.text):
        surface, pos, lemma = m.surface, m.pos, m.lemma
        if pos[0] != "名詞" or pos[1] == "数詞" or pos[2] == "副詞可能" or len(surface) < 2 or re.fullmatch(r"[\da-z.]+", surface):
            continue
        if lemma in FUNCTION_WORDS_JA or m.normal in FUNCTION_WORDS_JA or surface in FUNCTION_WORDS_JA or surface in city_words:
            continue
        out.append(surface)
    return list(dict.fromkeys(out))


def _city_words(cover: Coverage) -> set[str]:
    """How a question names the table's cities: つくば市, つくば, tsukuba (a scope, not a topic)."""
    return {w for city in cover.names for w in (city, stem(city), romanised(city))}


# ---- cities ------------------------------------------------------------------------------------------------

_EN_CITY = re.compile(r"\b([A-Z][A-Za-z-]+)(?:'s)?\s+[Cc]ity\b|\b[Cc]ity of\s+([A-Z][A-Za-z-]+)")
# "the Sekiya–Rokuroishi city road": a road the city runs (市道), named after places, not a city
_ROAD_AFTER = re.compile(r"[\s-]+(?:roads?|streets?|routes?|road\s+improvement)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"(?:\s+[A-Z][A-Za-z-]+)+['’\"”]?\s+(?:[Uu]nit|[Ss]ection|[Tt]eam|[Dd]ivision|[Oo]ffice|[Dd]epartment|"
                         r"[Bb]ureau)\b")


def other_city(query: Query, engine) -> Answer | None:
    """The refusal of a question naming a city the table does not hold (and no sheet mentions)."""
    cover = coverage_of(engine)
    for mention in city_mentions(query.original):
        if held(mention, cover.names) or _names_a_project(query.original, mention, engine):
            continue
        if not _mentioned(engine.db, mention) or _its_project(query.original, mention, engine):
            return refuse(query, "other_city", detail=mention, engine=engine)
    return None


def _its_project(question: str, city: str, engine) -> bool:
    """「陸前高田市の結婚支援事業」「陸前高田市のふるさと納税」「陸前高田市の図書館」, 「陸前高田市は…いくら」: a project, an
    office or spending of that city, which no sheet here is, though the sheets name the city (「陸前高田市との連携」 is
    a topic of theirs): its の is followed by 事業, by words naming a project or a unit, or it is the one asked how
    much it spends."""
    from jimuqa.answering.understand import read_parts

    text = unicodedata.normalize("NFKC", question)
    if re.search(re.escape(city) + r"(?:は|が|って|では|だと)", text) and re.search(r"いくら|何円", text):
        return True  # 「陸前高田市は三陸鉄道にいくら補助金出してるの?」: the city's own spending
    if re.search(re.escape(city) + r"(?:'s\b|\s+(?:spend|spent|spends|pay|paid|pays|budget|budgeted|run|runs|ran)\b)",
                 text, re.IGNORECASE):
        return True  # "How much did 陸前高田市 spend on its library": the same, said in English
    found = re.search(re.escape(city) + r"の([^、。,.?!]*)", text)
    if found is None:
        return False
    if "事業" in found.group(1):
        return True
    parse = read_parts(text, engine.words)
    # (「陸前高田市の図書館の運営費」: that city's office or facility, which a unit's name here reads, is its own too)
    return any(p.start == found.start(1) and (p.kind == "project" or p.kind == "value" and any(
        key in UNIT_FIELDS for key, _ in p.value)) for p in parse.parts)  # fmt: skip


def _names_a_project(question: str, mention: str, engine) -> bool:
    """Whether "X City" is words of a project's name the question names ("the Smart City project": スマートシティ;
    "Robot City Tsukuba": ロボットの街), not a city: the parser reads X as a word of the name that a short gloss of
    one of the name's words says (not "Kyoto", which a long gloss of 大学 holds)."""
    from jimuqa.answering.understand import read_parts

    dictionary = installed_dictionary()
    if not mention.endswith(" City") or dictionary is None:
        return False
    said = mention.removesuffix(" City")
    word = english_stem(said)
    parse = read_parts(unicodedata.normalize("NFKC", question).lower(), engine.words)
    at = parse.text.find(said.lower())  # in the text as read (a preface set aside is not in it)
    named = [engine.words.by_number[p.value].variants[0] for p in parse.parts
             if p.kind == "project" and p.start <= at < p.end]  # fmt: skip
    return at >= 0 and any(word in english_words(gloss) for name in named for m in morphemes(name)
                           for gloss in dictionary.glosses(m.surface) if len(gloss.split()) <= SHORT_GLOSS)  # fmt: skip


def city_mentions(question: str) -> list[str]:
    """The municipalities a question names: 「水戸市」, 「土浦市長」 → 土浦市, "Mito City" → Mito City."""
    from jimuqa.answering.understand import FUNCTION_WORDS_EN

    text = unicodedata.normalize("NFKC", question or "")
    found = []
    words = morphemes(text)
    for i, (surface, pos) in enumerate((m.surface, m.pos) for m in words):
        following = words[i + 1].surface if i + 1 < len(words) else ""
        if pos[:3] != ("名詞", "固有名詞", "地名"):
            continue
        if surface.endswith(MUNICIPAL_SUFFIXES) and len(surface) > 1:
            found.append(surface)
        elif following[:1] in MUNICIPAL_SUFFIXES:
            found.append(surface + following[0])
    latin = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))  # Ō → O
    for m in _EN_CITY.finditer(latin):
        name = m.group(1) or m.group(2)
        # "a French city", "another big city": a city described, not one named
        described = m.group(1) and re.search(r"\b(?:a|an|another|some|one|any)\s+$", latin[: m.start()], re.IGNORECASE)
        # "the Science City Promotion unit (科学の街推進係)", "the 'Science City Promotion' team": words of a unit's
        # name, not a city
        of_a_unit = _UNIT_AFTER.match(latin, m.end()) is not None or (m.group(1) and _ROAD_AFTER.match(latin, m.end()))
        if name.lower() not in FUNCTION_WORDS_EN and not described and not of_a_unit:
            found.append(f"{name} City")
    return list(dict.fromkeys(found))


def held(mention: str, cities: tuple[str, ...]) -> bool:
    """Whether ``mention`` is one of ``cities``: by name, or by its reading (筑波市, Tsukuba City)."""
    if mention in cities:
        return True
    key = roman_key(mention.removesuffix(" City")) if mention.endswith(" City") else roman_key(romanised(mention))
    return any(key == roman_key(romanised(city)) for city in cities)


def _mentioned(db: sqlite3.Connection, name: str) -> bool:
    """Whether a sheet's text names the city (a partner city the sheets write about is not 'another city')."""
    if name.endswith(" City"):
        return False
    return db.execute("SELECT 1 FROM sections WHERE instr(text, ?) > 0 LIMIT 1", (name,)).fetchone() is not None


# ---- details a narrative answer cannot give -----------------------------------------------------------


# A day (a month and day, a part of a month); a date is a day or a year said as one (「令和4年」, 年度末)
_DAY = (r"\d{1,2}\s*月|\d{1,2}\s*日|\d{4}[/.-]\d{1,2}|[上中下]旬|"
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d")
_DAY_RE = re.compile(_DAY, re.IGNORECASE)
_DATE_RE = re.compile(rf"{_DAY}|(?:令和|平成|昭和)\s*(?:元|\d{{1,2}})\s*年|\d{{4}}\s*年|年度(?:当初|末|内)", re.IGNORECASE)
# a date something began from (「昭和47年から」, 「平成24年度より」, 「令和2年に開設」): what 「いつから」 asks, not any date
_SINCE_RE = re.compile(rf"(?:{_DATE_RE.pattern})度?(?:[^、。]{{0,3}}?(?:から|より|以降|以来)|[^、。]{{0,12}}?(?:開始|設置|創設|開設|"
                       r"始ま|始め|スタート|制定|施行))", re.IGNORECASE)
_PEOPLE_RE = re.compile(r"[（(]人[)）]|\d[\d,.]*\s*(?:[万千]\s*)?(?:人|名)(?!分)|"  # (「269万人」)
                        r"\d[\d,]*\s+(?:(?:ten )?thousand )?(?:people|persons|participants)", re.IGNORECASE)
_AREA_RE = re.compile(r"\d[\d,.]*\s*(?:ha\b|ヘクタール|㎡|m2|m²|平方メートル|平米|アール|坪|km2|km²|acres?\b|hectares?\b)",
                      re.IGNORECASE)
_TIME_OF_DAY_RE = re.compile(r"\d{1,2}\s*時(?!間)|\d{1,2}:\d{2}|午前|午後|\d\s*(?:a\.?m\.?|p\.?m\.?)", re.IGNORECASE)
_DURATION_RE = re.compile(r"\d[\d,.]*\s*(?:時間|分(?!の)|km|キロ|hours?\b|minutes?\b|kilomet)", re.IGNORECASE)
_NAME_RE = re.compile(
    r"株式会社|有限会社|[（(]株[)）]|[（(][A-Z]{2,}[)）]|大学|機構|研究所|研究機関|協議会|委員会|法人|[省庁院]|市長|知事|大臣|"
    r"センター|会社|企業|財団|団体|組合|[一-龥]{1,4}(?:氏|さん)"
)


_PERSON_RE = re.compile(r"[一-龥]{1,4}(?:氏|さん|様)|市長|副市長|知事|大臣|理事長|会長|社長|学長|所長|代表者")


def _has_name(text: str) -> bool:
    return bool(_NAME_RE.search(text)) or _has_proper_name(text)


def _has_proper_name(text: str) -> bool:
    """A proper noun that is no place's name, nor an era's of a year printed (令和7年度), nor one character cut from
    a word the dictionary lacks (斎 of 「おおふなと斎苑」, a facility's name)."""
    return any(m.pos[:2] == ("名詞", "固有名詞") and m.pos[2] != "地名" and len(m.surface) > 1
               and not ERA_YEAR_PRINTED.match(text, m.begin) for m in morphemes(text))  # fmt: skip


# what a company's name is written with (a council or a committee is no company; 「宗教法人、公益法人等」 names kinds
# of body, a 法人 named has its name after it)
_COMPANY_RE = re.compile(r"株式会社|有限会社|合同会社|[（(][株有][)）]|[㈱㈲]|会社|法人(?![等などのがはをにや、。,])|組合|公社|"
                         r"\b(?:Inc|Co|Ltd)\b")


def _has_company(text: str) -> bool:
    return bool(_COMPANY_RE.search(text)) or _has_proper_name(text)


# what a facility's name ends in (いかわこども園, 県立大船渡病院)
_FACILITY_RE = re.compile(r"[ぁ-ゖァ-ヺ一-龥]{2,}(?:園|病院|医院|クリニック|センター|会館|館|学校|事業所)")


def _has_facility(text: str) -> bool:
    return bool(_FACILITY_RE.search(text)) or _has_company(text)


@dataclass(frozen=True)
class DetailKind:
    """A kind of detail a question may ask for: its cue words (regexes, JA and EN) and its detector."""

    key: str
    cues_ja: str
    cues_en: str
    detects: Callable[[str], bool]
    words: tuple[str, str]  # what is missing, in words: (JA, EN)
    unless: str = ""  # a cue that asks something else (誰を対象: the 対象 field)


PEOPLE = "people"  # the detail kind of a number of people
# What a date asked is called, and the words that ask a period instead (「事業期間はいつからいつまで」: the period the form
# prints, in years)
_A_DATE = (("日付", "a date"), r"期間|\bperiod\b")
# Japanese counters of things (「何台」「何校」), which ask a number the passages would print
THING_COUNTERS = ("台", "機", "個", "本", "頭", "匹", "羽", "校", "社", "基", "隻", "枚", "冊", "店", "軒", "棟", "両", "か所",
                  "箇所", "カ所", "ヶ所", "件", "回", "団体", "施設", "票", "通", "席", "品目")  # fmt: skip
_THING_COUNT = rf"(?:何|なん)({'|'.join(THING_COUNTERS)})"  # 「何件」: the counter asked, as group 1
_YEN_RE = re.compile(r"\d[\d,.]*\s*(?:千|万)?円|¥\s*\d|\d\s*yen", re.IGNORECASE)
# since when (「いつから」, "since when"): the date it began, not the date it ends; a date told with から or 開始 is
# particular enough to be looked for in an English question's passages too
SINCE = DetailKind(
    "date",
    r"いつ(?:ごろ|頃)?から|いつ(?:ごろ|頃)?(?:に)?(?:始ま|始め|開始|スタート)",
    r"\bsince when\b|\bwhen did\b[^?.;]{0,40}\b(?:start|begin|launch)|\bhow long (?:has|have)\b[^?.;]{0,40}\bbeen\b",
    lambda text: bool(_SINCE_RE.search(text)),
    *_A_DATE,
)
DETAIL_KINDS: tuple[DetailKind, ...] = (
    DetailKind(  # (a fee's word in a question asking why, 「使用料が上がったのはなんで」, is its topic, not the detail)
        "price",
        v.FEE,
        v.FEE,
        lambda text: bool(_YEN_RE.search(text)),
        ("料金や負担額", "a fee or price"),
        # (what was said or done about a fee is an account: 「使用料について、どんな提言があって、どう対応した？」)
        unless=rf"{v.WHY}|どんな|どのような|\bwhat kind\b",
    ),
    DetailKind(  # a day asked ("what date", 「何日に」): a fiscal year does not give it (「何日診療した」 counts days)
        "date",
        r"何月|何日(?=に|から|まで|の|[?？。、]|$)|日付|日にち|曜日",
        r"\bwhat (?:exact |specific |precise )?(date|day|month)s?\b|\bwhich (date|day|month)s?\b|"
        r"\b(?:exact|specific|precise) (?:date|day)s?\b|\b(?:what|which)\b[^?.;]{0,40}?(?<!to )(?<!up-to-)\bdates?\b",
        lambda text: bool(_DAY_RE.search(text)),
        *_A_DATE,
    ),
    SINCE,
    DetailKind(
        "date",
        r"いつ(?!も)|時期",
        r"^\W*when\b|\bwhen\s+(?:did|does|do|is|was|were|will|would|are|has|have|had|can|could)\b",
        lambda text: bool(_DATE_RE.search(text)),
        *_A_DATE,
    ),
    DetailKind(
        PEOPLE,
        r"何人|何名|人数|参加者数",
        r"how many (people|persons|participants|attendees|residents|citizens)|number of (people|participants)|"
        r"headcount|attendance",
        lambda text: bool(_PEOPLE_RE.search(text)),
        ("人数", "a number of people"),
        unless=r"職員|staff|fte",
    ),
    DetailKind(
        "count",
        _THING_COUNT,
        "",  # English says no counter: "how many" is as often answered by a figure the passages give in words
        lambda text: bool(re.search(r"\d", text)),  # any number: a count is not told from a figure by its words
        ("数", "a number"),
        unless=r"事業|project|program|sheet|指標|indicator",
    ),
    DetailKind(  # an area ("how many hectares burned"): no count of things gives one
        "area",
        r"何(?:ヘクタール|平方メートル|平米|アール|坪|㎡)|面積|広さ",
        r"\bhow many (?:hectares|acres|square (?:meters|metres|kilometers|kilometres))\b|\bhow (?:big|large) (?:an )?area\b",
        lambda text: bool(_AREA_RE.search(text)),
        ("面積", "an area"),
    ),
    DetailKind(  # hours a place is open ("weekend opening hours", 「何時から」): a time of day
        "hours",
        r"何時(?!間)|開館時間|営業時間|開所時間|受付時間|診療時間|利用時間",
        r"\b(?:opening|business|office|operating|visiting|clinic) hours\b|\bhours of operation\b|\bwhat time\b",
        lambda text: bool(_TIME_OF_DAY_RE.search(text)),
        ("開いている時間", "the hours it is open"),
    ),
    DetailKind(
        "duration",
        r"何時間|何分|所要時間|(?:どの|どれ)(?:くらい|ぐらい)(?:時間が?)?かかる|距離|何キロ",
        r"\bhow long (?:does|did|will|would|is|was) (?:it )?(?:take|the (?:drive|trip|ride|journey))|"
        r"\bhow far\b(?![^?]{0,40}\b(?:below|above|behind|short of|ahead of)\b)|"  # (how far below: a difference)
        r"\btravel time\b|\bdistance\b",
        lambda text: bool(_DURATION_RE.search(text)),
        ("所要時間や距離", "a travel time or distance"),
        unless=r"業務時間|時間外|延べ|残業|職員|overtime|hours? of work|work(?:ing)? hours|staff hours|staff time",
    ),
    DetailKind(  # a person asked for (「署名したのは誰」, 「代表者はどなた」): an organisation's name does not give one
        "name",
        r"(?:誰|だれ)(?!と|のため|向け)|どなた|代表者",
        r"\bwho (?:signed|led|heads?|headed|chairs?|chaired|represented)\b|"
        r"\bwho(?:'s| is| was| are| were) (?:the |their |its )?(?:staff|person|official|officer|employee|manager|head|chief|"
        r"director|contact|member)s?\b|\b(?:name|names) of the (?:staff|person|official|officer|employee)s?\b",
        lambda text: bool(_PERSON_RE.search(text)) or any(m.pos[1:3] == ("固有名詞", "人名") for m in morphemes(text)),
        ("人の名前", "a person's name"),
        unless=r"対象|誰のため|だれのため|for whom|serve|target",
    ),
    DetailKind(  # a company asked for (「指定管理者ってどこの会社？」): a council's name does not give one
        "name",
        r"(?:どこ|どの)\S{0,6}(?:会社|企業|業者)|(?:会社|企業|業者)\S{0,4}どこ|会社名|企業名|業者名|"
        r"(?:なんて|何て|なんと|何と)(?:いう|言う)\S{0,3}(?:会社|企業|業者)",
        r"\b(?:which|what) (?:[a-z]+ )?(?:company|companies|firm|contractor|operator)\b|"
        r"\bname of the (?:[a-z]+ )?(?:company|firm|contractor|operator)\b",
        _has_company,
        ("会社の名前", "a company's name"),
    ),
    DetailKind(  # a facility or provider asked for (「どこの施設に委託してる」): a count of facilities does not give it
        "name",
        r"(?:どこ|どの)\S{0,6}(?:施設|事業所|病院|園)|(?:施設|事業所)\S{0,4}どこ|委託先|どこに(?:委託|頼ん|任せ)",
        r"\b(?:which|what) (?:[a-z]+ )?(?:facility|facilities|clinic|hospital|nursery|provider)\b|"
        r"\bwho (?:runs|operates|provides|is contracted)\b|\b(?:contracted|outsourced) to\b",
        _has_facility,
        ("施設や事業者の名前", "the name of a facility or provider"),
    ),
    DetailKind(
        "name",
        r"誰|だれ|どこの\S{0,6}団体|どの\S{0,6}団体|団体\S{0,4}どこ|どこと|相手",
        # who asking, not a relative pronoun ("kids whose parents work", "people who want to move")
        r"(?:^|[,.;:?!—(]\s*|\b(?:and|but|or|so|know|tell me)\s+)(?:who|whose)\b|"
        r"\b(?:which|what) (?:[a-z]+ )?(organi[sz]ation)s?\b",
        _has_name,
        ("人や会社の名前", "a name of a person or company"),
        unless=r"対象|向け|誰のため|だれのため|for whom|who (is|are)\b[^?,.]{0,60}\bfor\s*(?:[,?.]|$|and\b)|serve|target|"
               r"aimed at|intended for|meant for",  # ("who is the after-school club for, and …": its 対象)
    ),
)


def asked_counter(query: Query) -> str | None:
    """The counter of things a Japanese question asks a count in (「何件」: 件), if any."""
    found = re.search(_THING_COUNT, query.text) if query.lang == "ja" else None
    return found.group(1) if found else None


def asked_detail(query: Query) -> DetailKind | None:
    """The kind of detail a question asks for, the first whose cue it uses."""
    for kind in DETAIL_KINDS:
        cue = kind.cues_ja if query.lang == "ja" else kind.cues_en
        if cue and compiled(cue).search(query.text) and not (kind.unless and compiled(kind.unless).search(query.text)):
            return kind
    return None


def detail_given(word: str, lang: str, text: str) -> bool:
    """Whether ``word`` asks for a detail (日付, 相手, "when") that ``text`` gives: a word the answer's passages
    answer is placed by them, though the sheets never print it."""
    return any((cue := kind.cues_ja if lang == "ja" else kind.cues_en) and compiled(cue).search(word)
               and kind.detects(unicodedata.normalize("NFKC", text)) for kind in DETAIL_KINDS)  # fmt: skip


def _topic_words(text: str) -> set[str]:
    """The proper nouns of ``text`` (グルノーブル, JAXA): what names the matter a detail is asked of; not those of a
    condition it opens with, the asker's situation (「東京から単身で移住したら、支援金はいくら？」)."""
    text = _SITUATION.sub("", text)
    said = list(morphemes(text))
    # (not a municipality's name, 「つくば市って…」: the city the sheets are of, not the matter asked)
    municipal = {m.surface for m, after in itertools.pairwise([*said, None]) if m.pos[:3] == ("名詞", "固有名詞", "地名")
                 and (m.surface.endswith(MUNICIPAL_SUFFIXES) or (after is not None and after.surface[:1] in MUNICIPAL_SUFFIXES))}
    return {m.surface for m in said if m.pos[:2] == ("名詞", "固有名詞") and len(m.surface) > 1} - municipal


_SITUATION = re.compile(r"^[^、。？?,]*(?:たら|なら|れば|ても)[、,]|^\s*if\b[^,?]*,", re.IGNORECASE)


@dataclass(frozen=True)
class AbsentDetail:
    lead: str  # the answer's first line: the detail is not given, the closest passage follows
    note: str


def giving_the_detail(query: Query, shown: list, others: list):
    """Of ``others`` (sentences, best first), the first that gives the detail ``query`` asks and says the words that
    ask it (「利用料はどのくらい」: a yen amount beside 利用料), when none of ``shown`` gives it; None otherwise. (A
    date or a count beside another matter gives no detail of the one asked about.)"""
    kind = asked_detail(query)
    cue = re.search(kind.cues_ja if query.lang == "ja" else kind.cues_en, query.text) if kind else None
    if cue is None or any(kind.detects(unicodedata.normalize("NFKC", s.text)) for s in shown):
        return None
    # (an English cue is in no Japanese sentence: for a count of people, one that shares the question's words says
    # the matter asked about, not an indicator's heading, whose unit 「(人)」 gives no number; a date beside another
    # matter is too common on the sheets to be the one asked)
    if query.lang != "ja" and kind.key != PEOPLE and kind is not SINCE:
        return None

    def says(sentence) -> bool:
        # (「何人」, 「どこの施設」, 「いくらもらえ」, 「いつから」 are in no sentence: the matter's words are)
        if query.lang == "ja" and kind.key != PEOPLE and not re.search(r"何|どこ|どの|どれ|誰|だれ|いくら", cue.group(0)) \
                and kind is not SINCE:
            return cue.group(0) in sentence.text
        # (or says a noun of the question as written, a project's name's words too: 「移住支援金」)
        named = any(noun in sentence.text for noun in _NOUNS_WRITTEN.findall(query.text)) if query.lang == "ja" else False
        return (sentence.overlap > 0 or named) and getattr(sentence, "section", "") != "indicators"

    return next((s for s in others if says(s) and kind.detects(unicodedata.normalize("NFKC", s.text))), None)


_NOUNS_WRITTEN = re.compile(r"[一-龥ァ-ヶー]{3,}")  # a run of kanji or katakana: a compound noun as the question writes it


def absent_detail(query: Query, sentences: list[str], topic: str = "") -> AbsentDetail | None:
    """When ``query`` asks for a detail none of ``sentences`` holds: the lead that says so; None otherwise.
    ``topic``: the question's words in the sheets' language; when it names the matter by a proper noun on a
    sentence, a detail counts only in a sentence holding it (a date beside another agreement does not date the one
    with Grenoble)."""
    kind = asked_detail(query)
    if kind is None:
        return None
    words = _topic_words(topic)
    on_topic = [s for s in sentences if any(w in s for w in words)] or sentences
    counter = asked_counter(query) if kind.key == "count" else None
    # (the names the question itself says give no detail of them: the company running 「火葬場（おおふなと斎苑）」 is
    # not おおふなと斎苑)
    said = sorted({*words, *(m.group(1) for m in re.finditer(r"[(（]([^()（）]+)[)）]", query.text))}, key=len, reverse=True)
    if any(_gives(kind, counter, unicodedata.normalize("NFKC", functools.reduce(lambda t, w: t.replace(w, ""), said, s)))
           for s in on_topic):  # fmt: skip
        return None
    return not_given(kind, query.lang)


def _gives(kind: DetailKind, counter: str | None, text: str) -> bool:
    """Whether ``text`` gives the detail; a count asked with its counter (「何団体」), only as a number of it (not
    「5つの分科会」)."""
    if counter is None:
        return kind.detects(text)
    said = "|".join(map(re.escape, _SAME_COUNTER.get(counter, (counter,))))
    # (or a figure beside the counter printed as its unit: 「実施件数」（件） 令和2年度: 目標値 5、実績 5)
    return bool(re.search(rf"\d\s*(?:[万千]\s*)?(?:{said})", text) or (re.search(rf"[(（](?:{said})[)）]", text) and re.search(r"\d", text)))


# Counters written more than one way (「3か所」「3箇所」「3ヶ所」), and companies counted in 件.
_PLACES = ("か所", "箇所", "カ所", "ヶ所", "ケ所", "ヵ所")
_SAME_COUNTER = {**{counter: _PLACES for counter in _PLACES}, "社": ("社", "件の企業", "者の企業")}  # (「9件の企業」)


def not_given(kind: DetailKind, lang: str) -> AbsentDetail:
    """The lead saying the detail of ``kind`` is not given, the closest passage or figure following."""
    ja, en = kind.words
    lead = p.say(
        lang,
        f"シートには{ja}は書かれていません。いちばん近い記載は次のとおりです。",
        f"The sheets do not give {en}. The closest passage:",
    )
    return AbsentDetail(lead, f"detail not given: {kind.key}")
