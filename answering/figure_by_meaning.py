"""A figure asked of a project in words no field or indicator of the form carries, found by meaning.

"How many kids were registered in the after-school clubs in R6?" asks a figure of one sheet (its 登録児童数), but
no word of it is the indicator's name, so the parser cannot read it whole and the sheet's passages would be quoted.
When a question the parser could not read asks a figure (how much, how many, what share, いくら, 何人, どれくらい)
and its passages are one sheet's, that sheet's figures (its cost rows and its indicators) are ranked by meaning
against the words of the ask, among those counted in the unit asked (money, a share, hours, the counter said); the
closest is answered from the table. The answer says which figure it chose and that it chose it by meaning, so a
wrong choice is visible; nothing is guessed when no figure of the sheet is counted in the unit asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from jimuqa.answering import operators as ops
from jimuqa.answering import phrases as p
from jimuqa.answering import vocabulary as v
from jimuqa.answering.catalogue import FieldInfo, catalogue
from jimuqa.answering.query import Combine, Field, Query, Value, is_change, is_rate, measure_fields
from jimuqa.answering.understand import (
    MAGNITUDES,
    MONEY_WORD,
    Parse,
    Words,
    asked_counters,
    counts_in,
    put_in_for_money,
)
from jimuqa.index.search.keywords import tokenise
from jimuqa.index.years import western

MONEY, SHARE, ANY = "money", "share", "any"  # kinds of figure asked besides a counter's count
COUNT = "count"  # "how many", counter unsaid: a count in any unit but money, shares and measures
AMOUNT = "amount"  # "how much garbage": a measure (t, m3, ㎡), not a count
DURATION = "duration"  # "how long does it take": a figure counted in time (分, 時間, 日)
_TIME_UNITS = ("秒", "分", "時間", "日", "日間", "週", "週間", "か月", "ヶ月", "カ月")
CLOSE = 0.005  # a second figure this close in meaning to the first is given too: the sheet has two such figures
MAX_FIGURES = 2  # figures given for one ask

_ASKED = {
    "ja": ((re.compile(r"いくら|何円|なんえん|金額|総額"), MONEY), (re.compile(r"割合|何割"), SHARE), (re.compile(r"いくつ(?!もり)"), COUNT),
           (re.compile(r"(?:かかる|かかった|要する)時間|所要時間"), DURATION),
           (re.compile(r"どれ(?:くらい|ぐらい|だけ)|どの(?:くらい|ぐらい)|何(?:ぼ|ぼう)"), ANY)),
    # "how much" before a verb or a word of money asks money; before another noun, an amount of it ("how much
    # garbage")
    "en": ((re.compile(r"\bhow much\b(?=\s+(?:money|funding|funds|yen|cash|budget|did|does|do|is|was|were|has|have|"
                       r"had|will|would|can|could|should|of|in(?! (?:percent|percentage|%))|per|for|went|goes|go|altogether|in total|"
                       r"total)\b|\s*[?,.]|$)"
                       r"(?!\s+(?:did|does|has|have) .{0,40}(?:change|rise|fall|grow|drop|increase|decrease))",
                       re.IGNORECASE), MONEY),
           (re.compile(r"\bwhat (?:share|percentage|proportion|percent|rate)\b|\bwhat\s*[%％]|\bhow many percent\b|"
                       r"\bhow much(?= in (?:percent|percentage|%))", re.IGNORECASE), SHARE),
           (re.compile(r"\bhow much\b", re.IGNORECASE), AMOUNT),
           (re.compile(r"\bhow (?:long|much time)\b(?=[^?.;]{0,20}\btakes?\b)|\bhow long\b(?=[^?.;]{0,20}\btook\b)",
                       re.IGNORECASE), DURATION),
           (re.compile(r"\bhow many\b", re.IGNORECASE), COUNT),
           # "how did participant numbers compare with the target?": a thing's numbers, its count
           (re.compile(r"\b(?!(?:the|its|their|these|those|what|which|our|your|project|sheet)\b)[a-z]{3,} numbers\b",
                       re.IGNORECASE), COUNT),
           (re.compile(r"\b(?:what|which) (?:was|is|were|are) the (?:number|total|amount|figure|count)\b",
                       re.IGNORECASE), ANY)),
}  # fmt: skip
# A clause that asks something else than a figure: an account, a reason, a name ("What does it do, and how many
# are there?", 「どうして始めたの？どのくらい支援してもらえる？」): the passages answer the question whole.
_OTHER_ASK = {"ja": re.compile(r"どんな|どう(?!ぞ)|なぜ|何を|なにを|何が|誰|だれ|どこ|いつ|理由|条件|内容|仕組み|方法"),
              # "how is it run" asks an account; "how full were they", a measure
              "en": re.compile(r"\b(?:what|who|whom|why|where|when|which)\b|\bhow\s+(?:do|does|did|is|are|was|were|has|"
                               r"have|had|can|could|will|would|should)\b", re.IGNORECASE)}
_CLAUSE_END = re.compile(r"[、。,，？?！!]|\.\s|\band\b")
# A unit that measures rather than counts (kg/年, m3, 個/㎡): not what "how many" asks without its counter.
_MEASURE = re.compile(r"[A-Za-z/／㎏㎡㎥]|トン")
_FEE = re.compile(v.FEE, re.IGNORECASE)
OVERLAP_WEIGHT = 0.1  # of the share of a label's characters the question says, added to the meaning's score
_CONTENT_CHARS = re.compile(r"[一-龥ァ-ヶ]")


@dataclass(frozen=True)
class Ask:
    """A figure asked: the words that ask it (their clause) and what it is counted in."""

    text: str
    kind: str  # MONEY, SHARE, ANY, COUNT or a counter (人, 頭, 時間, %)
    words: str = ""  # from the words that ask it to the clause's end ("how many passengers rode it in R6?")
    start: int = 0  # where the words that ask it begin in the question


@dataclass(frozen=True)
class Figure:
    """One figure a sheet prints by year: a cost row, or an indicator's value."""

    field: FieldInfo
    label: str  # as printed: 事業費計, 登録児童数
    unit: str
    indicator: int | None = None

    @property
    def measure(self) -> Field:
        return Field(self.field.key, indicator=self.indicator)

    def query(self, number: str, years: tuple[str, ...], lang: str) -> Query:
        return Query(Value(self.measure), projects=(number,), years=years, lang=lang)


def asked_figures(text: str, lang: str) -> list[Ask]:
    """Each figure ``text`` asks, in order, with the clause that asks it; [] when it asks none."""
    lowered = text.lower()  # (the same length: places in it are places in ``text``)
    found = asked_counters(lowered, lang)
    for cue, kind in _ASKED[lang]:
        found += [(m.start(), m.end(), kind) for m in cue.finditer(lowered)
                  if not any(s < m.end() and m.start() < e for s, e, _ in found)]  # fmt: skip
    asks: list[Ask] = []
    for start, end, kind in sorted(found):
        before = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
        after = _CLAUSE_END.search(text, end)
        clause_end = after.start() if after else len(text)
        # one ask: the whole question says what it is of (「コンテナ貨物の取扱量、令和6年度はどれくらい」)
        clause = text if len(found) == 1 else text[before[-1] if before else 0 : clause_end]
        if not any(a.text == clause.strip() and a.kind == kind for a in asks):  # (「金額はいくら」 asks once)
            asks.append(Ask(clause.strip(), kind, text[start:clause_end].strip(), start))
    return asks


_NOTE = re.compile(r"\s*[(（]\s*※.*$", re.DOTALL)
_NUMBER = r"[0-9０-９][0-9０-９,，.．]*\s*"
_TOLD = {MONEY: re.compile(_NUMBER + r"[千万億]?円"), SHARE: re.compile(_NUMBER + r"(?:[%％]|割)"),
         ANY: re.compile(_NUMBER + r"(?![年月日時度号条期次\d])[一-龥ぁ-んァ-ヶ%％]")}  # fmt: skip


def telling(ask: Ask, chosen: list[Figure], passages: list[str]) -> list[str]:
    """The passages of ``passages`` that give a number of what ``ask`` asks (「47件の相談対応」 for 「どのくらいやった」).
    A count whose counter is unsaid ("how many deer") is given by a number counted in the unit of a figure
    ``chosen`` for it (「シカ1,240頭を捕獲した」 beside 推定生息頭数 in 頭), not by a number counted in anything
    (「給食実施回数：180日」 for "how many kids")."""
    counters = {f.unit.lstrip(MAGNITUDES) for f in chosen} if ask.kind == COUNT else {ask.kind}
    cues = [_TOLD.get(c) or re.compile(_NUMBER + f"[{MAGNITUDES}]?" + re.escape(c)) for c in counters if c]
    return [text for text in passages if any(cue.search(text) for cue in cues)]


def told_in_its_words(ask: Ask, chosen: list[Figure], told: list[str], name: str = "") -> bool:
    """Whether passages ``told`` (giving a number of what ``ask`` asks) say the words of a Japanese ask that no
    figure ``chosen`` for it names: 「技術相談は何件対応して」 is 「47件の相談対応」, not 連携企業数 close in meaning.
    (The project's ``name`` and a year's words say which figure's, not what it counts.)"""
    words = {w for w in content_words(ask.text) if w not in name and w not in _YEAR_WORDS}
    return bool(told) and not any(w in f.label for f in chosen for w in words) and any(
        w in text for text in told for w in words)  # fmt: skip


NEAR = 8  # characters before a number in which the thing it counts is said (「衛生監視員（34人）」)


def gives_a_number(ask: Ask, text: str, words: list[set[str]] | None = None) -> bool:
    """Whether ``text`` gives a number counted in what ``ask`` asks (a count with its counter unsaid: in any);
    with ``words``, right after one of them, the thing it counts (not 「秋季の2回実施」 for "how many dogs")."""
    cue = _TOLD.get(ask.kind) or (_TOLD[ANY] if ask.kind in (COUNT, AMOUNT, DURATION) else
                                  re.compile(_NUMBER + f"[{MAGNITUDES}]?" + re.escape(ask.kind)))  # fmt: skip
    return any(words is None or any(w in text[max(0, m.start() - NEAR) : m.start()] for g in words for w in g)
               for m in cue.finditer(text))


MIN_WORDS_TELLING = 2  # of an ask's words (in the sheets' words) a passage says, to tell what it asks


def told_in_its_translation(groups: list[set[str]], chosen: list[Figure], told: list[str], name: str = "") -> bool:
    """For an English ask, ``groups``: the sheets' words for each of its words. Whether a passage of ``told`` says
    the sheets' words for two of its words at least that no figure ``chosen`` names, nor the project's ``name``,
    one of them right before a number: "how many sanitation monitors" is 「衛生監視員（34人）」, not
    不法投棄廃棄物の発見箇所数 close in meaning. (An ask of one word, "how many proposals", by that word: 「提案21件」.)"""
    unnamed = [g for g in groups if g and not any(w in f.label or w in name for f in chosen for w in g)]
    enough = min(MIN_WORDS_TELLING, sum(1 for g in groups if g))
    return any(says_enough_of(text, unnamed, enough) for text in told)


def says_enough_of(text: str, groups: list[set[str]], enough: int = MIN_WORDS_TELLING) -> bool:
    """Whether ``text`` says a word of ``enough`` of ``groups`` (each: one asked word's ways of saying it)."""
    return sum(any(w in text for w in g) for g in groups) >= enough


_YEAR_WORDS = frozenset(("令和", "平成", "昭和", "年度"))


def content_words(text: str) -> set[str]:
    """A Japanese text's words as a sheet would write them: its pairs of kanji (not 「何件」), its katakana runs."""
    pairs = {m.group(1) for m in re.finditer(r"(?=([一-龥々]{2}))", text) if "何" not in m.group(1)}
    return pairs | set(re.findall(r"[ァ-ヶー]{2,}", text))


def asks_other_things(text: str, lang: str, names_a_figure: Callable[[str], bool]) -> bool:
    """Whether a clause of ``text`` asks something but a figure (「どうして始めたの？」, "what does it do"): neither
    by the words that ask one nor by a figure of the form ``names_a_figure`` finds in it ("what did it cost")."""
    return any(_OTHER_ASK[lang].search(c) and not names_a_figure(c) for c in other_clauses(text, lang))


def other_clauses(text: str, lang: str) -> list[str]:
    """The clauses of ``text`` that ask no figure by the words that ask one."""
    return [c for c in _CLAUSE_END.split(text) if c and c.strip() and not asked_figures(c, lang)]


def sheet_figures(number: str, form: str, words: Words) -> list[Figure]:
    """The figures of sheet ``number`` (of ``form``) by year: the form's cost rows, then the sheet's indicators."""
    fields = [f for f in catalogue().values() if f.form == form and f.yearly and f.numeric]
    out = [Figure(f, f.label_ja, f.unit) for f in fields if not f.per_indicator]
    value = next((f for f in fields if f.per_indicator and f.key.endswith(("_actual", "_value"))), None)
    units = words.indicator_units.get(number, {})
    if value is not None:
        # a note printed with a name (「（※担当課調べ）」) is no part of what it counts
        out += [Figure(value, _NOTE.sub("", name).strip(), units.get(no, ""), no)
                for no, name in words.indicators.get(number, [])]  # fmt: skip
    return out


def counted_in(figure: Figure, kind: str) -> bool:
    """Whether ``figure`` is counted in what an ask of ``kind`` asks for."""
    return _unit_counts(figure.unit or "", kind)


def _unit_counts(unit: str, kind: str) -> bool:
    money, share = "円" in unit, unit in ("%", "％")
    if kind == MONEY:
        return money
    if kind == SHARE:
        return share
    if kind == COUNT:
        return not money and not share and not _MEASURE.search(unit)
    if kind == AMOUNT:
        return bool(_MEASURE.search(unit)) and not money and not share
    if kind == DURATION:
        return any(counts_in(unit, time) for time in _TIME_UNITS)
    if kind == ANY:
        return True
    return counts_in(unit, "％" if kind == "%" else kind) or (kind == "%" and share)


def units_of(query: Query, words: Words) -> set[str]:
    """What the figures answering ``query`` are counted in: its fields' units, each named project's own unit for an
    indicator, and "%" for a ratio or a percentage of two figures (given with the figures it is of)."""
    measure = getattr(query.ask, "measure", None)
    # (a change between two years is given with its percentage: 「532人減少（…, -7.5%）」)
    shares = is_rate(measure) or is_change(measure)
    units = {"%"} if shares else set()
    for leaf in measure_fields(measure):
        info = catalogue()[leaf.field]
        if not info.per_indicator:
            units.add(info.unit)
            continue
        for number in query.projects:
            by_no = words.indicator_units.get(number, {})
            units |= set(by_no.values()) if leaf.indicator is None else {by_no.get(leaf.indicator, "")}
    return units


def in_the_kind_asked(parses: list[Parse], queries: list[Query], words: Words) -> bool:
    """Whether ``queries`` answer with the kind of figure their question (read as ``parses``) asks when it asks money
    or a share: "how much money did the city pay out …" is not answered by the indicators its other words name
    (counted in 社 and トン). A word of a field read is no ask: 「従事割合」 is a share by name, counted in 人."""
    kinds = {ask.kind for parse in parses for ask in asked_figures(parse.text, parse.lang)
             if not any(part.kind in ("field", "heading", "value") and part.start <= ask.start < part.end
                        for part in parse.parts) and not _of_a_field(parse, ask)} & {MONEY, SHARE}  # fmt: skip
    if not kinds:
        return True
    units = {unit for query in queries for unit in units_of(query, words)}
    return any(_unit_counts(unit, kind) for unit in units for kind in kinds)


_HOW_MUCH_OF = re.compile(r"(?:how much|(?:what|which) (?:share|fraction|proportion|portion|part))\s+of\s+"
                          r"(?:(?:a|an|the|its|their|each|this|that)\s+)?", re.IGNORECASE)


def _of_a_field(parse: Parse, ask: Ask) -> bool:
    """"how much of a regular staffer's time", "what share of a full-time staff member": an amount of the field
    said after "of", in its own unit."""
    said = _HOW_MUCH_OF.match(parse.text, ask.start)
    return parse.lang == "en" and said is not None and any(
        part.kind == "field" and part.start == said.end() for part in parse.parts)


def closest(
    ask: Ask, figures: list[Figure], embedder, read: set[str], said: str = "", project: str = "",
    indicators: frozenset[int] = frozenset(), as_total: bool = False,
) -> list[Figure]:
    """The figures of ``figures`` closest in meaning to ``ask`` among those counted in what it asks. A field the
    parser read in the question (事業費, "staff hours") is the one asked, when the sheet prints it; the indicators
    the ask says by their own names (``names``; of the sheet of project ``project``) are those asked. Otherwise the
    sheet's indicators are weighed, and for money the form's own word for a project's money (its 事業費, its 決算額)
    too: the cost rows' labels (国庫支出金, 人件費計) say little a question would not have named. ``said``: the ask
    in the sheets' words, for the labels' characters it holds (an English ask's Japanese words: "lend out" 貸出); the
    ask itself by default. ``indicators``: the sheet's indicators the parser read in the ask by a run of their own
    names (「修繕着手率」 of 「修繕を要する橋梁（判定Ⅲ以上）の修繕着手率」), which are those asked. ``as_total``: the
    total a rate asked is of, or the count it is over (``per_head``), no figure printed per one."""
    counted = [f for f in figures if counted_in(f, ask.kind)]
    if by_run := [f for f in counted if f.indicator in indicators]:
        return by_run
    if ops.RATE_ASKED.search(ask.text) and not as_total:  # 「給食費って月いくら」: no year's total is a month's charge
        counted = [f for f in counted if ops.PER_ONE_LABEL.search(f"{f.label} {f.unit}")]
    elif not ops.PER_ONE.search(ask.text):  # "how many visitors came during the festival": the count, not its 1日当たり
        counted = [f for f in counted if not ops.PER_ONE_LABEL.search(f"{f.label} {f.unit}")] or counted
    # a fee a resident pays (使用料, "what do parents pay", 「1時間いくら」) is no project's spending, whatever word
    # for money it is said with: only an indicator in 円 may be it
    if ask.kind == MONEY and _FEE.search(ask.text):
        counted = [f for f in counted if f.indicator is not None]
    named = [f for f in counted if f.field.key in read and f.indicator is None]
    if named:
        return named[:1]
    counted = [f for f in counted if f.indicator is not None or (ask.kind == MONEY and MONEY_WORD["ja"] in f.field.synonyms_ja)]
    if len(counted) <= 1:
        return counted
    common = set.intersection(*(set(f.label) for f in counted))  # (characters that tell none of them apart)
    # 「令和6年度の営業係数と、乗った人の数を教えて」 says two indicators' names: both are asked, whichever is
    # closer in meaning to the whole
    left_out = project + "".join(common)
    by_name = {f.label: f for f in counted if f.indicator is not None and names(f, said or ask.text, left_out)}
    if by_name:
        return list(by_name.values())
    # a word the ask says that one indicator's label alone holds, in the sheets' normal forms (寄付 is 「…寄附」金額's);
    # said in the question's own words (an English ask's Japanese words are guesses: "tourist" is no 旅行)
    told = {t for t in tokenise(ask.text) if len(t) > 1} - set(tokenise(project)) if said in ("", ask.text) else set()
    labels = {f.label: set(tokenise(f.label)) for f in counted if f.indicator is not None} if told else {}
    holding = {t: {label for label, tokens in labels.items() if t in tokens} for t in told}
    by_word = {label for labels in holding.values() if len(labels) == 1 for label in labels}
    if len(by_word) == 1:
        return [f for f in counted if f.label in by_word][:MAX_FIGURES]
    vectors = _label_vectors(embedder, [f.label for f in counted])
    scores = vectors @ embedder.embed_queries([ask.text])[0]
    scores += OVERLAP_WEIGHT * np.array([_said(f.label, said or ask.text, common) for f in counted])
    order = np.argsort(-scores)
    best = float(scores[order[0]])
    return [counted[i] for i in order[:MAX_FIGURES] if best - float(scores[i]) <= CLOSE]


# a rate asked per one of a thing counted: 「子ども1人あたり」, "per household" (the counter it is counted in)
_PER_HEAD = re.compile(r"(?:1|一|ひと)\s*(人|名|世帯|件|回|戸|台|校|団体)\s*(?:当たり|あたり)|"
                       r"\bper (person|head|capita|child|kid|student|pupil|resident|user|participant|recipient|baby|household|"
                       r"family|case)\b", re.IGNORECASE)
_AVERAGED = re.compile(r"平均|計算|割る|割った|均す|ならす|\baverage|\bon average\b|\bworks? out\b|\bcomes? to\b", re.IGNORECASE)
_HEADS_EN = {"household": "世帯", "family": "世帯", "case": "件"}  # (any other head said in English is a person: 人)


def per_head(
    ask: Ask, figures: list[Figure], embedder, read: set[str], said: str = "", project: str = ""
) -> tuple[Figure, Figure] | None:
    """An amount of money per one of a thing counted, asked as an average, that the sheet prints no rate of (「出産祝金
    って、子ども1人あたり平均いくら」): the money figure closest to the ask, over the figure counting that thing in its counter (支給額 ÷
    支給対象延べ児童数). None when the ask is no such rate or the sheet has no such pair."""
    head = _PER_HEAD.search(ask.text)
    # (a rate not asked as an average, 「1世帯あたりいくら」, is what one is given, which a passage prints: 7,000円, not
    # the year's cost over the households)
    if ask.kind != MONEY or head is None or not _AVERAGED.search(ask.text):
        return None
    counter = ops.unit_key(head.group(1)) if head.group(1) else _HEADS_EN.get(head.group(2).lower(), "人")
    money = closest(ask, figures, embedder, read, said, project, as_total=True)
    count = closest(Ask(ask.text, counter, ask.words, ask.start), figures, embedder, read, said, project, as_total=True)
    return (money[0], count[0]) if money and count else None


def per_head_query(money: Figure, count: Figure, number: str, years: tuple[str, ...], lang: str) -> Query:
    """The query of ``per_head``'s pair: the money over the count, of project ``number``."""
    return Query(Value(Combine("ratio", money.measure, count.measure)), projects=(number,), years=years, lang=lang)


# Labels' vectors, by model and label: a sheet's labels are embedded once per process (407 sheets' labels are a
# few thousand short texts, a few megabytes).
_LABELS: dict[tuple[str, int, str], np.ndarray] = {}
MAX_LABELS = 20_000


def _label_vectors(embedder, labels: list[str]) -> np.ndarray:
    model = (getattr(embedder, "model_id", type(embedder).__name__), getattr(embedder, "dimension", 0))
    new = [label for label in dict.fromkeys(labels) if (*model, label) not in _LABELS]
    if new:
        if len(_LABELS) + len(new) > MAX_LABELS:
            _LABELS.clear()
        _LABELS.update({(*model, label): vector for label, vector in zip(new, embedder.embed_passages(new), strict=True)})
    return np.stack([_LABELS[(*model, label)] for label in labels])


def _said(label: str, text: str, left_out: set[str] | str = "") -> float:
    """The share of ``label``'s kanji and katakana, but those ``left_out``, that ``text`` holds: 使用枚数 is closer
    to 「何枚使われた」 than 発行枚数 (a verb's stem is its kanji; the model alone weighs the two alike)."""
    chars = set(_CONTENT_CHARS.findall(label)) - set(left_out)
    return sum(c in text for c in chars) / len(chars) if chars else 0.0


NAMED_SHARE = 0.6  # of a label's characters (but its project's name's), said in a question: it names the figure


def names(figure: Figure, question: str, left_out: str) -> bool:
    """Whether ``question`` says ``figure``'s own name, near enough (「寄附金額」 for 「ふるさと大船渡応援寄附」金額); the
    characters ``left_out`` (the project's name's, which name the project) are left out."""
    return _said(figure.label, question, left_out) >= NAMED_SHARE


def chosen_line(number: str, figures: list[Figure], lang: str) -> str:
    """What the answer says of the figures it chose by meaning."""
    said = "、".join(dict.fromkeys(f"「{f.label}」" + (f"（{f.unit}）" if f.unit else "") for f in figures))
    return p.say(
        lang,
        f"質問の言葉はシートの項目名と一致しないため、{number}のシートで意味がいちばん近い数値を示します: {said}。",
        f"Your words name no figure of the sheet exactly; the closest in meaning on sheet {number}: {said}.",
    )


# Parts that say what a change is of or over which projects: with one of them, the parser's reading is the one
_NOT_ONE_FIGURE = ("field", "indicator", "value", "aggregate", "superlative", "list", "series", "each", "compare")


def change_asked(parse: Parse) -> tuple[str, str] | None:
    """The (earlier, later) years of a change the question asks of one project's figure its words do not name
    ("By what percent did the donations grow from R5 to R6?"); None when it asks none, or names the figure."""
    years = sorted(set(read_years(parse)), key=western)
    moved = any(part.kind == "direction" or (part.kind == "op" and part.value == "difference") for part in parse.parts)
    if len(years) != 2 or not moved or len({part.value for part in parse.of("project")}) != 1:
        return None
    return None if any(part.kind in _NOT_ONE_FIGURE for part in parse.parts) else (years[0], years[1])


def change_query(figure: Figure, number: str, years: tuple[str, str], percent: bool, lang: str) -> Query:
    """The change of ``figure`` of sheet ``number`` from the earlier year to the later, as a share of the earlier
    with ``percent``."""
    earlier, later = (Field(figure.field.key, year, figure.indicator) for year in years)
    change = Combine("difference", later, earlier)
    return Query(Value(Combine("percent", change, earlier) if percent else change), projects=(number,), lang=lang)


def read_fields(parse: Parse, said: bool = False) -> set[str]:
    """The fields the parser read in the question; ``said``: only those it says, not the money word put in for a
    bare 「いくら」 (which says no more than the ask does)."""
    return {part.value for part in parse.parts if part.kind == "field" and isinstance(part.value, str)
            and not (said and put_in_for_money(parse.text, parse.lang, part))}  # fmt: skip


def read_indicators(parse: Parse, ask: Ask, number: str) -> frozenset[int]:
    """The indicators of project ``number`` the parser read inside the words of ``ask``."""
    at = parse.text.find(ask.text)
    if at < 0 or {p.value for p in parse.parts if p.kind == "project"} - {number}:  # (or of the one asked before)
        return frozenset()
    return frozenset(p.value for p in parse.parts if p.kind == "indicator" and at <= p.start < at + len(ask.text))


def read_years(parse: Parse) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.value for part in parse.parts if part.kind == "year"))
