"""A question in its conversation → Queries: multi-part questions split, follow-ups filled from the last Query.

``understand(question, history, words)`` parses the question (``answering.understand``); when it has several
parts (「…は?あと…は?」, "…, and also …"), each part is parsed and the parse is accepted only if every part
is. A part or question that leaves out its project (and its measure) takes them from the Query before it:
the conversation's user messages are folded forward once each (their parses are cached by text), so the
cost is linear in the length of the history, never a re-plan of it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from jimuqa.answering.by_meaning import PROJECT_WORDS
from jimuqa.answering.catalogue import NUMBER, REASON_OF, UNIT_FIELDS, catalogue
from jimuqa.answering.compose_query import build, cost_of_a_source, share_of_its_cost
from jimuqa.answering.normalise import detect_language, normalise_text
from jimuqa.answering.operators import ALTERNATIVE_WORDS, BOTH_WORDS, THINGS_COUNTED
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Listing,
    Measure,
    Member,
    Query,
    Ranking,
    Refusal,
    Series,
    Value,
    is_change,
    measure_fields,
    takes_years,
)
from jimuqa.answering.types import Message
from jimuqa.answering.understand import (
    FIGURE_ASKED,
    GLOSSED_WORDS,
    QUESTION_WORDS_EN,
    USE_ASKED,
    WHY_WORDS,
    Parse,
    Words,
    asked_counters,
    asks_an_amount,
    counts_the_word,
    japanese_of,
    question_morphemes,
    read_parts,
    unplaced_tokens,
)
from jimuqa.index.glosses import installed_dictionary
from jimuqa.index.years import find_years, western

# Where a question asks a second thing: a question mark, a full stop, "あと" (not 「そのあと」, after that), "それと",
# 「、そのうち」, "and also" (not before a verb of the same subject, one in the past: "tagged with SDG 11 and also had a
# budget above …", "marked 改革改善 and also spent more than …" say two conditions), ", and" before a question word.
_SPLIT_RE = re.compile(
    r"(?<=[?？。])\s*|[、,]?\s*(?:(?<!その)(?<!この)(?<!あの)あと|それと(?!も)|それから)[、,]?\s*|[、,]\s*(?=そのうち)|,?\s+and also\s+(?!(?:had|has|have|got|gets|are|were|is|was|spent|paid|ran|met|\w+ed)\b)|;\s*"
    r"|,\s+and\s+(?=(?:how|what|which|who|where|when|is|are|was|were|did|does|do)\b)",  # ", and how many …"
    re.IGNORECASE,
)


@dataclass
class Understanding:
    """The parses of a question's parts and the Queries they make; ``accepted`` when every part was read."""

    parses: list[Parse] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)
    read_past: list[str] = field(default_factory=list)  # the words the Queries were built without

    def __post_init__(self) -> None:
        self.queries = list(dict.fromkeys(self.queries))  # (a figure asked twice, "…, its progress and …", once)

    @property
    def accepted(self) -> bool:
        return bool(self.parses) and all(p.accepted for p in self.parses)

    @property
    def unplaced(self) -> list[str]:
        return list(dict.fromkeys(w for p in self.parses for w in p.unplaced))


@functools.lru_cache(maxsize=2048)
def _parse_cached(text: str, words: Words, context: Query | None) -> Parse:
    return read_parts(text, words, context)  # the context: what その前の年 and an indicator's words refer to


def parsed(text: str, words: Words) -> Parse:
    """``read_parts`` of ``text`` in no context, read once and kept: the engine's readers ask of the same texts
    (a part, a clause, the question) again and again. Shared: not to be changed."""
    return _parse_cached(text, words, None)


def forget_parses() -> None:
    """Drop every parse kept (the speed benchmark times questions as if first asked)."""
    _parse_cached.cache_clear()


def in_usual_spelling(question: str, words: Words) -> str:
    """The question as the parser reads it when it spelt words written in kana as usual (「とどかなかった」:
    届かなかった), or English words one letter off as the words it knows ("recieved": received), so that every
    reader of the question reads the same words; the question itself otherwise."""
    parse = parsed(question, words)
    text = parse.spelt or parse.text  # (not the money word the parser put in: no reader's word)
    if parse.aside or text == normalise_text(question):
        return question  # (the words before the question kept as said: read again, they are set aside again)
    if detect_language(question) == "ja":
        return text
    said, spelt = re.findall(r"[A-Za-z]+", question), re.findall(r"[a-z]+", text)
    if len(said) != len(spelt):
        return question
    respelt = iter(spelt)  # each word as the parser spelt it, where it spelt it otherwise (the rest as typed)
    return re.sub(r"[A-Za-z]+", lambda m: m[0] if (new := next(respelt)) == m[0].lower() else new, question)


def _built(text: str, words: Words, context: Query | None) -> Parse:
    """The parse of ``text`` with its Queries built in ``context`` (a copy: the cached parse is shared)."""
    base = _parse_cached(text, words, context)
    result = replace(base, queries=[])
    if not result.unplaced and not result.reason:
        result.queries, result.reason = build(result, context)
    return result


def context_of(history: list[Message] | None, words: Words) -> Query | None:
    """The last Query of the conversation: each earlier user message read once, in order."""
    return _conversation(history, words)[0]


def _conversation(history: list[Message] | None, words: Words) -> tuple[Query | None, list[Query], tuple[str, ...]]:
    """The last Query of the conversation, every Query of its last user message, and the projects it was about
    before the last Query's (what "both of them" adds)."""
    context, last, before = None, [], ()
    for message in history or []:
        content = message.get("content")
        if not isinstance(content, str):
            continue
        about_before = context.projects if context is not None else ()
        if message.get("role") == "assistant":
            about = message.get(ABOUT)
            # (a question read only in part, as a text of the form's, 「対象」 of "eligible", or of another project
            # than the answer's: the figure stated)
            partly = isinstance(about, Query) and context is not None and not last and (
                _asks_a_text(context) or set(context.projects) != set(about.projects))  # fmt: skip
            if isinstance(about, Query) and (context is None or isinstance(context.ask, Refusal) or message.get(
                    STATED_INSTEAD) or partly):  # fmt: skip
                # the figure it stated, of a question not read (``engine._history_by_meaning``): what was asked
                context, last = about, [about]
            context = _answered_about(context, content, words)
        elif message.get("role") == "user":
            last = []
            for piece in split(content):
                parsed = _built(piece, words, context)
                last += parsed.queries
                context = _fold(context, parsed)
        if about_before and context is not None and context.projects and context.projects != about_before:
            before = about_before
    return context, last, before


def _says_both(question: str) -> bool:
    """Whether ``question`` points back at two things together (「両方」, "both of them")."""
    text = normalise_text(question).lower()
    return any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) for words in BOTH_WORDS for word in words)


# A project number in an answer: three or four digits standing alone, not an amount, a year or a count.
_PROJECT_NUMBER_RE = re.compile(r"(?<![\d,.])(\d{3,4})(?![\d,.]|\s*(?:年|千|円|件|人|%|％|万|時間|hours?\b|yen\b))")
# An assistant message's key for the Query its answer was about, where the engine found it and the question's
# words did not say it (a figure the answer states).
ABOUT = "about"
# And its key for whether that Query stands instead of what the question was read as: the answer states another figure
# («いくら集まった？» answered with the donations, not the project's cost).
STATED_INSTEAD = "stated_instead"


@functools.lru_cache(maxsize=1024)  # each earlier answer is read again for every reading of a later question
def project_answered(answer: str, words: Words) -> str | None:
    """The one project an answer names by number (「…ふるさと納税事務（1397）…」), else by its whole name (「集落支援員
    事業の…」; a name inside a longer one's is that one's), or None."""
    named = {n for n in _PROJECT_NUMBER_RE.findall(answer) if n in words.numbers}
    if not named:
        said = normalise_text(answer)
        found = {name.number: max(len(v) for v in name.variants if v in said) for name in words.names
                 if any(len(v) >= MIN_NAME_SAID and v in said for v in name.variants)}  # fmt: skip
        longest = max(found.values(), default=0)
        named = {n for n, length in found.items() if length == longest}
    return named.pop() if len(named) == 1 else None


MIN_NAME_SAID = 4  # characters of a project's name, at least, for an answer to name it by its name


_FIGURES = (Value, Series, Ranking, Listing, Aggregate)


def _names_a_thing(parse: Parse, word: str) -> bool:
    """Whether a word left unplaced names a thing: in Japanese a noun by its part of speech (a noun of doing too:
    「換算する」), or a verb said of the amount asked (``verb_of_an_amount``); in English not a word only a verb after
    an auxiliary ("did the squad cull"; "sign" and "report" are nouns too), and not a word of the year said after it
    ("that final year")."""
    text, lang = parse.text, parse.lang
    if lang == "ja":
        return any(m.surface == word and m.pos[0] == "名詞" for m in question_morphemes(text)) or \
            verb_of_an_amount(parse, word)
    dictionary = installed_dictionary()
    said = re.search(rf"\b{re.escape(word)}\b(\s+\w+)?", text)
    of_a_year = bool(said and said.group(1) and said.group(1).strip() in ("year", "years", "fiscal", "fy"))
    # a verb of the question's clause ("did the squad cull"), not an adjective or a preface's ("no direct spending",
    # "I'm checking a figure:")
    verb = re.search(rf"\b(?:did|does|do|will|would|can|could|to)\b[^,.:;?]*\b{re.escape(word)}\b", text)
    return dictionary is not None and not (verb and dictionary.glosses_only_a_verb(word)) and not of_a_year


# An amount asked right before a verb (「いくら使った」「何頭とった」「いちばん多くつかってる」; the parser puts お金 after
# いくら said of a project alone, ``understand.MONEY_WORD``), or a verb of purpose before one (「走らせるのに
# いくら」): the verb says what was done with the amount asked, not another thing asked
_AMOUNT_BEFORE = re.compile(r"(?:いくら|くらい|ぐらい|ほど|多く|少なく|(?P<count>何[^\s、。?？!！がをにはでもの]{1,3}"
                            r"(?:くらい|ぐらい|ほど)?))(?:\s*お金)?[でをにはも]?$")
_PURPOSE_AFTER = re.compile(r"[^、。?？!！]{0,3}?(?:のに|ために|ための)(?=[^、。?？!！]*(?:いくら|くらい|ぐらい|何))")


def verb_of_an_amount(parse: Parse, word: str) -> bool:
    """Whether ``word`` is a verb said of the amount asked (``_AMOUNT_BEFORE``, ``_PURPOSE_AFTER``)."""
    found = question_morphemes(parse.text)
    for i, m in enumerate(found):
        if m.surface == word and m.pos[0] == "動詞":
            first = i  # the verb's first part (「見込んでる」: 見 + 込ん)
            while first > 0 and found[first - 1].pos[0] == "動詞" and found[first - 1].end == found[first].begin:
                first -= 1
            return _of_an_amount(parse, found[first].begin, m.end, found[first].lemma)
    return False


def received_amount(parse: Parse, word: str) -> bool:
    """Whether ``word`` is a verb of giving or receiving said of the amount asked (「今いくらもらえるの?」,
    「いくら配ったの?」, 「いくらぐらい出るの?」): what one recipient is given, not what the project spent."""
    found = question_morphemes(parse.text)
    return any(m.surface == word and m.pos[0] == "動詞" and m.lemma in RECEIVING_VERBS and verb_of_an_amount(parse, word)
               for m in found)  # fmt: skip


RECEIVING_VERBS = frozenset({"もらう", "貰う", "もらえる", "貰える", "受け取る", "受け取れる", "配る", "出る"})
RECEIVED_BY_ONE = frozenset({"もらう", "貰う", "もらえる", "貰える", "受け取る", "受け取れる"})  # (not what is paid out)


def received_by_one(parse: Parse) -> bool:
    """Whether the amount asked is what one receives (「移住支援金っていくらもらえるの？」): a verb of receiving said of it,
    whether or not the parser placed the verb."""
    return any(m.pos[0] == "動詞" and m.lemma in RECEIVED_BY_ONE and verb_of_an_amount(parse, m.surface)
               for m in question_morphemes(parse.text))  # fmt: skip


def _of_an_amount(parse: Parse, start: int, end: int, lemma: str = "") -> bool:
    said = _AMOUNT_BEFORE.search(parse.text[:start])
    if said and said.group("count"):
        # the verb of a count may say what is counted (「何人が辞めた」 is not the 委嘱数 the counter alone found): read
        # past only when words of the question named the indicator, or when the verb spends what the counter names
        # (「延べ何時間くらい使ってる」: the staff hours)
        return any(p.kind == "indicator" and not (p.start < said.end() and said.start() < p.end) for p in parse.parts) \
            or (lemma in SPENDING_VERBS and any(p.kind == "unit" and p.value in catalogue() for p in parse.parts))
    return bool(said or _PURPOSE_AFTER.match(parse.text, end))


SPENDING_VERBS = frozenset({"使う", "掛ける", "かける", "費やす", "働く"})  # what is done with an amount of time or money


def _answered_about(context: Query | None, answer: str, words: Words) -> Query | None:
    """The context after an answer: a question that named no project ("Is the city still running its marriage
    support centre?") is about the one project its answer names by number ("…the 結婚支援事業 sheet (1719)…"); so is
    one whose project was found by meaning and answered as another (what the asker saw is what a follow-up is
    about: "the human-waste plant" answered from 1089, not the 0088 its words are closest to). A ranking or a list
    keeps its own projects (a follow-up's "it" is the one it found); a question read as of several projects keeps
    those of them its answer names by number. A figure asked with no year is of the one year its answer shows ("What about the year before that?" after 令和6年度's figure: 令和5年度)."""
    shown = list(dict.fromkeys(find_years(answer)))
    if context is not None and not context.years and len(shown) == 1 and isinstance(context.ask, _FIGURES):
        context = replace(context, years=(shown[0],))
    if context is not None and isinstance(context.ask, Ranking | Listing | Aggregate):
        return context
    if context is not None and len(context.projects) > 1:
        # (a question read as of several projects, answered of fewer: the follow-up is about those the asker saw)
        said = set(_PROJECT_NUMBER_RE.findall(answer))
        shown_of = tuple(n for n in context.projects if n in said)
        return replace(context, projects=shown_of) if shown_of else context
    named = project_answered(answer, words)
    if named is None:
        return context
    if context is None:
        return Query(Refusal("unparsed"), (named,))
    return replace(context, projects=(named,))


def _asked_again(whole: Parse, context: Query | None, last: list[Query], same_projects: bool = False) -> list[Query]:
    """「デジタル情報プラットフォームのほうは?」 after a message that asked several things of one project: each of
    them of the project named now (the parse took the last one's ask, ``compose_query.build``). ``same_projects``:
    also of the same projects in another year, for a later part of one question ("…, and what is planned for
    FY2021?")."""
    if context is None or len(whole.queries) != 1 or whole.of("field") or whole.of("indicator"):
        return whole.queries
    now = whole.queries[0]
    if (changes := _the_change_of_each(now, context, last)) is not None:
        return changes
    # "What about the year before?" after a message that asked two figures: both, that year
    moved = now.projects != context.projects or same_projects or bool(now.years and now.years != context.years)
    if now.ask != context.ask or not now.projects or not moved:
        return whole.queries
    # (a context no question read, its figure found from an earlier answer, has no Queries to ask again: its own)
    again = [q for q in last if q.projects == context.projects]
    if now.projects == context.projects and not same_projects:
        # only another year: what does not change with the year (an indicator's name) is not asked again
        again = [q for q in again if _by_year(q)] or again
    return [replace(q, projects=now.projects, years=now.years or q.years, lang=now.lang) for q in again] or whole.queries


def _the_change_of_each(now: Query, context: Query, last: list[Query]) -> list[Query] | None:
    """"Staff FTE and overtime hours in R2, and how do they compare with R1?": a change (or any computation) of the
    last figure asked, after a message that asked several figures of the same projects, is asked of each of them."""
    was = context.ask.measure if isinstance(context.ask, Value) else None
    measure = now.ask.measure if isinstance(now.ask, Value) else None
    if not isinstance(was, Field) or not isinstance(measure, Combine) or now.projects != context.projects:
        return None
    if {replace(f, year=None) for f in measure_fields(measure)} != {replace(was, year=None)}:
        return None
    figures = [q.ask.measure for q in last if q.projects == context.projects and isinstance(q.ask, Value)
               and isinstance(q.ask.measure, Field)]  # fmt: skip
    if len(figures) < 2:
        return None
    return [replace(now, ask=Value(_of_another_figure(measure, figure))) for figure in dict.fromkeys(figures)]


def _of_another_figure(measure: Measure, figure: Field) -> Measure:
    """``measure`` with each of its figures (of one field, in its years) that of ``figure``, in the same years."""
    if isinstance(measure, Field):
        return replace(figure, year=measure.year)
    return replace(measure, left=_of_another_figure(measure.left, figure), right=_of_another_figure(measure.right, figure))


def _conditions_said_again(queries: list[Query], before: Query) -> bool:
    """Whether ``queries`` (of a later part) name no project and set conditions only on fields the part ``before``
    set some on, beside others."""
    said = {_filtered_fields(q.filters) for q in queries}
    if any(q.projects for q in queries) or len(said) != 1:
        return False
    fields = said.pop()
    return bool(fields) and fields < _filtered_fields(before.filters)


def _filtered_fields(filters) -> frozenset[str]:
    """The fields ``filters`` set conditions on (a comparison's: those of its measure)."""
    return frozenset(key for f in filters
                     for key in ([f.field] if isinstance(f, Member) else [g.field for g in measure_fields(f.measure)]))


def _shown_by_the_ranking(parsed: Parse, before: Query | None) -> bool:
    """Whether a later part of a question asks only the figure a ranking before it ranks by, of the projects it
    finds (「…一番大きく増える事業はどれ？どれくらい増える？」): it names no project and asks for no list of its own."""
    if before is None or not isinstance(before.ask, Ranking) or before.projects:
        return False
    if any(parsed.of(kind) for kind in ("project", "list", "superlative", "value", "indicator")):
        return False
    if not parsed.queries:  # ("…, and how much is each?": an amount asked of nothing, of the amounts ranked)
        ranked = measure_fields(before.ask.measure)
        money = bool(ranked) and catalogue()[ranked[0].field].unit == "千円"
        return money and asks_an_amount(parsed.text, parsed.lang) and not parsed.unplaced and all(
            p.kind in ("each", "anaphor") for p in parsed.parts)  # fmt: skip
    # (a total or an average of it is a figure of its own: 「…一番お金がかかったのはどれ？課全体の合計も。」); each
    # project's number and name it shows too ("Give the IDs and amounts.")
    return all(not isinstance(q.ask, Aggregate) and (getattr(q.ask, "measure", None) == before.ask.measure or (
        isinstance(q.ask, Value) and q.ask.measure in _SHOWN_OF_EACH)) for q in parsed.queries)  # fmt: skip


def _listed_before(parsed: Parse, before: Query | None) -> bool:
    """Whether a later part only asks which projects they are ("…, and which are they?") after a part that lists
    them (a count of projects is answered with their list)."""
    return before is not None and isinstance(before.ask, Listing) and bool(parsed.parts) and not parsed.unplaced and \
        all(p.kind in ("list", "anaphor") for p in parsed.parts)  # fmt: skip


_SHOWN_OF_EACH = (Field("number"), Field("name"))  # what an answer shows of every project it lists


def _the_other_alternative(piece: str) -> bool:
    """Whether ``piece`` opens with a word offering the other answer of an either-or question."""
    text = piece.strip().lower()
    return text.startswith(ALTERNATIVE_WORDS[0]) or any(re.match(rf"{word}\b", text) for word in ALTERNATIVE_WORDS[1])


# a judgement and the texts printed beside it saying why
_JUDGED = frozenset((*REASON_OF, *(key for beside in REASON_OF.values() for key in beside)))


def _reason_shown(parsed: Parse, before: Query | None) -> bool:
    """Whether a later part asks only why, of the named projects' judgement asked before it (the answer shows each
    judgement with the text its form prints beside it)."""
    # (the part before is folded to its last query, the reason shown beside the judgement)
    judged = before is not None and before.projects and isinstance(before.ask, Value) and isinstance(
        before.ask.measure, Field) and before.ask.measure.field in _JUDGED  # fmt: skip
    return bool(judged) and bool(parsed.queries) and not parsed.unplaced and all(
        isinstance(q.ask, Value) and q.ask.measure == Field("reason") and q.projects in ((), before.projects)
        for q in parsed.queries)  # fmt: skip


def _share_of_the_change_shown(parsed: Parse, before: Query | None) -> bool:
    """Whether a later part asks only the percentage of a change the part before it asks or ranks by (an answer
    gives each change with its share of the earlier year's figure)."""
    # ("and by what percentage did it fall?": the change pointed back at, its direction said again)
    return before is not None and isinstance(before.ask, Ranking | Value) and is_change(before.ask.measure) and any(
        p.kind == "op" and p.value == "percent" for p in parsed.parts) and all(
        (p.kind == "op" and p.value == "percent") or p.kind in ("direction", "anaphor") for p in parsed.parts
    ) and not parsed.unplaced  # fmt: skip


# A share of the whole asked (「全体の何%」, "what share of the total"), of no figure named
_SHARE_OF_THE_WHOLE = re.compile(r"(?:全体|総額|合計|トータル)の?(?:何|なん)?(?:%|パーセント|割)|"
                                 r"\b(?:percent(?:age)?|share|proportion)\s+of\s+(?:the\s+)?(?:total|whole)\b")


def _share_of_the_whole(parsed: Parse, before: Query | None) -> Query | None:
    """A later part asking only what share of the whole the amount the part before asked is (「そのうち国から出てる
    お金はいくら？全体の何%くらい？」): that source's share of the cost it pays part of, of the same projects."""
    if before is None or not isinstance(before.ask, Value) or not isinstance(before.ask.measure, Field) or \
            not _SHARE_OF_THE_WHOLE.search(parsed.text) or parsed.unplaced or \
            any(p.kind in ("field", "project", "named") for p in parsed.parts):  # fmt: skip
        return None
    share = share_of_its_cost(before.ask.measure.field)
    return replace(before, ask=Value(share)) if share is not None else None


def _total_of_the_sources(parsed: Parse, before: Query | None) -> Query | None:
    """A later part asking only "the total" after one asking a source of money of one project ("how much came from
    municipal bonds, how much from general revenue, and what was the total?"): the cost the sources pay, not a total
    of the last source over its one project."""
    if before is None or len(before.projects) != 1 or not isinstance(before.ask, Value) \
            or not isinstance(before.ask.measure, Field) or parsed.unplaced \
            or not any((p.kind, p.value) == ("aggregate", "total") for p in parsed.parts) \
            or any(p.kind not in ("aggregate", "year", "anaphor") for p in parsed.parts):  # fmt: skip
        return None
    whole = cost_of_a_source(before.ask.measure.field)
    return replace(before, ask=Value(whole)) if whole is not None else None


def _conditions_left_out(parsed: Parse) -> bool:
    """Whether a part only says which projects to leave out (「予算ゼロの事業は除いて」, "leaving out …"): it asks
    no list of its own, names no project and no figure but the ones its conditions are of."""
    return bool(parsed.of("exclude")) and bool(parsed.queries) and not any(
        parsed.of(kind) for kind in ("project", "list", "superlative", "aggregate", "indicator")) and all(
        isinstance(q.ask, Listing) and q.ask.measure is None and q.filters for q in parsed.queries)


def _by_year(query: Query) -> bool:
    """Whether a Query reads a figure the sheet records year by year."""
    fields = measure_fields(getattr(query.ask, "measure", None))
    return any(catalogue()[f.field].yearly for f in fields) or isinstance(query.ask, Attainment)


def _same_figures_of(parsed: Parse, before: list[Query]) -> list[Query]:
    """「…試用件数の目標と実績は？あと新規就職者数はどうだった？」: an indicator named with no figure of its own, after a
    part that asked several figures of another indicator of the same projects: those figures, of this one."""
    now = parsed.queries[0] if len(parsed.queries) == 1 and not parsed.of("field") else None
    measure = getattr(now.ask, "measure", None) if now is not None else None
    if not (isinstance(measure, Field) and measure.indicator is not None and isinstance(now.ask, Value)):
        return parsed.queries
    asked = [q for q in before if isinstance(q.ask, Value) and isinstance(q.ask.measure, Field)
             and q.ask.measure.indicator not in (None, measure.indicator) and q.projects == now.projects]  # fmt: skip
    if len({q.ask.measure.field for q in asked}) < 2:
        return parsed.queries
    return [replace(q, ask=Value(replace(q.ask.measure, indicator=measure.indicator)), years=now.years or q.years,
                    lang=now.lang) for q in asked]  # fmt: skip


def _fold(context: Query | None, parsed: Parse) -> Query | None:
    """The context after a message: its last Query, or (when it was not read whole) the projects it names."""
    if parsed.queries:
        return parsed.queries[-1]
    projects = tuple(dict.fromkeys(p.value for p in parsed.of("project")))
    years = tuple(p.value for p in parsed.of("year"))
    if not (projects or years):
        return context
    # A message not read whole that names one field of one project ("How many overtime hours were logged on …")
    # still says which figure the conversation is about: "And the year before?" asks it again.
    fields = {p.value for p in parsed.of("field")} - {"city"}  # "the city" spending is the subject, not a figure
    if len(fields) == 1 and len(projects) == 1 and not parsed.of("indicator"):
        return Query(Value(Field(fields.pop())), projects, years=years, lang=parsed.lang)
    indicators = {p.value for p in parsed.of("indicator")}  # (or one of its indicators: 「…体験型イベントの延べ参加者数」)
    if not fields and len(indicators) == 1 and len(projects) == 1:
        return Query(Value(Field("indicator_actual", indicator=indicators.pop())), projects, years=years, lang=parsed.lang)
    if context is None:  # a holder for what it names: its ask was not read, so none is inherited
        return Query(Refusal("unparsed"), projects, years=years, lang=parsed.lang)
    return replace(context, projects=projects or context.projects, years=years or context.years)


def _ranks_again(parsed: Parse, previous: Parse) -> bool:
    """Whether ``parsed`` asks ``previous``'s rankings again, only of another number of projects."""
    now, before = parsed.queries, previous.queries
    return bool(now) and len(now) == len(before) and all(
        isinstance(q.ask, Ranking) and isinstance(b.ask, Ranking) and q.ask.top_k != b.ask.top_k
        and replace(b, ask=replace(b.ask, top_k=q.ask.top_k), lang=q.lang) == q for q, b in zip(now, before, strict=True))


def _asks_a_text(query: Query) -> bool:
    """Whether ``query`` asks the value of fields that are texts (対象, 概要), no figure."""
    fields = measure_fields(getattr(query.ask, "measure", None))
    return isinstance(query.ask, Value) and bool(fields) and not any(catalogue()[f.field].numeric for f in fields)


def _of_a_change(measure) -> bool:
    """A field's change between two years, or that change's share of the earlier year's figure."""
    return is_change(measure) or (isinstance(measure, Combine) and measure.op == "percent" and is_change(measure.left))


def _over_both_years(context: Query | None, previous: Query | None) -> Query | None:
    """``context`` over its year and ``previous``'s, when it asks the same figure of the same projects as
    ``previous`` for one other year; None otherwise."""
    if context is None or previous is None or len(context.years) != 1 or len(previous.years) != 1:
        return None
    if replace(previous, years=context.years, lang=context.lang) != context or previous.years == context.years:
        return None
    return replace(context, years=tuple(sorted({*context.years, *previous.years}, key=western)))


def _is_check(query: Query) -> bool:
    """A list of the projects meeting conditions on values (新規, 毎年度), naming none."""
    return (isinstance(query.ask, Listing) and query.ask.measure is None and not query.projects
            and bool(query.filters) and all(isinstance(f, Member) for f in query.filters))  # fmt: skip


_OPENING = re.compile(r"^\s*([^.!?。！？,、]{1,20}[.!?。！？,、])\s*(?=\S)")


def without_opening(question: str, words: Words) -> str:
    """The question without an opening sentence that asks nothing ("Hm.", 「なるほど。」, "OK, thanks!"): what
    follows is asked, and a follow-up's "And …" starts it."""
    opening = _OPENING.match(question)
    if opening is None:
        return question
    read = read_parts(opening.group(1), words)
    # (「金額は？」 asks of its topic, though its word alone places nothing: what was asked before, of it)
    asks = read.parts or read.unplaced or _TOPIC_ASKED.search(opening.group(1))
    return question if asks else question[opening.end() :]


# An English ask after a comma or a dash, after an ask of its own ("what's its future direction, what events did it
# run, …"): a second thing asked. (After words that ask nothing, "For the crematorium project, how many …", the
# words before say what it is asked of.)
_ASK_AFTER_A_BREAK = re.compile(r"\s*(?:,|\s[—–-])\s+(?:and\s+)?(?=(?:(?:by|in|to|for|of|at|from)\s+)?"
                                r"(?:what|how|which|who|where|when|why)\b(?!\s*(?:[?.!]|$)))", re.IGNORECASE)  # (", and by what % …"; not ", and why?")
UNREAD_ASK = "unread_ask"  # the reason a question read whole is not: a part of it asks what no word of it reads
# what a part of a question reads as asked, or as a condition of what is asked
_ASKING_KINDS = frozenset(("field", "indicator", "aggregate", "superlative", "named", "op", "value", "list", "heading",
                           "direction", "compare", "amount", "unit", "zero", "reverse", "number"))


def _a_part_asks_nothing_read(whole: Parse) -> bool:
    """Whether one of the parts ``whole`` splits into is put as a question and holds nothing read as an ask."""
    pieces = split(whole.text)
    if len(pieces) < 2:
        return False
    at = 0
    for piece in pieces:
        start = whole.text.find(piece, at)
        if start < 0:
            return False
        at = start + len(piece)
        if _asks_something(piece) and not any(
                p.kind in _ASKING_KINDS and start <= p.start < at for p in whole.parts):  # fmt: skip
            return True
    return False


def _asks_something(piece: str) -> bool:
    """Whether ``piece`` asks with a question word (what, 何, どう…): not a yes-or-no question, which checks what
    the rest asks (「事業体制は？職員だけでやってる？」)."""
    return bool(_QUESTION_WORD.search(piece))


# (not "why": a reason asked beside what is read is the reason printed beside it, or read past, never dropped)
_QUESTION_WORD = re.compile(rf"^\s*(?:{'|'.join(sorted(QUESTION_WORDS_EN - WHY_WORDS))})\b|何|どう|どこ|いつ|誰|だれ|どれ|いくら|どの",
                            re.IGNORECASE)


_ASKS_EN = re.compile(r"^(?:what|how|which|who|where|when|why|is|are|was|were|did|does|do|can|could)\b", re.IGNORECASE)


def _asks_in_turn(piece: str) -> list[str]:
    """``piece`` cut where an English ask follows another (``_ASK_AFTER_A_BREAK``); what is said before the first
    ask ("Of the projects run by the fire station, how many …") stays with it, and a topic set off by a colon before
    it ("School bus service: what did it cost, how many buses are there") is of each ask after it too."""
    out: list[str] = []
    asked = False  # whether the segment before was an ask
    topic = ""  # a topic set off by a colon before the first ask: of each ask after it too
    for segment in _ASK_AFTER_A_BREAK.split(piece):
        asks = bool(_ASKS_EN.match(segment.lstrip()))
        if not out:
            # ("For hometown tax donations: how many came in, what was the total?": the total of the donations)
            before, colon, after = segment.partition(":")
            if colon and _ASKS_EN.match(after.lstrip()):
                topic, asks = before.strip(), True
            out.append(segment)
        elif asked:
            out.append(f"{topic}: {segment}" if topic else segment)
        else:
            out[-1] = f"{out[-1]}, {segment}"
        asked = asks
    return out


def split(question: str) -> list[str]:
    pieces: list[str] = []
    said = (part.strip() for part in _SPLIT_RE.split(question or "") if part and part.strip())
    for piece in (ask for part in said for ask in _asks_in_turn(part)):
        if pieces and _ASIDE_RE.fullmatch(piece):  # 「…どれ？（事業費がゼロのは除いて）」: a condition of the one before
            pieces[-1] = f"{pieces[-1]}{piece}"
        else:
            pieces.append(piece)
    return pieces or [question or ""]


_ASIDE_RE = re.compile(r"[（(][^（）()]*[）)][。.]?")

# what a noun phrase is made of: nouns, numbers, prefixes and suffixes, の between them, marks
_NOUN_PHRASE = ("名詞", "接頭辞", "接尾辞", "補助記号")


def asked_of_each(question: str) -> list[str]:
    """A Japanese question asking two noun phrases joined by と (「R6の支給件数と1世帯あたりの支給額は？」): the two,
    each asked with the question's ending, the first with what was said before it. Only a noun phrase joined to a noun
    phrase that ends the question (not 「市民と協力して…」, 「昨年度と比べて」); else the question alone."""
    ending = _TOPIC_ASKED.search(question or "")
    if ending is None:
        return [question]
    words = question_morphemes(question[: ending.start()])
    for i in range(len(words) - 2, 0, -1):
        joined, before, after = words[i], words[i - 1], words[i + 1 :]
        if joined.surface != "と" or joined.pos[0] != "助詞":
            continue
        phrase = all(m.pos[0] in _NOUN_PHRASE or (m.surface == "の" and m.pos[0] == "助詞") for m in after)
        if phrase and before.pos[0] in ("名詞", "接尾辞") and after[0].pos[0] in ("名詞", "接頭辞"):
            return [question[: joined.begin] + ending.group(), question[joined.end :]]
        return [question]
    return [question]


# A Japanese question that is its topic alone (「今年度の計画は？」): what was asked before, of it
_TOPIC_ASKED = re.compile(r"は\s*[?？]\s*$")


def _counts_in_a_unit(parse: Parse) -> bool:
    """Whether a piece asks a count in a unit (「何歳」, 「何件」); not a share (「何％くらい？」 of a change asked before)."""
    return any(counter != "%" for _, _, counter in asked_counters(parse.text, parse.lang))


_OF_THE_FOUND = ("named", "field", "year")  # what a figure asked alone is said with


def _of_what_it_found(question: str, context: Query | None, words: Words,
                      listed: Callable[[Query], tuple[str, ...]] | None, shown: str = "") -> Query | None:
    """``context``, a ranking or a list of every project, as of the projects it found (``listed``) when ``question``
    points back at them or asks a figure alone after a ranking (「使い残した額も」); ``shown``: the answer as shown,
    whose order "that last one" counts in (else the table's)."""
    if listed is None or context is None or context.projects or not isinstance(context.ask, Ranking | Listing):
        return context
    built = _built(question, words, context)
    anaphora = built.of("anaphor")
    bare = isinstance(context.ask, Ranking) and built.parts and all(p.kind in _OF_THE_FOUND for p in built.parts)
    if not (anaphora or bare) or not (found := listed(context)):
        return context
    places = [p.value for p in anaphora if not isinstance(p.value, bool)]
    found = tuple(sorted(found, key=lambda n: (shown.find(n) < 0, shown.find(n))))
    return replace(context, projects=(found[places[0]],) if places else found)


def understand(
    question: str,
    history: list[Message] | None,
    words: Words,
    listed: Callable[[Query], tuple[str, ...]] | None = None,
) -> Understanding:
    """``listed``: the projects a Query's answer names (the engine runs it on the table), for a question that points
    back at the projects an earlier ranking or list found ("And what's planned for it the following year?",
    「その中で…」): they are the projects it is about."""
    context, last, earlier = _conversation(history, words)
    if context is not None and earlier and len(context.projects) == 1 and _says_both(question or ""):
        # "what's planned for FY2021 for both of them?" after one project and then another: the two
        context = replace(context, projects=tuple(dict.fromkeys((*earlier, *context.projects))))
    shown = next((m["content"] for m in reversed(history or []) if m.get("role") == "assistant"), "")
    context = _of_what_it_found(question or "", context, words, listed, shown)
    pieces = split(question)
    if len(pieces) > 1:
        parts, local, before, said, previous = [], context, last, "", None
        for n, piece in enumerate(pieces):
            parsed = _built(said + piece, words, _of_what_it_found(said + piece, local, words, listed))
            changed = parsed.queries and not parsed.of("year") and all(_of_a_change(getattr(q.ask, "measure", None))
                                                                      for q in parsed.queries)  # fmt: skip
            if (parsed.queries in ([], [local]) or changed) and (both := _over_both_years(local, previous)) is not None:
                # 「その前の年は？増えた？減った？」: a change asked alone (nothing new asked) after the same figure asked
                # for another year is its change between the two (not from the year before the later one asked)
                parsed = widened if (widened := _built(said + piece, words, both)).queries else parsed
            if not parsed.parts and not parsed.unplaced and parsed.reason != USE_ASKED:
                continue  # "ok, and which one …", 「はい、じゃあ…」: a piece of function words asks nothing ("and on
                # what?" asks what the money before went on)
            if parts and parts[-1].queries and _the_other_alternative(piece):
                continue  # 「新しく始まった事業？それとも前からあるやつ？」: the other half of the question just read
            said = ""
            if parsed.reason == "no_ask" and not parsed.unplaced and all(p.kind == "project" for p in parsed.parts) \
                    and n + 1 < len(pieces) and not _counts_in_a_unit(parsed):  # fmt: skip
                # 「放課後児童クラブのこと教えて。去年度は…」: a piece naming the projects the later ones ask about (not
                # one asking a count in a unit nothing reads, 「…もらえるのは何歳から？」)
                local = _fold(local, parsed)
                continue
            years = tuple(dict.fromkeys(p.value for p in parsed.parts if p.kind == "year"))
            alone = bool(years) and not parsed.unplaced and all(p.kind == "year" for p in parsed.parts)
            if alone and parts and parts[-1].queries and not any(q.years for q in parts[-1].queries):
                # 「…一番かかってるのはどれ？令和6年度で。」: a year said alone after a part that said none is its year
                parts[-1] = replace(parts[-1], queries=[replace(q, years=years) for q in parts[-1].queries])
                local, before = parts[-1].queries[-1], parts[-1].queries
                continue
            if parts and _conditions_left_out(parsed) and all(not q.projects for q in parts[-1].queries):
                # 「執行率がいちばん低かった事業は？何%くらい？（R2、予算ゼロの事業は除いて）」: projects left out after a
                # question over every project are left out of it (in the year said with them, if it said none)
                extra = tuple(f for q in parsed.queries for f in q.filters)
                parts[-1] = replace(parts[-1], queries=[replace(q, filters=(*q.filters, *extra), years=q.years or years)
                                                        for q in parts[-1].queries])  # fmt: skip
                local, before = parts[-1].queries[-1], parts[-1].queries
                continue
            if alone and n + 1 < len(pieces) and not asks_an_amount(parsed.text, parsed.lang) and \
                    not _TOPIC_ASKED.search(parsed.text) and not _built(pieces[n + 1], words, local).of("year"):
                # "and compared to the year before? by what % did it go down?": a year alone, before what is asked
                # (not 「今年度の計画だといくらになってる？」, which asks the amount, nor 「今年度の計画は？」, which asks
                # what was asked before, of that year; nor one before a part saying its own year: "…, what is planned
                # for R7, and how many children does the R7 plan expect?")
                said = f"{parsed.text} "
                continue
            if parts and _ranks_again(parsed, parts[-1]):
                # "Which projects had the fewest overtime hours? Give me the bottom three.": how many, said after
                parts[-1] = replace(parts[-1], queries=parsed.queries)
                local, before = parsed.queries[-1], parsed.queries
                continue
            if (share := _share_of_the_whole(parsed, local)) is not None:
                parsed = replace(parsed, queries=[share])  # 「そのうち国から出てるお金は？全体の何%？」: its share
            elif (whole := _total_of_the_sources(parsed, local)) is not None:
                parsed = replace(parsed, queries=[whole])  # "…from bonds, from general revenue, and the total?"
            if _share_of_the_change_shown(parsed, local):
                continue  # "…dropped the most from R1 to R2, and by what percentage?": shown with each change
            if _reason_shown(parsed, local):
                continue  # 「…はどう判定されていますか。その理由も」: a judgement is shown with the text saying why
            if _listed_before(parsed, local):
                continue  # "how many plan to spend more …, and which are they?": the list before names them
            if _shown_by_the_ranking(parsed, local):
                continue  # 「…一番減ったのはどの事業？減った額も。」: the ranking shows each one's figure
            if (again := _asked_again(parsed, local, before, same_projects=True)) != parsed.queries:
                parsed = replace(parsed, queries=again)  # ", and what is planned for FY2021?": each figure asked
            if local is not None and parsed.queries and not any(q.projects or q.filters for q in parsed.queries):
                # A later part of one question that names no project and no condition is about the same ones:
                # 「博物館の事業はいくつ？令和6年度の事業費の合計も」 totals the 博物館 projects.
                parsed = replace(parsed, queries=[replace(q, projects=local.projects, filters=local.filters,
                                                          years=q.years or (local.years if takes_years(q.ask) else ()))
                                                  for q in parsed.queries])  # fmt: skip
            elif local is not None and parsed.queries and _conditions_said_again(parsed.queries, local):
                # "how many did the fire station keep at 現状維持, and which ones did not get 現状維持?": a condition on
                # a field the part before set one on is said of the same projects (the fire station's)
                said = _filtered_fields(parsed.queries[0].filters)
                kept = [f for f in local.filters if not _filtered_fields([f]) & said]
                parsed = replace(parsed, queries=[replace(q, filters=(*kept, *q.filters)) for q in parsed.queries])
            elif local is not None and local.projects and parsed.queries and all(_is_check(q) for q in parsed.queries):
                # 「092の事業期間は？毎年度の事業？」: a condition alone after a project asks whether it holds there.
                parsed = replace(parsed, queries=[Query(Value(Field(f.field)), local.projects, lang=q.lang)
                                                  for q in parsed.queries for f in q.filters])  # fmt: skip
            if parts and not parsed.of("year") and len(told := {q.years for q in parts[-1].queries}) == 1:
                # "What was the total cost … in FY2024, and which election was the most expensive?": the year said
                # once is the whole question's
                (years,) = told
                parsed = replace(parsed, queries=[q if q.years or not takes_years(q.ask) else replace(q, years=years)
                                                  for q in parsed.queries])  # fmt: skip
            parsed = replace(parsed, queries=_same_figures_of(parsed, before))
            parts.append(parsed)
            previous, local, before = local, _fold(local, parsed), parsed.queries or before
        if all(p.accepted for p in parts):
            return Understanding(parts, [q for p in parts for q in p.queries])
        if any(p.reason == "no_ask" and _counts_in_a_unit(p) for p in parts):
            return Understanding(parts, [])  # 「何歳から？」: a count in a unit nothing reads is not read as a whole
    whole = _built(question or "", words, context)
    if not whole.accepted:
        whole = _without_gloss(question or "", words, context) or whole
    if _why_of_what_was_told(whole, context):
        # 「その理由は？」 after whether a target was met: why that was so, which the passages tell, not the 理由 the
        # form prints beside its direction
        return Understanding([replace(whole, unplaced=[whole.text[p.start : p.end] for p in whole.of("field")],
                                      queries=[])], [])  # fmt: skip
    if whole.accepted and _a_part_asks_nothing_read(whole):
        # "What did the heating-oil program give out last year, and who was eligible?": read whole, the first ask
        # would be dropped for the second one's
        whole = replace(whole, reason=UNREAD_ASK)
    if asks_beside_a_figure(whole):  # the figure, built; the word asking why is one read past, never silently
        built, reason = build(replace(whole, unplaced=[], reason=""), context)
        if built and not reason:
            return Understanding([whole], built, read_past=list(dict.fromkeys(whole.unplaced)))
    if not whole.reason and not whole.queries and context is None and not _ACCOUNT_ASKED.search(whole.text) and (
        (len(whole.unplaced) == 1 and _names_a_thing(whole, whole.unplaced[0]))
        or (1 < len(whole.unplaced) and len(_compounds_left(whole)) <= MAX_DESCRIBING and _on_its_sheet(whole, words))
    ) and _asked_where_left(question or "", whole.unplaced, words):
        # A word left unplaced ("according to the spreadsheet"), or a few its one project's sheet holds, is no reason
        # to leave a figure the rest asks to the older planner: the Queries the rest makes, with the words said to be
        # left out of the reading. (Not in a follow-up, where a word may point back ("So how big was the drop?"), nor
        # a word of a year ("in that final year"); nor a verb not said of the amount, which may be what is asked:
        # 「どんな協定むすんだの？」, "did the squad cull".)
        built, reason = build(whole)
        # every count asked has its figure (「申請何件きて、何件採択、何件支援」 asks three; one read is not the question)
        counts = len(_COUNT_ASKED.findall(whole.text))
        # nor an amount asked (「課長の年収っていくら」) of which the rest makes only a list of projects
        listed = asks_an_amount(whole.text, whole.lang) and all(getattr(q.ask, "measure", None) is None for q in built)
        # nor a count of projects asked of a word left ("how many kids …", 「何人」): that word is what is counted
        of_projects = any(isinstance(q.ask, Aggregate) and q.ask.op == "count" and q.ask.measure is None for q in built)
        # (a list of projects read as what is asked, 「図書館の蔵書って何冊あるの」 as the library's projects, too)
        of_projects = of_projects or all(isinstance(q.ask, Listing) and q.ask.measure is None for q in built)
        counted_left = of_projects and _counts_a_word_left(whole)
        # nor a figure read of one of a project's indicators when "how many" counts a word left ("how many proposals
        # did the trial program get": its indicator counts its field trials)
        counted_left = counted_left or (whole.lang == "en" and _counts_a_word_left(whole) and any(
            catalogue()[f.field].per_indicator for q in built for f in measure_fields(getattr(q.ask, "measure", None)))
            and not _counts_an_indicator(whole))
        # nor an indicator named only by words of its name when no figure is asked (「最近どこかから修繕しろって言われ
        # たりしてるの？」: 修繕要望依頼件数's words, asked as an account)
        unasked = not FIGURE_ASKED.search(whole.text) and all(
            isinstance(m := getattr(q.ask, "measure", None), Field) and m.field == "indicator_actual" for q in built)
        # nor a word some projects' names hold, left out of a question over every project (「選挙事務の事業で…を超えた
        # のはどれ？」: 選挙 says which projects)
        named = not any(q.projects for q in built) and any(_narrows_by_name(word, built, words) for word in whole.unplaced)
        term = _names_word(whole, built, words) if not reason and not named else None
        if term is not None:  # "Of the elections the city ran …, which one …": the projects whose names say 選挙
            built = [replace(q, filters=(*q.filters, Compare(Field("name"), "contains", term))) for q in built]
            return Understanding([replace(whole, unplaced=[], queries=built)], built)
        if built and not reason and all(isinstance(q.ask, _FIGURES) for q in built) and len(built) >= counts and not (
            listed or counted_left or unasked or named or _asked_of_a_word_left(whole)
        ):
            return Understanding([whole], built, read_past=_compounds_left(whole))
    whole = replace(whole, queries=_asked_again(whole, context, last) or whole.queries)
    queries = _each_indicators_change(whole, last) or _same_figures_of(whole, last)
    queries = _checked_of_the_one_before(whole, _in_the_year_moved_to(whole, queries, context), context)
    return Understanding([whole], _repinned(queries, context, words))


def _why_of_what_was_told(parse: Parse, context: Query | None) -> bool:
    """Whether a follow-up asks only the reason (理由), after an answer of whether targets were met or of figures (not
    of a judgement, which the form prints its reason beside)."""
    if context is None or [q.ask for q in parse.queries] != [Value(Field("reason"))]:
        return False
    fields = measure_fields(getattr(context.ask, "measure", None))
    return isinstance(context.ask, Attainment) or (bool(fields) and all(catalogue()[f.field].numeric for f in fields))


def asks_beside_a_figure(parse: Parse) -> bool:
    """Whether ``parse`` asks, beside a figure it reads whole, what no cell says: why (「いくら増えて、なんで？」, a word
    asking why left) or what an amount went on (「決算はいくらで、そのお金は何に使ったの？」). The figure is the table's;
    the rest, the passages' (``engine._figure_and_reason``)."""
    why = bool(parse.unplaced) and not parse.reason and all(word.lower() in WHY_WORDS for word in parse.unplaced)
    use = parse.reason == USE_ASKED and not parse.unplaced and asks_an_amount(parse.text, parse.lang)
    return why or use


def _checked_of_the_one_before(whole: Parse, queries: list[Query], context: Query | None) -> list[Query]:
    """「で、実績は目標を上回った？」 after a project's figure was asked: a condition said alone, with no word asking which
    projects, asks whether it holds of that project: the figure it compares, there, that year (its sign says)."""
    if context is None or not context.projects or any(whole.of(kind) for kind in _ASKS_WHICH):
        return queries
    if _THE_ONES_THAT.search(whole.text):  # 「…を超えてるのは？」: the ones that do, asked
        return queries
    if not queries or not all(isinstance(q.ask, Listing) and not q.projects and q.filters
                              and all(isinstance(f, Compare) for f in q.filters) for q in queries):  # fmt: skip
        return queries
    measures = dict.fromkeys(f.measure for q in queries for f in q.filters)
    return [Query(Value(m), context.projects, years=queries[0].years or context.years, lang=whole.lang) for m in measures]


_THE_ONES_THAT = re.compile(r"(?:の|もの|事業|ところ)(?:は|って|を教えて)[?？]?\s*$")
_ASKS_WHICH = ("project", "list", "aggregate", "superlative", "name_run")


def _in_the_year_moved_to(whole: Parse, queries: list[Query], context: Query | None) -> list[Query]:
    """「その前の年はどうだった？」 after an indicator's name was asked: a year asked again of what no year changes is
    the indicator's figures that year (its target and actual), as the answer before gave them for its year."""
    if context is None or whole.of("field") or whole.of("indicator") or not (
        len(queries) == 1 and (query := queries[0]).years and isinstance(query.ask, Value)
    ):
        return queries
    measure = query.ask.measure
    info = catalogue()[measure.field] if isinstance(measure, Field) else None
    before = {f.field for f in measure_fields(getattr(context.ask, "measure", None))}
    if info is None or info.yearly or not info.per_indicator or measure.field not in before:
        return queries
    yearly = [key for key, other in catalogue().items() if other.per_indicator and other.yearly
              and other.form == info.form and other.kind == NUMBER]  # fmt: skip
    return [replace(query, ask=Value(Field(key, indicator=measure.indicator))) for key in yearly] or queries


def _repinned(queries: list[Query], context: Query | None, words: Words) -> list[Query]:
    """The same ask of another project (「吉浜のほうは？」 after the 越喜来 clinic's 延べ患者数): an indicator the ask pins
    by its number on the project before is the indicator of the same name on this one (each sheet numbers its own)."""
    if context is None or len(context.projects) != 1:
        return queries
    before = dict(words.indicators.get(context.projects[0], []))
    out = []
    for query in queries:
        measure = getattr(query.ask, "measure", None)
        if (query.ask == context.ask and isinstance(measure, Field) and measure.indicator is not None
                and len(query.projects) == 1 and query.projects != context.projects):  # fmt: skip
            names = {name: no for no, name in words.indicators.get(query.projects[0], [])}
            if (no := names.get(before.get(measure.indicator))) is not None:
                query = replace(query, ask=replace(query.ask, measure=replace(measure, indicator=no)))
        out.append(query)
    return out


def _each_indicators_change(whole: Parse, last: list[Query]) -> list[Query]:
    """「前の年からどれくらい増えた？」 after a message that asked one figure of several indicators of a project (two
    named 連携企業数): the change of each, not of the last alone. [] when it is not such a follow-up."""
    now = whole.queries[0] if len(whole.queries) == 1 and not whole.of("indicator") else None
    change = getattr(now.ask, "measure", None) if now is not None and isinstance(now.ask, Value) else None
    if not (isinstance(change, Combine) and change.op == "difference" and isinstance(change.left, Field)
            and isinstance(change.right, Field) and change.left.field == change.right.field
            and change.left.indicator is not None):  # fmt: skip
        return []
    shown = [q.ask.measure.indicator for q in last if isinstance(q.ask, Value) and isinstance(q.ask.measure, Field)
             and q.ask.measure.field == change.left.field and q.projects == now.projects]  # fmt: skip
    if len(set(shown)) < 2 or change.left.indicator not in shown:
        return []
    return [replace(now, ask=Value(replace(change, left=replace(change.left, indicator=n),
                                           right=replace(change.right, indicator=n)))) for n in dict.fromkeys(shown)]


_COUNT_ASKED = re.compile(r"(?:何|なん)(?:件|人|回|頭|台|個|本|校|社|基|枚|冊|か所|箇所|日|時間)|\bhow many\b")
MAX_DESCRIBING = 4  # words left that the one project's sheet holds, read past as describing it


def _compounds_left(parse: Parse) -> list[str]:
    """The words left, each compound written as one word (警察庁, 有識者検討会: Sudachi's pieces) as written."""
    tokens = [t for t in unplaced_tokens(parse.text, parse.lang, parse.parts) if t[2] in parse.unplaced]
    if not tokens:
        return []
    spans = [[tokens[0][0], tokens[0][1]]]
    for start, end, _ in tokens[1:]:
        between = parse.text[spans[-1][1] : start]
        if parse.lang == "ja" and len(between) <= 1 and not re.search(r"[ぁ-ゖ\s、。,.?？!！]", between):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [parse.text[a:b] for a, b in spans]


def _asked_of_a_word_left(parse: Parse) -> bool:
    """Whether a question word asks of a word left unplaced (「何が問題になってるの」, 「問題は何」, "what problems"),
    or a ranking ranks by it (「一番人気の返礼品」, "the most popular"): that word is what is asked, and no figure the
    rest names answers it."""
    for word in map(re.escape, parse.unplaced):
        if parse.lang == "ja" and re.search(rf"(?:何が|何を|なにが|なにを|どんな|どういう|どのような){word}|"
                                            rf"{word}(?:って|は|が)(?:何|なに|どう|どんな)|"
                                            rf"(?:一番|いちばん|最も|もっとも)(?:の)?{word}", parse.text):  # fmt: skip
            return True
        if parse.lang == "en" and re.search(rf"\b(?:what|which|what kind of|most|least)\s+{word}\b", parse.text,
                                            re.IGNORECASE):  # fmt: skip
            return True
    return False


def _narrows_by_name(word: str, built: list[Query], words: Words) -> bool:
    """Whether a word (of two characters or more) some projects' names hold would narrow the projects the Queries
    ask of: not when the unit they are of runs only projects so named (「選挙管理委員会がやってる選挙3事業」)."""
    if len(word) < 2 or not any(word in name.compact[0] for name in words.names):
        return False
    units = {v for q in built for f in q.filters if isinstance(f, Member) and f.field in UNIT_FIELDS for v in f.values}
    run = [n for n, held in words.units_of.items() if held & units]
    return not run or not all(word in words.by_number[n].compact[0] for n in run if n in words.by_number)


def _names_word(parse: Parse, built: list[Query], words: Words) -> str | None:
    """The sheets' word for the one English word left ("elections": 選挙) when names of several projects hold it and the
    Queries range over every project, asking which of them or how many: a condition on the names; None otherwise."""
    if parse.lang != "en" or len(parse.unplaced) != 1 or not built or any(q.projects for q in built):
        return None
    if not all(isinstance(q.ask, Ranking | Listing | Aggregate) for q in built):
        return None
    # (said as the kind of project asked of: "which election …", "the election sheets", "of the elections …"; not
    # "a 'terminate' call in the chiefs' opinions")
    word = re.escape(parse.unplaced[0])
    kinds = "|".join(map(re.escape, (*PROJECT_WORDS, "sheet", "sheets", "ones")))
    said = rf"\b(?:which|what)\s+{word}\b|\b(?:of|among|all)\s+(?:all\s+)?(?:the\s+)?{word}\b|\b{word}\s+(?:{kinds})\b"
    if not re.search(said, parse.text, re.IGNORECASE):
        return None
    terms = [t for t in japanese_of(parse.unplaced[0], words.translations) if len(t) > 1]
    held = next((t for t in terms if sum(t in name.compact[0] for name in words.names) > 1), None)
    return held if held is not None and _narrows_by_name(held, built, words) else None


def _counts_a_word_left(parse: Parse) -> bool:
    """Whether what the question counts is a word left unplaced: the noun after "how many" ("how many kids were
    covered"), or what a counter no project is counted in counts (何人, 何冊), which no count of projects counts."""
    if parse.lang == "ja":
        return bool(THINGS_COUNTED.search(parse.text))
    return any(counts_the_word(parse.text, m.end(), word) for m in re.finditer(r"\bhow many\b", parse.text, re.IGNORECASE)
               for word in parse.unplaced)  # fmt: skip


def _counts_an_indicator(parse: Parse) -> bool:
    """Whether "how many" asks of an indicator's word ("how many partner companies": 連携企業数, "partner" its
    modifier), not only of a word left."""
    return any(counts_the_word(parse.text, m.end(), parse.text[p.start : p.end])
               for m in re.finditer(r"\bhow many\b", parse.text, re.IGNORECASE) for p in parse.of("indicator"))


def _on_its_sheet(parse: Parse, words: Words) -> bool:
    """Whether every word left describes the one project the question names: its sheet holds the word (in English,
    one of the sheets' Japanese words for it), or it is a verb said of the amount asked. 「子どもがスクールバスで
    通ってるんだけど…」 tells what the asker knows of the project; a word its sheet lacks may ask something else."""
    named = {p.value for p in parse.of("project")}
    if len(named) != 1:
        return False
    sheet = words.sheet_text(next(iter(named)))
    if parse.lang == "ja":
        # words written onto the start of its name are a thing it has, asked about (自動消毒 + ロボット), no description
        starts = {p.start for p in parse.of("project")}
        onto = any(m.end in starts and m.surface in parse.unplaced for m in question_morphemes(parse.text))
        return not onto and all((len(word) > 1 and word in sheet) or verb_of_an_amount(parse, word)
                                for word in _compounds_left(parse))  # fmt: skip
    return all(any(term in sheet for term in japanese_of(word, words.translations)) for word in parse.unplaced)


# What a project did, achieved (「何をやったの」, "what did the program actually do"): an account, asked around the
# word left as much as of any figure the rest names
_ACCOUNT_ASKED = re.compile(r"\bwhat\b[^?]*\b(?:did|does|do|has|have|will)\b[^?]*\b(?:do|doing|done|achieve|achieved|"
                            r"accomplish|accomplished)\b|何を?(?:した|やった|して|やって)|どうやった|どんなこと", re.IGNORECASE)
_ASKS = ("field", "indicator", "heading", "aggregate", "superlative", "list", "series", "named", "amount", "op", "direction")


def _asked_where_left(question: str, left: list[str], words: Words) -> bool:
    """Whether each part of a question holding a word left asks something the parser read: in 「…、コロナの年は
    どうやったの？で、何が課題って書いてある？」 the first part asks an account around the word, no figure, and reading
    past the word would drop that part."""
    pieces = split(question)
    if len(pieces) == 1:
        return True
    asking = [normalise_text(piece).lower() for piece in pieces
              if any(p.kind in _ASKS for p in _built(piece, words, None).parts)]  # fmt: skip
    return all(any(word in piece for piece in asking) for word in left)


_BRACKET_RE = re.compile(r"\s*[(（]([^()（）]{1,40})[)）]")
_SUPERLATIVE_END_RE = re.compile(r"[がは]?(?:一番|いちばん|最も|もっとも)(?:高い|低い|大きい|小さい|多い|少ない)\s*$")


def _said_in_the_sheets_words(question: str, found: re.Match, words: Words, context: Query | None) -> Parse | None:
    """"How many consumer-affairs consultations (消費生活相談) were handled": English words right before a bracket of
    Japanese are what it says in the sheets' words; read with the fewest of them put in its place that reads whole."""
    inside = found.group(1).strip()
    if inside.isascii() or not re.search(r"[A-Za-z]$", question[: found.start()]):
        return None
    before = list(re.finditer(r"[A-Za-z][\w'’-]*", question[: found.start()]))
    for said in before[-1 : -GLOSSED_WORDS - 1 : -1]:
        rest = _built(f"{question[: said.start()]}{inside}{question[found.end() :]}", words, context)
        if rest.accepted:
            return rest
    return None


def _without_gloss(question: str, words: Words, context: Query | None) -> Parse | None:
    """A question with a field's other name in brackets inside it ("the lowest staff (personnel) cost"): read
    without the brackets, when what they hold names only fields the rest of the question names. Brackets right
    after a number gloss that value (「進捗状況が4（計画通り）」): read without them when the rest reads whole. A number in
    brackets after a superlative is the value the highest is (「優先度が一番高い（5の）」: 優先度が5)."""
    for found in _BRACKET_RE.finditer(question):
        top = _SUPERLATIVE_END_RE.search(question, 0, found.start())
        value = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:点)?\s*の?\s*", found.group(1))
        if top and value:  # 「優先度が一番高い（5の）事業」: the value the highest is, said: 優先度が5の事業
            rest = _built(f"{question[: top.start()]}が{value.group(1)}の{question[found.end() :].removeprefix('の')}",
                          words, context)  # fmt: skip
            if rest.accepted:
                return rest
            continue
        if re.search(r"\d\s*$", question[: found.start()]):
            rest = _built(question[: found.start()] + question[found.end() :], words, context)
            if rest.accepted:
                return rest
            continue
        if (said := _said_in_the_sheets_words(question, found, words, context)) is not None:
            return said
        inside = _built(found.group(1), words, None)
        fields = {p.value for p in inside.of("field")}
        # (fields, or a score said with its number: "on schedule (progress score 4)" restates the value before it)
        if not fields or inside.unplaced or any(p.kind not in ("field", "number", "unit") for p in inside.parts):
            continue
        rest = _built(question[: found.start()] + question[found.end() :], words, context)
        said = {p.value for p in rest.of("field")} | {key for p in rest.of("value") for key, _ in p.value}
        if rest.accepted and fields <= said:
            return rest
    return None
