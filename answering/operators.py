"""Operations as data: every comparison, measure, aggregate and ranking direction, each declared once
with what it computes and how it reads in Japanese and English.

The pattern is datasette's ``filters.py``: one row per operation, and the same row drives both the
executor (``answering.execute``) and the sentence that tells the reader how the question was read
(``answering.reading``). Adding an operation is adding a row here; nothing else names them.

Templates take ``{m}`` (the measure as rendered), ``{v}`` (a value), ``{a}``/``{b}`` (the operands of a
measure), ``{subjects}`` (the projects or indicators the query ranges over).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Number = int | float


@dataclass(frozen=True)
class Comparison:
    """A filter's test of one value. ``arity`` 0 takes no argument (zero, missing…).

    ``on_missing``: the test is about whether the value is reported at all, so a missing value is its input
    rather than a reason to leave the row out.
    """

    key: str
    symbol: str
    test: Callable[[object, object], bool]
    ja: str
    en: str
    arity: int = 1
    on_missing: bool = False


def _contains(text: object, words: object) -> bool:
    """Text holding the words, compared as people type them (full-width and half-width alike, any case, with or
    without the の that joins two nouns: 「選挙執行事務」 is said of 「…選挙の執行事務」)."""
    if not isinstance(text, str):
        return False
    said, held = (unicodedata.normalize("NFKC", str(value)).lower().replace(" ", "") for value in (words, text))
    return said in held or said.replace("の", "") in held.replace("の", "")


COMPARISONS: dict[str, Comparison] = {
    c.key: c
    for c in (
        Comparison("eq", "=", operator.eq, "{m}が{v}", "{m} is {v}"),
        Comparison("ne", "≠", operator.ne, "{m}が{v}以外", "{m} is not {v}"),
        Comparison("lt", "<", operator.lt, "{m}が{v}未満", "{m} is less than {v}"),
        Comparison("le", "≤", operator.le, "{m}が{v}以下", "{m} is at most {v}"),
        Comparison("gt", ">", operator.gt, "{m}が{v}を超える", "{m} is more than {v}"),
        Comparison("ge", "≥", operator.ge, "{m}が{v}以上", "{m} is at least {v}"),
        Comparison("zero", "= 0", lambda x, _: x == 0, "{m}が0", "{m} is zero", arity=0),
        Comparison("nonzero", "≠ 0", lambda x, _: x != 0, "{m}が0でない", "{m} is not zero", arity=0),
        Comparison(
            "missing", "is not reported", lambda x, _: x is None, "{m}の記載がない", "{m} is not reported", 0, True
        ),
        Comparison("present", "is reported", lambda x, _: x is not None, "{m}の記載がある", "{m} is reported", 0, True),
        Comparison("contains", "∋", _contains, "{m}に{v}を含む", "{m} contains {v}"),
    )
}


@dataclass(frozen=True)
class MeasureOp:
    """A measure built from two measures. ``compute`` returns None where the result is undefined (``undefined``
    names why, a key of ``MISSING_REASONS``)."""

    key: str
    symbol: str
    compute: Callable[[Number, Number], Number | None]
    ja: str
    en: str
    undefined: str = ""


def _divide(a: Number, b: Number) -> float | None:
    return a / b if b else None


def _percent(a: Number, b: Number) -> float | None:
    return a / b * 100 if b else None


MEASURE_OPS: dict[str, MeasureOp] = {
    m.key: m
    for m in (
        MeasureOp("difference", "−", operator.sub, "{a} − {b}", "{a} − {b}"),
        MeasureOp("sum", "+", operator.add, "{a} + {b}", "{a} + {b}"),
        MeasureOp("ratio", "÷", _divide, "{a} ÷ {b}", "{a} ÷ {b}", undefined="zero_divisor"),
        MeasureOp(
            "percent",
            "%",
            _percent,
            "{b}に対する{a}の割合（%）",
            "{a} as a percentage of {b}",
            undefined="zero_divisor",
        ),
    )
}

# A field read in one year; and a difference of one field between two years (later − earlier), which reads
# as a change. Both are instances of the measures above; these are only their words.
FIELD_WORDS = {"ja": "{year}の{label}", "en": "{label} in {year}"}
INDICATOR_FIELD_WORDS = {"ja": "指標{n}の{label}", "en": "indicator {n}'s {label}"}
CHANGE_WORDS = {"ja": "{y1}→{y2}の{label}の増減", "en": "the change in {label} from {y1} to {y2}"}
YEARS_SUMMED_WORDS = {"ja": "{years}の{label}（各年度の和）", "en": "{label} summed over {years}"}
YEAR_SPAN_WORDS = {"ja": "{y1}〜{y2}", "en": "{y1}–{y2}"}


@dataclass(frozen=True)
class Aggregate:
    """An aggregate over the values of the rows that pass the filters; missing values never enter it."""

    key: str
    compute: Callable[[list[Number]], Number | None]
    ja: str
    en: str
    needs_measure: bool = True
    heading_en: str = ""  # the answer's heading, when not the key

    @property
    def heading(self) -> str:
        return self.heading_en or self.key


def _mean(values: list[Number]) -> float | None:
    return sum(values) / len(values) if values else None


AGGREGATES: dict[str, Aggregate] = {
    a.key: a
    for a in (
        # A total of nothing is not 0: no sheet reported a value.
        Aggregate(
            "total", lambda vs: sum(vs) if vs else None, "{subjects}の{m}の合計", "the total of {m} over {subjects}"
        ),
        Aggregate("average", _mean, "{subjects}の{m}の平均", "the average of {m} over {subjects}"),
        Aggregate("count", len, "{subjects}の件数", "the number of {subjects}", needs_measure=False),
        # two projects' figures side by side (「どっちがどれだけ多い?」): how far apart they are
        Aggregate(
            "spread",
            lambda vs: max(vs) - min(vs) if len(vs) > 1 else None,
            "{subjects}の{m}の差",
            "the difference in {m} between {subjects}",
            heading_en="difference",
        ),
    )
}


@dataclass(frozen=True)
class Direction:
    """A ranking's order. ``reverse`` for ``sorted``; the words for a plain measure and for a change."""

    key: str
    reverse: bool
    ja: str
    en: str
    change_ja: str
    change_en: str
    change_en_note: str


DIRECTIONS: dict[str, Direction] = {
    d.key: d
    for d in (
        Direction("desc", True, "最も大きい", "largest", "最も大きい（最も増えた）", "most", "the largest increase"),
        Direction("asc", False, "最も小さい", "smallest", "最も小さい（最も減った）", "least", "the largest cut"),
    )
}
RANKING_WORDS = {
    "ja": "{m}が{best}{noun}を{k}件",
    "en": "the {k} {noun} with the {best} {m}",
    "all_ja": "{noun}を{m}の{order}順にすべて",
    "all_en": "every one of the {noun} in order of {m}, {order} first",
    "change_en": "the {k} {noun} whose {label} changed {best} from {y1} to {y2} ({note})",
}

# A filter on membership: a single-valued field is one of the values; a set-valued one (SDGs) includes one;
# on a per-project query, a per-indicator field holds for some indicator of the sheet.
MEMBERSHIP_WORDS = {
    "one": ("{label}が{values}", "{label} is {values}"),
    "one_not": ("{label}が{values}以外", "{label} is not {values}"),
    "set": ("{label}に{values}を含む", "{label} include {values}"),
    "set_not": ("{label}に{values}を含まない", "{label} do not include {values}"),
    "some_indicator": ("{clause}指標がある", "some indicator's {clause}"),
}
OR_WORDS = ("・", " or ")
LIST_WORDS = ("・", " and ")
AND_WORDS = ("、かつ", " and ")

# The other asks' words (ranking and aggregates have theirs above).
ASK_WORDS = {
    "value": ("{subjects}の{m}", "{m} of {subjects}"),
    "list": ("{subjects}の一覧", "the list of {subjects}"),
    "list_with": ("{subjects}の一覧と{m}", "the list of {subjects} with {m}"),
    "attainment": ("{subjects}の{years}の目標達成状況", "whether {subjects} met their targets in {years}"),
    "series": ("{subjects}の{m}の年度ごとの推移", "{m} of {subjects}, year by year"),
    "peak": ("{subjects}の{m}が{direction}年度", "the year in which {m} of {subjects} was {direction}"),
    "by": ("{by}ごとの{text}", "{text}, by {by}"),
    "by_top": ("{text}が最も多い{by}", "the {by} with the largest {text}"),
    "by_top_k": ("{text}が多い{by}の上位{k}", "the {k} {by} values with the largest {text}"),
    "narrative": ("{subjects}のシートの「{sections}」の記述", "what the sheets of {subjects} say under {sections}"),
    "topic": ("（{topic}について）", " (about “{topic}”)"),
    "refusal": ("答えられない質問（{reason}）", "a question the sheets cannot answer ({reason})"),
    "each_year": ("{years}それぞれの", " (for each of {years})"),
    "over_years": ("{years}を通した", " (over {years} taken together)"),
    # a rate over several projects: each side totalled, then divided (``query.is_rate``)
    "rate_of_totals": ("{subjects}を合わせた{m}", "{m} of {subjects} taken together"),
    "sheet_year": ("{year}のシートでの", " (from the {year} sheets)"),
    "sheet_own_year": ("シートの年度", "the sheet's year"),
    "all": ("全", "all "),
    "named": ("事業{numbers}", "projects {numbers}"),
    "named_one": ("事業{numbers}", "project {numbers}"),
    "among": ("{subjects}のうち、", " among {subjects}"),
    "where": ("{clauses}{noun}", "{noun} where {clauses}"),
    "of_projects": ("{projects}の指標", "the indicators of {projects}"),
}

# What a query ranges over: projects (one row per sheet) or indicators (one row per sheet and indicator).
PROJECT, INDICATOR = "project", "indicator"
UNITS = (PROJECT, INDICATOR)
# Money as a question may say it, in the 千円 the sheets print: 10億円 is 1,000,000, and so is 1 billion yen.
# (「10万千円」: ten thousand of the sheets' 千円, as staff write a figure in the sheets' unit)
MONEY_UNITS = {"千円": 1, "万千円": 10_000, "万円": 10, "十万円": 100, "百万円": 1000, "千万円": 10_000, "億円": 100_000, "円": 0.001,
               "thousand yen": 1, "million yen": 1000, "billion yen": 1_000_000, "k yen": 1, "m yen": 1000,
               "yen": 0.001}  # fmt: skip
MONEY_RE = re.compile(rf"\s*({'|'.join(sorted(MONEY_UNITS, key=len, reverse=True))}|%)")


def in_thousand_yen(value: float, after: str) -> tuple[float, int]:
    """A number said with the unit at the start of ``after``, in 千円; and how many characters the unit took."""
    unit = MONEY_RE.match(after)
    return (value * MONEY_UNITS.get(unit.group(1), 1), unit.end()) if unit else (value, 0)


UNIT_WORDS = {PROJECT: ("事業", "project", "projects"), INDICATOR: ("指標", "indicator", "indicators")}

# Why a value is missing: each reason the sheet gives, in its own words. Missing values are reported with
# one of these and never read as 0.
MISSING_REASONS: dict[str, tuple[str, str]] = {
    "no_target": ("目標値が設定されていない（様式上0と印字）", "no target was set (the form prints 0)"),
    "not_recorded": (
        "実績が未記録（シートの年度より後の年度）",
        "the actual is not yet recorded (a year after the sheet's year)",
    ),
    "budget_not_reported": (
        "シートの年度より前の予算額は様式上0と印字されるだけで報告されていない",
        "the form prints 0 for the budget of years before the sheet's year: not reported",
    ),
    "not_settled": (
        "シートの年度より後の年度は未決算（様式上0と印字）",
        "not yet settled: a year after the sheet's year (the form prints 0)",
    ),
    "dash": ("シートに「-」と記載", "the sheet prints '-'"),
    "blank": ("シートに記載がない", "the sheet leaves it blank"),
    "no_column": ("シートにその年度の欄がない", "the sheet has no column for that year"),
    "no_indicator": ("その指標がシートにない", "the sheet has no such indicator"),
    "not_on_form": ("この様式にはその欄がない", "the sheet's form has no such field"),
    "zero_divisor": ("割る数が0", "the divisor is 0"),
    # a project with no rate of its own (nothing to divide by) whose amounts a rate of totals still adds up
    "in_totals_only": ("割る数が0で率はないが、合計には含めた", "no rate of its own (the divisor is 0), but counted in the totals"),
    "not_a_number": ("数値ではない", "not a number"),
    "no_values": ("記載のある値が一つもない", "no row has a reported value"),
}

# Why a question is refused: the refusal's reason, in its own words.
REFUSAL_REASONS: dict[str, tuple[str, str]] = {
    "not_on_sheets": ("シートに載っていない事柄", "something the sheets do not record"),
    "opinion": ("意見や評価を求める質問", "a request for an opinion"),
    "future": ("将来の予測", "a prediction"),
    "a_day": ("ある日や時刻のこと", "what holds on a day or at an hour"),
    "other_city": ("対象外の自治体", "another municipality"),
    "unknown_project": ("該当する事業が見つからない", "no project by that name"),
    "unknown_field": ("該当する項目がシートにない", "no such field on the sheets"),
    "unparsed": ("質問を読み取れなかった", "a question I could not read"),
}


# ---- the words that name each operation in a question (the parser's, ``answering.understand``) -----------
# Japanese words match as substrings of the normalised question; English words as whole words (lower case).
# Each operation's words are declared once, here, beside the operation.

# 「…より多い」 said in each form of the adjective: 多い, 多く (「より多く使った」), 多かった
_MORE = tuple(f"より{stem}{ending}" for stem in ("多", "大き", "高") for ending in ("い", "く", "かった"))
_LESS = tuple(f"より{stem}{ending}" for stem in ("少な", "小さ", "低") for ending in ("い", "く", "かった"))

COMPARISON_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ge": (("以上",), ("at least", "or more", "no less than", "or higher", "or above", "or greater", "or over",
                     "and above", "and over", "and up", "or better")),
    "le": (("以下",), ("at most", "or less", "no more than", "or lower", "or below", "or fewer", "or under",
                     "and below", "and under", "or worse")),
    "lt": (("未満", *_LESS, "を下回る", "を下回っ", "に満たない", "満たない", "に満たず"),
           ("less than", "fewer than", "below", "under", "lower than", "smaller than")),
    "gt": (("を超える", "超え", "を越え", "をこえ", "こえて", "こえる", "こえた", *_MORE, "を上回る", "を上回っ"),
           ("more than", "greater than", "higher than", "larger than", "bigger than", "over", "above", "exceeding",
            "exceeds", "exceeded", "exceed")),
    "eq": (("と同じ", "と同額", "と等しい", "に等しい", "="), ("equal to", "equals", "the same as", "=")),
    "ne": (("以外",), ("other than", "outside of", "outside", "apart from")),
    # Whether a value is reported at all; negated ("設定されていない", "not set") it is ``missing``.
    "present": (("記載", "設定", "記入"), ("reported", "set", "recorded")),
    # An amount a project has at all (「予算がついてる事業」「国のお金が入ってた事業」); negated (「予算がついてない」) it is
    # zero.
    "nonzero": (("がついて", "がついた", "が付いて", "が付いた", "が入って", "が入った"),
                ("something", "some money", "any money")),  # "spent something": its field said before
    # An amount not drawn on at all (「一般財源を使ってない」, "used no general revenue"): zero.
    "zero": (("使っていない", "使ってない", "使っておらず", "使わず", "使わない", "使われていない", "使われてない",
              *(f"{one}円も{verb}" for one in ("一", "1") for verb in ("入ってない", "入っていない", "使ってない", "使っていない"))),
             ("used no", "uses no", "use no", "didn't use any", "did not use any", "doesn't use any", "does not use any")),
}
NEGATED_COMPARISON = {"ge": "lt", "le": "gt", "lt": "ge", "gt": "le", "eq": "ne", "ne": "eq", "zero": "nonzero",
                      "nonzero": "zero", "present": "missing", "missing": "present"}  # fmt: skip
NEGATED_DIRECTION = {"asc": "desc", "desc": "asc"}
ZERO_WORDS = (("ゼロ", "0円"), ("zero", "nothing"))
NEGATION_CUES = (("ない", "なかった", "なく", "無い", "未", "ません"), ("not", "n't", "no", "never", "without", "non", "aren't", "isn't", "weren't",
                                                 "wasn't", "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't", "won't", "wouldn't"))

AGGREGATE_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "total": (("合計", "総額", "合わせて", "合わせると", "合わせた", "合わせれば", "あわせると", "総計", "足す", "足し",
               "全部で"), ("total", "grand total", "combined", "sum", "altogether", "all together", "in all",
                          "add up", "sum up", "adding up", "added up", "add together", "add it all up", "add it up",
                          "add them up", "add them all up", "add those up", "together",
                          # (longer than the sum's "you add": "if you add up …" is a total)
                          "you add up", "we add up", "you add it up", "you add them up", "you add it all up")),
    "average": (("平均",), ("average", "mean", "avg")),
    "count": (("何件", "件数", "いくつ", "何事業", "幾つ", "何個", "数は", "の数", "事業数"), ("how many", "number of", "count")),
}
# A ranking: a superlative word picks the first ``top_k``; the direction comes from the adjective.
# A direction word that is itself a superlative (最大, largest, most) is a ranking without one.
# 「2番目」: the second of the ranking, read as its first two (the answer lists them in order).
MOST_JA = ("一番", "いちばん", "最も", "もっとも")  # (a direction phrase may begin with one: 「一番かかってる」)
LEAST_JA = ("ワースト", "下位")  # the lowest end, a superlative itself: 「執行率が低い事業、ワースト3」
LEAST_EN = ("bottom",)  # "give me the bottom three"
SUPERLATIVE_CUES = ((*MOST_JA, "上位", "トップ", "ベスト", "順に", "順で", "番目", "上から"), ("top",))
# "fall" alone is also belonging ("falls under SDG 9"); with a year or an amount after it, a change.
_DROP_JA = ("落ち込み", "落ち込んだ", "落ち込む", "下落")  # a fall, said as a slump
_FALL = tuple(f"{verb} {after}" for verb in ("fall", "falls", "fallen") for after in ("between", "from", "by"))
DIRECTION_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "desc": (("大きい", "大きな", "大きかった", "多い", "多かった", "高い", "高かった", "最大", "最高", "最多", "増えた",
              "増える", "増えて", "増加", "上がった", "多く", "大きく", "高く", "増え", "増", "伸びた", "伸びて", "伸び", "増し",
              "デカい", "でかい", "アップ", "大勢", "長い", "長かった", "長く",  # (hours, a period: 長い is more of it)
              # costing (かかる) most, said with its superlative: 「いくらかかった」 alone asks an amount
              *(f"{most}{cost}" for most in ("一番", "いちばん", "最も") for cost in ("かかった", "かかる", "かかってる"))),
             ("most", "highest", "largest", "biggest", "greatest", "maximum", "more", "bigger", "larger", "higher", "increase", "rose", "grew", "go up",
              "went up", "gone up", "goes up", "going up", "grow", "grown", "rise", "rises", "risen", "increased", "increases",
              "jump", "jumps", "jumped", "climb", "climbed", "soar", "soared", "most expensive", "priciest", "costliest",
              "more expensive", "costlier", "pricier",
              # ("lean hardest on the general revenue": the most of it; "the steepest drop": the largest of it)
              "hardest", "heaviest", "best", "strongest", "longest", "longer",
              "steepest", "sharpest", "deepest", "steeper", "sharper")),
    "asc": (("小さい", "小さな", "小さかった", "少ない", "少なかった", "低い", "低かった", "最小", "最低", "最少", "減った",
             "減る", "減って", "減少", "下がった", "少なく", "小さく", "低く", "減り", "減", "安い", "安かった", "安く", *_DROP_JA,
             "短い", "短かった", "短く",
             *LEAST_JA),
            ("least", "lowest", "smallest", "fewest", "minimum", "less", "smaller", "lower", "fewer", "drop", "dropped", "fell", "cut", "decrease",
             "go down", "went down", "gone down", "goes down", "going down", "cheaper", "decreased", "decreases", "declined", "decline", "shrank", "shrunk",
             "shrink", "cheapest", "least expensive", "down", "furthest off", "farthest off", "furthest from",
             "farthest from", "furthest below", "furthest behind", "worst", "poorest", "weakest", "shortest", "shorter",
             *LEAST_EN, *_FALL)),
}  # fmt: skip
# Direction words that say money as well: "the most expensive project" ranks what it cost.
PRICE_DIRECTIONS = ("most expensive", "priciest", "costliest", "cheapest", "least expensive", "cheaper", "costlier",
                    "pricier", "more expensive")
# A change said in its own units, where a share of it may be asked beside (「実数と率で」, "in absolute terms and
# percent"): the difference itself.
ABSOLUTE_WORDS = (("実数", "絶対値", "絶対数"), ("in absolute terms", "absolute"))
# Words that say a row is included in a figure (「人件費も入れると」, "once staff costs are counted in"), not that
# projects' values are added up ("pls include the amounts" is the asker's, no row)
INCLUDING_WORDS = (("込み", "含めた", "含めて", "も入れると", "も入れたら", "も入れて", "も足すと", "も足したら"),
                   ("including", "included", "counted in", "factored in", "you include", "we include", "you count",
                    "we count", "you add", "we add", "added to"))
# How a reading says one figure is all of another (a share of 100%), or is not
ALL_OF = {"eq": ("{whole}の全額が{part}", "{part} is all of {whole}"),
          "ne": ("{whole}の全額が{part}ではない", "{part} is not all of {whole}")}
# Words that say a source of money was the only one ("funded only by general funds", 「一般財源だけで賄った」): it paid
# the whole cost. ("all" and 「全部」 are not among them: 「一般財源全部で」 is a total.)
ONLY_WORDS = (("だけ", "のみ", "全額"), ("only", "solely", "entirely", "wholly", "exclusively", "purely", "fully"))
# Measures built from two: the words that name the operation between them. A change (one field, two years)
# is a ``difference``; "割合"/"percentage" of a change is a ``percent`` of it over the earlier year.
# Words that say a number of times by themselves: 「倍以上になった」, "at least double", "tripled"
TIMES = {"倍": 2, "double": 2, "doubled": 2, "doubling": 2, "twice": 2, "twofold": 2, "triple": 3, "tripled": 3,
         "treble": 3, "trebled": 3, "threefold": 3}
MEASURE_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "difference": ((*ABSOLUTE_WORDS[0], "差", "差額", "増減", "変化", "変動", "変わった", "変わって", "増えた", "減った", "増える", "減る", "増え", "減り",
                    "増えて", "減って", "増加", "減少", "比べ", "比べる", "比較", "伸びた", "伸びて", "伸び", "増し", *_DROP_JA),
                   ("difference", "gap", "change", "changed", "up or down", "increase or decrease", "rise or fall",
                    "higher or lower", "drop", "dropped", "fell", "rose", "grew", "increase",
                    "decrease", "go up", "went up", "goes up", "going up", "go down", "went down", "goes down",
                    "going down", "cheaper", "costlier", "pricier", "more expensive", "grow", "grown", "rise", "rises", "risen",
                    "increased", "increases", "decreased", "decreases", "jump", "jumps", "jumped", "climb", "climbed",
                    "declined", "decline", "shrank", "shrunk", "shrink", "soar", "soared", *ABSOLUTE_WORDS[1],
                    *_FALL)),
    "sum": (("足した", "加えた", "+", *INCLUDING_WORDS[0]), ("plus", "counting", "is counted too", "are counted too", "+",
                                                        "adding", *INCLUDING_WORDS[1])),
    # (「何倍になった」, "how many times bigger": the later year's over the earlier's)
    "ratio": (("÷", "割った", "割る", "割って", "/", "倍"), ("divided by", "÷", "/", "ratio", "times as", "times more", "times bigger",
                                         "times larger", "times higher", "times greater", "fold",
                                         *(w for w in TIMES if w.isascii()))),
    "percent": (("割合", "率", "%", "パーセント", "比", "占め", "占める", "何割"), ("percentage", "percent", "%", "rate", "share", "relative to",
                                                  "percentage-wise", "percent-wise", "proportionally",
                                                  "proportionately", "proportion", "portion", "fraction", "chunk")),
}  # fmt: skip
# The words of a difference that name a gap between two things, not a change over the years: 「予算額と決算額の差額」
GAP_WORDS = ("差", "差額", "difference", "gap")
# Named measures of the form: each a composition of catalogue fields, (op, left field, right field).
NAMED_MEASURES: dict[str, tuple[tuple[str, str, str], tuple[str, ...], tuple[str, ...]]] = {
    "execution_rate": (("percent", "settlement", "budget"), ("執行率", "予算執行率"), ("execution rate",)),
    "unspent": (("difference", "budget", "settlement"), ("不用額", "残額", "使い残し", "残った", "余った", "使い切れず",
                                                         "使いきれず", "使い切らず", "使いきらず"),
                ("unspent", "left over")),
    "total_cost": (("sum", "settlement", "personnel_cost_total"), ("総コスト", "トータルコスト", "トータルのコスト"),
                   ("total cost",)),
    # what a project spent from sources other than the city's own general fund (国・県の支出金, 地方債, その他)
    "other_funding": (("difference", "settlement", "general_fund"), ("一般財源以外", "一般財源じゃない", "一般財源でない",
                                                                     "一般財源ではない"),
                      ("other than the general fund", "other than general funds", "other than general fund",
                       "besides the general fund", "outside the general fund", "non-general-fund")),
    "attainment_rate": (("percent", "indicator_actual", "indicator_target"), ("達成率", "達成度"),
                        ("attainment rate", "achievement rate", "rate of achievement")),
}
# "this" and "that" point back only as a subject after its verb ("how many students is that feeding"); alone they
# are also the relative pronoun ("projects that missed")
SUBJECT_POINTERS = tuple(f"{verb} {pronoun}" for verb in ("is", "was", "does", "did", "will") for pronoun in ("that", "this"))
# Words pointing back to the projects just discussed: 「その3つの合計」 totals them, not every project.
ANAPHORA = (("その", "それら", "これら", "この", "あの", "その人たち", "その人達"),
            ("those", "these", "them", "they", "it", *SUBJECT_POINTERS))
# Words that say every project is meant: a total said with them is over the projects, not the fields just added
EVERY_PROJECT = (("全事業", "各事業", "全ての事業", "すべての事業", "全部の事業", "事業全体"),
                 ("every project", "all projects", "all the projects", "each project", "all of the projects"))
# Words opening the other half of an either-or question (「新規？それとも前からある？」): the same ask, answered once
ALTERNATIVE_WORDS = (("それとも", "あるいは", "もしくは"), ("or is it", "or was it", "or are they", "or were they", "or"))
# Words that take some of the things pointed back at (「そのうち」, "of those"): a condition said with them narrows them.
AMONG_THOSE = (("そのうち", "その中で", "そのなかで", "その中の", "そのなかの", "このうち", "これらのうち"),
               ("of those", "of them", "of these", "among those", "among them", "among these"))
# Words that point back at the two things a conversation was about, together (the project before and the last one).
BOTH_WORDS = (("両方", "両者", "どちらも", "どっちも", "2つとも", "二つとも", "ふたつとも", "2事業とも"),
              ("both of them", "both of those", "the two of them", "both projects", "both programs", "for both",
               "of both"))
# Words that say a value holds of each of two fields named ("見直し余地がある on both 整合性 and 妥当性", 「両方とも」)
ON_EACH_WORDS = (("両方", "どちらも", "いずれも", "ともに"), ("both", "each of"))
# Words that turn the question before round (「逆に、…一番少なかったのは？」): the same projects and years, asked the
# other way; not "among those" (the projects its answer listed).
REVERSAL_WORDS = (("逆に", "反対に", "逆は", "反対は"), ("conversely", "the other way round", "the other way around",
                                                   "on the flip side", "the reverse"))
# Words that point at one of the projects an earlier answer listed, by its place in that answer: -1 the last.
POINTERS = {-1: (("最後の", "一番下の"), ("last one", "last of them", "last project", "bottom one")),
            0: (("最初の", "一番上の"), ("first one", "first of them", "first project", "top one"))}  # fmt: skip
# A unit said or printed several ways, read as one (after NFKC, which makes ｔ, ㏊, ㎡ and ％ t, ha, m2 and %): 何名
# asks what 何人 does, 何日間 what 何日 does (a span of days is counted in 日), 平米 is the ㎡ the sheets print.
UNIT_ALIASES = {"名": "人", "日間": "日", "週間": "週", "か月間": "か月", "ヶ月間": "ヶ月", "カ月間": "カ月", "平米": "m2",
                "平方メートル": "m2", "t": "トン", "ヶ所": "箇所", "か所": "箇所", "カ所": "箇所", "ケ所": "箇所",
                "ヘクタール": "ha", "メートル": "m", "キロメートル": "km"}  # fmt: skip


def unit_key(unit: str) -> str:
    """``unit`` as one of the ways it is said or printed (ｔ and トン, か所 and 箇所)."""
    unit = unicodedata.normalize("NFKC", unit).strip()
    return UNIT_ALIASES.get(unit, unit)


# A figure counted per something (「1日当たり入館者数」, 人/日), which a question asks only by saying so
PER_ONE_LABEL = re.compile(r"当たり|あたり|/|／|毎")
PER_ONE = re.compile(r"当たり|あたり|毎|平均|per\b|a day\b|daily|each day|average|on average|/", re.IGNORECASE)
# A rate asked per head or per a span shorter than the year the sheets count in (「月いくら」, 「1人あたり」, "per
# household", "a month"): a figure printed per something answers it, never a year's total.
RATE_ASKED = re.compile(r"(?<!年)(?<!年度)(?:当たり|あたり)|毎月|毎日|月額|月々|(?<![\d何])月(?=\s*(?:いくら|何円|なんえん))|"
                        r"\bper (?!year|annum|fiscal)|\b(?:a|each|every) (?:month|day|week)\b|\b(?:monthly|daily|weekly)\b",
                        re.IGNORECASE)
EACH_WORDS = (("それぞれ", "ごと", "別に"), ("each", "respectively", "per"))
# Words that ask for a measure's course over every year the sheets report (a series).
SERIES_CUES = (("推移", "経年", "年度ごと", "年度別", "毎年", "各年度", "年ごと", "移り変わり", "これまで"),
               ("trend", "trends", "over the years", "year by year", "each year", "every year", "by year",
                "over time", "history", "so far"))
# Words that leave a field out of the figure asked (「事業費（人件費抜き）」, "not counting staff costs"), or a project
# out of those asked about ("leaving aside the data platform project"): said after it in Japanese, before it in
# English.
EXCLUDE_CUES = (("抜き", "除く", "除いた", "除いて", "除き", "除外", "省いて", "含まない", "含まず", "含めない", "別として",
                 "別にして", "さておき", "外して", "外すと", "外した"),
                ("not counting", "excluding", "leaving out", "without counting", "not including", "rather than",
                 "instead of", "as opposed to", "except", "except for", "aside from", "leaving aside", "setting aside",
                 "putting aside", "besides"))
# A count asked in a counter no project is counted in (「何冊」「何人」; projects are 何件): a count of things, which
# neither a list nor a count of projects answers.
THINGS_COUNTED = re.compile(r"(?:何|なん)(?:人|名|頭|台|個|校|社|基|冊|か所|箇所|時間)")  # (sheets are 本 and 枚 too)
# Words that ask how much of a figure, which hold a list word (どれ) and ask for no list.
AMOUNT_CUES = ("どれくらい", "どのくらい", "どれぐらい", "どのぐらい", "どれほど", "どれだけ", "どんだけ", "どんくらい", "どんぐらい")
# Words that ask for the projects themselves (a list), and for an indicator count rather than a project count.
LIST_CUES = (("どれ", "どの", "一覧", "挙げて", "全部", "すべて", "全て", "ある", "のはどこ"), ("which", "list", "what projects"))
# An act only tried (「廃止しようとした」「やめようとしてた」): an event the passages tell, not a value the form holds
TRIED = re.compile(r"[^、。？?]{0,4}?(?:よう|させよう|されよう)と(?:した|して(?:い)?た|されて(?:い)?た)")
