"""``answer(question, history)``: the one function the CLI, the app and the evaluation call.

question → normalise → plan (route) → table rows or retrieved sentences → compose with
citations → citation check → ``Answer``. The stores are opened read-only, once per process.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path

from jimuqa.answering import figure_by_meaning, narrative, refusal, vocabulary
from jimuqa.answering import operators as ops
from jimuqa.answering import phrases as p
from jimuqa.answering import query as table_query
from jimuqa.answering.by_meaning import Found, described_project
from jimuqa.answering.catalogue import TEXT, catalogue, counterpart
from jimuqa.answering.catalogue import WORDS as FIELD_WORDS
from jimuqa.answering.cities import city_scope, stem
from jimuqa.answering.compose_answer import READ_PAST_WORDS, SUPPORTED, compose, with_aside
from jimuqa.answering.compose_query import NOTHING_POINTED_AT
from jimuqa.answering.execute import execute
from jimuqa.answering.generative import Generator, phrase_stream
from jimuqa.answering.llm import ModelUnavailable, describe, load_llm, load_once
from jimuqa.answering.normalise import (
    Query,
    detect_language,
    normalise_text,
    parse_query,
    through_its_bracket,
    without_glosses,
)
from jimuqa.answering.plan import (
    A_DAY,
    NO_PROJECT,
    NOT_ON_SHEETS,
    OPINION,
    SELECT,
    TOO_LONG,
    Filter,
    Plan,
    make_plan,
    refusal_of,
)
from jimuqa.answering.projects import Catalogue, translate
from jimuqa.answering.propose import load_proposer
from jimuqa.answering.query import Attainment, Field, Member, Value, is_rate, measure_fields
from jimuqa.answering.reader import (
    ABOUT,
    STATED_INSTEAD,
    Understanding,
    asked_of_each,
    asks_beside_a_figure,
    context_of,
    in_usual_spelling,
    parsed,
    project_answered,
    received_amount,
    received_by_one,
    split,
    understand,
    verb_of_an_amount,
    without_opening,
)
from jimuqa.answering.sources import SheetRef, Sources
from jimuqa.answering.structured import markdown_table, run_plan
from jimuqa.answering.types import NARRATIVE, STRUCTURED, UNANSWERABLE, Answer, Message
from jimuqa.answering.understand import (
    FUNCTION_WORDS_EN,
    MANNER_AUXILIARIES,
    THINGS_ASKED,
    USE_ASKED,
    WHY_WORDS,
    Parse,
    Words,
    asks_an_amount,
    counts_in,
    put_in_for_money,
)
from jimuqa.answering.verify import check
from jimuqa.index.japanese import morphemes
from jimuqa.index.model import FORM as TSUKUBA_FORM
from jimuqa.index.search.keywords import saved_english, tokenise
from jimuqa.index.table import open_table
from jimuqa.index.years import find_years, western
from jimuqa.settings import (
    ANSWER_MODES,
    AUTO,
    BM25_DIR,
    EXTRACTIVE,
    GENERATIVE,
    LOCAL,
    TABLE_FILE,
    Settings,
    current_build,
    load_settings,
)

MODES = ("hybrid", "bm25", "dense")
# Narrative answers quote these sections (of either form: ``means`` and ``intent`` are 大船渡's); basic info
# and figures are answered from the table.
NARRATIVE_SECTIONS = ("overview", "participation", "indicators", "results_issues", "evaluation", "direction",
                      "means", "intent")  # fmt: skip
# Chunks searched for each project a narrative question names when it asks for a row (成果, 課題) or a detail (a fee,
# a date): all of a sheet's, so that it is among the candidates however retrieval ranks its sections.
SHEET_CHUNKS = 20


@dataclass
class Engine:
    """The stores of one build, opened once: the table, the project catalogue and the retriever."""

    settings: Settings
    build_dir: Path
    db: object
    catalogue: Catalogue
    retriever: object | None
    mode: str = "hybrid"
    generator: Generator | None = None  # None: the configured model, loaded on first use

    @cached_property
    def words(self) -> Words:
        """What the query parser matches: the catalogue's and operators' words and this table's names."""
        return Words.from_db(self.db, translations=self.translations)

    @cached_property
    def translations(self) -> dict[str, list[str]]:
        """The sheets' Japanese words for English words, as the build saved them beside its keyword index."""
        return saved_english(self.build_dir / BM25_DIR)

    def words_for(self, cities: tuple[str, ...]) -> Words:
        """The parser's words for the sheets of ``cities`` (their forms' fields, names and values); all when empty
        or every city (one set of words, and so one parse of a text, for the whole table)."""
        if not cities or set(cities) >= set(self.cities):
            return self.words
        if cities not in self._words:
            self._words[cities] = Words.from_db(self.db, cities, self.translations)
        return self._words[cities]

    @cached_property
    def years_of(self) -> dict[str, set[str]]:
        """The years each city's sheets hold figures for (costs, indicators)."""
        found: dict[str, set[str]] = {}
        for table in ("costs", "figures", "indicator_values", "indicator_figures"):
            sql = f"SELECT DISTINCT s.city, t.year FROM {table} t JOIN sheets s ON s.id = t.sheet_id"
            for city, year in self.db.execute(sql):
                found.setdefault(city, set()).add(year)
        return found

    @cached_property
    def _words(self) -> dict[tuple[str, ...], Words]:
        return {}

    @cached_property
    def sheet_refs(self) -> dict[tuple[str, str, str], SheetRef]:
        """Every sheet by (city, number, fiscal year), read once: answers look their hits and cells up here."""
        rows = self.db.execute("SELECT id, number, name, fiscal_year, city, form FROM sheets").fetchall()
        return {ref.key: ref for ref in map(SheetRef.of, rows)}

    @cached_property
    def cities(self) -> tuple[str, ...]:
        """The cities the table holds, from ``sheets.city``."""
        return tuple(sorted({ref.city for ref in self.sheet_refs.values()}))

    def catalogue_for(self, cities: tuple[str, ...]) -> Catalogue:
        """The project catalogue of ``cities`` only (a question that names a city); every project's when empty or
        every city."""
        if not cities or set(cities) >= set(self.cities):
            return self.catalogue
        if cities not in self._catalogues:
            self._catalogues[cities] = project_catalogue(self.db, cities)
        return self._catalogues[cities]

    @cached_property
    def _catalogues(self) -> dict[tuple[str, ...], Catalogue]:
        return {}

    @cached_property
    def read_before(self) -> dict[tuple, object]:
        """Earlier messages of conversations as read (``_history_by_meaning``): a question's project found by meaning,
        an answer's figure stated."""
        return {}


def load_engine(settings: Settings | None = None, mode: str = "hybrid", with_retriever: bool = True) -> Engine:
    """Open the live build read-only. ``mode`` picks the retriever: hybrid, bm25 or dense."""
    settings = settings or load_settings()
    build_dir = current_build(settings.data_dir).resolve()
    if not (build_dir / TABLE_FILE).exists():
        raise FileNotFoundError(f"no build in {settings.data_dir}: run `jimuqa build` first")
    db = open_table(build_dir / TABLE_FILE)
    catalogue = project_catalogue(db)
    retriever = None
    if with_retriever:
        from jimuqa.index.search.retrieve import open_retriever

        retriever = open_retriever(build_dir, settings)
    return Engine(settings, build_dir, db, catalogue, retriever, mode)


def project_catalogue(db, cities: tuple[str, ...] = ()) -> Catalogue:
    """The projects of ``cities`` (every city when empty) by number, name, 係名 and indicator names; the words that
    name who runs them (a department, the city itself: 「大船渡」) name none of them."""
    where = f"WHERE city IN ({', '.join('?' * len(cities))})" if cities else ""
    indicators: dict[str, list[str]] = {}
    for number, name in db.execute(
        f"SELECT DISTINCT number, indicator FROM indicator_status WHERE sheet_id IN (SELECT id FROM sheets {where})",
        cities,
    ):
        indicators.setdefault(number, []).append(name)
    departments = [
        r[0] for r in db.execute(f"SELECT DISTINCT department FROM sheets {where}", cities) if r[0] is not None
    ]
    return Catalogue.from_rows(
        [
            tuple(r)
            for r in db.execute(f"SELECT number, name, section FROM sheets {where} ORDER BY fiscal_year, rowid", cities)
        ],
        indicators,
        tuple(departments) + tuple(d.rsplit("部", 1)[-1] for d in departments)
        + tuple(stem(r[0]) for r in db.execute(f"SELECT DISTINCT city FROM sheets {where}", cities)),
    )


_default: Engine | None = None
_lock = threading.Lock()


def default_engine() -> Engine:
    """The process's engine, reopened when a build has swapped ``data/current`` since it was loaded."""
    global _default
    with _lock:
        _default = current_engine(_default)
        return _default


def current_engine(engine: Engine | None, settings: Settings | None = None) -> Engine:
    """``engine`` itself while its build is live, else one over the live build (reusing its loaded model).

    Queries in flight keep the old build's open files, so a rebuild never fails a request.
    """
    settings = settings or (engine.settings if engine else load_settings())
    if engine is not None and current_build(settings.data_dir).resolve() == engine.build_dir:
        return engine
    fresh = load_engine(
        settings, engine.mode if engine else "hybrid", with_retriever=bool(engine is None or engine.retriever)
    )
    if engine is not None and engine.retriever is not None and fresh.retriever is not None:
        fresh.retriever.reuse_embedder(engine.retriever)
    return fresh


def answer(
    question: str, history: list[Message] | None = None, engine: Engine | None = None, mode: str | None = None
) -> Answer:
    """The answer to ``question``. ``mode`` (default: the settings' ``answer_mode``) is ``extractive``,
    ``generative`` or ``auto``; see ``answering.generative``."""
    result: Answer | None = None
    for item in answer_stream(question, history, engine, mode):
        if isinstance(item, Answer):
            result = item
    return result


def answer_stream(
    question: str, history: list[Message] | None = None, engine: Engine | None = None, mode: str | None = None
) -> Iterator[str | Answer]:
    """``answer``, as the app shows it: checked prefixes of a generated answer as they grow, then the answer."""
    started = time.perf_counter()
    engine = engine or default_engine()
    query = parse_query(question or "")
    limit = engine.settings.max_question_chars
    question = without_glosses(question or "")
    if len(query.original) > limit:
        result = _refusal(query, Plan(UNANSWERABLE, reason=TOO_LONG), limit=limit)
    elif (refused := refusal.other_city(replace(query, original=question), engine)) is not None:  # a city the table does not hold
        result = refused
    else:
        scope = city_scope(question or "", engine.cities)  # a city the table holds, named: its sheets only
        text, cities = scope.text, scope.cities
        text = in_usual_spelling(text, engine.words_for(cities))  # パスポート: 旅券, for the search by meaning too
        history = _history_by_meaning(history, engine, cities)  # what a follow-up refers back to
        cities = cities or _the_city_reading_it(text, history, engine)
        found = _described(text, history, engine, cities)  # "the school bus service": a project by meaning
        if found is not None:
            # (words the parser itself read as that project's name, "Kesen" of 気仙丸, are no name the sheets lack)
            named = _name_words(text, history, engine.words_for(cities), found.number)
            said = [w for w in re.findall(r"[a-z]+", found.description.lower()) if w not in named]
            if refusal.proper_names(question or "", refusal.absent(said, engine)):
                found = None  # "Rikuzentakata's robot project": a name the sheets lack says it is none of theirs
        if found is not None:
            text, cities = found.text, cities or (found.city,)
        cities = cities or _city_of_projects(text, history, engine)
        text = in_usual_spelling(text, engine.words_for(cities))  # 「ろぼっと」「とどかなかった」, for every reader
        text = without_opening(text, engine.words_for(cities))  # "Hm. And in FY2019 …": the follow-up is what is asked
        result = (_understood(text, history, engine, cities) or _in_each_city(text, history, engine, cities)
                  or _proposed(text, history, engine, cities)
                  or _change_by_meaning(text, history, engine, cities) or _in_parts(text, history, engine, cities))  # fmt: skip
        if result is None:
            result = _planned(text, history, engine, cities, asked=query)
        if found is not None:
            result.notes.append(f"project by meaning: “{found.description}” → {found.city} {found.number}")
        # An answer to part of the question says which words it left (a model's proposal placed them).
        # A figure is not given for a name the sheets lack ("How much does Yokohama spend…"): the question is about
        # something else. (A passage quoted for it may still be about it: Grenoble is グルノーブル on the sheets.)
        if result.kind != UNANSWERABLE and not result.proposed:
            understood = understand(text, history, engine.words_for(cities))
            unplaced = understood.unplaced
            missing = refusal.absent(unplaced, engine) if unplaced else []
            if found is not None:  # the words that described the project found by meaning found it
                missing = [word for word in missing if word not in found.description]
            if result.kind == NARRATIVE:  # "what did it accomplish": the word chose the row quoted; 「日付」: the
                # passages quoted give it
                missing = [word for word in missing if not narrative.picks_a_row(word)
                           and not refusal.detail_given(word, query.lang, result.text)]  # fmt: skip
            # a figure asked or answered ("How much did Rikuzentakata spend…" answered with passages is not it)
            figure = query.lang == "en" and (result.kind == STRUCTURED or bool(_ASKS_A_FIGURE.match(query.text)))
            names = refusal.proper_names(question or "", missing) if figure else []
            if query.lang == "en" and not names and any(p.kind == "aggregate" for x in understood.parses for p in x.parts):
                # "What was Rikuzentakata's … total": a total of a name the sheets lack, its owner (not a place's
                # name beside others the sheets have: "the Ryori, Okirai and Yoshihama clinics")
                names = [n for n in refusal.proper_names(question or "", missing) if f"{n}'s" in (question or "")]
            # (of the words, those that could name a topic: not 「結局」 or a verb)
            line = refusal.left_unanswered(refusal.topic_words(missing, query, engine), query.lang)
            # a figure given for a question read in part that asks for a detail it does not hold (「試乗会って何人
            # 参加した?」 answered with the participation field): the detail is not given, the figure is context
            absent = None
            in_parts = ANSWERED_IN_PARTS in result.notes  # (each part's answer said what its passages lack)
            if result.kind == STRUCTURED and not (understood.accepted and not unplaced) and not in_parts:
                absent = refusal.absent_detail(query, [_without_labels(result.text, engine.words_for(cities))])
            detail = refusal.asked_detail(query) if result.kind == STRUCTURED and absent is None and not in_parts else None
            if detail is not None and detail.key in ("name", "date") and _figures_only(understood):
                absent = refusal.not_given(detail, query.lang)  # "which companies were they?": no figure names them
            if names or (names := refusal.amount_of_absent(missing, query, engine)):
                result = refusal.refuse(query, "not_found", engine=engine, words=names)
            elif absent is not None and absent.lead not in result.text:  # (a part's answer may have said so)
                result.text, result.kind = f"{absent.lead}\n{result.text}", UNANSWERABLE
                result.notes.append(absent.note)
            elif line:
                result.text += "\n\n" + line
                result.notes.append("left unanswered: " + ", ".join(unplaced))
        result.question = query.original
    mode = mode or engine.settings.answer_mode
    if _phrased(result, mode):
        try:
            generator = engine.generator or load_generator(engine.settings)
        except ModelUnavailable as err:
            result.notes.append(f"generative answer not used ({err})")
            if mode == GENERATIVE:  # asked for by name: say so; under ``auto`` the extractive answer is the plan
                result.fallback = str(err)
        else:
            for item in phrase_stream(result, generator, engine.db):
                if not isinstance(item, Answer):
                    yield item
                result = item
    result.latency_ms = (time.perf_counter() - started) * 1000
    yield result


def _planned(text: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...], asked: Query,
             later_part: bool = False) -> Answer:
    """The older planner's answer: for what the query parser does not read. ``later_part``: ``text`` is a later part
    of one question, about what the parts before it are about unless it names something else."""
    scoped = parse_query(text) if text != asked.original else asked
    catalogue, words = engine.catalogue_for(cities), engine.words_for(cities)
    plan = _with_status_read(make_plan(scoped, catalogue, history), text, history, engine, cities)
    if plan.route == UNANSWERABLE and plan.reason == "not_found" and (pointed := _pointed_back_to(text, history, words)):
        # "how many kids were eligible to ride it last year?": of the project the conversation is about, in words
        # no field carries; its passages and its figures by meaning answer, as they do when it is named
        plan = Plan(NARRATIVE, projects=list(pointed[0]), years=list(pointed[1]))
    if plan.ambiguous and len(named := _projects_parsed(text, history, words)) == 1:
        # 「今の火葬場（おおふなと斎苑）」: words the planner finds in several names (おおふなと) are, to the parser, the
        # other name in brackets of the one project it reads
        plan = replace(plan, projects=sorted(named), ambiguous=False)
    if plan.route == NARRATIVE and not plan.projects and (one := _the_one_project_read(text, history, words)):
        # "Why does the city support the Sanriku Railway?": the one project the parser reads the question to name
        # (the planner finds names in Japanese only) is the one whose passages answer; not when it asks which
        plan = replace(plan, projects=[one])
    if plan.route == STRUCTURED and plan.op == SELECT and not plan.filters and not plan.projects:
        # a selection with no condition read would list every project, whatever the question asked of them (「市民
        # ニーズの評価って、ならすと平均何点?」): the passages closest to it answer instead, its words left said so
        plan = Plan(NARRATIVE, years=plan.years)
    if plan.route == STRUCTURED and plan.projects and parsed(text, engine.words_for(cities)).reason in (USE_ASKED, THINGS_ASKED):
        plan = Plan(NARRATIVE, projects=plan.projects, years=plan.years)  # what the money went on: its account
    figures_only = plan.route == STRUCTURED and not plan.sheet_fields and (plan.cost_fields or plan.indicator)
    if figures_only and plan.projects and asks_how(text) and understand(text, history, words).unplaced:
        # "How does it plan to secure its budget?": a figure is no way of doing a thing; the words left say what is
        # done, and the sheets' account answers
        plan = Plan(NARRATIVE, projects=plan.projects, years=plan.years)
    fields_only = plan.route == STRUCTURED and plan.projects and plan.sheet_fields and not (
        plan.cost_fields or plan.evaluation_fields or plan.indicator)
    if fields_only and len(_left_on_sheets(text, history, engine, cities, plan.sheet_fields)) > 1:
        # "what website do they want to use going forward to pull together event info?": a word that reads as a
        # field (going forward: 方向性) among several words the sheets hold that no field reads is no ask for the
        # field; the sheets' account of those words answers
        plan = Plan(NARRATIVE, projects=plan.projects, years=plan.years)
    own_words = history and plan.route == STRUCTURED and plan.projects
    if own_words and _asks_in_its_own_words(text, history, engine, cities, plan):
        # a figure only the question before asked, taken up by one that says in words of its own what it asks
        # (「あと実際に採択されたのは何件？」 after the 申請件数): its projects' passages and figures by meaning answer
        plan = Plan(NARRATIVE, projects=plan.projects, years=plan.years)
    if later_part and plan.route == UNANSWERABLE and plan.reason == NO_PROJECT and (
            pointed := _pointed_back_to(text, history, words, later_part=True))[0]:  # fmt: skip
        # "…: how many came in, and how much was donated separately as disaster support?": which project a later
        # part is of, the parts before it say
        plan = Plan(NARRATIVE, projects=list(pointed[0]), years=list(pointed[1]))
    if later_part and plan.route == STRUCTURED and not plan.projects and not any(
            p.kind == "project" or _of_several(p) for p in parsed(text, words).parts) and (
            pointed := _pointed_back_to(text, history, words, later_part=True))[0]:  # fmt: skip
        # "…: budget, actual spend, and how many new hires versus the goal?": a later part that names no project nor
        # any set of them asks of the one the parts before are about, in words its passages and figures answer
        plan = Plan(NARRATIVE, projects=list(pointed[0]), years=list(pointed[1]) or plan.years)
    answer = _answer_plan(scoped, plan, engine, cities, asked=asked)
    if later_part and plan.route == NARRATIVE and not plan.projects and (
            pointed := _pointed_back_to(text, history, words, later_part=True)) and not set(answer.projects) & set(pointed[0]):  # fmt: skip
        # "…: last year's spending, how many buses, and how many kids were eligible to ride?": the passages of every
        # sheet answered with another project's; the part is the same project's
        return _answer_plan(scoped, Plan(NARRATIVE, projects=list(pointed[0]), years=list(pointed[1]) or plan.years),
                            engine, cities, asked=asked)
    return answer


def _mentions(text: str, history: list[Message] | None, words) -> list[tuple[str, str]]:
    """Each project the parser reads ``text`` to name (whether or not it reads the rest), with the words naming it."""
    return [(p.value, parse.text[p.start : p.end]) for parse in understand(text, history, words).parses
            for p in parse.parts if p.kind == "project"]  # fmt: skip


def _name_words(text: str, history: list[Message] | None, words, number: str) -> set[str]:
    """The words of ``text`` (lower case) the parser reads as a mention of project ``number``."""
    return {w for said, mention in _mentions(text, history, words) if said == number
            for w in re.findall(r"[a-z]+", mention.lower())}  # fmt: skip


def _projects_parsed(text: str, history: list[Message] | None, words) -> set[str]:
    """The projects the parser reads ``text`` to name."""
    return {number for number, _ in _mentions(text, history, words)}


def _the_one_project_read(text: str, history: list[Message] | None, words) -> str | None:
    """The one project the parser reads ``text`` to name, in a question that asks no list, ranking, count or total of
    projects and leaves none out; None otherwise."""
    parses = understand(text, history, words).parses
    named = {p.value for parse in parses for p in parse.parts if p.kind == "project"}
    many = any(p.kind in ("list", "superlative", "aggregate", "exclude", "direction") for parse in parses for p in parse.parts)
    return named.pop() if len(named) == 1 and not many else None


def _left_on_sheets(text: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...],
                    fields: list[str]) -> list[str]:
    """The words of ``text`` the parser could not place that could name a topic and that the sheets hold (in
    Japanese, or as the sheets' Japanese for an English word), other than those the words that named ``fields``
    hold (市民 and 参加 of 市民参加)."""
    left = understand(text, history, engine.words_for(cities)).unplaced
    if not left:
        return []
    missing = set(refusal.absent(left, engine))
    cues = [cue for f in fields if (cue := vocabulary.SHEET_FIELDS.get(f) or vocabulary.NARRATIVE_SECTIONS.get(f))]
    said = " ".join(m.group(0) for cue in cues for m in re.finditer(cue, text.lower()))
    held = [word for word in left if word not in missing and word.lower() not in said]
    return refusal.topic_words(held, parse_query(text), engine)


def _pointed_back_to(text: str, history: list[Message] | None, words: Words,
                     later_part: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The projects the conversation is about, and the years the question says, when it points back to them (「それ」,
    "it"; or, ``later_part``, it is a later part of one question) and names no project of its own; nothing
    otherwise."""
    context = context_of(history, words) if history else None
    if context is None or not context.projects:
        return (), ()
    understanding = understand(text, history, words)
    parts = [p for parse in understanding.parses for p in parse.parts]
    pointing = later_part or any(p.kind == "anaphor" for p in parts)
    if not pointing or any(p.kind == "project" and p.rank == 0 for p in parts):
        return (), ()
    return context.projects, tuple(dict.fromkeys(p.value for p in parts if p.kind == "year"))


def _asks_in_its_own_words(text: str, history: list[Message], engine: Engine, cities: tuple[str, ...],
                           plan: Plan) -> bool:
    """Whether a follow-up says what it asks in words the parser cannot place, naming no figure of the form the
    plan answers (no indicator or named measure, no field of the plan's; 「協議会の体制って今後どう変わる」 after a
    budget names 体制 and 今後, not the budget): the figure asked before is not what it asks."""
    words = engine.words_for(cities)
    parse = parsed(text, words)
    planned = {*plan.cost_fields, *plan.sheet_fields, *plan.evaluation_fields}
    planned |= {key for key, info in catalogue().items() if info.per_indicator} if plan.indicator else set()
    named = any(p.kind in ("indicator", "named", "unit") or (p.kind == "field" and p.value in planned)
                for p in parse.parts)  # fmt: skip
    return not named and bool(understand(text, history, words).unplaced)


def _in_parts(text: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...]) -> Answer | None:
    """A question of several parts the parser reads only some of (「遅れているのはなぜ？どんな課題があるの？」): each part
    answered on its own, in turn, as a follow-up of the parts before it (their project, their year), so a part
    the parser reads is answered from the table however the others are; the answers are joined, their citations
    numbered as one. (What the asker tells before asking is a part too: its passages are often the answer's.) None
    when the parser reads none of the parts, or all."""
    pieces = split(text)
    # (two things joined by と, which the reader does not split: a part read whole is no reason to stop)
    joined = len(pieces) < 2 and len(pieces := asked_of_each(text)) > 1
    if len(pieces) < 2:
        return None
    words = engine.words_for(cities)
    # 「はい、じゃあ…」: function words alone ask nothing
    pieces = [piece for piece in pieces if (said := parsed(piece, words)).parts or said.unplaced]
    if any(_asks_only_an_opinion(piece, words) for piece in pieces[1:]):
        # "Will it have a business using it by the end of 2021? What's your guess?": the guess is the question
        return _refusal(parse_query(text), Plan(UNANSWERABLE, reason=OPINION), engine)
    if not _a_part_may_be_read(pieces, history, engine, cities):
        return None  # (no part's answer is planned only to be dropped: each embeds its text for the search)
    answers: list[Answer] = []
    turns = list(history or [])
    read = []
    for piece in pieces:
        if answers and f"refused: {NOT_ON_SHEETS}" in answers[-1].notes and _asks_only_a_name(piece, words):
            continue  # "Who's the staff member in charge …? need a name": the person's, refused already
        # a part read whole (not past a word it leaves: "what happened with …" may ask an account)
        # (the figures an earlier part's answer stated from the table are what an elliptical part is of: "…, and how
        # many the year before?"; a passage's numbers are no figure asked)
        told = _history_by_meaning(turns, engine, cities) if answers and answers[-1].kind == STRUCTURED else turns
        understood = _understood(piece, told, engine, cities, read_past=False)
        read.append(understood is not None)
        answer = understood or _planned(piece, told, engine, cities, asked=parse_query(piece), later_part=bool(answers))
        turns = [*turns, {"role": "user", "content": piece}, {"role": "assistant", "content": answer.text}]
        answers.append(answer)
    if (all(read) and not joined) or not any(read):
        return None
    return _joined(text, answers)


def _asks_only_an_opinion(piece: str, words) -> bool:
    """Whether ``piece`` asks the assistant's opinion or guess and names nothing of the sheets: of what came before."""
    refused = refusal_of(parse_query(piece))
    return refused is not None and refused.reason == OPINION and not parsed(piece, words).parts


def _asks_only_a_name(piece: str, words) -> bool:
    """Whether ``piece`` asks a name and nothing else, of no project it names."""
    parts = parsed(piece, words).parts
    return bool(parts) and all(part.kind == "field" and part.value == "name" for part in parts)


def _in_each_city(text: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...]) -> Answer | None:
    """A question that names no city, read whole by each city's words but not by all of theirs together ("which one
    was the cheapest in total cost last year?": each form has its total cost, each city its last year): answered
    for each city in turn, under its name. None when fewer than two cities' words read it."""
    if cities or len(engine.cities) < 2:
        return None
    answers = [replace(answer, text=f"**{city}**\n{answer.text}") for city in engine.cities
               if (answer := _understood(text, history, engine, (city,), read_past=False)) is not None
               and answer.kind == STRUCTURED]  # fmt: skip
    return _joined(text, answers) if len(answers) > 1 else None


def _a_part_may_be_read(pieces: list[str], history: list[Message] | None, engine: Engine,
                        cities: tuple[str, ...]) -> bool:
    """Whether some part may be read, each taken as a follow-up of the parts before it as asked, not yet answered:
    one every word of which is placed (a part read is; one that is not yet may be in what an earlier part's answer
    names: "Which project signed with JAXA, and what was its budget?"). A word left unplaced stays unplaced whatever
    came before. Read from the parse alone: nothing is executed or searched."""
    words = engine.words_for(cities)
    turns = list(history or [])
    for piece in pieces:
        if not understand(piece, turns, words).unplaced:
            return True
        turns = [*turns, {"role": "user", "content": piece}, {"role": "assistant", "content": ""}]
    return False


ANSWERED_IN_PARTS = "answered in parts"  # the note of an answer joined from its parts' answers


def _joined(question: str, answers: list[Answer]) -> Answer:
    """One answer of several parts' answers, in order: their citations numbered on from each other's, a source
    cited twice cited once."""
    citations: list = []
    texts = []
    for answer in answers:
        numbers = {}
        for citation in answer.citations:
            same = next((c for c in citations if (c.sheet, c.city, c.section, c.quote)
                         == (citation.sheet, citation.city, citation.section, citation.quote)), None)  # fmt: skip
            if same is None:
                same = replace(citation, n=len(citations) + 1)
                citations.append(same)
            numbers[citation.n] = same.n
        texts.append(re.sub(r"\[(\d+)\]", lambda m, moved=numbers: f"[{moved.get(int(m.group(1)), m.group(1))}]",
                            answer.text))
    answered = [a for a in answers if a.kind != UNANSWERABLE]
    kind = next((a.kind for a in answered if a.kind == STRUCTURED), answered[0].kind if answered else UNANSWERABLE)
    return Answer(
        question, "\n\n".join(texts), answers[0].lang, kind, citations,
        rows=[row for a in answers for row in a.rows],
        chart=next((a.chart for a in answers if a.chart is not None), None),
        notes=[ANSWERED_IN_PARTS, *(n for a in answers for n in a.notes)],
        projects=list(dict.fromkeys(n for a in answers for n in a.projects)),
        reading="\n".join(a.reading for a in answers if a.reading) or None,
    )  # fmt: skip


_ASKS_A_FIGURE = re.compile(r"\s*how\s+(?:much|many)\b", re.IGNORECASE)

# The mode ``auto`` uses for each kind of answer: the evaluation's choice (README, "Generative answers").
AUTO_MODE = {STRUCTURED: EXTRACTIVE, NARRATIVE: EXTRACTIVE, UNANSWERABLE: EXTRACTIVE}


def _phrased(result: Answer, mode: str) -> bool:
    """Whether a model should phrase ``result``: refusals and answers that failed their check never are."""
    if mode not in ANSWER_MODES:
        raise ValueError(f"unknown answer mode {mode!r}; choose one of {', '.join(ANSWER_MODES)}")
    if result.kind == UNANSWERABLE or not result.citations or any(n.startswith(_CHECK_NOTE) for n in result.notes):
        return False
    return (AUTO_MODE[result.kind] if mode == AUTO else mode) == GENERATIVE


_generators: dict[tuple, Generator | ModelUnavailable] = {}
_generators_lock = threading.Lock()


def load_generator(settings: Settings) -> Generator:
    """The process's model for ``settings``, loaded once (and a failure to load, remembered once)."""
    key = (settings.llm_url, settings.llm_model, str(settings.data_dir), settings.llm_timeout_s)
    make = lambda: Generator(load_llm(settings), describe(settings), settings.llm_timeout_s)  # noqa: E731
    return load_once(_generators, _generators_lock, key, make)


READ_BEFORE_KEPT = 4096  # earlier questions' readings kept per engine


def _history_by_meaning(history: list[Message] | None, engine: Engine, cities: tuple[str, ...]) -> list[Message] | None:
    """The conversation with each earlier question's project found by meaning put in by its number, so that "And
    the year before?" after "…the school bus service…" is about that project; and each answer to a question the
    parser did not read with the figure it states (``_figure_stated``). Each message is read once."""
    if not history:
        return history
    out: list[Message] = []
    for message in history:
        content = message.get("content")
        asked = out[-1] if out and out[-1].get("role") == "user" else None
        if message.get("role") == "assistant" and isinstance(content, str) and asked is not None:
            about = _read_once(engine, (asked["content"], content, cities),
                               partial(_figure_stated, asked["content"], content, engine, cities))  # fmt: skip
            message = {**message, ABOUT: about[0], STATED_INSTEAD: about[1]} if about is not None else message
        if message.get("role") == "user" and isinstance(content, str):
            found = _read_once(engine, (content, cities), partial(_described, content, None, engine, cities))
            message = {**message, "content": found.text if found is not None else content}
        out.append(message)
    return out


def _city_answered(answer: str, engine: Engine) -> tuple[str, ...]:
    """The one city of the project an answer names, when the table holds several (and it names one)."""
    number = project_answered(answer, engine.words) if len(engine.cities) > 1 else None
    held = {ref.city for ref in engine.sheet_refs.values() if ref.number == number}
    return tuple(held) if len(held) == 1 else ()


def _read_once(engine: Engine, key: tuple, read):
    """``read()``, kept per engine under ``key``; bounded: a long-running app forgets the oldest."""
    if key not in engine.read_before:
        if len(engine.read_before) >= READ_BEFORE_KEPT:
            engine.read_before.pop(next(iter(engine.read_before)))
        engine.read_before[key] = read()
    return engine.read_before[key]


def _figure_stated(
    question: str, answer: str, engine: Engine, cities: tuple[str, ...]
) -> tuple[table_query.Query, bool] | None:
    """「寄附金額は令和6年度でいくら？」 answered 「ふるさと納税事務（1397）によると…902,262,879円」: the figure the
    answer states, when the parser does not read the question, reads no year in it, or reads a figure the answer
    does not state: the first number it states that is the value of one of its one project's figures in a year it
    names. A follow-up ("how much did it grow?") is of that figure. With it, whether it stands instead of what the
    question was read as (the answer states none of that)."""
    # (in the city the question named, or the one of the project the answer names)
    cities = cities or city_scope(question, engine.cities).cities or _city_answered(answer, engine)
    words = engine.words_for(cities)
    understood = understand(question, None, words)
    # (the project the answer names, or the one the question was read about: "In R6 there were 97 donations")
    asked = {p for q in understood.queries for p in q.projects}
    number = project_answered(answer, words) or (asked.pop() if len(asked) == 1 else None)
    said = {float(n.replace(",", "")) for n in _NUMBER_SAID.findall(answer)}
    # (a question read whole with a year of its own is the follow-up's context, when the answer states what it
    # read; with none, the year the answer states is: 「年間いくら出してる？」 answered for 令和6年度 makes 「そのうち
    # 市債は？」 令和6年度's; 「いくら集まった？」 answered with the donations, not the project's cost: the donations)
    if number is None:
        return None
    # (an attainment's target and actual are stated as its own: no other figure stands instead)
    read = [q for q in understood.queries if not isinstance(q.ask, Attainment)]
    instead = bool(read) and said.isdisjoint(_values_read(read, engine, cities))
    if understood.accepted and any(q.years for q in understood.queries) and not instead:
        return None
    form = words.form_of.get(number)
    years = tuple(find_years(answer))
    figures = figure_by_meaning.sheet_figures(number, form, words) if form and years else []
    values = {}  # (of figures of one value, 「事業費計」 and 一般財源 both 103,961, the one the answer names)
    for figure in sorted(figures, key=lambda figure: figure.label not in answer):
        outcome = execute(figure.query(number, years, "ja"), engine.db, cities)
        for row in (row for group in outcome.groups for row in group.rows):
            if row.figure is not None and isinstance(row.figure.value, int | float):
                values.setdefault(float(row.figure.value), (figure, row.year or years[0]))
    stated = [values[value] for m in _NUMBER_SAID.finditer(answer) if m.group(0) != number
              and (value := float(m.group(0).replace(",", ""))) in values and _in_its_unit(answer, m.end(), values[value][0])]  # fmt: skip
    # of the figures stated, the first counted in what the question asked (いくら: money, not 62,075件)
    lang = detect_language(question)
    kinds = [ask.kind for ask in figure_by_meaning.asked_figures(question, lang)]
    fitting = [found for found in stated if any(figure_by_meaning.counted_in(found[0], kind) for kind in kinds)]
    if not (fitting or stated):
        return None
    # (a figure the answer names by its label before a number it happens to equal: "Indicator 1" is no 1.00 staff)
    figure, _ = min(fitting or stated, key=lambda found: found[0].label not in answer)
    # (in each year the answer states it for: 「令和2年度…1,461頭、令和6年度…1,178頭」 makes 「減少率は？」 the change)
    years = tuple(dict.fromkeys(year for found, year in stated if found == figure))
    return replace(figure.query(number, years, "ja"), lang=lang), instead


_NUMBER_SAID = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?")  # a number as an answer writes it: 902,262,879


def _in_its_unit(answer: str, end: int, figure: figure_by_meaning.Figure) -> bool:
    """Whether the number ending at ``end`` is written in ``figure``'s unit, or in none: 「1世帯あたり」 counts
    households, not the one member of staff a sheet's 正規職員従事人数 counts."""
    after = answer[end:].lstrip()
    return not figure.unit or after.startswith(figure.unit) or not re.match(r"[一-龥ァ-ヺ%％]", after)


def _values_read(queries: list[table_query.Query], engine: Engine, cities: tuple[str, ...]) -> set[float]:
    """The numbers the table gives for ``queries`` (each figure of their rows)."""
    values = set()
    for query in queries:
        values |= {float(row.figure.value) for group in execute(query, engine.db, cities).groups for row in group.rows
                   if row.figure is not None and isinstance(row.figure.value, int | float)}  # fmt: skip
    return values


def _without_labels(text: str, words: Words) -> str:
    """An answer's text without its citation marks and project numbers: what is left is what it says (a detail
    asked is not given by 「[1]」 or 「095」)."""
    text = re.sub(r"\[\d+\]", "", text)
    return re.sub(r"(?<!\d)\d{3,4}(?!\d)", lambda m: "" if m.group(0) in words.numbers else m.group(0), text)


def _figures_only(understood: Understanding) -> bool:
    """Whether every query read asks one figure of named projects: no name and no date is among them."""
    return bool(understood.queries) and all(
        isinstance(q.ask, Value) and q.projects and all(catalogue()[f.field].kind != TEXT for f in measure_fields(q.ask.measure))
        for q in understood.queries
    )


# Words for cities, which every sheet is of: "ties with overseas cities" describes a project by its ties, not by them
_CITY_WORDS_EN = frozenset({"city", "cities", "municipality", "municipalities"})


def _described(question: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...]):
    """A project the question names in English or describes in words the parser cannot place."""
    words = engine.words_for(cities)
    understanding = understand(question, history, words)
    if understanding.accepted or (understanding.read_past and _may_read_past(question, understanding, words)):
        return None  # (a figure read past one word names what it is of)
    context = context_of(history, words) if history else None
    if context is not None and context.projects and any(
        p.kind == "anaphor" for parse in understanding.parses for p in parse.parts
    ):
        return None  # "How much did they collect …": of the project the conversation is about, not one described
    named = _named_in_english(question, understanding, engine, cities)
    # (the form's words, and the city said as the one doing things: "the overseas city exchange project")
    form_words = frozenset(w.lower() for parse in understanding.parses for p in parse.parts
                           if p.kind == "field" or (p.kind, p.value) == ("subject", "city")
                           for w in parse.text[p.start : p.end].split()) | _CITY_WORDS_EN  # fmt: skip
    # a question naming no project nor unit, and asking of no set of projects, asks of one it describes ("which
    # team" asks a field's value, not a list); a date or a name asked is the passages' to find (「連携合意書って何月何日
    # に」: the agreement is in a passage, not in a project's name), a count a project's indicators may give
    asked = parse_query(question)
    detail = refusal.asked_detail(asked)
    parts = [(parse, p) for parse in understanding.parses for p in parse.parts]
    # (a direction between two years is a change of one figure, not a ranking of several: 「…減ってるの？R2からR6で」;
    # so is one with nothing that asks for several: 「…お祝い、最近増えたって聞いたけど今はいくら？」)
    of_one = (detail is None or detail.key not in ("date", "name")) and not any(
        p.kind == "project" or _of_several(p) for parse, p in parts
        if not (p.kind == "list" and _before_a_field(parse, p)) and not _per_one(parse, p)
        and not (p.kind == "direction" and (_a_change(parse) or not any(_of_several(q) for q in parse.parts
                                                                           if q.kind != "direction")))
    )
    # a project named only by a run of its name's words (「小中学生」: 学校給食事業(小中学校)'s) may be another, one a
    # topic of mostly words the parser could not place describes (「遠くから通う小中学生を乗せてるバス」); in a
    # conversation about a project, the topic is that project's
    mentioned = {p.value for _, p in parts if p.kind == "project"}
    partly_named = not of_one and not any((p.kind == "project" and p.rank == 0) or _of_several(p) for _, p in parts)
    topic = (of_one or partly_named) and not (context is not None and context.projects)
    # a clause set aside as the asker's situation, when the rest does not read without it, may be what it asks of
    # ("The gift the city gives families when a baby is born — how much was paid out?"): its words are left too
    aside = [p.aside for p in understanding.parses if p.aside]
    left = [*understanding.unplaced, *(w for said in aside for w in (re.findall(r"[\w'’-]+", said)
                                                                      if asked.lang == "en" else [said])
                                       if w.lower() not in FUNCTION_WORDS_EN)]  # ("how did the …": its content words)
    english_names = {parse.text[p.start : p.end]: p.value for parse, p in parts
                     if p.kind == "project" and parse.text[p.start : p.end].isascii()}  # fmt: skip
    # (a count or an amount is the table's, and so is a field of the form asked (「今後どうしていく」: 方向性): the sheet a
    # topic describes is looked for harder)
    figure = asks_an_amount(question, asked.lang) or (detail is not None and detail.key in ("count", refusal.PEOPLE)) \
        or any(p.kind == "field" for _, p in parts)  # fmt: skip
    meant = described_project(question, left, engine.retriever, cities, form_words, of_one, topic, english_names,
                              figure)  # fmt: skip
    if meant is not None and named is not None and meant.number == named.number:
        named = None  # the description holds the name's words: it is put in whole
    elif meant is not None and meant.number in mentioned:
        meant = None  # the project its own words name: nothing more described
    # Of the readings, one that makes the whole question read ("the university/research institute partnership
    # project": the description, not only the words a name has); last, the question whole with the project found
    # put before it: the description's words may name what is asked of it ("How many people attended the ILC
    # lectures": an indicator of the project they describe). Else one read past a word as a figure; else the
    # question whole, its words kept for the passages searched (「シカを駆除してる実施隊、この先どんな心配ごとが…」).
    kept = meant and replace(meant, text=f"{meant.number}{'、' if asked.lang == 'ja' else ': '}{question}")
    readings = (named, meant, kept)
    if meant is not None and 0 < _indicators_said(meant.text, history, words) < _indicators_said(kept.text, history, words):
        # 「空き家の相談って去年何件あって、そのうち解決したのは何件？」: of a question asking indicators, the
        # description's words name one asked too (相談件数), kept beside the project they describe
        readings = (named, kept, meant)
    read = (f for f in readings if f is not None and understand(f.text, history, words).accepted)
    read_past = (f for f in readings[1:] if f is not None and _read_past(f.text, history, words))
    # a question of parts, one of which reads with the description put in by its number («…の事業、今後どう改善して
    # いくの？協議会の体制も変わるって聞いたけど»): that part is answered from the table, the others as asked
    in_part = (f for f in readings[1:2] if f is not None and len(pieces := split(f.text)) > 1
               and any(understand(piece, history, words).accepted for piece in pieces))  # fmt: skip
    # (each parsed only until one reads; in English the description's words are kept only when they read)
    return (next(read, None) or next(read_past, None) or next(in_part, None) or named
            or (meant if asked.lang == "en" else kept))


def _indicators_said(question: str, history, words) -> int:
    """How many words of a question name indicators, as far as it reads (a relative year reads only with the city)."""
    return sum(p.kind == "indicator" for parse in understand(question, history, words).parses for p in parse.parts)


def _a_change(parse: Parse) -> bool:
    """Whether ``parse`` reads two years: a direction said with them is a change between them."""
    return len(set(figure_by_meaning.read_years(parse))) == 2


def _of_several(part) -> bool:
    """Whether a part asks of a set of projects (a unit's, a list, a ranking, a total or an average)."""
    return part.kind in ("value", "list", "superlative", "direction") or part.value in ("total", "average")


def _per_one(parse: Parse, part) -> bool:
    """"the avg benefit per kid": an average said with "per" one of something is a figure per one, of one project,
    not an average over several."""
    return part.value == "average" and any(q.kind == "each" and 0 <= q.start - part.end <= PER_ONE_WITHIN
                                           for q in parse.parts)


PER_ONE_WITHIN = 16  # characters between an average's word and its "per"


def _read_past(question: str, history, words) -> bool:
    understanding = understand(question, history, words)
    return bool(understanding.read_past) and _may_read_past(question, understanding, words)


def _with_status_read(plan: Plan, question: str, history, engine: Engine, cities: tuple[str, ...]) -> Plan:
    """The planner's plan of projects chosen by their attainment, with the attainment the query parser read: the
    parser reads a negation the planner's cue words miss ("didn't hit their targets": missed, not met)."""
    read = {v for q in understand(question, history, engine.words_for(cities)).queries for f in q.filters
            if isinstance(f, Member) and f.field == "indicator_status" and not f.negate for v in f.values}  # fmt: skip
    if len(read) == 1:  # (「達成していない事業」 is no 「目標が設定されていない事業」, as the planner's words read it)
        status = read.pop()
        plan.filters = [Filter("status", value=status) if f.kind in ("status", "no_target") else f
                        for f in plan.filters]  # fmt: skip
    return plan


def _before_a_field(parse, part) -> bool:
    return any(q.kind == "field" and re.fullmatch(r"\s*", parse.text[part.end : q.start]) for q in parse.parts)


def _word_start(text: str, end: int) -> int:
    """Where the run of letters and hyphens ending at ``end`` begins."""
    while end > 0 and re.match(r"[A-Za-z-]", text[end - 1]):
        end -= 1
    return end


def _named_in_english(
    question: str, understanding: Understanding, engine: Engine, cities: tuple[str, ...]
) -> Found | None:
    """A project an English question names by its name's words (the parser's ``_english_names``), or a Japanese one
    names in words only the parser reads, when the question is not read whole: the words put in by its number, so
    that the planner and the passages searched find it as well ("What is the Okirai clinic trying to achieve?"); not
    when the planner itself finds more of the projects the question names (a number put in hides the others from
    it)."""
    text, found = normalise_text(question), []
    planned = engine.catalogue_for(cities).resolve(parse_query(question)).projects
    for parse in understanding.parses:
        # (in Japanese, a project the planner does not find: 「市立図書館」 said for the one project its unit runs)
        mentions = [m for m in parse.of("project") if parse.text[m.start : m.end].isascii() or not planned]
        for number in dict.fromkeys(m.value for m in mentions):
            # each run of its words written together ("sanriku railway support") is put in by the number
            runs: list[list[int]] = []
            for m in sorted((m for m in mentions if m.value == number), key=lambda m: m.start):
                if runs and re.fullmatch(r"[\s\-'’()/]*", parse.text[runs[-1][1] : m.start]):
                    runs[-1][1] = m.end
                else:
                    runs.append([m.start, m.end])
            for start, end in runs:
                # the words left between the run and a field of the form are the name's head ("the after-school
                # club budget": 0231's 放課後児童 says "after-school", its passages the clubs; not "the hometown tax
                # donations grow", whose "donations" may name a figure)
                head = end
                while (after := _WORD_AFTER.match(parse.text, head)) and after.group(1) in parse.unplaced:
                    head = after.end()
                if head > end and any(p.kind == "field" and p.start >= head and not parse.text[head : p.start].strip()
                                      for p in parse.parts):  # fmt: skip
                    end = head
                # (a hyphenated word is put in whole: "coming-of-age", not "coming-of-0833")
                while start > 0 and re.match(r"[A-Za-z]+-", parse.text[_word_start(parse.text, start - 1) : start]):
                    start = _word_start(parse.text, start - 1)
                words = parse.text[start : through_its_bracket(parse.text, start, end)]
                if words in text and not words.isdigit():
                    text = text.replace(words, number, 1)
                    found.append((number, words))
    if not found or set(planned) > {number for number, _ in found}:
        return None
    city = next(ref.city for ref in engine.sheet_refs.values() if ref.number == found[0][0])
    return Found(_as_typed(question, found) or text, city, found[0][0], "; ".join(words for _, words in found))


def _as_typed(question: str, found: list[tuple[str, str]]) -> str | None:
    """``question`` as typed with each name's words put in by its number, its other words' letters in their case
    ("(the one with TGI)": the word its sheet writes); None when a name's words are not found in it so."""
    for number, words in found:
        said = re.search(re.escape(words), question, re.IGNORECASE)
        if said is None:
            return None
        question = question[: said.start()] + number + question[said.end() :]
    return question


_WORD_AFTER = re.compile(r"[\s\-]+([a-z][a-z'\-]*)")


def _the_city_reading_it(question: str, history: list[Message] | None, engine: Engine) -> tuple[str, ...]:
    """The one city whose words alone read the whole question, when every city's words together leave some: "the
    longevity society division" is 大船渡's 長寿社会課, though "society" is a word of a Tsukuba project's name; or
    that read it whole when theirs place every word but not as one query ("how much of last year's money came from
    the prefecture?" after 大船渡's 1623: "prefecture" and 後期 "last" of an Iwate project's name)."""
    if len(engine.cities) < 2 or (read := understand(question, history, engine.words)).accepted and not read.unplaced:
        return ()
    # (in a conversation about projects, of their cities: 「今年の目標は？」 after 大船渡's 1623 is not Tsukuba's)
    context = context_of(history, engine.words) if history else None
    held = {ref.city for ref in engine.sheet_refs.values() if context is not None and ref.number in context.projects}
    reading = [city for city in engine.cities if (not held or city in held)
               and (understood := understand(question, history, engine.words_for((city,)))).accepted
               and not understood.unplaced and not any(p.aside for p in understood.parses)]  # fmt: skip
    return tuple(reading) if len(reading) == 1 else ()


def _city_of_projects(question: str, history: list[Message] | None, engine: Engine) -> tuple[str, ...]:
    """The one city of every project, department and team the question names, when the table holds several: a
    question about them is read with that city's words (its form's fields: 大船渡's トータルコスト is its own)."""
    if len(engine.cities) < 2:
        return ()
    understanding = understand(question, history, engine.words)
    numbers = {p.value for parse in understanding.parses for p in parse.of("project")}
    cities: set[str] = set()
    if not numbers and history:  # 「そのうち地方債は?」: the projects the conversation is about, or its conditions
        context = context_of(history, engine.words)
        numbers = set(context.projects) if context is not None else set()
        for f in context.filters if context is not None else ():
            if isinstance(f, Member):
                cities.update(c for value in f.values for c in _cities_holding(engine, f.field, value))
    cities |= {ref.city for ref in engine.sheet_refs.values() if ref.number in numbers}
    for parse in understanding.parses:  # a value only one city's sheets hold (総務課, 科学の街推進係, a 施策)
        for key, value in (c for part in parse.of("value") for c in part.value):
            cities.update(_cities_holding(engine, key, value))
    runs = [p.value for parse in understanding.parses for p in parse.of("name_run")]
    if not cities and not numbers and runs:  # words several names share (「鳥獣被害の実施隊」): the city of those names
        cities = {ref.city for ref in engine.sheet_refs.values() if any(run in ref.name for run in runs)}
        if len(cities) == 1:
            return tuple(cities)
        cities = set()
    years = {p.value for parse in understanding.parses for p in parse.of("year")}
    if not cities and years and not numbers:  # "the biggest projects by planned spending for FY2025": one city's year
        cities = {city for city, held in engine.years_of.items() if years <= held}
        if len(cities) == 1:
            return tuple(cities)
        cities = set()
    if not cities and not numbers and not understanding.accepted:
        # a field only one form has (「事業費」, 大船渡's 事業費計), in a question not read with every city's words ("this
        # fiscal year" is each city's own): that form's city
        held = {ref.form for ref in engine.sheet_refs.values()}
        # (of each field, the forms holding it or its counterpart: 方向性 is on both forms, 事業費計 on one)
        forms = [{form for form in held if counterpart(catalogue()[p.value], form)}
                 for parse in understanding.parses for p in parse.of("field")]  # fmt: skip
        if forms and all(len(f) == 1 for f in forms) and len(set.union(*forms)) == 1:
            cities = {ref.city for ref in engine.sheet_refs.values() if ref.form in forms[0]}
            if len(cities) == 1:
                return tuple(cities)
            cities = set()
    if not cities and not numbers:
        # fields of two forms read, one of them glossed by its form's own printed label in brackets ("national
        # treasury disbursements (国庫支出金)": 大船渡's label, a word Tsukuba's 国庫、県支出金、地方債 is also asked by):
        # that form's city
        fields = [catalogue()[p.value] for parse in understanding.parses for p in parse.of("field")]
        labelled = {f.form for f in fields if f.form and re.search(rf"[(（]\s*{re.escape(f.label_ja)}\s*[)）]", question)}
        if len({f.form for f in fields if f.form}) > 1 and len(labelled) == 1:
            cities = {ref.city for ref in engine.sheet_refs.values() if ref.form in labelled}
            if len(cities) == 1:
                return tuple(cities)
            cities = set()
    if not cities and history and not understanding.accepted:
        # an elliptical follow-up ("And what did it cost?") is about the city the question before was about, when
        # that question is read only with its city's words ("budgeted" is a field of each form)
        asked = [m["content"] for m in history if m.get("role") == "user" and isinstance(m.get("content"), str)]
        if asked and (cities := set(_city_of_projects(asked[-1], None, engine))):
            return tuple(cities)
    if not cities and not understanding.accepted:
        # words each city's form reads, where the forms together do not ("the highest all-in cost in FY2024, staff
        # time included": 大船渡's トータルコスト, Tsukuba's 決算額 + 人件費): the one city whose table answers them
        read = {c: u for c in engine.cities if (u := understand(question, history, engine.words_for((c,)))).accepted}
        cities = {c for c, u in read.items() if len(read) == 1 or any(
            g.rows for q in u.queries for g in execute(q, engine.db, (c,)).groups)}  # fmt: skip
    return tuple(cities) if len(cities) == 1 else ()


def _cities_holding(engine: Engine, key: str, value: str) -> set[str]:
    """The cities whose sheets hold ``value`` in field ``key``: a column of the sheets or a row of their fields."""
    info = catalogue().get(key)
    if info is None or (key not in ("department", "section") and info.table != "sheet_fields"):
        return set()
    if info.table == "sheet_fields":
        sql = "SELECT DISTINCT s.city FROM sheet_fields f JOIN sheets s ON s.id = f.sheet_id WHERE f.field = ? AND f.value = ?"
        return {r[0] for r in engine.db.execute(sql, (info.row or key, value))}
    return {r[0] for r in engine.db.execute(f"SELECT DISTINCT city FROM sheets WHERE {key} = ?", (value,))}  # a key


def _understood(
    question: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...] = (), read_past: bool = True
) -> Answer | None:
    """The answer from the query parser and the executor, when the parser reads the whole question (or, with
    ``read_past``, all of it but a word it may leave) and the executor supports what it asks; None otherwise (the
    planner answers)."""
    words = engine.words_for(cities)
    understanding = understand(question, history, words, lambda q: _listed(q, engine, cities))
    past = read_past and understanding.read_past and _may_read_past(question, understanding, words)
    if not history and [p.reason for p in understanding.parses] == [NOTHING_POINTED_AT] and not any(
            p.aside for p in understanding.parses):  # fmt: skip
        # "How much did its total cost go up…" asked first: which project "its" is, nothing before says
        return _refusal(parse_query(question), Plan(UNANSWERABLE, reason=NO_PROJECT), engine)
    # "next year's …" of sheets that end with this year's plan, said of what has no years (the festival's start: not
    # the project's 始期) or of what is not read: the future (a figure of that year read is shown to have no value)
    queried = {year for query in understanding.queries for year in query.years}
    said = [p.value for parse in understanding.parses for p in parse.parts if p.kind == "year" and p.value not in queried]
    if (later := refusal.beyond_the_sheets(parse_query(question), engine, cities, said)) is not None:
        return later
    if not understanding.accepted and not past:
        return _figure_and_reason(question, understanding, engine, cities)
    # (the question as asked too: a part read in the sheets' words, "the section chief (課長)" read as 課長, still
    # asks after a person)
    if any((refused := refusal_of(parse_query(text))) is not None and refused.reason in (NOT_ON_SHEETS, OPINION)
           for text in (question, *(parse.text for parse in understanding.parses))):  # fmt: skip
        return None  # "Who is the section chief …, and what's their phone number?": a person's, whatever it reads
    # money or a share asked of one project, other figures of it read ("how much money did it pay out to get
    # companies to ship cargo": its indicators of companies and cargo): the figure asked is found by meaning
    named = {number for query in understanding.queries for number in query.projects}
    if len(named) == 1 and (not figure_by_meaning.in_the_kind_asked(understanding.parses, understanding.queries, words)
                            or _a_fee_asked(question, understanding) or _a_sum_received(understanding)
                            or _a_name_asked(question, understanding)):
        years = sorted({year for query in understanding.queries for year in query.years}, key=western)
        return _narrative(parse_query(question), Plan(NARRATIVE, projects=sorted(named), years=years), engine, cities)
    built = _executed(understanding.queries, question, engine, cities)
    built = built and with_aside(built, understanding.read_past, READ_PAST_WORDS)
    return built and with_aside(built, [p.aside for p in understanding.parses if p.aside])


def _a_fee_asked(question: str, understanding: Understanding) -> bool:
    """「火葬場の使用料って市内の人だといくら？」: a fee asked, which the project's money (read only from 「いくら」, no
    field named) is not; its passages say the fee, if the sheet does."""
    detail = refusal.asked_detail(parse_query(question))
    fields = [(parse, p) for parse in understanding.parses for p in parse.of("field")]
    # (not an indicator's figure named, 「出産祝い金の支給額、何％増えた？」: its 支給額)
    return detail is not None and detail.key == "price" and bool(fields) and all(
        put_in_for_money(parse.text, parse.lang, p) for parse, p in fields)


def _a_sum_received(understanding: Understanding) -> bool:
    """「移住支援金っていくらもらえるの？」: what one recipient is given, asked with a bare 「いくら」, which the project's
    money (read only from it) is not; its passages say the sum, if the sheet does."""
    return any(parse.of("field") and all(put_in_for_money(parse.text, parse.lang, p) for p in parse.of("field"))
               and parse.lang == "ja" and received_by_one(parse) for parse in understanding.parses)  # fmt: skip


def _a_name_asked(question: str, understanding: Understanding) -> bool:
    """「病後児保育ってどこの施設に委託してるんですか？」: a name asked where only figures were read (委託した施設数):
    no figure names it; its passages may."""
    detail = refusal.asked_detail(parse_query(question))
    return detail is not None and detail.key == "name" and _figures_only(understanding)


def _figure_and_reason(
    question: str, understanding: Understanding, engine: Engine, cities: tuple[str, ...]
) -> Answer | None:
    """「今年度の事業費、去年よりいくら増えて、なんで？」, "how much did it rise, and why?": a figure read whole but
    for the word asking why, of projects named; the figure from the table, the reason from their passages (no
    cell says why). So too an amount asked with what it was spent on (「決算はいくらで、何に使ったの？」). None for any
    other question."""
    queries = understanding.queries
    if not (queries and all(asks_beside_a_figure(parse) for parse in understanding.parses)):
        return None
    projects = sorted({number for query in queries for number in query.projects})
    if not projects or not all(query.projects and isinstance(query.ask, Value) for query in queries):
        return None
    built = _executed(queries, question, engine, cities)
    if built is None or built.kind != STRUCTURED or engine.retriever is None:
        return None
    told = _narrative(parse_query(question), Plan(NARRATIVE, projects=projects), engine, cities, figures=False)
    return _joined(question, [built, told]) if told.kind == NARRATIVE else None


def _change_by_meaning(
    question: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...]
) -> Answer | None:
    """A change between two years asked of one project's figure said in words no field carries ("By what percent
    did the hometown-tax donations grow from R5 to R6?"): of the figure of its sheet closest in meaning to the words
    left, and the answer says which figure that is. None when the question asks no such change."""
    if engine.retriever is None:
        return None
    words = engine.words_for(cities)
    understanding = understand(question, history, words)
    parse = understanding.parses[0] if len(understanding.parses) == 1 else None
    years = figure_by_meaning.change_asked(parse) if parse and parse.unplaced and not parse.reason else None
    if years is None or len(parse.unplaced) > MAX_LEFT_FOR_A_FIGURE:
        return None
    number, left = parse.of("project")[0].value, " ".join(parse.unplaced)
    said = left if parse.lang == "ja" else _keyword_text(parse_query(left), engine) or ""
    ask = figure_by_meaning.Ask(left, figure_by_meaning.ANY, left)
    figures = figure_by_meaning.sheet_figures(number, words.form_of.get(number), words)
    found = figure_by_meaning.closest(ask, figures, engine.retriever.embedder, set(), said)
    if not found:
        return None
    percent = any(part.kind == "op" and part.value == "percent" for part in parse.parts)
    query = figure_by_meaning.change_query(found[0], number, years, percent, parse.lang)
    built = _executed([query], question, engine, cities)
    if built is None or built.kind != STRUCTURED:
        return None
    built.text = figure_by_meaning.chosen_line(number, found[:1], parse.lang) + "\n" + built.text
    built.notes.append("figure by meaning: " + found[0].label)
    return built


MAX_LEFT_FOR_A_FIGURE = 4  # words left that may say the figure a change is of ("donations", 「寄附の額」)


def _may_read_past(question: str, understanding: Understanding, words: Words) -> bool:
    """Whether a figure may be answered without the one word the parser could not place: not when the question asks
    for a detail (who, when, how many people) or something the sheets refuse (a name, an opinion, the future), which
    that word may be how it asks (「課長ってだれ？名前しりたい」), nor when the word is in a part of the question that
    asks a thing of its own (「…目標と実績は？あと採択されたのは何件？」: the parts are answered each). A count asked
    of an indicator the parser read is that indicator's (「有害捕獲で何頭とったの?」: 有害捕獲頭数; 「講演会、何人くらい
    聴きに来た?」: its 聴講者数)."""
    query = parse_query(question)
    if any(word.lower() in WHY_WORDS for word in understanding.read_past):
        return False  # "Why is it being ended?" asks a reason, which its value is not
    if asks_how(question):
        return False  # "How does it plan to secure its budget?", 「どうするつもり？」: asks how, which no cell read is
    if ops.RATE_ASKED.search(question) and not any(
            is_rate(getattr(q.ask, "measure", None)) or getattr(q.ask, "op", "") == "average"
            for q in understanding.queries):  # fmt: skip
        return False  # "how much per household": a rate, which a year's total read without "household" is not
    if not any(p.kind == "field" and not put_in_for_money(parse.text, parse.lang, p)
               for parse in understanding.parses for p in parse.parts) and any(
            received_amount(parse, word) for parse in understanding.parses for word in understanding.read_past):
        return False  # 「今いくらもらえるの?」 asks what one is given; the project's money is not it
    pieces = split(question)
    if len(pieces) > 1 and any(_asks_of_its_own(piece, understanding.read_past, words) for piece in pieces):
        return False
    if _names_an_indicator(understanding, words):
        return False  # 「ふるさと納税っていくら寄付が集まった」: the donations' indicator (寄附金額), not the project's cost
    detail = refusal.asked_detail(query)
    if detail is not None and detail.key in ("count", refusal.PEOPLE) and any(
            query.lang == "en" and word.endswith("ed") for word in understanding.read_past):  # fmt: skip
        return False  # "how many people registered as meisters": what they did says who is counted
    # (of each year's figure too: 「5年間でシカを合計何頭捕獲した？」, the 有害捕獲頭数 of each year summed)
    counted = detail is not None and detail.key in ("count", refusal.PEOPLE) and all(
        (fields := measure_fields(getattr(q.ask, "measure", None))) and all(f.indicator is not None for f in fields)
        for q in understanding.queries)  # fmt: skip
    # (an indicator found by the counter alone, 「採択されたのは何件」 read as the 申請件数: the word left says what
    # is counted)
    counted = counted and all(any(not _COUNTER_ONLY.match(parse.text[p.start : p.end]) for p in parse.of("indicator"))
                              for parse in understanding.parses)  # fmt: skip
    return refusal_of(query) is None and (detail is None or counted)


def _names_an_indicator(understanding: Understanding, words: Words) -> bool:
    """Whether a noun read past is a word of an indicator's name of the project a figure is asked of, said as the
    sheets say it (寄付 of 「ふるさと大船渡応援寄附」金額): the figure asked is that indicator's, which the reading lacks."""
    projects = {number for q in understanding.queries for number in q.projects}
    if len(projects) != 1 or any(f.indicator is not None for q in understanding.queries
                                 for f in measure_fields(getattr(q.ask, "measure", None))):  # fmt: skip
        return False
    names = {token for _, name in words.indicators.get(projects.pop(), []) for token in tokenise(name)}
    return any(token in names for word in understanding.read_past for token in tokenise(word) if len(token) > 1)


def asks_how(question: str) -> bool:
    """Whether the question asks in what way (how it plans, how it was held), not how much."""
    return bool(_MANNER.search(question)) and not _AMOUNT_ASKED.search(question)


_MANNER = re.compile(rf"(?:^|[,;:?.!、。\-–—]\s*|\band\s+)how\s+{MANNER_AUXILIARIES}|"
                     r"どうやって|どのように|どのよう|どうする|どうした|どうしてい(?:く|き)", re.IGNORECASE)
_AMOUNT_ASKED = re.compile(r"\bhow\s+(?:much|many|big|large|high|low)\b|いくら|何件|何人|何回|どれ(?:くらい|ぐらい|だけ)|"
                           r"どの(?:くらい|ぐらい)", re.IGNORECASE)
_COUNTER_ONLY = re.compile(r"(?:何|なん|how many\b)", re.IGNORECASE)


def _asks_of_its_own(piece: str, left: list[str], words: Words) -> bool:
    """Whether ``piece`` holds a word the whole question's reading left and asks something itself (a count, an
    amount, a list) that the word would say what of; a verb of the amount asked (「延べ何時間働いた」) says what was
    done with it, not what of."""
    parse = parsed(piece, words)
    return any(word in parse.unplaced and not verb_of_an_amount(parse, word) for word in left) and any(
        p.kind in ("unit", "aggregate", "amount", "list", "superlative") for p in parse.parts)




def _listed(query: table_query.Query, engine: Engine, cities: tuple[str, ...]) -> tuple[str, ...]:
    """The projects the answer to ``query`` names, in its order: what "it" and 「その中」 point back at."""
    outcome = execute(query, engine.db, cities)
    return tuple(dict.fromkeys(row.sheet for group in outcome.groups for row in group.rows))


# The reading line of an answer to a model's proposal says so.
PROPOSAL_WORDS = (("質問の読み取り:", "質問の読み取り（モデルの提案）:"),
                  ("How I read the question:", "How I read the question (the model's proposal):"))  # fmt: skip


def _proposed(
    question: str, history: list[Message] | None, engine: Engine, cities: tuple[str, ...] = ()
) -> Answer | None:
    """The answer to a query the local model proposes (``answering.propose``) for a question the rule parser
    recognised but could not compose, when ``query_model`` is ``local``; None otherwise."""
    if engine.settings.query_model != LOCAL:
        return None
    words = engine.words_for(cities)
    understanding = understand(question, history, words)
    if understanding.accepted or len(understanding.parses) != 1:
        return None
    try:
        proposer = load_proposer(engine.settings)
    except ModelUnavailable:
        return None
    names = {ref.number: ref.name for ref in engine.sheet_refs.values()}
    query = proposer.propose(question, understanding.parses[0], names, context_of(history, words))
    built = _executed([query], question, engine, cities) if query is not None else None
    if built is not None:
        built.proposed = True
        said = PROPOSAL_WORDS[0] if query.lang == "ja" else PROPOSAL_WORDS[1]
        built.text = built.text.replace(*said, 1)
        built.notes.append("query proposed by the local model and checked against the question's parts")
    return built


def _executed(queries: list, question: str, engine: Engine, cities: tuple[str, ...]) -> Answer | None:
    """The answer the executor gives ``queries``, checked; None when it cannot run them."""
    if not queries or not all(isinstance(q.ask, SUPPORTED) for q in queries):
        return None
    # Projects chosen by their indicators' attainment alone: the planner shows each target and actual, the rule
    # and a chart, which the composer does not yet. (With another condition, a unit's, the planner would drop it.)
    if any(q.filters and all(isinstance(f, Member) and f.field == "indicator_status" for f in q.filters)
           and not q.projects for q in queries):  # fmt: skip
        return None
    outcomes = [execute(q, engine.db, cities) for q in queries]
    if any(o.unknown_projects or o.refusal for o in outcomes):
        return None
    names = {ref.number: ref.name for ref in engine.sheet_refs.values()}
    lang = queries[0].lang
    built = compose(question, outcomes, engine.db, engine.sheet_refs, lang, names)
    # A declined answer states no value (only the projects and years asked about): nothing to check.
    if built is None or not built.text or (built.kind != UNANSWERABLE and check(built, engine.db, question)):
        return None
    return built


def _answer_plan(
    query: Query, plan: Plan, engine: Engine, cities: tuple[str, ...] = (), asked: Query | None = None
) -> Answer:
    """``asked``: the question as asked, when ``query`` has a project found by meaning put in for its words."""
    if (later := refusal.beyond_the_sheets(asked or query, engine, cities)) is not None:
        return later  # a year after the sheets' last: whatever the planner would read, the sheets do not say
    if asked is not None and asked is not query and (refused := refusal_of(asked)) is not None:
        return _refusal(asked, refused, engine)  # what the words found by meaning replaced asked for (a phone number)
    if plan.route == UNANSWERABLE and plan.reason == "unknown_project" and (
        _describes(plan.detail, engine) or _read_as_names(plan.detail, engine, cities)
    ):
        # 「新しい技術の製品を安く試してもらう事業」 describes a project rather than naming one: the sheets' closest
        # passages answer it (and say which project they are from), where a name not found is refused.
        return _narrative(query, replace(plan, route=NARRATIVE, reason="", detail=""), engine, cities, asked)
    if plan.route == UNANSWERABLE:
        if plan.reason == A_DAY and (off_topic := refusal.off_topic(query, plan, engine)) is not None:
            return off_topic  # 「今日の天気は?」: what it names is nowhere on the sheets, said before the day
        return _refusal(query, plan, engine)
    if plan.route == NARRATIVE:
        return _narrative(query, plan, engine, cities, asked)
    if plan.projects and not _planner_reads_projects(engine, plan.projects):
        # The planner's look-ups read Tsukuba's form only: a question about another form's sheets that the
        # query parser could not read is answered from those sheets' own sections, quoted and cited.
        return _narrative(query, replace(plan, route=NARRATIVE), engine, cities, asked)
    if not plan.projects and not _planner_reads(engine, cities):  # a look-up over sheets it cannot read
        return _refusal(query, Plan(UNANSWERABLE, reason="not_found"), engine)
    if (negated := _negation_dropped(query.text, plan, engine, cities)) is not None:
        return _refusal(query, Plan(UNANSWERABLE, reason="negation", detail=negated), engine)
    sources = Sources(engine.db)
    result = run_plan(plan, engine.db, sources, query.lang)
    text = "\n".join(_as_lines(result.lines))
    if len(result.table) > 3:
        text += "\n\n" + markdown_table(result.table)
    kind = STRUCTURED if result.answered else UNANSWERABLE
    # An aggregate names the projects it found; a lookup, the ones asked about.
    found = list(dict.fromkeys(row["sheet"] for row in result.rows if "sheet" in row))
    built = Answer(
        query.original,
        text,
        query.lang,
        kind,
        sources.citations,
        result.rows,
        result.chart,
        projects=plan.projects or found,
    )
    return _checked(built, engine, query)


def _negation_dropped(text: str, plan: Plan, engine: Engine, cities: tuple[str, ...]) -> str | None:
    """The words of a "not" that the planner would drop, answering the opposite ("projects that aren't new" listed
    as the new ones): its conditions carry no negation, but those that are one (an unmet target, a figure not zero,
    no target set). None when there is none."""
    if not plan.filters or all(f.kind in ("status", "positive", "no_target") for f in plan.filters):
        return None
    parse = parsed(text, engine.words_for(cities))
    negation = next(iter(parse.of("negation")), None)
    if negation is None:
        return None
    # what is negated: the word before it in Japanese (新規ではなく), after it in English (aren't new)
    before = [q for q in parse.parts if q.end <= negation.start]
    after = [q for q in parse.parts if q.start >= negation.end]
    near = (before[-1:] or after[:1]) if parse.lang == "ja" else (after[:1] or before[-1:])
    start, end = min([negation.start, *(q.start for q in near)]), max([negation.end, *(q.end for q in near)])
    return parse.text[start:end]


def _describes(phrase: str, engine: Engine) -> bool:
    """Whether the words taken for a project's name describe one of the sheets' projects: they hold a verb or an
    adjective (names are nouns: 公園整備事業), and every noun of them is on the sheets (「市内の道路を直す」: 道路 is
    not, so no project of these sheets is described)."""
    found = morphemes(phrase or "")
    words = refusal.words_of(engine)
    nouns = [m.surface for m in found if m.pos[0] == "名詞" and len(m.surface) > 1]
    return (any(m.pos[0] in ("動詞", "形容詞") for m in found) and words is not None
            and all(words.has(n) for n in nouns))  # fmt: skip


def _read_as_names(phrase: str, engine: Engine, cities: tuple[str, ...]) -> bool:
    """Whether the query parser reads the words the planner took for an unknown project's name as words of the
    sheets' names or units ("smart city": スマートシティの推進's and スマートシティ戦略室's), which the passages answer."""
    parse = parsed(phrase or "", engine.words_for(cities))
    return bool(parse.parts) and not parse.unplaced and all(p.kind in ("project", "value", "name_run") for p in parse.parts)


def _planner_reads_projects(engine: Engine, numbers: list[str]) -> bool:
    """Whether any sheet numbered ``numbers`` is of the form the planner's table look-ups read."""
    return any(r.form == TSUKUBA_FORM for r in engine.sheet_refs.values() if r.number in numbers)


def _planner_reads(engine: Engine, cities: tuple[str, ...]) -> bool:
    """Whether the planner's table look-ups (Tsukuba's form's tables) read every sheet of ``cities`` (all when
    empty): over sheets it cannot read it would say that no sheet reports a figure 大船渡's sheets do report, or
    list Tsukuba's ten projects for a question about 大船渡's."""
    forms = {r.form for r in engine.sheet_refs.values() if not cities or r.city in cities}
    return forms == {TSUKUBA_FORM}


def _as_lines(lines: list[str]) -> list[str]:
    # A bold title line, then its facts as a list; plain sentences stay sentences.
    out = []
    for line in lines:
        out.append(line if line.startswith(("**", "-", "（", "(", "|")) or line.endswith(("。", ".")) else f"- {line}")
    return out


def retrieve(question: str, engine: Engine, k: int = 5, mode: str | None = None) -> list:
    """The sections the system finds for ``question``: the projects it names first, English words
    given the sheets' Japanese for keyword search."""
    query = parse_query(question)
    return engine.retriever.search(
        question,
        k=k,
        first=engine.catalogue.resolve(query).projects,
        keyword_query=_keyword_text(query, engine),
        mode=mode or engine.mode,
    )


def _keyword_text(query: Query, engine: Engine) -> str | None:
    """What keyword search reads for an English question: its words, and the sheets' Japanese words for them."""
    if query.lang != "en":
        return None
    return f"{translate(query.text)} {engine.retriever.keywords.japanese_for(' '.join(_words_said(query.text)))}"


def _words_said(text: str) -> list[str]:
    """The English content words of ``text`` (not function words, nor the "many" of "how many")."""
    return [w for w in re.findall(r"[a-z][a-z'\-]*", text.lower()) if w not in FUNCTION_WORDS_EN and w != "many"]


def _narrative(
    query: Query, plan: Plan, engine: Engine, cities: tuple[str, ...] = (), asked: Query | None = None,
    figures: bool = True,
) -> Answer:
    """The passages that answer ``query``; with ``figures``, the table's figures by meaning of what it asks in words
    no field carries (not when the figure is answered already, beside why or what it went on)."""
    if engine.retriever is None:
        return _refusal(query, Plan(UNANSWERABLE, reason="not_found"), engine)
    off_topic = refusal.off_topic(query, plan, engine)  # names nothing on the sheets, with words they lack
    if off_topic is not None:
        return off_topic
    keyword_text = _keyword_text(query, engine)
    rows = narrative.asked_rows(query)
    # (a row, or a detail — a fee, a date — asked of named projects: their whole sheets, wherever the detail is)
    whole = bool(plan.projects) and bool(rows or refusal.asked_detail(asked or query))
    hits = engine.retriever.search(
        query.text if query.lang == "ja" else query.original,
        k=SHEET_CHUNKS * len(plan.projects) if whole else 6,
        sheets=plan.projects or None,
        sections=list(NARRATIVE_SECTIONS),
        mode=engine.mode,
        keyword_query=keyword_text,
        cities=list(cities) or None,
    )
    sources = Sources(engine.db)
    sentences = narrative.candidate_sentences(hits, sources, engine.sheet_refs)
    # (and the cities' names: 「つくば市が…」 names the city the sheets are of, not a matter its sentences share)
    names = [*(engine.catalogue_for(cities).projects[n].name for n in plan.projects), *engine.cities]
    scored = narrative.score_sentences(sentences, query, plan, names, keyword_text or "")
    pieces = split(query.text)
    asks = [narrative.query_tokens(parse_query(piece), names) for piece in pieces] if len(pieces) > 1 else []
    # (and the sheets' words for an English ask's words: "how many proposals came in": 提案)
    guessed = [narrative.translated_tokens(_keyword_text(parse_query(piece), engine) or "") for piece in pieces] if asks else []
    chosen = narrative.choose(scored, plan, rows, asks, guessed)
    if not chosen:
        return _refusal(query, Plan(UNANSWERABLE, reason="not_found"), engine)
    asked = asked or query  # the detail asked for is in the question's own words ("how many people …")
    # a detail asked (a fee, a date) that a sentence of the same sheet gives, though it scored lower, is quoted too
    same_sheet = [s for s in scored if s.sheet == chosen[0].sheet and s not in chosen[: narrative.MAX_SENTENCES]]
    if (telling := refusal.giving_the_detail(asked, chosen[: narrative.MAX_SENTENCES], same_sheet)) is not None:
        chosen = [*chosen[: narrative.MAX_SENTENCES - 1], telling]
    elif (telling := _figure_further_down(asked, chosen[: narrative.MAX_SENTENCES], same_sheet, engine)) is not None:
        chosen = [telling, *chosen[: narrative.MAX_SENTENCES - 1]]  # (the figure asked: first)
    # a figure asked in words no field carries: from the table; beside an account asked too, above its passages
    figured = None
    words = engine.words_for(cities)
    parse = parsed(asked.text, words)
    if figures and (asks := figure_by_meaning.asked_figures(asked.text, asked.lang)):
        # the form's figures each clause that asks none by meaning names ("…, and what did it cost?"), read once
        beside = {c: _figures_named(c, words) for c in figure_by_meaning.other_clauses(asked.text, asked.lang)}
        account = figure_by_meaning.asks_other_things(asked.text, asked.lang, lambda clause: bool(beside[clause]))
        figured = _figures_by_meaning(asked, parse, asks, beside, plan, chosen, engine, cities, quote=not account)
        if figured is not None and not account:
            return figured
    alone = not figure_by_meaning.asks_other_things(asked.text, asked.lang, lambda clause: False)
    # (「なんでやめる方向なの？」 asks why, which the verdict itself does not tell: the passages answer)
    alone = alone and not any(word in asked.text for word in WHY_WORDS)
    if figures and figured is None and (
            figured := _facts_of_passages_sheet(asked, parse, plan, chosen, engine, cities, alone)):
        if alone:
            return figured
    if plan.ambiguous:
        names = "、".join(plan.projects)
        lead = p.say(
            query.lang, f"複数の事業に当てはまります（{names}）。", f"That could mean several projects ({names})."
        )
    else:
        lead = p.say(query.lang, "シートには次のように書かれています。", "The sheets say:")
    # asks a date, a count, a name the sentences chosen for it lack (the rest of their cell is context only)
    shown = chosen[: narrative.MAX_SENTENCES]
    topic = (keyword_text if asked is query else _keyword_text(asked, engine)) or asked.text
    absent = refusal.absent_detail(asked, [s.text for s in shown], topic) if figured is None else None
    people = absent is not None and absent.note == f"detail not given: {refusal.PEOPLE}"
    counter = "人" if people else refusal.asked_counter(asked) if absent is not None else None
    counted = _counting(engine, cities, [s.sheet.number for s in shown], counter) if counter else []
    if counted:  # the sheet counts it in an indicator the question's words did not name: said, not denied
        said = p.say(query.lang, "、", ", ").join(counted)
        absent = replace(absent, lead=p.say(
            query.lang, f"次の記載には人数は書かれていません（人数を数えている指標: {said}）。",
            f"These passages do not give a number of people (indicators counting people: {said}):") if people else p.say(
            query.lang, f"次の記載にはその数は書かれていません（{counter}で数えている指標: {said}）。",
            f"These passages do not give that number (indicators counting in {counter}: {said}):"))  # fmt: skip
    lead = absent.lead if absent else lead
    sources = Sources.after(engine.db, figured.citations) if figured else sources
    lines = [*([figured.text, ""] if figured else []), lead,
             *narrative.compose(chosen, sources, query.lang, with_city=len(engine.cities) > 1)]  # fmt: skip
    built = Answer(
        query.original,
        "\n".join(lines),
        query.lang,
        UNANSWERABLE if absent else NARRATIVE,  # the detail asked for is not given: a decline, with context
        sources.citations,
        projects=list(dict.fromkeys([*plan.projects, *(s.sheet.number for s in chosen)])),
        notes=[absent.note] if absent else figured.notes if figured else [],
    )
    return _checked(built, engine, query)


# Parts that ask of several figures: a total, a ranking, a change, a series, each of something, a comparison.
_OF_SEVERAL = ("superlative", "series", "each", "compare", "list")


def _figures_named(clause: str, words: Words) -> set[str]:
    """The numeric fields of the form the parser reads in ``clause``."""
    return {key for key in figure_by_meaning.read_fields(parsed(clause, words)) if catalogue()[key].numeric}


def _figures_by_meaning(
    asked: Query,
    parse: Parse,
    asks: list[figure_by_meaning.Ask],
    beside: dict[str, set[str]],
    plan: Plan,
    chosen: list,
    engine: Engine,
    cities: tuple[str, ...],
    quote: bool = True,
) -> Answer | None:
    """The figures ``asks`` ask (of the question ``asked``, read as ``parse``) of the sheet the question's passages
    (``chosen``) are from, chosen by meaning
    (``figure_by_meaning``), answered from the table with the form's figures ``beside`` names in the other clauses;
    None when the sheet has none counted in the unit asked. ``quote``: the passages that give a number in the unit
    asked are quoted below the figures (not when the passages are shown anyway)."""
    sheet = chosen[0].sheet
    shown = chosen[: narrative.MAX_SENTENCES]
    if engine.retriever is None or (plan.projects and sheet.number not in plan.projects):
        return None
    words = engine.words_for(cities)
    # (a money word the parser put in for a bare いくら names no figure: 「いくら寄付が集まった」 is the donations')
    figures = figure_by_meaning.sheet_figures(sheet.number, sheet.form, words)
    read = figure_by_meaning.read_fields(parse, said=True)
    if asked.lang == "ja" and received_by_one(parse):  # (what one recipient gets: an indicator's, not what was spent)
        figures = [f for f in figures if f.indicator is not None]
    # a total, a ratio, an average of several figures (fields, years, projects) no one figure answers; "its
    # operating ratio", "the total amount" of one project in one year name one figure
    several = len(read) > 1 or len(figure_by_meaning.read_years(parse)) > 1 or len(plan.projects) > 1
    against = _a_target_said(asked.original, parse)  # (a figure "compared with the target" is one, beside its target)
    if any(part.kind in _OF_SEVERAL or (part.value == "difference" and not against)
           or (several and part.value in ("total", "average", "ratio", "sum")) for part in parse.parts):  # fmt: skip
        return None  # a ranking, a change, a series: of several figures
    # a figure of the form named in a clause of its own beside those asked by meaning ("…, and what did it cost?"),
    # not a verb said in the ask (「券は何枚使われた」: 使われた is no 事業費)
    also = [f for f in figures if f.indicator is None and any(f.field.key in keys for keys in beside.values())]
    picked: list[figure_by_meaning.Figure] = []
    chosen_for: dict[int, list] = {}  # the figures chosen for each ask
    # an ask with its counter said first: "how many deer …, how many members": members are counted in 人, and the
    # deer, a count in any unit, are then not given the squad's 人
    for i in sorted(range(len(asks)), key=lambda i: asks[i].kind in (figure_by_meaning.COUNT, figure_by_meaning.ANY)):
        ask = asks[i]
        others = [f for f in figures if f not in picked and f not in also]
        if i and _POINTING_BACK.search(ask.words):
            # "how many donations came in, and how much money was that?": of what the ask before counted (寄附額, not
            # the project's 事業費計), when a figure counted as asked is named by its words
            told = _sheet_words_of_an_ask(asks[i - 1], asked.lang, engine)
            others = [f for f in others if any(w in f.label for w in told) and figure_by_meaning.counted_in(
                f, ask.kind)] or others  # fmt: skip
        # an English ask in the sheets' words, from its own words on (not the project's description before them)
        said = ask.text if asked.lang == "ja" else _keyword_text(parse_query(ask.words), engine) or ""
        found = figure_by_meaning.closest(ask, others, engine.retriever.embedder, read, said, sheet.name,
                                          figure_by_meaning.read_indicators(parse, ask, sheet.number))
        if not found and len(asks) == 1:  # 「子ども1人あたり平均いくら」, printed per one nowhere: a total over a count
            return _per_head(ask, asked, parse, others, read, said, plan, sheet, engine, cities)
        if not found:
            return None
        picked += found
        chosen_for[i] = found
    picked = [f for i in range(len(asks)) for f in chosen_for[i]]  # in the order asked
    # the passages giving a number in the unit asked (or, for a count whose counter was unsaid, in the unit of the
    # figure chosen) are quoted below the table's figures: which of them tells what was asked, the reader sees
    # (「約７千件117,854千円の寄附」 is the disaster relief's, not the year's donations)
    passages = [s.text for s in shown]
    telling = [figure_by_meaning.telling(a, chosen_for[i], passages) for i, a in enumerate(asks)]
    if asked.lang == "ja" and all(figure_by_meaning.told_in_its_words(a, chosen_for[i], telling[i], sheet.name)
                                  for i, a in enumerate(asks)):  # fmt: skip
        return None  # each figure asked is in a passage in the question's words, and in no figure's name: quoted
    groups = [_sheet_words_of_each(a.words, engine) for a in asks] if asked.lang == "en" else []
    if groups and all(figure_by_meaning.told_in_its_translation(groups[i], chosen_for[i], [
            s.text for s in shown if s.section != "indicators" and figure_by_meaning.gives_a_number(a, s.text, groups[i])],
            sheet.name) for i, a in enumerate(asks)):  # fmt: skip
        # (so in the sheets' words for its words: a count in a counter no figure chosen is counted in; not an
        # indicator's own note, 「予定数4人→実績2人に修正」, which its figures answer)
        return None
    # (no year said: the years of the conversation the plan inherits, 「で、それに市はいくら出してるの？」 after 去年's)
    years = figure_by_meaning.read_years(parse) or tuple(plan.years)
    queries = [f.query(sheet.number, years, asked.lang) for f in [*picked, *also]]
    if against:  # "how many new hires versus the goal?": the target set for it beside it
        queries[len(picked) : len(picked)] = [
            table_query.Query(Value(Field("indicator_target", indicator=f.indicator)), projects=(sheet.number,),
                              years=years, lang=asked.lang) for f in picked if f.field.key == "indicator_actual"]  # fmt: skip
    built = _executed(queries, asked.original, engine, tuple(cities) or (sheet.city,))
    if built is None or built.kind != STRUCTURED:  # (a figure not recorded for the year asked: the passages say)
        return None
    lines = [figure_by_meaning.chosen_line(sheet.number, picked, asked.lang), built.text]
    quoted = [s for s in shown if quote and any(s.text in told for told in telling)]
    if quoted:
        sources = Sources.after(engine.db, built.citations)
        lines += ["", p.say(asked.lang, "シートの記載にも数があります。", "The sheet's passages give a number too:"),
                  *narrative.compose(quoted, sources, asked.lang, with_city=len(engine.cities) > 1)]  # fmt: skip
        built.citations = sources.citations
    built.text = "\n".join(lines)
    built.notes.append("figure by meaning: " + ", ".join(f.label for f in picked))
    return built


def _per_head(
    ask: figure_by_meaning.Ask, asked: Query, parse: Parse, figures: list, read: set[str], said: str, plan: Plan,
    sheet, engine: Engine, cities: tuple[str, ...],
) -> Answer | None:
    """An amount per one of a thing counted, from the sheet's money figure over its count of the thing
    (``figure_by_meaning.per_head``), the two figures said."""
    pair = figure_by_meaning.per_head(ask, figures, engine.retriever.embedder, read, said, sheet.name)
    if pair is None:
        return None
    years = figure_by_meaning.read_years(parse) or tuple(plan.years)
    query = figure_by_meaning.per_head_query(*pair, sheet.number, years, asked.lang)
    built = _executed([query], asked.original, engine, tuple(cities) or (sheet.city,))
    if built is None or built.kind != STRUCTURED:
        return None
    built.text = figure_by_meaning.chosen_line(sheet.number, list(pair), asked.lang) + "\n" + built.text
    built.notes.append("figure by meaning: " + " / ".join(f.label for f in pair))
    return built


def _sheet_words_of_an_ask(ask: figure_by_meaning.Ask, lang: str, engine: Engine) -> list[str]:
    """The sheets' words for what an ask asks of (寄附 of "how many donations came in")."""
    text = ask.text if lang == "ja" else engine.retriever.keywords.japanese_for(" ".join(_words_said(ask.words)))
    # (as written: a label prints 寄附, which Sudachi's normal form writes 寄付)
    return [m.surface for m in morphemes(text) if m.pos[0] == "名詞" and len(m.surface) > 1
            and re.search(r"[一-龥ァ-ヶ]", m.surface)]  # fmt: skip


# an ask of the thing the ask before it counted: "…, and how much money was that?", 「…、それは金額でいくら？」
_POINTING_BACK = re.compile(r"\bthat\s*(?:[?.!,]|$|in total|altogether|come|came|amount|add)|それ(?:は|って|が|で)",
                            re.IGNORECASE)


def _a_target_said(question: str, parse: Parse) -> bool:
    """Whether the question names an indicator's target (目標, "the goal") beside the figure it asks by meaning."""
    return any((p.kind, p.value) == ("field", "indicator_target") for p in parse.parts) or bool(
        _TARGET_SAID.search(question))


_TARGET_SAID = re.compile("|".join([*FIELD_WORDS["indicator_target"][1], r"\btargets?\b",
                                    *(rf"\b{w}\b" for w in FIELD_WORDS["indicator_target"][2])]), re.IGNORECASE)


def _sheet_words_of_each(text: str, engine: Engine) -> list[set[str]]:
    """The sheets' Japanese words for each English content word of ``text``, word by word."""
    return [{t for t in engine.retriever.keywords.japanese_for(w).split() if len(t) > 1} for w in _words_said(text)]


def _figure_further_down(asked: Query, shown: list, others: list, engine: Engine):
    """Of ``others`` (the best sheet's sentences that scored lower, best first), the first that gives a number of a
    figure asked by meaning beside two of the ask's words (in the sheets' words for an English ask) that its
    project's name does not hold, when no sentence ``shown`` does: "how many sanitation monitors …" is 「衛生監視員
    （34人）を配置し」, which shares fewer of the question's words than the sheet's sentences on illegal dumping."""
    asks = figure_by_meaning.asked_figures(asked.text, asked.lang)
    if not asks or not others or engine.retriever is None:
        return None
    name = others[0].sheet.name
    for ask in asks:
        groups = (_sheet_words_of_each(ask.words, engine) if asked.lang == "en"
                  else [{w} for w in figure_by_meaning.content_words(ask.text)])  # fmt: skip
        groups = [g for g in groups if g and not any(w in name for w in g)]

        def tells(sentence, ask=ask, groups=groups) -> bool:
            return sentence.section != "indicators" and figure_by_meaning.gives_a_number(ask, sentence.text, groups) \
                and figure_by_meaning.says_enough_of(sentence.text, groups)

        if not any(tells(s) for s in shown) and (found := next((s for s in others if tells(s)), None)):
            return found
    return None


# The basic facts a citizen asks of a project known only by what it does: where to go (the team, its department),
# under which rule, since and until when. (Its budget code or policy, a question of staff, names the project.)
FACTS_ASKED_OF_A_DESCRIBED_PROJECT = ("department", "section", "legal_basis", "ofunato_period_start", "ofunato_period_end")
# and, asked alone, whether it goes on and which SDGs it serves ("how will it change from now on" is the passages')
VERDICTS_ASKED_OF_A_DESCRIBED_PROJECT = ("direction", "ofunato_future_direction", "sdgs")


def _facts_of_passages_sheet(
    asked: Query, parse: Parse, plan: Plan, chosen: list, engine: Engine, cities: tuple[str, ...], alone: bool
) -> Answer | None:
    """The basic facts the question names (係, 根拠法令, いつまで) of a project it describes rather than
    names (「空き家対策の事業はどこの係が担当？」): those of the sheet its passages are from, which the answer names;
    a team is shown with its department (where to find it). ``alone``: the question asks nothing else, and may ask
    a verdict (続くの?: its 方向性). None when it names no such fact."""
    sheet = chosen[0].sheet
    if plan.projects and sheet.number not in plan.projects:
        return None
    asked_of = FACTS_ASKED_OF_A_DESCRIBED_PROJECT + (VERDICTS_ASKED_OF_A_DESCRIBED_PROJECT if alone else ())
    keys = [key for key in figure_by_meaning.read_fields(parse) if key in asked_of]
    if not keys:
        return None
    keys = list(dict.fromkeys(["department", *keys] if "section" in keys else keys))
    queries = [table_query.Query(Value(Field(key)), (sheet.number,), lang=asked.lang) for key in keys]
    built = _executed(queries, asked.original, engine, tuple(cities) or (sheet.city,))
    if built is None or built.kind != STRUCTURED:
        return None
    lead = p.say(asked.lang, f"質問の事業は、いちばん近い記載のある{sheet.number} {sheet.name}と読みました。",
                 f"The project you describe is read as {sheet.number} {sheet.name}, whose passages are closest.")  # fmt: skip
    built.text = f"{lead}\n{built.text}"
    built.notes.append(f"project of the passages: {sheet.number}")
    return built


def _counting(engine: Engine, cities: tuple[str, ...], numbers: list[str], counter: str) -> list[str]:
    """「indicator」 names, with their project, of the first of ``numbers`` whose indicators count in ``counter``
    (人: people; 件, 台 …)."""
    where = f"AND s.city IN ({', '.join('?' * len(cities))})" if cities else ""
    for number in dict.fromkeys(numbers):
        found = [f"{number}「{name}」" for table in ("indicators", "indicator_series")
                 for name, unit in engine.db.execute(
                     f"SELECT i.name, i.unit FROM {table} i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = ? {where}",
                     (number, *cities)) if name and counts_in(unit or "", counter)]  # fmt: skip
        if found:
            return list(dict.fromkeys(found))
    return []


def _refusal(query: Query, plan: Plan, engine: Engine | None = None, limit: int = 0) -> Answer:
    return refusal.refuse(query, plan.reason, plan.detail, engine, limit)


_CHECK_NOTE = "citation check: "


def _checked(built: Answer, engine: Engine, query: Query) -> Answer:
    """An answer that fails the citation check is not shown as is."""
    problems = check(built, engine.db, query.original)
    if not problems:
        return built
    built.notes = [f"{_CHECK_NOTE}{problem}" for problem in problems]
    if not built.citations:  # nothing to show in its place: the question is not answered
        built.kind = UNANSWERABLE
        built.text = p.say(query.lang, "回答を出典と照合できず、示せる出典もないため、お答えできません。",
                           "The answer could not be checked against its sources and there is none to show, so "
                           "the question is not answered.")  # fmt: skip
        return built
    built.text = p.say(
        query.lang,
        "回答を出典と照合できなかったため、該当箇所だけを示します。",
        "The answer could not be checked against its sources, so only the sources are shown.",
    )
    built.text += "\n" + "\n".join(f"- [{c.n}] {c.sheet} {c.heading}: 「{c.quote}」" for c in built.citations)
    return built
