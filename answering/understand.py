"""The rule parser: a question's parts → a ``Query`` (``answering.query``), or the words it could not place.

A question is normalised (NFKC, typos, lower case; ``answering.normalise``) and its parts are recognised
as spans of the text, each from one source of words:

- years (``index.years``), numbers with their units, project mentions (by sheet number, by full name, or
  by a run of a name's characters that only that project's name has: the table's names, not a word list);
- field words: the catalogue's printed labels and synonyms (``catalogue.lexicon``), values of closed
  vocabularies and the short text values the table holds (係名, 事業体制 …);
- operation words: comparisons, aggregates, rankings, measure operations and named measures
  (``operators``), negation.

Longer spans win over shorter ones. The Query is then built from the parts (``answering.compose_query``),
and the **coverage rule** decides whether it is accepted: every content word of the question (Sudachi
tokens, short units) must lie in a recognised span or be a function word (``FUNCTION_WORDS``); otherwise the
parse is rejected and ``Parse.unplaced`` names the words left over.
"""

from __future__ import annotations

import bisect
import copy
import functools
import itertools
import math
import os
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace

from jimuqa.answering import operators as ops
from jimuqa.answering.catalogue import (
    CATEGORY_WORDS_EN,
    CODED_VALUES,
    COST_OF,
    FUNDING_SOURCES,
    HOW_AHEAD,
    IN_THE_OVERALL_PLAN,
    JUDGEMENT_WORDS_EN,
    READ_AS,
    REASON_OF,
    SAME_FIELD,
    SCALE_WORDS,
    SCORE,
    SDG_TITLES_EN,
    TEXT,
    UNIT_FIELDS,
    UNIT_WORDS_EN,
    VALUE_SYNONYMS,
    VALUE_WORDS,
    YEAR_FIELD,
    catalogue,
    counterpart,
    evaluation_key,
    for_forms,
)
from jimuqa.answering.cities import names_of, romanised, stem
from jimuqa.answering.normalise import detect_language, normalise_text
from jimuqa.answering.projects import GENERIC_WORDS, _common_runs, _mask_generic
from jimuqa.answering.query import Field, Query, is_change, measure_fields
from jimuqa.index.glosses import LONGEST_RUN, english_stem, english_words, installed_dictionary, specific_glosses
from jimuqa.index.japanese import morphemes
from jimuqa.index.model import FORM as TSUKUBA
from jimuqa.index.model import office_and_unit
from jimuqa.index.sections import BY_ID
from jimuqa.index.values import MET, MISSED
from jimuqa.index.years import ERA_NAMES, ERA_NAMES_EN, ERA_NAMES_KANA, from_western, parse_year, western

# ---- function words: declared once ------------------------------------------------------------------------
# Sudachi parts of speech that carry grammar, not content: particles, auxiliaries, punctuation, pronouns
# (何, どれ, それ), adnominals (その, どの), conjunctions (あと, それとも), interjections, adverbs (それぞれ).
FUNCTION_POS = ("助詞", "助動詞", "補助記号", "記号", "空白", "代名詞", "連体詞", "接続詞", "感動詞", "副詞")
FUNCTION_WORDS_JA = frozenset(
    # question words, light and polite verbs, generic nouns ("事業" names no particular project)
    "何 なに なん いくら いくつ どれ どの どこ どう どんな どのくらい どれくらい どれほど 教える 知る ある いる "
    "する なる やる できる 挙げる 示す 見る くれる もらう もらえる くださる 下さい ください です ます 事業 プロジェクト "
    "全部 全て すべて 各 それぞれ うち 中 なか ほう あたり 当たり 額 値 金額 数値 数字 状況 順 年度 年 年間 度 件 個 つ 的 等 ほど くらい ぐらい 場合 時 とき 際 "
    "みたい じゃあ では あと それと また ちなみ 因み ね よ か の 者 方 もの こと つき 付き 対する 持つ 担当 抱える 市 役所 市役所 かかる 充てる いける いく なきゃ つく 出る これから 課 全体 "
    # verbs of belonging: 「SDGsの09に入っていない」 is a condition on membership, said by the value and the negation
    "入る 含まれる 該当 当てはまる 属する 関係 関連 絡み がらみ 絡む 紐 ひも づく 位置 づける づけ 位置づける 位置付ける 載る 載せる 掲げる "
    # what a sheet bases a project on and how it judges it: 「何という法律に基づいて行われて」「どう判定されて」
    "基づく 行う 判定 扱い 扱う タイプ まかなう 分 何万 何千 何百 何十 何億 市内 市立 内 立 時点 仕事 "
    # what a sheet says: 「課題は何て書いてある?」 asks the cell itself
    "書く 書かれる 言う やつ 内訳 全 シート 付き 付く 逆 具体 "
    # the form's items themselves and how they are judged: 「評価項目の『廃止・休止の成果への影響』で…と判断された」
    "項目 判断 "
    # a plan said of the year's figures: 「令和7年度は地方債をいくら充てる計画?」; an intent: 「どうしていくつもり」
    "計画 予定 見込む 見込み いう つもり "
    # whether a value is set: 「期間は決まってるの?」 asks the value; 「安く済んでる」: costs little
    "決まる 決める 済む "
    # paying for something: 「一般財源でいくら出してる?」
    "出す 賄う 充当 入れる 含める お願い 願う まとめる 課長 課長等 関わる 関係する かける 掛ける ところ おく 於く 事業費 費 "
    # the form's noun for a project (事務事業), and 名 after a field (部課名: the 部課)
    "事務 名 "
    # a unit's being in charge: 「消防署が受け持ってる事業」 (as 担当 says it)
    "受ける 受け持つ 担う "
    # what the asker heard or thinks: 「なくなるって聞いたけど」「できなかったと思うけど」; what the city thinks a thing
    # is (「どんな課題があるって考えてる？」): the thing asked is what its sheet says
    "聞く 思う 考える "
    # an auxiliary's stem of likelihood or manner: 「課題になりそう」「増えるような」 ask of the thing, not a guess
    "そう よう "
    # the polite and humble verbs of a request: 「ございますか」「教えていただけますか」「伺いました」
    "す ござる いただく いただける 助かる 伺う 存じる 存ずる なさる いらっしゃる 述べる 実際 いかほど いか ご あわせる 合わせる そもそも "
    # the present, said of what a sheet records now: 「いま抱えてる課題」; and on from a year said (「来年度以降も続くの」)
    "今 いま 現在 以降 以後 "
    # a request to work a figure out or state it: 「増加率を算出してください」「ご教示ください」「金額とともに」
    "算出 計算 求める 教示 とも 共に 来る 判断 とき 余地 末 関する 回答 抽出 上 取り組み 取組み 取組 取り組む "
    # honorifics after a name (「行政連絡員さん」), and asking whether something heard is so (「…って本当?」)
    "さん 様 さま ちゃん くん 本当 ほんと "
    # a request to list what the ranking's 順 says (「安い順に並べてほしい」)
    "並べる 並べ替える 並び替える 欲しい ほしい "
    # the stem of 「…ようになった」 (came to): grammar, not a topic; 番 and 番目 after a number (「11番の目標」); 「…に向けた」
    # (aimed at; 「子ども向け」 is the suffix 向け, who a project is for)
    "よう 番 番目 向ける "
    # 「自己評価」: the sheet's own evaluation, which 評価 names; 「施策にぶら下がってる事業」: belongs under it
    "自己 ぶら下がる "
    # 「SDGsの…につながっている事業」: linked to it, as 関係する says; 「5をつけられている」: given it, as つく says
    "つながる 繋がる 付ける つける".split()
)
FUNCTION_WORDS_EN = frozenset(
    "the a an of for in on at to by from with and or versus vs based should already what which who whom whose how much is are was were did do does has "
    "have had having be been being it its their they this that these those me tell show give please there any all each "
    "every project projects program programme programs programmes s 's also too about year years amount amounts value figure figures ones one both "
    "respectively i you can could would so as get got getting what's whats then will run runs handle handles handled "
    "carry carries carried carrying "
    "across citywide city-wide sheet sheets funding money actually decided currently exactly roughly planned system database "
    "tied linked related belong belongs falls fall under say says said written single receive receives received "
    "went into involved different question portion between saw see expenses separately separate individual among drew "
    "tagged mark marks marked flag flags flagged labelled labeled used record "
    "recorded log logged slated came come comes put held using running according scheme schemes initiative effort efforts "
    "compare compared comparing financed funded paid covered assigned whole entire worked given back out included "
    "classified classed categorized categorised use main overall vs terms during within take takes took taken work works working if through handling etc own split breakdown plan plans ultimately eventually finally mainly mostly "
    "basically specifically generally usually really simply going forward incl incl. including just decide decides "
    # "did it end up spending": what happened, no field of its own
    "end ended "
    # a sheet owning up to its own judgement: "projects that admit in their self-evaluation …" (as "say")
    "admit admits admitted acknowledge acknowledges acknowledged self "
    # ("spend more in FY2025 than in FY2024": the comparison is the direction word's; "though": a concession joins)
    "than though although even supposed "
    "i'm i've i'd we're we've you're it's that's there's here's let's my our we us i.e i.e. e.g e.g. ie eg "
    "looking evaluated ate eaten where thing things stuff want wants wanted need go goes normal usual owned decimal decimals "
    "fine ok okay itself themselves everything anything deal deals dealt "
    "dealing being other once gave gives he she his her him your pay pays paying pls plz include includes recommend recommends recommended rank ranked ranking "
    # interjections, a reply's opening ("Hm. And in FY2019…"; Japanese ones are Sudachi's 感動詞)
    "hm hmm hmmm huh oh ah aha wow whoa woah gee geez yikes thanks thank cool nice "
    # "how big a jump is that": the size asked, as "how much" asks it
    "big "
    # "relied most on money from …": whose money it is, the figure says
    "rely relies relied relying depend depends depended depending lean leans leaned leaning "
    # "that's way down from the year before, right?": a size said loosely, a tag asking to confirm
    "way right but ran kept keep keeps still headed like financing yen "
    "heard hear seem seems seemed mention mentions mentioned "  # ("I heard it fell short": what the asker knows, no topic)
    # how a sheet judges an item (「どう判定されて」): "NOT judged 妥当である on whether the city should be doing it"
    "judge judged judging rated assessed whether doing "
    # "while spending at least …": a second condition joined; "pushed it to 'reform'": a judgement said
    "while whilst pushed push pushes "
    # "the department hadn't proposed ending them": a judgement said (not "what does the sheet propose", which asks one)
    "proposed "
    # "racked up the most overtime": had, counted up
    "rack racks racked racking "
    # "what are they expecting for this year": a plan year's figure is what a sheet expects (its plan)
    "expect expects expected expecting anticipate anticipates anticipated anticipating projected forecast".split()  # ("other than" is a comparison's phrase)
) | frozenset(ops.ONLY_WORDS[1])  # (said of a source of money, a condition: ``compose_query._the_only_source``)
# English verbs of intent, which a field's word may begin ("planning to" is not the 企画・立案 field).
INTENT_VERBS_EN = ("planning to", "plans to", "plan to", "planned to", "planning on", "needs to", "need to", "is planning",
                   "are planning", "was planning", "were planning")
# English words that only complete the word before them: "took up the most hours", "put up signs" (not "used up":
# spent all);
# "in charge of", which says 担当; "city hall", the city's offices.
PARTICLES_EN = {"up": "take|takes|took|taken|taking|eat|eats|ate|eaten|eating|put|puts|putting|soak|soaks|soaked|soaking|"
                      "set|sets|setting|end|ends|ended|ending|pick|picks|picked|picking|rack|racks|racked|racking",
                "charge": "in", "hall": "city"}  # fmt: skip
# Words that bound a span of years before a year ("since R2", "until FY2024", "up to R6").
YEAR_BOUNDS_EN = ("since", "until", "till", "through", "thru", "up", "than")  # ("more in R6 than in R5")
_YEAR_BOUND_RE = re.compile(r"(\s+to)?\s+(?:in\s+)?")
# Units the form prints, and the units a question may put after a number or a field (何点, 何時間).
KIND_UNITS = {SCORE: ("点", "点数", "評価点", "score", "scores", "scored", "rating", "rated", "points", "point")}
COUNT_UNITS = ("件", "事業", "つ", "個", "projects", "project", "sheets")

_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?")
_ERAS_JA = "|".join([*ERA_NAMES.values(), *ERA_NAMES_KANA.values()])
_YEAR_RE = re.compile(
    rf"(?:{_ERAS_JA})\s*(?:元|\d{{1,2}})\s*年度?|(?<![a-z])(?:{'|'.join(ERA_NAMES_EN.values())})\s*\d{{1,2}}(?!\d)|"
    r"fy\s*\d{4}|\d{4}\s*年度|(?<![a-z])[hr]\s*\d{1,2}(?:\s*年度)?(?!\d)"
)
# 「令和2〜6年度」, 「令和2・3年度」: the first of two years written with one era and one 年度
_ERA_YEAR_BEFORE_ANOTHER = re.compile(rf"(?:{_ERAS_JA})\s*(?:元|\d{{1,2}})(?=\s*(?:〜|～|から|-|–|・|、|と)\s*\d{{1,2}}\s*年)")
_EN_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'.]*")
# An English word in more than this share of the names (and more than a few) names none of them ("business").
COMMON_SHARE, COMMON_MIN = 0.1, 5
WHY_WORDS = frozenset({"why", "なんで", "なぜ", "何故", "どうして"})  # words that ask a reason
# English words that ask (not a word of what is asked: "when" is no gloss of まつり時の's 時)
QUESTION_WORDS_EN = frozenset({"what", "when", "where", "who", "whom", "whose", "which", "why", "how"})
MIN_RUN = 3  # characters of a name a question must share to name that project (4 when all katakana)
_KATAKANA_RE = re.compile(r"[ァ-ヿ]+")


@dataclass(frozen=True)
class Part:
    """One recognised piece of the question: ``kind`` and what it names, over ``text[start:end]``."""

    kind: str  # year project name_run field value number compare zero negation aggregate superlative direction op
    #            named list heading unit series each subject amount exclude indicator anaphor
    start: int
    end: int
    value: object = None
    rank: int = 5  # ties in length go to the lower rank


@dataclass
class Parse:
    """The parts found, the words left over, and the Queries built (one per part of a multi-part question)."""

    question: str
    text: str
    lang: str
    parts: list[Part] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    queries: list[Query] = field(default_factory=list)
    reason: str = ""  # why no Query was built, when every word was placed
    aside: str = ""  # a clause before the question that says the asker's own situation, read as no part of the ask
    spelt: str = ""  # when the parser put a word in (``MONEY_WORD``): the question as spelt, before it did

    @property
    def accepted(self) -> bool:
        return bool(self.queries) and not self.unplaced and not self.reason

    def of(self, kind: str) -> list[Part]:
        return [p for p in self.parts if p.kind == kind]


# ---- the words of one table --------------------------------------------------------------------------------


_GENERIC_PAIRS = frozenset(word[i : i + 2] for word in GENERIC_WORDS for i in range(len(word) - 1))


@dataclass(frozen=True)
class Name:
    number: str
    variants: tuple[str, ...]  # normalised full names (the name, the name in its brackets)
    masked: tuple[str, ...]  # the same with generic words masked, for partial matches
    compact: tuple[str, ...]  # the same without spaces, for runs through a generic word
    section: str  # 係名, normalised: a run shared with another project's 係名 is not distinctive


class Words:
    """Everything the parser matches, from the catalogue, the operator tables and one table's rows."""

    def __init__(
        self,
        projects: list[tuple[str, str, str | None]],
        values: dict[str, list],
        forms: tuple[str, ...] = (),
        indicators: dict[str, list[tuple[int, str]]] | None = None,
        sheet_year: str | None = None,
        english: dict[str, dict[int, frozenset[str]]] | None = None,
        own_english: dict[str, frozenset[str]] | None = None,
        units_english: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] | None = None,
        cities: tuple[str, ...] = (),
        translations: dict[str, list[str]] | None = None,
        sheet_text=None,
        forms_of: dict[str, str] | None = None,
        units_of: list[tuple[str, str | None, str | None]] | None = None,
        indicator_units: dict[str, dict[int, str]] | None = None,
    ):
        # The sheets' Japanese words for English words (``keywords.japanese_terms``), and each sheet's text by
        # number: what tells that an English clause describes the project named.
        self.translations = translations or {}
        self.sheet_text = sheet_text or (lambda number: "")
        self.forms = forms or (TSUKUBA,)  # a table of no sheets, or words made by hand: the seed form's
        # A name's bracketed words that name a department or team (「住民票交付等窓口業務事業（三陸支所）」) say who
        # runs it, not which project: 三陸支所 is the office, not that one project.
        self.units = {normalise_text(v[0] if isinstance(v, tuple) else v)
                      for key in UNIT_FIELDS for v in values.get(key, ())}  # fmt: skip
        # The same for bracketed words other names hold too (県営漁港整備事業（負担金）: 負担金 is many projects').
        whole = [normalise_text(name) for _, name, _ in projects]
        variants = {
            n: tuple(v for i, v in enumerate(_variants(name))
                     if i == 0 or (v not in self.units and sum(v in w for w in whole) <= 1))
            for n, name, _ in projects
        }  # fmt: skip
        self.names = [Name(n, variants[n], tuple(_mask_generic(x) for x in variants[n]),
                           tuple(x.replace(" ", "") for x in variants[n]), normalise_text(s or ""))
                      for n, _, s in projects]  # fmt: skip
        self.numbers = {n.number for n in self.names}
        self.form_of = dict(forms_of or {})  # each project's form, by number
        self.units_of = {n: {d, s} - {None} for n, d, s in units_of or ()}  # each project's 部課名 and 係名
        self.departments = {d for _, d, _ in units_of or () if d}
        self.by_number = {n.number: n for n in self.names}
        # Each project's indicators by their names (normalised): a question may name one by its words.
        self.indicators = {number: [(no, normalise_text(name)) for no, name in found]
                           for number, found in (indicators or {}).items()}  # fmt: skip
        # ... and as printed: a condition on an indicator's name is read against the table's own text
        self.printed_indicators = {(number, no): name for number, found in (indicators or {}).items()
                                   for no, name in found}  # fmt: skip
        self.indicator_units = {number: {no: normalise_text(unit) for no, unit in found.items() if unit}
                                for number, found in (indicator_units or {}).items()}  # fmt: skip
        # The table's cities by their English and kana names ("Tsukuba", 「おおふなと斎苑」): the sheets' own city,
        # which asks for nothing. (With several cities loaded, ``answering.cities`` takes a city named out of the
        # question before it is read; a name in kanji is left to it, as it is often a word of a name:
        # 「三陸・大船渡夏まつり」.)
        self.phrases = _phrases(values, self.forms) + [
            (normalise_text(n), "subject", True, 2) for city in cities for n in names_of(city)
            if n.isascii() or re.fullmatch("[ぁ-ゖ]+", n)
        ]
        self.sheet_year = sheet_year  # the one fiscal year of the sheets in scope, if they share one
        self.city_stems = frozenset(stem(city) for city in cities)  # 「大船渡」 alone names the city, not a project
        # The English words of each project's name (0) and of its indicators' names (their no); of every name a
        # question may say in English (a project's, a unit's: ("project", number), ("value", (field, value))) and
        # those of them that alone say it (``glosses.name_words``); and in how many names each word is: a word most
        # names have ("project", "business") names none of them.
        self.english = {n: {no: _with_bases(bag) for no, bag in bags.items()} for n, bags in (english or {}).items()}
        self.named_english = {("project", n): bags[0] for n, bags in self.english.items() if 0 in bags}
        self.named_own = {("project", n): found for n, found in (own_english or {}).items()}
        for key, (found, own) in (units_english or {}).items():
            self.named_english[("value", key)], self.named_own[("value", key)] = _with_bases(found), own
        self.holders: dict[str, list[tuple]] = {}  # the names holding each English word
        for key, bag in self.named_english.items():
            for word in bag:
                self.holders.setdefault(word, []).append(key)
        self.names_holding = Counter({word: len(keys) for word, keys in self.holders.items()})
        total = max(len(self.named_english), 1)
        # Words too many names hold to name one, and the table's cities in romaji ("Tsukuba", "Ofunato"), which
        # name the city, never one of its projects.
        self.common_english = {w for w, n in self.names_holding.items() if n > max(COMMON_SHARE * total, COMMON_MIN)}
        self.common_english |= {english_stem(romanised(city)) for city in cities}

    @functools.cached_property
    def phrases_by_head(self) -> dict[str, list[int]]:
        """Each phrase's index by its head (``_head``): a question can hold only the phrases whose heads it holds,
        and looking those up costs a fraction of trying each of the thousands of phrases."""
        found: dict[str, list[int]] = {}
        for i, (word, *_) in enumerate(self.phrases):
            found.setdefault(_head(word), []).append(i)
        return found

    @functools.cached_property
    def values_of(self) -> dict[str, tuple[str, ...]]:
        """The values the parser knows of each field (a unit's, a closed vocabulary's, a classification's)."""
        found: dict[str, dict[str, None]] = {}
        for _, kind, payload, _ in self.phrases:
            for key, value in payload if kind == "value" else ():
                found.setdefault(key, {})[value] = None
        return {key: tuple(values) for key, values in found.items()}

    @functools.cached_property
    def form_terms(self) -> frozenset[str]:
        """The words the parser knows, as a set: a word of the form said whole (総合戦略) is no pieces of a name."""
        return frozenset(word for word, *_ in self.phrases)

    @functools.cached_property
    def katakana_words(self) -> frozenset[str]:
        """The katakana words of the names (スマートシティ, ロボット), for one written in hiragana."""
        return frozenset(w for n in self.names for v in n.variants for w in _KATAKANA_RE.findall(v) if len(w) > 2)

    @functools.cached_property
    def names_words(self) -> list[list[str]]:
        """Sudachi's words of each name (as first written), read once: what a shortened name is made of."""
        return [[m.surface for m in morphemes(n.variants[0])] for n in self.names]

    @functools.cached_property
    def names_text(self) -> str:
        """Every name as written (its variants), one per line: what a word of a name is part of."""
        return "\n".join(v for n in self.names for v in n.variants)

    @functools.cached_property
    def indicators_text(self) -> str:
        """Every indicator's name, one per line: what a word of an indicator is part of (世帯 of 入居世帯数)."""
        return "\n".join(name for found in self.indicators.values() for _, name in found)

    @functools.cached_property
    def form_words(self) -> str:
        """The form's own words (fields, values, operators), one per line: what a word of the form is part of."""
        return "\n".join(word for word, *_ in self.phrases if not word.isascii())

    @functools.cached_property
    def katakana_by_key(self) -> dict[str, str]:
        """The katakana words of the names by their loose spelling (``kana_key``), where only one spells so."""
        found: dict[str, set[str]] = {}
        for word in self.katakana_words:
            found.setdefault(kana_key(word), set()).add(word)
        return {key: next(iter(spelt)) for key, spelt in found.items() if len(spelt) == 1}

    @functools.cached_property
    def by_reading(self) -> dict[str, str]:
        """The words in kanji the parser knows, by their reading (katakana), where only one of them reads so: the
        form's labels and values, and runs of up to ``LONGEST_RUN`` words of the names (鹿の森, 人件費, 年度)."""
        found: dict[str, set[str]] = {}
        said = [w for w, *_ in self.phrases if not w.isascii()] + ["事業", "年度"]
        for text in said + [v for n in self.names for v in n.variants] + [x for f in self.indicators.values() for _, x in f]:
            words = question_morphemes(text)
            for i in range(len(words)):
                for j in range(i + 1, min(i + LONGEST_RUN, len(words)) + 1):
                    run = text[words[i].begin : words[j - 1].end]
                    if _KANJI_RE.search(run) and all(w.reading for w in words[i:j]):
                        found.setdefault("".join(w.reading for w in words[i:j]), set()).add(run)
        return {reading: runs.pop() for reading, runs in found.items() if len(runs) == 1 and len(reading) >= READ_ALIKE}

    @functools.cached_property
    def plain(self) -> Words:
        """These words with okurigana inside the names' words left out (出産祝い金 and 出産祝金 alike)."""
        plain = copy.copy(self)
        plain.names = [Name(n.number, tuple(_without_okurigana(v) for v in n.variants),
                            tuple(_without_okurigana(v) for v in n.masked), tuple(_without_okurigana(v) for v in n.compact),
                            n.section) for n in self.names]  # fmt: skip
        plain.__dict__.pop("_names_by_pair", None)  # (of the names as written, if read before the copy)
        return plain

    def names_sharing_a_pair(self, text: str) -> list[Name]:
        """The names sharing two characters side by side with ``text``, in their order, not two of a generic word
        (事業, 推進): no other name shares a run with it that may name it (a run of its distinctive words, or one
        through a generic word from two distinctive ones), and most of hundreds of names share none with a question."""
        index = self._names_by_pair
        found = set().union(*(index.get(text[i : i + 2], ()) for i in range(len(text) - 1)))
        return [self.names[i] for i in sorted(found)]

    @functools.cached_property
    def _names_by_pair(self) -> dict[str, set[int]]:
        index: dict[str, set[int]] = {}
        for i, name in enumerate(self.names):
            for variant in (*name.masked, *name.compact):
                for j in range(len(variant) - 1):
                    if (pair := variant[j : j + 2]) not in _GENERIC_PAIRS and "|" not in pair:
                        index.setdefault(pair, set()).add(i)
        return index

    def is_form_word(self, run: str) -> bool:
        """Whether ``run`` is part of a word of the forms' own (a label or synonym: 事務事業 of 事務事業区分)."""
        return run in self._field_text

    @functools.cached_property
    def _field_text(self) -> str:
        return "\n".join(word for word, kind, _, _ in self.phrases if kind == "field")

    @functools.cached_property
    def sheets_text(self) -> str:
        """Every sheet's text, one after another: whether any sheet writes a word, at one search (read once)."""
        return "\n".join(self.sheet_text(number) for number in self.by_number)

    @functools.cached_property
    def kanji_runs(self) -> tuple[str, tuple[int, ...], tuple[str, ...]]:
        """The names' runs of kanji, one a line, with where each begins and whose name it is (searched at once)."""
        runs, starts, owners, at = [], [], [], 0
        for n in self.names:
            for run in (r for variant in n.compact for r in re.findall(r"[一-龥]+", variant)):
                runs.append(run)
                starts.append(at)
                owners.append(n.number)
                at += len(run) + 1
        return "\n".join(runs), tuple(starts), tuple(owners)

    @functools.cached_property
    def field_english(self) -> frozenset[str]:
        """The normal forms of the English words the form's fields are said with ("personnel" of "personnel
        costs"): the form's words, which name no project alone."""
        return frozenset(english_stem(w) for word, kind, _, _ in self.phrases if kind == "field" and word.isascii()
                         for w in word.split())  # fmt: skip

    @functools.cached_property
    def english_vocabulary(self) -> frozenset[str]:
        """The English words, long enough to be misspelt, that the parser knows: the form's (its fields',
        comparisons', rankings' …: "personnel", "average"), the names' ("railway", "sanriku") and the function
        words it reads as saying nothing asked ("received")."""
        said = [w for word, *_ in self.phrases if word.isascii() for w in word.lower().split()]
        said += FUNCTION_WORDS_EN
        said += [w for bag in self.named_english.values() for w in bag]
        return frozenset(w for w in said if len(w) >= MISSPELT_LENGTH and w.isalpha())

    @classmethod
    def from_db(
        cls, db: sqlite3.Connection, cities: tuple[str, ...] = (), translations: dict[str, list[str]] | None = None
    ) -> Words:
        """The words of the table's sheets (of ``cities`` only, when given): their names, values and forms.
        ``translations``: the build's Japanese words for English ones (``keywords.saved_english``)."""
        where = f"WHERE city IN ({', '.join('?' * len(cities))})" if cities else ""
        forms = tuple(sorted(r[0] for r in db.execute(f"SELECT DISTINCT form FROM sheets {where}", cities)))
        rows = db.execute(f"SELECT number, name, section, form, department FROM sheets {where} "
                          "ORDER BY fiscal_year DESC, rowid", cities).fetchall()  # fmt: skip
        latest = {r[0]: tuple(r[:3]) for r in reversed(rows)}
        values = {}
        for key in TABLE_VALUE_FIELDS:
            sql = f"SELECT DISTINCT {key} FROM sheets {where or 'WHERE 1'} AND {key} IS NOT NULL"  # catalogue keys
            values[key] = [r[0] for r in db.execute(sql, cities) if 2 <= len(r[0]) <= 20]
        # A 部課名 prints its 部 before its 課 in one cell (市民生活部市民環境課, 政策イノベーション部科学技術振興課), some
        # with the city's name (大船渡消防署): named by the unit alone too.
        sql = f"SELECT DISTINCT department, city FROM sheets {where or 'WHERE 1'} AND department IS NOT NULL"
        for value, city in db.execute(sql, cities):
            values["department"] += [(alias, value) for alias in _unit_names(value, city)]
            if (office := _office_of(value)) is not None:  # 市民生活部: every 課 of that 部
                # (and a committee's: its 事務局 is its office, 教育委員会 of 教育委員会事務局学校教育課)
                values["department"] += [(name, value) for name in dict.fromkeys((office, office.removesuffix("事務局")))]
        # An SDG named by its goal's words as printed (「働きがいも経済成長も」: goal 8), not only by its number.
        values["sdgs"] = [(word, goal) for goal, label in db.execute(
            f"SELECT DISTINCT goal, label FROM sdgs WHERE sheet_id IN (SELECT id FROM sheets {where})", cities)
            for word in (*_sdg_titles(label), SDG_TITLES_EN[goal - 1], SDG_TITLES_EN[goal - 1].replace(" and ", " & "))]  # fmt: skip
        held = {v for found in values.values() for v in found}  # a value of a column of sheets already (期間限定複数年度)
        for key, found in _closed_vocabularies(db, forms, where, cities).items():
            values[key] = [v for v in found if v not in held]
        indicators: dict[str, list[tuple[int, str]]] = {}
        indicator_units: dict[str, dict[int, str]] = {}
        for table in ("indicators", "indicator_series"):  # each form's indicator names and units
            sql = f"SELECT s.number, i.no, i.name, i.unit FROM {table} i JOIN sheets s ON s.id = i.sheet_id {where}"
            for number, no, name, unit in db.execute(sql.replace("WHERE city", "WHERE s.city"), cities):
                if name and (no, name) not in indicators.setdefault(number, []):
                    indicators[number].append((no, name))
                    indicator_units.setdefault(number, {})[no] = unit or ""
        years = {r[0] for r in db.execute(f"SELECT DISTINCT fiscal_year FROM sheets {where}", cities)}
        english: dict[str, dict[int, frozenset[str]]] = {}
        own_english: dict[str, frozenset[str]] = {}
        sql = "SELECT s.number, e.indicator_no, e.words, e.own_words FROM english_names e JOIN sheets s ON s.id = e.sheet_id"
        for number, no, found, own in db.execute(f"{sql} {where}".replace("WHERE city", "WHERE s.city"), cities):
            english.setdefault(number, {})[no] = frozenset(found.split())
            if not no:
                own_english[number] = frozenset(own.split())
        units = {(key, v if isinstance(v, str) else v[1]) for key in UNIT_FIELDS for v in values[key]}
        units_english = {(key, value): (frozenset(found.split()), frozenset(own.split()))
                         for key, value, found, own in db.execute("SELECT * FROM english_values")
                         if (key, value) in units}  # fmt: skip
        year = years.pop() if len(years) == 1 else None
        held = tuple(r[0] for r in db.execute(f"SELECT DISTINCT city FROM sheets {where}", cities))
        return cls(list(latest.values()), values, forms, indicators, year, english, own_english, units_english, held,
                   translations, functools.lru_cache(maxsize=64)(functools.partial(_sheet_text, db)),
                   {r[0]: r[3] for r in rows}, [(r[0], r[4], r[2]) for r in rows], indicator_units)


def _with_bases(bag: frozenset[str]) -> frozenset[str]:
    """English words with the word each -ation noun is made from ("taxation": tax, "information": inform), as a
    question may say it ("the tax division" for 税務課, glossed "taxation business")."""
    return bag | {w[:-2] for w in bag if w.endswith("at") and len(w) > 4}


def _sheet_text(db: sqlite3.Connection, number: str) -> str:
    sql = "SELECT text FROM sections WHERE sheet_id IN (SELECT id FROM sheets WHERE number = ?)"
    return "\n".join(r[0] for r in db.execute(sql, (number,)))


# Short text fields whose values a question may name as a condition ("科学の街推進係が担当", "一部委託").
TABLE_VALUE_FIELDS = ("section", "department", "structure", "period", "category", "new_or_continuing", "direction")
# A form's other text fields whose cells hold one of a few values (大船渡's 事務事業区分: 施設整備, 補助金等 …):
# their values are words a question may name as a condition, when they are this long at least.
MAX_CLOSED_VALUES = 12
MIN_VALUE_CHARS = 3  # 2-character values (維持, 削減) are words of questions too
QUOTES = (("「", "」"), ("『", "』"), ('"', '"'), ("“", "”"), ("(", ")"))  # (a value alone in brackets, as quoted)
# A text field with more values is a classification when each value is shared by this many sheets on average;
# its values are conditions when said in full, at least this long (not a word a question says otherwise).
SHEETS_PER_CLASS, MIN_CLASS_CHARS = 4, 6


def _sdg_titles(label: str) -> tuple[str, ...]:
    """A goal's title as printed after its number, without the を it ends in (「住み続けられるまちづくりを」 is said
    「住み続けられるまちづくり」), and its head before the first の (「産業と技術革新の基盤をつくろう」 is said
    「産業と技術革新」)."""
    title = re.sub(r"^\d+\s*", "", label)
    head = title.split("の", 1)[0]
    shorter = (title.removesuffix("を") if title.endswith("を") and len(title) > 4 else "",
               head if len(head) >= 5 and head != title else "")
    return (title, *(s for s in shorter if s))


def _closed_vocabularies(db: sqlite3.Connection, forms: tuple[str, ...], where: str, cities: tuple[str, ...]):
    found = {}
    sheets = f"SELECT id FROM sheets {where}"
    sheet_count = db.execute(f"SELECT COUNT(*) FROM sheets {where}", cities).fetchone()[0]
    for key, info in for_forms(forms).items():
        if info.table == "evaluation_items" and info.column == "judgement":
            # the judgement chosen for an item of the form (見直し余地がある, 影響がない): a choice among a few
            sql = (f"SELECT DISTINCT judgement FROM evaluation_items WHERE 'evaluation_' || item = ? "
                   f"AND sheet_id IN ({sheets}) AND judgement IS NOT NULL")  # fmt: skip
        elif info.table == "sheet_fields" and info.kind == TEXT and not info.values:
            sql = f"SELECT DISTINCT value FROM sheet_fields WHERE field = ? AND sheet_id IN ({sheets}) AND value IS NOT NULL"
        else:
            continue
        distinct = [r[0] for r in db.execute(sql, (info.row or key, *cities))]
        if not all(isinstance(v, str) for v in distinct):
            continue
        if len(distinct) <= MAX_CLOSED_VALUES:
            # (a shorter value is a question's word too, unless quoted, 成果が「低下」, or said right after its field's
            # word, 「期待成果が低下」, or written after the item its label names as a form is, 「成果 低下」 of 期待成果
            # （成果）, not 「成果が低下した」; a judgement said in English)
            short = [v for v in distinct if len(v) < MIN_VALUE_CHARS]
            said = [(f"{word}{joiner}{v}", v) for v in short for word in (info.label_ja, *info.synonyms_ja)
                    for joiner in VALUE_JOINERS]  # fmt: skip
            items = re.findall(r"[（(]([^）)]+)[）)]", info.label_ja)
            said += [(f"{item}{joiner}{v}", v) for v in short for item in items
                     for joiner in VALUE_JOINERS if joiner not in PARTICLES_JA]  # fmt: skip
            # (the item quoted, 「成果」が低下, is the form's item however it is joined)
            said += [(f"{opening}{item}{closing}{joiner}{v}", v) for v in short for item in items
                     for opening, closing in QUOTES[:2] for joiner in VALUE_JOINERS]  # fmt: skip
            found[key] = [v for v in distinct if MIN_VALUE_CHARS <= len(v) <= 20] + [
                (f"{opening}{v}{closing}", v) for v in short for opening, closing in QUOTES
            ] + said + [(word, v) for v in distinct for word in (*JUDGEMENT_WORDS_EN.get(v, ()), *CATEGORY_WORDS_EN.get(v, ()))]
        elif len(distinct) * SHEETS_PER_CLASS <= sheet_count:
            # a classification many sheets share (大船渡's 施策: 27 over 407 sheets): its values said in full, and by
            # what each is of, when no other value is of it too (「生涯スポーツ」 for 生涯スポーツの振興)
            said = [v for v in distinct if MIN_CLASS_CHARS <= len(v) <= 30]
            heads = Counter(v.rpartition("の")[0] for v in said)
            found[key] = said + [(head, v) for v in said if len(head := v.rpartition("の")[0]) >= MIN_CLASS_CHARS
                                 and heads[head] == 1 and head not in distinct]  # fmt: skip
    return found


VALUE_JOINERS = ("", " ", "が", "は", "=", "＝", ":", "：")  # between a field's word and its value said


def _unit_names(department: str, city: str) -> list[str]:
    """Shorter names a question may use for a department: the unit after its 部/局/委員会, without the city's
    name (「市民環境課」 for 市民生活部市民環境課, 「消防署」 for 大船渡消防署)."""
    names = []
    if parts := office_and_unit(department):
        names.append(parts[1])
    if department.endswith("事務局") and len(department) > 5:  # 選挙管理委員会事務局: 選挙管理委員会
        names.append(department.removesuffix("事務局"))
    if department.startswith(stem(city)) and len(department) - len(stem(city)) >= 2:
        names.append(department[len(stem(city)) :])
    return [n for n in dict.fromkeys(names) if n != department]


def _office_of(department: str) -> str | None:
    """The 部 (局, 委員会) a department's cell names before its unit: 市民生活部 of 市民生活部市民環境課."""
    parts = office_and_unit(department)
    return parts[0] if parts else None


def _variants(name: str) -> tuple[str, ...]:
    """The name, the names in its brackets, each without its の (「スマートシティ推進」 says スマートシティの推進), and the
    name without the word 事業 it ends with (「地域おこし協力隊」 is 地域おこし協力隊事業)."""
    text = normalise_text(name)
    inner = [normalise_text(x) for x in re.findall(r"[（(]([^()（）]{3,})[)）]", name)]
    bare = [text.removesuffix(PROJECT_SUFFIX)] if len(text) - len(PROJECT_SUFFIX) >= MIN_BARE_NAME_CHARS else []
    return tuple(dict.fromkeys([text, *inner, *(v.replace("の", "") for v in (text, *inner) if "の" in v), *bare]))


PROJECT_SUFFIX, MIN_BARE_NAME_CHARS = "事業", 4


def _the_same_value(value: object, own: dict) -> object | None:
    """Another form's value as this form's field holds it: itself, or the one of its words this field has
    (大船渡's 終了・廃止・休止 is Tsukuba's 終了); None when the field has no such value (改革改善)."""
    if value in own:
        return value
    return next((v for v in own if isinstance(value, str) and v in value.split("・")), None)


# What a printed heading says around its topic: 「市民参加の取組状況」 is about 市民参加, 「コストの推移」 about コスト.
_HEADING_HEAD = re.compile(r"^事業の|の(?:取組状況|推移)$")


def _phrases(values: dict[str, list[str]], forms: tuple[str, ...]) -> list[tuple[str, str, object, int]]:
    """(word, kind, payload, rank) for every word the parser knows for sheets of ``forms``, JA and EN."""
    out: list[tuple[str, str, object, int]] = []
    fields = for_forms(forms)
    with_no: dict[str, set[str]] = {}
    for key, info in fields.items():
        for word in _field_words(key, forms):
            out.append((word.lower(), "field", key, 4))
        # (and a label, or a word of kanji for it, with の between two of its words: 「課長等の意見」; not a word
        # several fields share, 財源内訳 of each source's: 「財源の内訳」 asks them all, as the word does)
        said = {info.label_ja, *(w for w in _field_words(key, forms) if re.fullmatch(r"[一-龥々]+", w))}
        for label in said:
            with_no.setdefault(label, set()).add(key)
    out += [(word, "field", next(iter(keys)), 4) for label, keys in sorted(with_no.items()) if len(keys) == 1
            for word in _with_no(label)]  # fmt: skip
    for own, words in VALUE_WORDS.items():
        key = own
        if key not in fields:  # another form's, or the same thing as a field named (成果指標 of either form)
            key = SAME_FIELD.get(key, "")
            if key not in fields or catalogue()[key].form not in forms:
                continue
        for value, (ja, en) in words.items():
            synonyms_ja, synonyms_en = VALUE_SYNONYMS.get(own, {}).get(value, ((), ()))
            # (with the other form's sheets in scope its value is the shared field's too: 方向性 on both forms)
            said = value if key == own or catalogue()[own].form in forms else _the_same_value(value, VALUE_WORDS.get(key, {}))
            # a value this form's field has none like names the field ("is it going to continue?": its direction)
            out += [(w, "value", (key, said), 3) if said is not None else (w, "field", key, 4)
                    for w in (ja, en, *synonyms_ja, *synonyms_en)]  # fmt: skip
    for key, scale in SCALE_WORDS.items():
        if key in fields:
            out += [(w, "value", (key, point), 3) for points, (ja, en) in scale.items() for w in (*ja, *en)
                    for point in points]  # fmt: skip
    for key, found in values.items():
        # a value of a form's closed vocabulary is a condition before it is a run of names (「施設整備」 is a
        # 事務事業区分); a 係 or 部課 shared by names stays a run of them (博物館's projects)
        rank = 3 if key in TABLE_VALUE_FIELDS else 1
        for v in found:  # a value, or (a shorter word for it, the value)
            word, value = v if isinstance(v, tuple) else (v, v)
            # (and with の between two of its words: 「期間限定の複数年度」; not a unit's name, whose words are runs of
            # names too: 吉浜地域振興出張所 and 吉浜診療所運営事業)
            printed = normalise_text(word)
            out += [(w, "value", (key, value), rank)
                    for w in (printed, *(_with_no(printed) if key not in UNIT_FIELDS else ()))]  # fmt: skip
            # (the other words for a value the table holds: 「直営」 for 職員のみ)
            other_ja, other_en = VALUE_SYNONYMS.get(key, {}).get(value, ((), ()))
            out += [(w, "value", (key, value), rank) for w in (*other_ja, *other_en)]
    for kind in ("heading",):
        out += [(s.heading, kind, s.id, 2) for s in BY_ID.values()]
    for key, (ja, en) in ops.COMPARISON_CUES.items():
        out += [(w, "compare", key, 5) for w in (*ja, *en)]
    out += [(w, "zero", 0, 5) for w in (*ops.ZERO_WORDS[0], *ops.ZERO_WORDS[1])]
    out += [(w, "negation", True, 6) for w in (*ops.NEGATION_CUES[0], *ops.NEGATION_CUES[1])]
    for key, (ja, en) in ops.AGGREGATE_CUES.items():
        out += [(w, "aggregate", key, 5) for w in (*ja, *en)]
    out += [(w, "superlative", True, 5) for w in (*ops.SUPERLATIVE_CUES[0], *ops.SUPERLATIVE_CUES[1])]
    for key, (ja, en) in ops.DIRECTION_CUES.items():
        out += [(w, "direction", key, 5) for w in (*ja, *en)]
    for key, (ja, en) in ops.MEASURE_CUES.items():
        out += [(w, "op", key, 5) for w in (*ja, *en)]
    for key, ((_, left, right), ja, en) in ops.NAMED_MEASURES.items():
        # a composition of two of the forms' own fields (総コスト of Tsukuba's; 一般財源以外 of either form's), or
        # of their counterparts (the executor reads them through it): not one field twice (大船渡's 事業費計 for
        # both 予算額 and 決算額 makes no 執行率)
        held = [[f.key for form in forms if (f := counterpart(catalogue()[k], form)) is not None] for k in (left, right)]
        if all(held) and not set(held[0]) & set(held[1]):
            out += [(w, "named", key, 1) for w in (*ja, *en)]
    out += [(w, "list", True, 6) for w in (*ops.LIST_CUES[0], *ops.LIST_CUES[1])]
    out += [(w, "amount", True, 6) for w in ops.AMOUNT_CUES]
    out += [(w, "subject", True, 5) for w in INTENT_VERBS_EN]  # "planning to improve": no field of planning
    out += [(w, "subject", True, 6) for w in ("i mean", "i meant")]  # a restatement, no average ("mean")
    # "break down the spending by source": the items shown one by one (the words of a breakdown), no fall
    out += [(w, "subject", True, 6) for w in ("break down", "breaks down", "broken down", "breaking down", "broke down")]
    out += [("together with", "subject", True, 6)]  # "run together with TGI": whom with, no total
    out += [(w, "subject", True, 6) for w in ("on top", "on top of")]  # "add the staff costs on top": besides, no top
    # a time within a year (「年度末の隊員数」, "at the end of the year"): when a figure stands, no field 年度
    out += [(w, "subject", True, 6) for w in ("年度末", "年度当初", "年度内", "年度中", "年度途中")]
    # 「…に当てはまる事業」: falls under, as "falls under" says in English (a function word there)
    out += [(w, "subject", True, 6) for w in ("当てはまる", "あてはまる", "当てはま", "あてはま", "該当する", "該当し")]
    out += [(w, "exclude", True, 5) for w in (*ops.EXCLUDE_CUES[0], *ops.EXCLUDE_CUES[1])]
    out += [(w, "series", True, 5) for w in (*ops.SERIES_CUES[0], *ops.SERIES_CUES[1])]
    out += [(w, "each", True, 6) for w in (*ops.EACH_WORDS[0], *ops.EACH_WORDS[1])]
    # "per the acceleration project", "per its sheet": according to, not one each
    out += [(f"per {w}", "subject", True, 6) for w in ("the", "its", "their", "this", "that")]
    out += [(w, "anaphor", True, 6) for w in (*ops.ANAPHORA[0], *ops.ANAPHORA[1], *ops.BOTH_WORDS[0], *ops.BOTH_WORDS[1])]
    out += [(w, "reverse", True, 6) for w in (*ops.REVERSAL_WORDS[0], *ops.REVERSAL_WORDS[1])]
    # "those three", "the two of them": the projects before, their number restated
    out += [(w, "anaphor", True, 6) for n in NUMBER_WORDS for w in (f"those {n}", f"these {n}", f"the {n} of them")]
    out += [(w, "anaphor", place, 5) for place, (ja, en) in ops.POINTERS.items() for w in (*ja, *en)]
    # Words for the sheets themselves, which name no field: 「評価シートは何件」 counts projects.
    out += [(w, "subject", True, 2) for w in ("事務事業評価", "事業評価シート", "評価シート", "マネジメントシート", "evaluation sheets",
                                              "evaluation sheet", "project sheets")]  # fmt: skip
    for kind, words in KIND_UNITS.items():
        out += [(w, "unit", kind, 6) for w in words]
    out += [(info.unit, "unit", key, 6) for key, info in fields.items() if info.unit]
    out += [(w, "unit", key, 6) for key, info in fields.items() for w in UNIT_WORDS_EN.get(info.unit or "", ())]
    # A printed label beats a computation of the same name: 大船渡's トータルコスト is its own row.
    field_words = {w.lower() for w, k, _, _ in out if k == "field"}
    out = [x for x in out if not (x[1] == "named" and x[0].lower() in field_words)]
    # A value word of several fields (継続: 新規・継続 and 方向性) is one part naming all of them.
    values_of: dict[str, list] = {}
    ranks: dict[str, int] = {}
    for w, k, p, r in out:
        if k == "value" and p not in values_of.setdefault(w.lower(), []):
            values_of[w.lower()].append(p)
            ranks[w.lower()] = min(r, ranks.get(w.lower(), r))
    out = [x for x in out if x[1] != "value"] + [(w, "value", tuple(c), ranks[w]) for w, c in values_of.items()]
    # Another form's fields, last of all, by their printed labels (and the words holding one: 「SDGsのどのゴール」)
    # only and where no field of these forms has the word: a question about a 大船渡 sheet's 目標値 reads, and the
    # answer is that its form has no such field.
    known = {w.lower() for w, k, _, _ in out if k == "field"}
    every_form = tuple(sorted({f.form for f in catalogue().values() if f.form}))
    for key in for_forms(every_form).keys() - fields.keys():
        info = catalogue()[key]
        if SAME_FIELD.get(key) not in fields:
            said = [w for w in (*info.synonyms_ja, *info.synonyms_en) if info.label_ja in w or info.label_en in w]
            out += [(w, "field", key, OTHER_FORM_RANK) for w in (info.label_ja, info.label_en, *said)
                    if w.lower() not in known]  # fmt: skip
    # an English phrase of several words hyphenated ("facility-management projects") is the phrase
    out += [(w.replace(" ", "-"), k, p, r) for w, k, p, r in out if w.isascii() and re.fullmatch(r"[a-z]+(?: [a-z]+)+", w)]
    # a heading by its own head word (市民参加 of 市民参加の取組状況) and its English title, where no word of the rest
    # holds it (コスト, 指標, "indicator" are words of fields)
    said = "\n".join(normalise_text(w) for w, kind, *_ in out if kind != "heading")
    out += [(w, "heading", s.id, 2) for s in BY_ID.values() for w in (_HEADING_HEAD.sub("", s.heading), s.title_en.lower())
            if normalise_text(w).removesuffix("s") not in said]  # fmt: skip
    return [(normalise_text(w), k, p, r) for w, k, p, r in out if w]  # as questions are read: （） is ()


def _field_words(key: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    """A field's labels and synonyms, and those of the same thing on another of ``forms`` (its counterpart,
    read through it: 大船渡's 今後の方向性 names Tsukuba's 方向性 field, which reads each sheet's own)."""
    infos = [catalogue()[key]]
    other = catalogue().get(SAME_FIELD.get(key, ""))
    if other is not None and other.form in forms:
        infos.append(other)
    return tuple(w for i in infos for w in (i.label_ja, *i.synonyms_ja, i.label_en, *i.synonyms_en))


def _with_no(label: str) -> list[str]:
    """The printed label with の between two of its words: 正職員時間外勤務 → 正職員の時間外勤務."""
    words = [w for _, _, w, _, _ in _sudachi(label, 0)] if len(label) >= 4 else []
    return ["".join(words[:i]) + "の" + "".join(words[i:]) for i in range(1, len(words))
            if len("".join(words[:i])) >= 2 and len("".join(words[i:])) >= 2]  # fmt: skip


# ---- recognising parts -----------------------------------------------------------------------------------


def recognise(text: str, words: Words) -> tuple[list[Part], list[Part], list[str]]:
    """What ``text`` (normalised) could be read as, overlapping: years, project mentions and numbers; the
    phrases of the catalogue and the operators; and the numbers of projects named ambiguously."""
    fixed = _years(text, words.sheet_year) + _project_numbers(text, words)
    names, ambiguous = _project_names(text, words, fixed)
    return [*fixed, *names, *_numbers(text)], _phrase_parts(text, words), ambiguous


OTHER_FORM_RANK = 7  # another form's field words: read only where no word of these forms is


def place(candidates: list[Part]) -> list[Part]:
    """Non-overlapping parts: full project names first, then the longest, then the lower rank; another form's
    field words last of all ("national/prefectural subsidies" is this form's, not 大船渡's "prefectural subsidies")."""
    placed: list[Part] = []
    taken: set[int] = set()
    order = sorted(candidates, key=lambda p: (p.rank > 0, p.rank >= OTHER_FORM_RANK, -(p.end - p.start), p.rank, p.start))
    for part in order:
        span = range(part.start, part.end)
        if taken.isdisjoint(span):
            placed.append(part)
            taken.update(span)
    return sorted(placed, key=lambda p: p.start)


# Years said relative to the sheets' own year (今年度: the sheet's; 前年度: the one before), and a bare year
# number after an era year (「令和2年度と6年度」: 令和6年度) or in the era of the sheets in scope.
RELATIVE_YEARS = {0: ("今年度", "本年度", "今年", "this year", "this fiscal year", "the current year", "current year",
                      "current fiscal year"),
                  -1: ("前年度", "昨年度", "去年度", "昨年", "去年", "last year", "the previous year", "previous fiscal year",
                       "last fiscal year", "the past year", "over the past year", "in the past year"),
                  1: ("来年度", "次年度", "翌年度", "来年", "next year", "next fiscal year")}  # fmt: skip
_A_YEAR = rf"{'|'.join(re.escape(w) for ws in RELATIVE_YEARS.values() for w in ws)}|{_YEAR_RE.pattern}"
# A year said before what it is of (「去年の市議選」, "FY2024's"): no word of a description of a project
LEADING_YEAR = re.compile(rf"(?:{_A_YEAR})\s*(?:の|'s)?\s*", re.IGNORECASE)
# A year said after what it is of ("the ILC promotion work in FY2024"): when, not a word of the description.
TRAILING_YEAR = re.compile(rf"\s*(?:\b(?:in|for|during|of)\s+(?:the\s+)?)?(?:{_A_YEAR}|(?:19|20)\d{{2}})\s*$",
                           re.IGNORECASE)
_PLAN_AFTER_YEAR = re.compile(r"\s*(?:の計画|計画|'s plan| plan)(?![a-z])")
_BARE_YEAR_RE = re.compile(r"(?<![\d元和成])(\d{1,2})\s*年度")


# The year before or after the one asked about (the conversation's, else the sheets'): 「その前の年は?」.
YEARS_AROUND_WORDS = {
    -2: ("2年前", "二年前", "2年度前", "two years before", "two years earlier", "2 years before", "2 years earlier"),
    -1: ("その前の年度", "前の年度", "その前の年", "前の年", "その前年", "前年", "the year before", "the previous year",
         "a year earlier"),
    1: ("その次の年度", "次の年度", "その次の年", "次の年", "その翌年", "翌年度", "翌年", "the year after", "the next year",
        "the following year", "a year later"),
}  # fmt: skip


# Several years said from the one asked about: "the next two years" and 「その後の2年」 are the two after it; "the past
# three years" and 「過去3年」 the three up to it; "the previous two years" the two before it.
_YEARS_COUNTED = r"(\d|two|three|four|five|six|[二三四五六])"
_OVER = r"(?:(?:over|in|for|during|across)\s+)?"  # ("over the past three years": when, no comparison)
YEARS_SPANS = (
    (re.compile(rf"{_OVER}(?:the\s+)?(?:next|following|coming)\s+{_YEARS_COUNTED}\s+(?:fiscal\s+)?years"), 1),
    (re.compile(rf"(?:次の|その後の?|翌)\s*{_YEARS_COUNTED}\s*(?:か年|カ年|ヶ年|年度?)(?:間|分)?"), 1),
    (re.compile(rf"{_OVER}(?:the\s+)?(?:past|last|recent)\s+{_YEARS_COUNTED}\s+(?:fiscal\s+)?years"), 0),
    (re.compile(rf"(?:過去|直近|ここ)\s*{_YEARS_COUNTED}\s*(?:か年|カ年|ヶ年|年度?)(?:間|分)?"), 0),
    (re.compile(rf"{_OVER}(?:the\s+)?(?:previous|preceding)\s+{_YEARS_COUNTED}\s+(?:fiscal\s+)?years"), -1),
)
_KANJI_NUMBERS = {k: n for n, k in enumerate("一二三四五六", start=1)}
MAX_YEARS_SPANNED = 6  # the years a sheet prints


def _years_spanned(text: str, parts: list[Part], base: str | None) -> list[Part]:
    out = list(parts)
    for pattern, after in YEARS_SPANS:
        for m in pattern.finditer(text):
            said = m.group(1)
            n = int(said) if said.isdigit() else NUMBER_WORDS.get(said) or _KANJI_NUMBERS[said]
            if base is None or not 1 < n <= MAX_YEARS_SPANNED:
                continue
            out = [p for p in out if not (p.start < m.end() and m.start() < p.end)]
            offsets = range(1, n + 1) if after == 1 else range(-n + 1, 1) if after == 0 else range(-n, 0)
            out += [Part("year", m.start(), m.end(), from_western(western(base) + k), rank=0) for k in offsets]
    return sorted(out, key=lambda p: p.start)


# Two years said as the ends of a span with the number of its years (「令和2年度から6年度までの5年間」, "from FY2020
# through FY2024, five years"), or of a total: every year of it. Two ends alone may ask a change
# between them.
_YEARS_RANGE_BETWEEN = re.compile(r"\s*(?:から|～|〜|-|–|through|to|until)\s*(?:fy\s*)?", re.IGNORECASE)
_YEARS_RANGE_COUNT = re.compile(rf"\s*(?:まで)?\s*の?\s*,?\s*(?:(?:over|for|across)\s+)?(?:the\s+|all\s+)?"
                                rf"{_YEARS_COUNTED}\s*(?:か年|カ年|ヶ年|年度?|(?:fiscal\s+)?years)間?", re.IGNORECASE)


def _years_ranged(text: str, parts: list[Part]) -> list[Part]:
    years = [p for p in parts if p.kind == "year"]
    # (a total over a span, 「令和2年度から令和6年度までの合計」, adds up every year of it, counted or not; an average,
    # "on average … per year from R2 through R6", is of every year of it too)
    summed = any(p.kind == "aggregate" and p.value in ("total", "average") for p in parts)
    for first, last in itertools.pairwise(years):
        count = _YEARS_RANGE_COUNT.match(text, last.end)
        if not (_YEARS_RANGE_BETWEEN.fullmatch(text[first.end : last.start]) and (count or summed)):
            continue
        spanned = western(last.value) - western(first.value) + 1
        if count:
            said = count.group(1)
            n = int(said) if said.isdigit() else NUMBER_WORDS.get(said.lower()) or _KANJI_NUMBERS.get(said, 0)
        n, end = (n, count.end()) if count else (spanned, last.end)
        if n != spanned or not 1 < n <= MAX_YEARS_SPANNED:
            continue
        between = [Part("year", last.start, end, from_western(western(first.value) + k), rank=0) for k in range(1, n - 1)]
        kept = [p for p in parts if p is not last and not (last.end <= p.start < end)]  # (the 5 of 5年間)
        return sorted([*kept, *between, replace(last, end=end)], key=lambda p: (p.start, str(p.value)))
    return parts


def _years_around(text: str, parts: list[Part], context: Query | None, sheet_year: str | None) -> list[Part]:
    base = context.years[0] if context is not None and len(context.years) == 1 else sheet_year
    if base is None and not any(p.kind == "year" for p in parts):
        return parts
    out = _years_ranged(text, _years_spanned(text, list(parts), base))
    # (「その前の年」 holds 「前の年」, 「前年度」 「前年」: one year said, read once)
    said = [(p.start, p.end) for p in out if p.kind == "year"]
    for offset, words in YEARS_AROUND_WORDS.items():
        for word in words:
            for start, end in _occurrences(word, text):
                if any(s <= start and end <= e and e - s > end - start for s, e in said):
                    continue
                said.append((start, end))
                out = [p for p in out if not (start <= p.start and p.end <= end)]
                compared = _compared_with(text, start, end, [p for p in out if p.kind == "year"])
                if compared is None and any(p.kind == "year" for p in out):
                    out.append(Part("subject", start, end, True, rank=0))  # a year said as well (「前の年（R01）」)
                else:
                    out.append(Part("year", start, end, from_western(western(compared or base) + offset), rank=0))
    return sorted(out, key=lambda p: p.start)


def _compared_with(text: str, start: int, end: int, years: list[Part]) -> str | None:
    """The one year said elsewhere that a year said relative to it is compared with: 「令和6年度の事業費が前の年より
    減った」 and "less in FY2024 than the year before" mean the year before 令和6年度, not before the sheets' year."""
    said = {p.value for p in years if not (start <= p.start and p.end <= end)}
    if len(said) == 1 and (_SINCE_AFTER.match(text, end) or _SINCE_BEFORE.search(text[:start])):
        return said.pop()
    return None


# A change from one year said ("前年度から何%減った", "前の年と比べて", "since FY2019"): to the year asked about before,
# else to the sheets' own year.
_SINCE_AFTER = re.compile(r"\s*[)）]?\s*(?:から|と比べ|と比較|に比べ|より)")
# (and beside it: "in FY2020 versus the year before", "in FY2024 and the year before")
_SINCE_BEFORE = re.compile(r"(?:from|since|compared (?:with|to)|than|versus|vs\.?|against|with|and|or)\s+(?:the\s+)?$")


def _priced(text: str, parts: list[Part], words: Words, context: Query | None = None) -> list[Part]:
    """A direction word that says money ("the most expensive once staff time is counted in") ranks the cost, when
    no money field is said: the money asked about before ("And which of them was the cheapest?" after the highest
    total cost), else the field the form's word "cost" is."""
    priced = [p for p in parts if p.kind == "direction" and text[p.start : p.end].lower() in ops.PRICE_DIRECTIONS]
    if not priced or any(p.kind == "field" and catalogue()[p.value].unit == "千円" for p in parts):
        return parts
    before = getattr(getattr(context, "ask", None), "measure", None)
    cost = before.field if isinstance(before, Field) and catalogue()[before.field].unit == "千円" else next(
        (key for word, kind, key, _ in words.phrases if (word, kind) == ("cost", "field")), None)
    return sorted([*parts, Part("field", priced[0].start, priced[0].end, cost, rank=0)], key=lambda p: p.start) if cost \
        else parts  # fmt: skip


def _costed(text: str, parts: list[Part]) -> list[Part]:
    """A field of hours said right before a money field's word ("what did that staff time cost", 「業務時間のコスト」):
    what those hours cost, as the form prints it (``COST_OF``: 人件費), not the project's cost beside them."""
    out = list(parts)
    for hours, money in itertools.pairwise(parts):
        if (hours.kind, money.kind) == ("field", "field") and hours.value in COST_OF \
                and catalogue()[money.value].unit == "千円" and re.fullmatch(r"\s*の?\s*", text[hours.end : money.start]):  # fmt: skip
            out = [p for p in out if p not in (hours, money)] + [Part("field", hours.start, money.end, COST_OF[hours.value])]
    return sorted(out, key=lambda p: p.start)


def _in_total(text: str, lang: str, parts: list[Part], words: Words) -> list[Part]:
    """"Which one cost the most in total?": a project's figure ranked, "in total" said of it, is its total as the form
    names one ("total cost": 総事業費, トータルコスト), or the sum of the fields it says are counted, not a total over
    the projects. In Japanese, fields joined by と and added up (``_fields_added``)."""
    fields = [p for p in parts if p.kind == "field"]
    ranked = any(p.kind in ("superlative", "direction") for p in parts)
    if lang == "ja" and ranked:
        added = _fields_added(text, parts)
        return [Part("op", p.start, p.end, "sum") if p in added else p for p in parts]
    totals = [p for p in parts if (p.kind, p.value) == ("aggregate", "total") and re.search(r"\bin\s+$", text[: p.start])]
    if lang != "en" or len(totals) != 1 or not ranked:
        return parts
    if len(fields) > 1 and any((p.kind, p.value) == ("op", "sum") for p in parts):
        # "Counting both spending and staff costs, which project cost the least in total?": the fields added up
        return [Part("subject", p.start, p.end, True) if p is totals[0] else p for p in parts]
    if len(fields) != 1:
        return parts
    said = f"{text[totals[0].start : totals[0].end]} {text[fields[0].start : fields[0].end]}"
    named = sorted((rank, kind, value) for phrase, kind, value, rank in words.phrases
                   if phrase == said and kind in ("field", "named"))  # fmt: skip
    if not named:
        return parts
    _, kind, value = named[0]
    return [Part(kind, p.start, p.end, value) if p is fields[0] else Part("subject", p.start, p.end, True)
            if p is totals[0] else p for p in parts]  # fmt: skip


def _a_figures_number(text: str, parts: list[Part]) -> list[Part]:
    """"What was the actual number?": "number" said right after an indicator's figure (actual, target) is that figure,
    counted, not the project's number (事業番号)."""
    said = [p for before, p in itertools.pairwise(parts) if (p.kind, p.value) == ("field", "number")
            and text[p.start : p.end].lower() == "number" and before.kind == "field"
            and catalogue()[before.value].per_indicator and re.fullmatch(r"\s+", text[before.end : p.start])]  # fmt: skip
    return [Part("subject", p.start, p.end, True) if p in said else p for p in parts]


def _fields_added(text: str, parts: list[Part]) -> list[Part]:
    """「決算額と人件費を足すと一番かかったのは」: a total word said right after fields joined by と (「AとBを足す」)
    adds those fields up, of each project ranked; not a total over the projects."""
    out = []
    for i, p in enumerate(parts):
        if (p.kind, p.value) != ("aggregate", "total") or i < 2:
            continue
        first, second = parts[i - 2], parts[i - 1]
        if first.kind == second.kind == "field" and first.value != second.value \
                and text[first.end : second.start] in ("と", "、") and text[second.end : p.start] in ("を", "も"):
            out.append(p)
    return out


def _dropped(text: str, lang: str, parts: list[Part], words: Words) -> list[Part]:
    """"Why are they dropping the heating oil subsidy?": "drop" said of a project, no figure named to fall, is its
    ending, the value "discontinued" says (終了・廃止・休止), not a fall."""
    figures = ("indicator", "named", "amount", "aggregate", "superlative", "number", "op")  # ("by what %")
    if lang != "en" or any(p.kind in figures or (p.kind == "field" and catalogue()[p.value].numeric) for p in parts) \
            or not any(p.kind in ("project", "anaphor") for p in parts):  # fmt: skip
        return parts
    drop = re.compile(r"drop(?:s|ped|ping)?")
    # (not the noun: "how big a drop is that" asks the size of a fall)
    said = [p for p in parts if p.kind == "direction" and drop.fullmatch(text[p.start : p.end])
            and not _A_NOUN_BEFORE.search(text, 0, p.start)]  # fmt: skip
    spans = [(p.start, p.end) for p in said] + [(s, e) for s, e, w in unplaced_tokens(text, lang, parts) if drop.fullmatch(w)]
    ended = [value for phrase, kind, value, _ in words.phrases if phrase == "discontinued" and kind == "value"] if spans else []
    if not ended:
        return parts
    return sorted([p for p in parts if p not in said] + [Part("value", s, e, ended[0]) for s, e in spans],
                  key=lambda p: p.start)


_A_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|that|this|big|bigger|biggest|large|larger|largest|sharp|steep)\s+$")


def _item_of_a_label(text: str, parts: list[Part]) -> list[Part]:
    """「期待成果で、成果が「低下」」, 「期待成果のコスト」: the item in the brackets of a field's label (期待成果（成果）,
    期待成果（コスト）) said right after the field's word names that field, not one of its own (成果, the results) or
    another's (コスト)."""
    for a in [p for p in parts if p.kind == "field"]:
        base = re.sub(r"（[^）]*）", "", catalogue()[a.value].label_ja)
        gap = re.match(r"[\sのでは、,]*", text[a.end :]).end()
        for key, info in catalogue().items():
            label = info.label_ja  # (「{base}（item）」)
            item = label[len(base) + 1 : -1] if label.startswith(f"{base}（") and label.endswith("）") else ""
            if not item or "）" in item or not text.startswith(item, a.end + gap):
                continue
            start, end = a.end + gap, a.end + gap + len(item)
            if any(p.kind == "value" and p.start <= start and end <= p.end for p in parts):
                break  # (said with its value, 「成果 低下」, the value's words hold it)
            parts = [p for p in parts if p is not a and not (p.start < end and start < p.end)]
            parts = sorted([*parts, replace(a, value=key), Part("field", start, end, key)], key=lambda p: p.start)
            break
    return parts


def _value_after_its_field(text: str, lang: str, parts: list[Part], words: Words) -> list[Part]:
    """A word left right after a field's word, a particle apart, that is one of the field's few values (「期待成果の
    コストが削減」: 削減 of 期待成果（コスト）): that value. (Said alone, 「コストが削減」 is the question's own word.)"""
    found = []
    for start, end, word in unplaced_tokens(text, lang, parts):
        before = max((p for p in parts if p.end <= start), key=lambda p: p.end, default=None)
        if before is not None and before.kind == "field" and re.fullmatch(r"[がはも]?", text[before.end : start]) \
                and word in words.values_of.get(before.value, ()):  # fmt: skip
            found.append(Part("value", start, end, ((before.value, word),), 1))
    return _with_new(parts, found)


def _room_judged(values: tuple[str, ...]) -> dict[str, str] | None:
    """An item judged by whether there is room or an effect (向上余地がある／向上余地がない): its two judgements, by
    their last word (ある, ない). (Every project judges every item: that it is judged says nothing.)"""
    pair = {v[-2:]: v for v in values if isinstance(v, str) and v.endswith(("がある", "がない"))}
    return pair if len(pair) == len(values) == 2 and len({v[:-2] for v in pair.values()}) == 1 else None


# 「成果の向上余地が「ある」」「削減余地はない」: the judgement said after its item
_THERE_OR_NOT = re.compile(r"\s*[がはも]?\s*[「『\"]?(ある|あり|ない|なし)[」』\"]?")


def _judgement_of_an_item(text: str, lang: str, parts: list[Part], words: Words) -> list[Part]:
    """「成果の向上余地が「ある」事業」, "which projects admit there is room to cut project costs": an evaluation item
    judged by whether there is room (``_room_judged``), said with ある or ない after it, or in English by its name
    alone ("room to cut", not "no room to cut", a judgement's own words), is that judgement asked of the projects.
    Its item's words said before the judgement (「成果の」 before 「向上余地がある」) are the judgement's own."""
    ordered = sorted(parts, key=lambda p: p.start)
    out = list(parts)
    for before, after in itertools.pairwise(ordered):  # 「成果の向上余地がある」: 成果 is the item's word, no field
        if before.kind == "field" and after.kind == "value" and text[before.end : after.start] in ("", "の") and any(
                (info := catalogue().get(key)) is not None and (text[before.start : after.start] + value).startswith(
                    info.label_ja) for key, value in after.value):  # fmt: skip
            out[out.index(before)] = Part("subject", before.start, before.end, True)
    if any(p.kind == "project" for p in parts):  # (of a named project the judgement is what is asked)
        return out
    for p in [q for q in out if q.kind == "field"]:
        pair = _room_judged(words.values_of.get(p.value, ()))
        if pair is None:
            continue
        if lang == "ja" and (m := _THERE_OR_NOT.match(text, p.end)) is not None:
            said = pair["ない" if m.group(1) in ("ない", "なし") else "ある"]
            out = [q for q in out if not (q is not p and p.end <= q.start < m.end())]
            out[out.index(p)] = Part("value", p.start, m.end(), ((p.value, said),), 1)
        elif lang == "en":
            negation = next((q for q in out if q.kind == "negation" and q.end <= p.start
                             and len(text[q.end : p.start].split()) <= 3), None)  # ("that don't see room to cut costs")
            out[out.index(p)] = Part("value", p.start, p.end, ((p.value, pair["ある" if negation is None else "ない"]),), 1)
            out = [q for q in out if q is not negation]
    return sorted(out, key=lambda q: q.start)


_MARK = re.compile(r"(?:^|(?<=[\s,:;、：]))[(（]?(\d{1,2})[)）]\s*(?=\S)")  # "(1) the number…", 「1）件数」


def _enumerated(text: str, parts: list[Part]) -> list[Part]:
    """"please give (1) number of donations, (2) total amount donated, and (3) …": numbers that mark the items of a
    list, counting up from 1, say nothing asked."""
    marks = list(_MARK.finditer(text))
    if [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)) or len(marks) < 2:
        return parts
    spans = {m.span(1) for m in marks}
    return [Part("subject", p.start, p.end, True) if p.kind == "number" and (p.start, p.end) in spans else p
            for p in parts]


_LETTER_AFTER = re.compile(r"\s*[(（]\s*([a-z])(?=\s*(?:区分)?\s*[)）])")  # 「補助金等（D区分）」


def _coded(text: str, parts: list[Part]) -> list[Part]:
    """「Ｄ 補助金等」, 「補助金等（D区分）」: the letter the form prints before a value of ``CODED_VALUES`` said with it
    is that value."""
    coded = [p for p in parts if p.kind == "value" and all(key in CODED_VALUES for key, _ in p.value)]
    # (a letter standing alone: not the s of "農林課's")
    letters = [(m.start(1), m.end(1), p) for p in coded if (m := re.search(r"(?:^|(?<=[\s(（「]))([a-z])\s*$", text[: p.start]))]
    letters += [(p.end + m.start(1), p.end + m.end(1), p) for p in coded if (m := _LETTER_AFTER.match(text[p.end :]))]
    return sorted([*parts, *(Part("value", s, e, p.value, p.rank) for s, e, p in letters)], key=lambda p: p.start)


# A score said after the words that rank it: "top priority (5)", "the highest priority, 5", 「最も高い優先度の5」.
_SCORE_STATED = re.compile(r"\s*(?:[(（:：=,、の]|of)?\s*")


def _top_of_a_stated_score(text: str, parts: list[Part]) -> list[Part]:
    """"Among the projects rated top priority (5)": a ranking word right before a score's field, whose point is
    said right after it, describes that point; it ranks nothing."""
    out = list(parts)
    for top, scored, number in zip(parts, parts[1:], parts[2:], strict=False):
        if top.kind == "superlative" and scored.kind == "field" and catalogue()[scored.value].kind == SCORE \
                and number.kind == "number" and re.fullmatch(r"\s?", text[top.end : scored.start]) \
                and _SCORE_STATED.fullmatch(text[scored.end : number.start]):  # fmt: skip
            out[out.index(top)] = Part("subject", top.start, top.end, True)
    return out


WHOLE_NAME = 6  # characters an indicator's name must have to name it alone when said whole (not 「件数」)


def _indicator_said_whole(text: str, parts: list[Part], words: Words) -> list[Part]:
    """An indicator's whole name as printed, said in the question (「｢ふるさと大船渡応援寄附｣金額」, pasted from the sheet),
    names that indicator of the one project holding it, whatever its words would read as one by one. (A name several
    projects hold is ``_indicators_of_one_name``'s.)"""
    holders: dict[str, list[tuple[str, int]]] = {}
    for number, found in words.indicators.items():
        for no, name in found:
            if len(name) >= WHOLE_NAME and name in text:
                holders.setdefault(name, []).append((number, no))
    out = list(parts)
    for name, held in holders.items():
        if len({number for number, _ in held}) != 1:
            continue  # (one project's: a sheet may print one name twice, as an activity and a target indicator)
        number, start = held[0][0], text.index(name)
        end = start + len(name)
        out = [p for p in out if p.end <= start or p.start >= end]
        out += [Part("project", start, end, number, rank=0), *(Part("indicator", start, end, no, rank=0) for _, no in held)]
    return sorted(out, key=lambda p: p.start) if holders else parts


def _name_counted_as_an_indicator(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「連携の事業で、…新規協定の数と連携事業の数」: words of a project's name said again, once the project is named,
    and counted (「の数」) are the indicator of that project whose name they and 数 are part of (連携事業数), not its name
    again."""
    out = list(parts)
    for p in parts:
        named_apart = any(q.kind == "project" and q.value == p.value and (q.end <= p.start or q.start >= p.end)
                          for q in parts)  # fmt: skip
        if p.kind != "project" or not named_apart or not re.match(r"の?数", text[p.end :]):
            continue
        counted = text[p.start : p.end] + "数"
        held = [no for no, name in words.indicators.get(p.value, []) if counted in name]
        if held:
            out = [q for q in out if q is not p] + [Part("indicator", p.start, p.end, no) for no in held]
    return sorted(out, key=lambda q: q.start) if out != parts else parts


def _as_a_field_says(text: str, parts: list[Part]) -> list[Part]:
    """「計画どおりにいかなかった」: a field's word said as the manner of something (〜どおり, 〜通り: "as planned") is
    no field asked."""
    out = []
    for p in parts:
        manner = _AS_SAID.match(text, p.end) if p.kind == "field" else None
        out.append(Part("subject", p.start, manner.end(), True) if manner else p)
    return out


_AS_SAID = re.compile(r"(?:どおり|通り)")


def _glossed_value(text: str, parts: list[Part]) -> list[Part]:
    """"room for review (見直し余地がある)": a value said in the question's words and then in the sheet's, in brackets,
    is one value, the sheet's word being the exact one (the question's may be several fields' value)."""
    out = list(parts)
    for i, (a, b) in enumerate(itertools.pairwise(parts)):
        if a.kind == b.kind == "value" and re.fullmatch(r"\s*[(（]\s*", text[a.end : b.start]) and \
                {v for _, v in b.value} <= {v for _, v in a.value}:  # fmt: skip
            out[i] = Part("subject", a.start, a.end, True)
    return out


def _said_again(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """"Out of the election sheets, which election …": a word left that is the very word a condition was read from
    says that condition again (so does a run of names: 「選挙の事務の中で、…一番お金がかかった選挙はどれ？」)."""
    said = {text[p.start : p.end]: p for p in parts if p.kind in ("value", "name_run")}
    again = [Part(said[word].kind, start, end, said[word].value, said[word].rank)
             for start, end, word in unplaced_tokens(text, lang, parts) if word in said]  # fmt: skip
    return sorted([*parts, *again], key=lambda p: p.start) if again else parts


def _something_other(text: str, parts: list[Part]) -> list[Part]:
    """"Covered by something other than the general revenue": "something" is what "other than" says, no condition
    that a figure is not zero ("spent something")."""
    return [Part("subject", p.start, p.end, True) if (p.kind, p.value) == ("compare", "nonzero") and q is not None
            and (q.kind, q.value) == ("compare", "ne") and not text[p.end : q.start].strip() else p
            for p, q in itertools.zip_longest(parts, parts[1:])]  # fmt: skip


def _changed_since(text: str, parts: list[Part], context: Query | None, sheet_year: str | None) -> list[Part]:
    years = [p for p in parts if p.kind == "year"]
    changed = any(p.kind in ("op", "direction") and p.value in ("difference", "asc", "desc") for p in parts)
    if len({p.value for p in years}) != 1 or not changed:
        return parts
    # (the year may be said twice, the second a gloss in brackets: 「前年度（R1）から」)
    since = [y for y in years if _SINCE_AFTER.match(text, y.end + (text[y.end : y.end + 1] in ")）"))
             or _SINCE_BEFORE.search(text[: y.start])]  # fmt: skip
    if not since:
        return parts
    year = since[-1]
    base = context.years[0] if context is not None and len(context.years) == 1 else sheet_year
    if base is None or base == year.value:
        return parts
    return [*parts, Part("year", year.end, year.end, base, rank=0)]  # said by the change itself: no words of its own


def _compared_with_before(parts: list[Part], context: Query | None) -> list[Part]:
    """"Is that more than the year before?" after a figure of one year, naming nothing else: the figure's change from
    the year said to the year before's answer (a comparison with no amount to compare with is no condition)."""
    compares = [p for p in parts if p.kind == "compare" and p.value in ("gt", "lt")]
    years = {p.value for p in parts if p.kind == "year"}
    measure = getattr(context.ask, "measure", None) if context is not None else None
    if len(compares) != 1 or len(years) != 1 or measure is None or len(context.years) != 1 or context.years[0] in years \
            or any(p.kind in ("number", "zero", "field", "indicator", "named", "project", "amount") for p in parts):  # fmt: skip
        return parts
    said = compares[0]
    return [*(p for p in parts if p is not said), Part("op", said.start, said.end, "difference"),
            Part("year", said.end, said.end, context.years[0], rank=0)]


# A year said in the Western calendar without "FY" or 年度: after a preposition ("the 2019 settlement", "in
# 2020"), or with 年 (「2019年の決算」); never a figure ("2019 thousand yen").
_WESTERN_YEAR_RE = re.compile(
    r"(?:(?<![a-z])(?:in|for|of|during|since|from|to|the|and|year|fiscal)\s+|(?<![\d,.]))((?:19|20)\d{2})"
    r"(?=\s*年(?!度)|(?<=[\s(]\d{4})(?!\d|[,.]\d|\s*(?:thousand|million|yen|千円|円|%|件|人)))"  # "in 2020, and …"
)


_FISCAL_BEFORE = re.compile(r"(?<![a-z])(?:fiscal|financial)\s+(?:year\s+)?$")


def _years(text: str, sheet_year: str | None = None) -> list[Part]:
    out = []
    for m in _YEAR_RE.finditer(text):
        code = parse_year(m.group(0))
        if code:
            plan = _PLAN_AFTER_YEAR.match(text, m.end())  # 「令和7年度の計画」: that year's (planned) figures
            out.append(Part("year", m.start(), plan.end() if plan else m.end(), code, rank=0))
    for m in _ERA_YEAR_BEFORE_ANOTHER.finditer(text):
        if not any(p.start <= m.start() < p.end for p in out) and (code := parse_year(m.group(0) + "年度")):
            out.append(Part("year", m.start(), m.end(), code, rank=0))
    for m in _WESTERN_YEAR_RE.finditer(text):
        if not any(p.start < m.end(1) and m.start(1) < p.end for p in out):
            end = m.end(1) + (1 if text[m.end(1) : m.end(1) + 1] == "年" else 0)
            said = _FISCAL_BEFORE.search(text, 0, m.start(1))  # "fiscal 2024", "fiscal year 2024": one year
            out.append(Part("year", said.start() if said else m.start(1), end, from_western(int(m.group(1))), rank=0))
    # (with no era said, the era of the sheets in scope: 「6年度はいくら」 of sheets of 令和7年度 is 令和6年度)
    era = out[0].value[0] if out else sheet_year[0] if sheet_year else None
    if era:
        for m in _BARE_YEAR_RE.finditer(text):
            if not any(p.start <= m.start() < p.end for p in out):
                out.append(Part("year", m.start(), m.end(), f"{era}{int(m.group(1)):02d}", rank=0))
    if sheet_year:  # only when the sheets in scope share one year: else 前年度 means two different years
        said = list(out)
        for offset, words in RELATIVE_YEARS.items():
            for word in words:
                for m in _en_word(word).finditer(text) if word.isascii() else re.finditer(word, text):
                    if not any(p.start < m.end() and m.start() < p.end for p in out):
                        if word.isascii() and _OWNED_BEFORE.search(text, 0, m.start()):
                            # "that last year", "its last year": its final year, the one spoken of, not the year before
                            out.append(Part("subject", m.start(), m.start() + len(word), True, rank=0))
                            continue
                        if _glossed_by_a_year(text, m.start() + len(word), said):
                            # "last year (R2)": the year in brackets is the one meant, whatever the sheets' year
                            out.append(Part("subject", m.start(), m.start() + len(word), True, rank=0))
                            continue
                        base = _compared_with(text, m.start(), m.start() + len(word), said) if offset else None
                        year = from_western(western(base or sheet_year) + offset)
                        out.append(Part("year", m.start(), m.start() + len(word), year, rank=0))
    return out


_OWNED_BEFORE = re.compile(r"\b(?:that|its|their)\s+$")


def _what_an_item_judges(parts: list[Part]) -> list[Part]:
    """A value whose words an evaluation item's label holds, said beside a judgement of that item ("abolishing or
    suspending them would have NO impact": 廃止・休止 of ⑤ 廃止・休止の成果への影響, not the direction 終了・廃止・休止),
    says which item is judged: no condition of its own."""
    labels = [catalogue()[key].label_ja for p in parts if p.kind == "value" for key, _ in p.value
              if catalogue()[key].table == "evaluation_items"]  # fmt: skip

    def names_the_item(part: Part) -> bool:
        return part.kind == "value" and all(catalogue()[key].table != "evaluation_items" for key, _ in part.value) \
            and any(len(word) > 1 and word in label for _, value in part.value for word in str(value).split("・")
                    for label in labels)  # fmt: skip

    return [Part("subject", p.start, p.end, True) if labels and names_the_item(p) else p for p in parts]


def _a_point_of_its_scale(text: str, parts: list[Part]) -> list[Part]:
    """A direction word alone in brackets right after a number says where the number stands on its scale
    (「優先度が5（最高）」, "a score of 1 (the lowest)"): no ranking is asked."""
    out = list(parts)
    for number, said in itertools.pairwise(parts):
        bracket = re.fullmatch(r"\s*[(（]\s*(?:the\s+)?", text[number.end : said.start], re.IGNORECASE)
        if (number.kind, said.kind) == ("number", "direction") and bracket and _CLOSES.match(text, said.end):
            out[out.index(said)] = Part("subject", said.start, said.end, True)
    return out


def _glossed_by_a_year(text: str, end: int, years: list[Part]) -> bool:
    """Whether brackets right after ``end`` hold one of ``years`` and nothing else."""
    opened = _OPENS.match(text, end)
    return opened is not None and any(p.start == opened.end() and _CLOSES.match(text, p.end) for p in years)


_OPENS, _CLOSES = re.compile(r"\s*[(（]\s*"), re.compile(r"\s*[)）]")


def _project_numbers(text: str, words: Words) -> list[Part]:
    out = []
    for m in re.finditer(r"(?<![\d,.])(\d{3,4})(?!\d|[,.]\d|\s*(?:千円|円|件|人|時間|%|点))", text):
        if m.group(1) in words.numbers:
            out.append(Part("project", m.start(), m.end(), m.group(1), rank=0))
    return out


def _project_names(text: str, words: Words, fixed: list[Part]) -> tuple[list[Part], list[str]]:
    """Full names first; then runs of a name's characters distinctive of one project. When none is found, the
    same with okurigana inside words left out on both sides: 「出産祝い金」 is 出産祝金支給事業's 出産祝金."""
    found = _names_in(text, words, fixed)
    if not (found[0] or found[1]) and _OKURIGANA_RE.search(text):
        found = _names_in(text, words.plain, fixed, plain=True)
    found = ([*found[0], *_abbreviated_names(text, words, [*fixed, *found[0]])], found[1])
    if found[0] or found[1] or not _A_PROJECT_SAID.search(text):
        return found
    return _noun_of_one_name(text, words, fixed), []


def _abbreviated_names(text: str, words: Words, taken: list[Part]) -> list[Part]:
    """Kanji nouns that shorten one name's word by its leading characters (衆院 of 衆議院議員総選挙の執行事務, 参院 of
    参議院…): that project, when one name alone is so shortened, none holds the noun whole and no sheet writes it."""
    out = []
    for m in question_morphemes(text):
        said = m.surface
        if (m.pos[0] != "名詞" or not re.fullmatch(r"[一-龥]{2,3}", said) or words.is_form_word(said)
                or any(p.start < m.end and m.begin < p.end for p in taken) or said in words.names_text):  # fmt: skip
            continue
        runs, starts, numbers = words.kanji_runs
        owners = {numbers[bisect.bisect_right(starts, found.start()) - 1]
                  for found in re.finditer("[一-龥]{0,2}".join(said), runs)}  # fmt: skip
        # (a word the sheets write is a word, not a shortening: 会員 is 会員数's, not 市議会議員…'s)
        if len(owners) == 1 and said not in words.sheets_text:
            out.append(Part("project", m.begin, m.end, owners.pop(), rank=1))
    return out


# A project said as such: 「灯油代を配ってた事業」 describes one
_A_PROJECT_SAID = re.compile(r"事業|事務|取り?組")
# Sudachi's nouns that name a thing; not a verb's noun (導入, 拡大) nor one said as an adverb or a counter
_THING_NOUNS = ("普通名詞", "固有名詞")
_NOT_A_THING = ("サ変可能", "形状詞可能", "副詞可能", "助数詞可能", "サ変形状詞可能")


def _noun_of_one_name(text: str, words: Words, fixed: list[Part]) -> list[Part]:
    """With no run of a name long enough to name a project, a two-character noun of the question that, of the
    names' distinctive words, one name alone holds (「冬の灯油代を配ってた事業」: 灯油 of 福祉灯油事業), when that
    project's sheet holds the question's other nouns too; none when no such name or several."""
    nouns = [m for m in question_morphemes(text) if m.pos[0] == "名詞" and len(m.surface) >= 2
             and not any(p.start <= m.begin < p.end for p in fixed)]  # fmt: skip
    owned: dict[str, list] = {}
    for m in nouns:
        if (len(m.surface) != 2 or m.pos[1] not in _THING_NOUNS or m.pos[2] in _NOT_A_THING
                or not re.fullmatch(r"[一-龥々ァ-ヶー]+", m.surface) or words.is_form_word(m.surface)
                or m.surface in words.units):  # fmt: skip
            continue
        owners = {n.number for n in words.names if any(m.surface in masked for masked in n.masked)}
        if len(owners) == 1 and not any(m.surface in n.section for n in words.names):
            owned.setdefault(owners.pop(), []).append(m)
    # (its sheet holds every other noun said, the form's own words aside: 「データ連携基盤（都市OS）を作る事業」 is
    # not 国際科学技術都市「つくば」の推進事業 for its 都市)
    # (a word in Latin letters is the form's only as a whole word: "os" is in "costs")
    said = [m.surface for m in nouns if m.surface.isascii() or not words.is_form_word(m.surface)]
    owned = {n: found for n, found in owned.items() if all(w in words.sheet_text(n).lower() for w in said)}
    if len(owned) != 1:
        return []
    return [Part("project", m.begin, m.end, number, rank=1) for number, found in owned.items() for m in found]


# A kana between two kanji that is no particle: okurigana inside a word (空き家, 祝い金, 買い替え, 申し込み).
_OKURIGANA_RE = re.compile(r"(?<=[一-龥々])[ぁ-ゖ](?=[一-龥々])")
_PARTICLES = set("のがをはにとでもやへか")


def _without_okurigana(text: str) -> str:
    return _OKURIGANA_RE.sub(lambda m: m.group(0) if m.group(0) in _PARTICLES else "", text)


def _names_in(text: str, words: Words, fixed: list[Part], plain: bool = False) -> tuple[list[Part], list[str]]:
    """``_project_names`` over ``words``; ``plain``: the question read without okurigana inside words, as
    ``Words.plain`` holds the names."""
    inside = {m.start() for m in _OKURIGANA_RE.finditer(text) if m.group(0) not in _PARTICLES} if plain else set()
    keep = [i for i, c in enumerate(text)
            if not c.isspace() and i not in inside and not any(p.start <= i < p.end for p in fixed)]  # fmt: skip
    compact = "".join(text[i] for i in keep)
    out, ambiguous = [], []
    for name in words.names:
        for v in name.compact:  # (found as strings: a pattern per name overflowed the regex cache)
            at = compact.find(v)
            while at >= 0:
                out.append(Part("project", keep[at], keep[at + len(v) - 1] + 1, name.number, rank=0))
                at = compact.find(v, at + len(v))
    out += _coordinated_names(compact, keep, words)
    covered = {i for p in out for i in range(p.start, p.end)}
    unsure: list[tuple[list[int], list[str]]] = []  # runs several names (and no team's name) share: (span, owners)
    team_run = False  # a run a team's name (係名) shares: the question may mean the team's projects
    for run, start in _runs(compact, words):
        span = [keep[i] for i in range(start, start + len(run))]
        if covered.intersection(span) or not _whole_latin(text, span[0], span[-1] + 1):
            continue
        if run in words.units:  # 三陸支所: an office's name, also in the names of projects it runs
            continue
        owners = [n.number for n in words.names if any(run in m for m in (*n.masked, *n.compact))]
        shared = [n.number for n in words.names if run in n.section and n.number not in owners]
        if len(owners) == 1 and not shared:
            out.append(Part("project", span[0], span[-1] + 1, owners[0], rank=1))
        else:
            unsure.append((span, owners))
            team_run = team_run or bool(shared)
            ambiguous += owners + shared
    def whole(a: int, b: int) -> bool:
        return _whole_latin(text, keep[a], keep[b - 1] + 1)

    if not out and not unsure and (pieces := _pieces_of_one_name(compact, words, whole)) is not None:
        number, (start, end) = pieces
        return [Part("project", keep[start], keep[end - 1] + 1, number, rank=1)], []
    shared = set.intersection(*(set(owners) for _, owners in unsure)) if unsure else set()
    # (or the one of them named by its number: 「0582の魚市場の施設」)
    common = (shared if len(unsure) > 1 else set()) or (shared & {p.value for p in fixed if p.kind == "project"})
    if not out and len(common) == 1:  # 「越喜来の診療所」: runs several names share, together one name's (越喜来診療所…)
        number = common.pop()
        return [Part("project", span[0], span[-1] + 1, number, rank=1) for span, _ in unsure], []
    if unsure and not out and not team_run:
        best = _best_explained(compact, {o for _, owners in unsure for o in owners}, words)
        if best is not None and all(best in owners for _, owners in unsure):
            return [Part("project", span[0], span[-1] + 1, best, rank=1) for span, _ in unsure], []
    if len(unsure) == 1 and not out:  # 「鳥獣被害対策の実施隊」: one of them, named with の between its words
        (span, owners), = unsure
        run = Part("name_run", span[0], span[-1] + 1, text[span[0] : span[-1] + 1])
        (joined,), held = _name_said_with_no(text, [run], words, set(owners))
        if joined != run and len(held) == 1:
            return [Part("project", joined.start, joined.end, held.pop(), rank=1)], []
    if unsure and not out:  # words several names share (博物館): a condition on the name, if the ask is about many
        out = [Part("name_run", span[0], span[-1] + 1, text[span[0] : span[-1] + 1], rank=2) for span, _ in unsure]
    return out, ambiguous


def _coordinated_names(compact: str, keep: list[int], words: Words) -> list[Part]:
    """Names said as a list before the noun they share (「綾里・越喜来・吉浜の診療所」: 綾里診療所運営事業, 越喜来診療所…,
    吉浜診療所…): each word with the noun after it the one name that holds it; none unless each is one name's."""
    out = []
    for m in _COORDINATED.finditer(compact):
        said = m["list"].split("・")
        owners = [{n.number for n in words.names if any(f"{word}{m['head']}" in v for v in n.compact)} for word in said]
        if not all(len(o) == 1 for o in owners) or len(set.union(*owners)) != len(said):
            continue
        start = m.start("list")
        for n, (word, (number,)) in enumerate(zip(said, owners, strict=True)):
            end = m.end() if n == len(said) - 1 else start + len(word)  # (the last holds the noun they share)
            out.append(Part("project", keep[start], keep[end - 1] + 1, number, rank=0))
            start += len(word) + 1
    return out


# (their number may be said before the noun: 「綾里・越喜来・吉浜の3つの診療所」「…の3診療所」)
_COORDINATED = re.compile(r"(?P<list>(?:[一-龥ァ-ヶー]{2,}・)+[一-龥ァ-ヶー]{2,})の?(?:[0-9０-９一二三四五六七八九](?:つの)?)?"
                          r"(?P<head>[一-龥ァ-ヶー]{2,})")


def _pieces_of_one_name(compact: str, words: Words, whole) -> tuple[str, tuple[int, int]] | None:
    """The one name that holds each of two or more short runs said side by side (「窓口DX」: 窓口 and DX of
    おおふなと版窓口改革（DX）事業, where 窓口 alone is four names'), and where they stand; None when no name or
    several do. Each run is shorter than a run naming a project alone, of its distinctive words, and, in Latin
    letters, a whole word of the question (``whole(start, end)``: "ci" and "ty" of "city" are no pieces of
    "society")."""
    found: dict[tuple[int, int], set[str]] = {}
    for name in words.names_sharing_a_pair(compact):
        for masked in name.masked:
            at = sorted({(i, i + len(run)) for run in _common_runs(compact, masked) if len(run) < MIN_RUN
                         for i in _starts(compact, run) if not run.isascii() or whole(i, i + len(run))})  # fmt: skip
            for (a, b), (c, d) in zip(at, at[1:], strict=False):
                # (side by side in the question, apart in the name; not a word of the form's own)
                if b == c and compact[a:d] not in masked and compact[a:d] not in words.form_terms:
                    found.setdefault((a, d), set()).add(name.number)
    spans = [(span, owners) for span, owners in found.items() if len(owners) == 1]
    return (next(iter(spans[0][1])), spans[0][0]) if len(found) == 1 and spans else None


def _starts(text: str, run: str) -> list[int]:
    """Where ``run`` starts in ``text``, not overlapping (as ``re.finditer`` finds it)."""
    found, at = [], text.find(run)
    while at >= 0 and run:
        found.append(at)
        at = text.find(run, at + len(run))
    return found


LEFT_BESIDES = 2  # characters a name may say besides the question's runs, to be chosen over names sharing as much


def _best_explained(compact: str, candidates: set[str], words: Words) -> str | None:
    """Of names that share the question's runs, the one it explains best: the most of the question in runs of
    two or more characters shared with the name, then the least of the name left over. 「三陸鉄道への支援」 is
    三陸鉄道支援事業 (not 岩手県三陸鉄道強化促進協議会参画事業); 「ふるさと納税の事務」 is ふるさと納税事務 (not
    企業版ふるさと納税事務). None on a tie, and when names sharing as much differ only in what each says besides and
    the best says more than a word besides (「選挙の執行事務」: 市議会議員…, 衆議院議員総…, 参議院議員補欠… alike)."""
    scored = []
    for number in candidates:
        name = words.by_number[number].masked[0]
        shared = sum(len(run) for run in _common_runs(compact, name))
        scored.append(((shared, shared / max(len(name.replace("|", "")), 1)), number))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    (shared, part), number = scored[0]
    besides = round(shared / part) - shared if part else 0
    if len(scored) > 1 and scored[1][0][0] == shared and besides > LEFT_BESIDES:
        return None
    return number


def _whole_latin(text: str, start: int, end: int) -> bool:
    """A run of Latin letters names a project only as whole words ("science" shares "cie" with "society")."""

    def letter(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()

    return not (letter(start) and letter(start - 1)) and not (letter(end - 1) and letter(end))


def _runs(compact: str, words: Words) -> list[tuple[str, int]]:
    """Runs of the question a name shares: of its distinctive words (generic ones masked), or through a generic
    word where two distinctive characters stand beside it in both (「特区推進」 of 国際戦略総合特区推進事業)."""
    found: dict[str, int] = {}
    for name in words.names_sharing_a_pair(compact):
        for masked, whole in zip(name.masked, name.compact, strict=True):
            through = [r for r in _common_runs(compact, whole) if _through_generic(r) and not words.is_form_word(r)]
            for run in [*_common_runs(compact, masked), *through]:
                if (re.match("[ぁ-ゖ]", run) and not any(v.startswith(run) for v in name.compact)
                        and not _begins_a_noun(compact, compact.find(run))):  # fmt: skip
                    continue  # 「する事務」: a verb's ending and a noun (ふるさと… begins a name; がん検診 is a noun)
                # (a particle ending the run joins the name's words, it is none of them: 「育成と」 is 育成)
                core = run[:-1] if len(run) > 1 and run[-1] in _JOINING_PARTICLES and not re.match("[ぁ-ゖ]", run[-2]) \
                    else run  # fmt: skip
                strong = len(core) >= MIN_RUN + bool(_KATAKANA_RE.fullmatch(run)) or _of_a_kind_ja(compact, core)
                if strong and not run.isdigit() and run not in found:
                    found[run] = compact.find(run)
    return list(found.items())


_JOINING_PARTICLES = "とのをにはがでや"
# 「選挙関係の事業」「観光関連の」: a word of two kanji that says a kind of project, where a shorter run names nothing;
# so does one said as a word of its own before 「の事業」「の事務」 (「選挙の事務の中で」; not 「公民館所管の事務」, the end of
# a compound)
_KIND_AFTER_JA = re.compile(r"関係|関連|絡み|がらみ|系の")
_PROJECTS_AFTER_JA = re.compile(r"の(?:事業|事務)")


def _of_a_kind_ja(compact: str, run: str) -> bool:
    at = compact.find(run)
    if len(run) != 2 or re.fullmatch(r"[一-龥々]+", run) is None:
        return False
    alone = at == 0 or re.match(r"[一-龥々ァ-ヶー]", compact[at - 1]) is None
    return bool(_KIND_AFTER_JA.match(compact, at + 2) or (alone and _PROJECTS_AFTER_JA.match(compact, at + 2)))


def _begins_a_noun(text: str, start: int) -> bool:
    """Whether a noun of ``text`` (Sudachi's) begins at ``start``: 「市のがん検診」 at が, not 「に関する事務」 at す."""
    return any(m.begin == start and m.pos[0] == "名詞" for m in question_morphemes(text))


def _through_generic(run: str) -> bool:
    """A run beginning with two distinctive characters or more, running on through a generic word of two or more
    (推進; の joins words, it does not run them on: 「の管理運営事業」 is no name's own, but 「選挙の執行事務」, a
    distinctive word before it, is)."""
    masked = _mask_generic(run)
    distinctive = len(masked.replace("|", ""))
    if "の" in run:
        before, _, after = run.partition("の")
        return all(len(_mask_generic(piece).replace("|", "")) >= 2 for piece in (before, after))
    return not masked.startswith("|") and distinctive >= 2 and len(run) - distinctive >= 2


@functools.lru_cache(maxsize=4096)
def _en_word(word: str, inflected: bool = False) -> re.Pattern:
    """A word or phrase as whole words, singular or plural ("personnel costs" also reads "personnel cost");
    ``inflected``: a verb's past participle in its other forms too (a value: "discontinued" also reads
    "discontinue", "discontinuing"; not an operation's word: "included" is no request to "include the amounts")."""
    *head, last = word.split()
    root = _VERB_ENDING.sub("", last) if inflected else last
    if len(root) >= MIN_VERB_ROOT and root != last:
        ending = "(?:e|es|ed|ing|s)?"
    else:
        root, ending = last[:-1] if last.endswith("s") and not last.endswith("ss") and len(last) > 3 else last, "(?:s|es)?"
    words = r"[\s\-]+".join(map(re.escape, [*head, root]))  # "general fund" is also "general-fund"
    return re.compile(rf"(?<![a-z0-9]){words}{ending}(?![a-z0-9])")


def _said_as_a_verb(text: str, start: int, end: int) -> bool:
    """Whether the singular form of a plural noun at ``start:end`` is a verb there: after a subject pronoun ("we
    need") or before what a verb takes ("need a name", "need to know")."""
    if text[start:end].lower().endswith("s"):
        return False
    return bool(re.search(r"\b(?:i|we|you|they|do|does|did)\s+$", text[:start], re.IGNORECASE)
                or re.match(r"\s+(?:a|an|the|to|some|more|this|that|it|them|my|our|your)\b", text[end:], re.IGNORECASE))


_VERB_ENDING = re.compile(r"ed$")  # (not -ing: "sharing" is no form of "share")
MIN_VERB_ROOT = 4  # letters left of a verb without its ending, at least ("used" is no form of "us")


def _head(phrase: str) -> str:
    """What a text must hold for ``phrase`` to be in it, as ``_phrase_parts`` searches: an English phrase's first
    word's first three letters (its other forms begin so too), another's first two characters."""
    return phrase.split()[0][:3] if phrase.isascii() and phrase[0].isalnum() else phrase[:2]


def _phrase_parts(text: str, words: Words) -> list[Part]:
    out = []
    bounds = None
    unstressed, at = _without_asides(text)
    heads = {t[i : i + n] for t in (text, unstressed) for n in (1, 2, 3) for i in range(len(t) - n + 1)}
    by_head = words.phrases_by_head
    for i in sorted({i for head in heads for i in by_head.get(head, ())}):
        word, kind, payload, rank = words.phrases[i]
        # A plain search first: most of the phrases are in no question, and a regex search costs more.
        if word.isascii() and word[0].isalnum():
            if word.split()[0][:3] not in text:
                continue
            matches = [(m.start(), m.end()) for m in _en_word(word, kind == "value").finditer(text)]
            if kind == "value" and re.fullmatch(r"\w+", word):  # "in this year's review": the review itself, no
                # value it gave (a phrase of several words is one: "the 農林課's facility-management projects")
                matches = [(s, e) for s, e in matches if not re.search(r"\w(?:'s|s'|’s)\s+$", text[:s])]
            if word.endswith("s") and not word.endswith("ss"):  # "needs"; "I need the budget" says no needs
                matches = [(s, e) for s, e in matches if not _said_as_a_verb(text, s, e)]
        else:
            if word not in text and not (at and word in unstressed):
                continue
            matches = list(_occurrences(word, text))
            if at and "・" not in word:  # 「改革・改善」 is the form's 改革改善: a phrase written with dots between its words
                matches += [(at[s], at[e - 1] + 1) for s, e in _occurrences(word, unstressed) if at[e - 1] - at[s] >= e - s]
            if matches and len(word) <= SHORT_WORD:  # 係 is a field word; in 係数 or 関係者 it is not
                bounds = bounds if bounds is not None else _word_bounds(text)
                matches = [(s, e) for s, e in matches if s in bounds and e in bounds and not _counter_of(text, s, e)]
            elif matches and _KANA_WORD.fullmatch(word):
                matches = [(s, e) for s, e in matches if not _straddles(text, s, e)]
            elif matches and _ONE_KANJI_HEAD.match(word):  # 「国から」 in 「全国から」: 全国 is the word, not 国
                bounds = bounds if bounds is not None else _word_bounds(text)
                matches = [(s, e) for s, e in matches if s in bounds]
        if word == "/":  # 「reform/improvement」, 「国/県」: a slash between words says "or"; between figures, "divided by"
            matches = [(s, e) for s, e in matches if not (_WORD_CHAR.match(text[s - 1 : s]) and _WORD_CHAR.match(text[e : e + 1]))]
        if kind == "list":  # ある after て is an auxiliary (書いてある: "is written"), not "there is"
            matches = [(s, e) for s, e in matches if not text[:s].endswith(("て", "で"))]
        if kind == "anaphor" and not isinstance(payload, bool):  # 「最後の年」 is the final year, not the last one
            matches = [(s, e) for s, e in matches if not text[e:].lstrip().startswith(("年", "year"))]
        out += [Part(kind, s, e, payload, rank) for s, e in matches]
    if text.isascii():
        out += _asked_of_a_subject(text, words)
    return out


# A question word, an auxiliary, a subject and the word that ends the ask: "what did it do", "who is it for". Said of
# a subject in other words, the last word holds the phrase's meaning ("what did the crematorium actually do", "who is
# the after-school program for"); a preposition only when it ends the clause ("who is responsible for it" asks another
# thing).
_ASKED_OF = re.compile(r"(?P<wh>what|who|how) (?P<aux>is|are|was|were|does|did|do) (?:it|they) (?P<last>[a-z]+)")
_STRANDED = ("for",)


@functools.lru_cache(maxsize=8)
def _subject_phrases(words: Words) -> list[tuple[str, str, re.Pattern, str, object, int]]:
    """The phrases of ``words`` that ``_ASKED_OF`` reads: their question word, last word and the pattern that finds
    them said of a subject in other words."""
    out = []
    for word, kind, payload, rank in words.phrases:
        if said := _ASKED_OF.fullmatch(word):
            wh, aux, last = said.group("wh", "aux", "last")
            end = r"(?=\s*(?:[,.;:?!]|\band\b|$))" if last in _STRANDED else r"\b"
            # (the phrase as written, "who is it for", is found whole; a subject of words is what is sought here)
            pattern = re.compile(rf"\b{wh}\s+{aux}\s+(?!(?:it|they)\s+{last}\b)(?:(?!{wh}\b)[\w'’-]+\s+){{1,6}}?"
                                 rf"(?P<last>{last}){end}")
            out.append((wh, last, pattern, kind, payload, rank))
    return out


def _asked_of_a_subject(text: str, words: Words) -> list[Part]:
    out = []
    for wh, last, pattern, kind, payload, rank in _subject_phrases(words):
        if wh not in text or last not in text:
            continue
        found = [Part(kind, m.start("last"), m.end("last"), payload, rank) for m in pattern.finditer(text)]
        out += [part for part in found if part not in out]  # ("what did it do", "what did they do": one meaning)
    return out


_WORD_CHAR = re.compile(r"[A-Za-zぁ-ゖァ-ヶー一-龥]")
SHORT_WORD = 2  # characters up to which a Japanese word must be a whole word of the question to count
_KANA_WORD = re.compile(r"[ぁ-ゖー]+")
_ONE_KANJI_HEAD = re.compile(r"[一-龥][ぁ-ゖ]")  # a word of one kanji, then a particle: 国から, 県の
_DOT_BETWEEN_WORDS = re.compile(r"(?<=[一-龥ァ-ヶー])[・･](?=[一-龥ァ-ヶー])")


# Adverbs that only stress what a phrase says (「市がわざわざやる必要」 is 「市がやる必要」); not those that ask or
# rank (いくら, なぜ, 最も, もう)
_EMPHASIS_ADVERBS = frozenset({"わざわざ", "ちゃんと", "きちんと", "しっかり", "本当に", "ほんとに", "そもそも", "あえて"})


def _without_asides(text: str) -> tuple[str, list[int]]:
    """``text`` without the dots set between words (「改革・改善」: 改革改善) and the adverbs that only stress
    (``_EMPHASIS_ADVERBS``), and where each of its characters stands in ``text``; ("", []) when it has none."""
    dots = {m.start() for m in _DOT_BETWEEN_WORDS.finditer(text)}
    if any(adverb in text for adverb in _EMPHASIS_ADVERBS):
        dots |= {i for m in question_morphemes(text) if m.surface in _EMPHASIS_ADVERBS and m.pos[0] == "副詞"
                 for i in range(m.begin, m.end)}  # fmt: skip
    if not dots:
        return "", []
    at = [i for i in range(len(text)) if i not in dots]
    return "".join(text[i] for i in at), at


def _straddles(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends or begins inside a word that begins or ends inside it: 「いくつ」 in 「直していく・
    つもり」 and 「なんで」 in 「なん・でしょう」 are no words of the question; 「いくら」 in Sudachi's 「いくらか」 is, and so
    is 「かかって」 in 「かかっ・てる」 (a verb's て said together with the いる after it), and a verb's stem 「いくらかか」
    in 「いくら・かかっ」."""
    words = question_morphemes(text)
    for before, m in zip((None, *words), words, strict=False):
        contracted = m.surface[0] in "てで" and before is not None and before.pos[0] == "動詞"
        stem = m.pos[0] in ("動詞", "形容詞")
        if (start < m.begin < end < m.end and not (contracted or stem)) or (m.begin < start < m.end < end):
            return True
    return False


def _counter_of(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a one-character counter ending a noun before it, not a word of its own (問題「点」:
    a problem, no score; 何点 and 3点 are scores)."""
    words = question_morphemes(text)
    at = next((i for i, m in enumerate(words) if (m.begin, m.end) == (start, end)), None)
    if not at or end - start > 1 or words[at].pos[2] != "助数詞可能":  # (残業「時間」 still says hours)
        return False
    before = words[at - 1]
    return before.pos[0] == "名詞" and before.pos[1] != "数詞"


def _occurrences(word: str, text: str):
    """Each (start, end) of ``word`` in ``text``, by plain search (a regex per word of thousands would overflow
    ``re``'s cache of compiled patterns and compile them again on every question)."""
    start = text.find(word)
    while start != -1:
        yield start, start + len(word)
        start = text.find(word, start + 1)


def _word_bounds(text: str) -> set[int]:
    """Where the question's words (Sudachi's short units) begin and end."""
    return {b for m in question_morphemes(text) for b in (m.begin, m.end)} | {0, len(text)}


# English number words, read as numbers only where they count rows ("top three", "three projects").
_SUPERLATIVE_AFTER = re.compile(r"\s+(?:[a-z]+est|most|least)\b")  # "the three biggest", "the two most expensive"
NUMBER_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten".split(), start=1)}
# English ordinals before a ranking word ("the second largest", "in second place"): a place in the order.
ORDINAL_WORDS = {w: n for n, w in enumerate("second third fourth fifth".split(), start=2)}
_ORDINAL_RE = re.compile(
    rf"(?<![a-z])({'|'.join(ORDINAL_WORDS)})(?:\s+place\b|(?=[\s-]+(?:most|least|\w+est)\b))", re.IGNORECASE
)
_PLACE_JA = re.compile(r"(?<=[0-9０-９二三四五六七八九十])位(?!置)")  # 「3位」, not 「単位」 or 「位置」
# 「二番目に少ない」「三位」: a place written in kanji (not 一: 「一番」 is "most", said by the ranking words)
_PLACE_KANJI = re.compile(r"([二三四五六七八九十])(?=番目|位(?!置))")
_KANJI_PLACES = {k: n for n, k in enumerate("二三四五六七八九十", start=2)}
# "which one came second", "the one ranked third": a place in a ranking said by its verb
_PLACED_RE = re.compile(rf"\b(?:came|comes|come|ranked|ranks|finished|placed)\s+({'|'.join(ORDINAL_WORDS)})\b", re.IGNORECASE)


def counts_rows(after: str, units: tuple[str, ...] = COUNT_UNITS) -> bool:
    """Whether the words after a number count rows (件, 事業, projects), with up to four content words between
    ("three Ofunato projects", "the ten science and technology projects"), not words of a clause ("5,000 for
    which projects"); "of the", "of these" first ("all 10 of the division's projects")."""
    after = re.sub(r"^of\s+(?:the\s+|these\s+|those\s+|all\s+)?", "", after.lstrip())  # ("how many of these projects")
    for word in re.findall(r"\S*\w\S*", after)[:5]:  # (a sign between words is none: "science & tech")
        if any(word.startswith(unit) for unit in units):
            return True
        if not word.isascii() or (word in FUNCTION_WORDS_EN and word != "and"):
            return False
    return False


def _numbers(text: str) -> list[Part]:
    out = []
    for m in _ORDINAL_RE.finditer(text):  # "in second place" is a ranking's place on its own
        out.append(Part("number", m.start(), m.end(1), ORDINAL_WORDS[m.group(1).lower()], rank=3))
        if m.end() > m.end(1):
            out.append(Part("superlative", m.end(1) + 1, m.end(), True, rank=3))
    for m in _PLACE_KANJI.finditer(text):
        out.append(Part("number", m.start(), m.end(), _KANJI_PLACES[m.group(1)], rank=3))
    for m in _PLACE_JA.finditer(text):  # 「2位と3位」: places in a ranking, as 「2番目」 says them
        out.append(Part("superlative", m.start(), m.end(), True, rank=3))
    for m in _PLACED_RE.finditer(text):
        out += [Part("superlative", m.start(), m.start(1) - 1, True, rank=3),
                Part("number", m.start(1), m.end(1), ORDINAL_WORDS[m.group(1).lower()], rank=3)]  # fmt: skip
    for m in re.finditer(rf"(?<![a-z])({'|'.join(NUMBER_WORDS)})(?![a-z])", text):
        counts = counts_rows(text[m.end() :], ("projects", "programs", "programmes", "sheets"))
        if text[: m.start()].endswith("all "):  # "all ten projects": every one of them, no number asked about
            out.append(Part("subject", m.start(), m.end(), True, rank=3))
        elif counts or text[: m.start()].endswith(("top ", *(f"{w} " for w in ops.LEAST_EN), "which ", "what ")) \
                or _SUPERLATIVE_AFTER.match(text, m.end()):  # fmt: skip
            out.append(Part("number", m.start(), m.end(), NUMBER_WORDS[m.group(1)], rank=3))  # "which three", "the
            # three biggest"
    for m in _NUMBER_RE.finditer(text):
        value = float(m.group(0).replace(",", ""))
        value, taken = ops.in_thousand_yen(value, text[m.end() :])
        end = m.end() + taken
        value = int(value) if value.is_integer() else value
        said = [p for p in out if p.kind == "number" and p.value == value and re.fullmatch(r"\s*\(\s*", text[p.end : m.start()])]
        close = re.match(r"\s*\)", text[end:])
        if said and close:  # 「1億円（100,000千円）」: the same amount said again in brackets is one number
            out[out.index(said[-1])] = replace(said[-1], end=end + close.end())
            continue
        if text[: m.start()].endswith("all ") and counts_rows(text[end:], ("projects", "programs", "programmes", "sheets")):
            out.append(Part("subject", m.start(), end, True, rank=3))  # "all 407 sheets", as "all ten projects"
            continue
        if text.startswith("割", end):  # 「2割」: 20%
            value, end = value * 10, end + 1
        out.append(Part("number", m.start(), end, value, rank=3))
    return out


# ---- the coverage rule --------------------------------------------------------------------------------------


def unplaced(text: str, lang: str, parts: list[Part]) -> list[str]:
    """The content words of ``text`` in no part and not function words: empty when the parse covers it."""
    return [word for _, _, word in unplaced_tokens(text, lang, parts)]


def unplaced_tokens(text: str, lang: str, parts: list[Part]) -> list[tuple[int, int, str]]:
    inside = [False] * len(text)
    for p in parts:
        inside[p.start : p.end] = [True] * (p.end - p.start)
    left = []
    previous = ""
    # a function word written in kana is one all the same (ぜんぶ, じっさい, おしえて: 全部, 実際, 教える)
    normal = {(m.begin, m.end): m.normal for m in question_morphemes(text)} if lang == "ja" else {}
    helping = _helping_verbs(text) if lang == "ja" else set()
    compound = _compound_verbs(text) if lang == "ja" else {}
    # a word asking why is never a function word (Sudachi's adverb なぜ, pronoun なん + で): a reason is asked
    why = [m.span() for m in _WHY_JA.finditer(text)] if lang == "ja" else []
    for start, end, word, pos, lemma in _tokens(text, lang):
        counter, previous = previous in ("何", "なん") and _is_counter(text, start, end), word
        asking = next(((s, e) for s, e in why if s <= start < e), None)
        if asking is not None and not all(inside[start:end]):
            if asking[0] == start:
                left.append((*asking, text[asking[0] : asking[1]]))
            continue
        if all(inside[start:end]) or pos in FUNCTION_POS or counter:  # 何トン, 何回: how many, in its unit
            continue
        if (start, end) in helping:
            continue
        # A word Sudachi cut through a part's last character (「水揚量って」: 量っ) is placed by its kanji.
        kana_end = [i for i in range(start, end) if not inside[i]]
        if inside[start] and all(re.match("[ぁ-ゖ]", text[i]) for i in kana_end):
            continue
        if inside[start] and (m := re.fullmatch(r"[\d,.]+([一-龥ァ-ヿ]{1,2})", word)) and len(kana_end) == len(m[1]):
            continue  # 「1人に満たない」: Sudachi's one word of a number read and its counter
        if lemma in FUNCTION_WORDS_JA or lemma in FUNCTION_WORDS_EN or word in FUNCTION_WORDS_EN:
            continue
        if normal.get((start, end)) in FUNCTION_WORDS_JA or compound.get((start, end)) in FUNCTION_WORDS_JA:
            continue
        if word == "なのっ" and text.startswith("て", end):
            continue  # 「現状維持なのって」: だ, の and って, which Sudachi reads as 名乗る
        if word in PARTICLES_EN and re.search(rf"\b(?:{PARTICLES_EN[word]})\s+(?:\w+\s+)?$", text[:start]):
            continue  # "took up the most hours": the particle of a light verb
        if word in YEAR_BOUNDS_EN and (m := _YEAR_BOUND_RE.match(text, end)) and (word != "up" or m.group(1)) and any(
                p.kind == "year" and p.start == m.end() for p in parts):  # fmt: skip
            continue  # "since R2", "up to R6": the bound of a span of years, which the years read say
        left.append((start, end, word))
    return left


def _compound_verbs(text: str) -> dict[tuple[int, int], str]:
    """Each place of a verb Sudachi cuts in two (「見込んでる」: 見 + 込ん) and the one verb they make (見込む)."""
    found = question_morphemes(text)
    return {span: a.surface + b.normal for a, b in itertools.pairwise(found)
            if a.pos[0] == b.pos[0] == "動詞" and a.end == b.begin for span in ((a.begin, a.end), (b.begin, b.end))}


_WHY_JA = re.compile(r"なぜ|何故|なんで(?!す|しょ|も)|どうして(?!も|い|お|く|ほし|もら)")  # (どうしていく: how it will do)


def _helping_verbs(text: str) -> set[tuple[int, int]]:
    """The places of the verbs that only help the verb before them, after its て (教えて「もらえ」ますか, 参加して「いる」,
    減って「しまっ」た): Sudachi's 非自立可能 verbs there say who benefits, or aspect, not what is asked."""
    words = question_morphemes(text)
    helping = {(b.begin, b.end) for a, b in zip(words, words[1:], strict=False)
               if a.surface in ("て", "で") and a.pos[:2] == ("助詞", "接続助詞") and b.pos[:2] == ("動詞", "非自立可能")}
    # ... and those that report what the clause before a quoting と says (「低下すると見込んでる」): it is what is asked
    for i in range(2, len(words)):
        quoting = words[i - 1].surface == "と" and words[i - 1].pos[0] == "助詞" and words[i - 2].pos[0] in ("動詞", "助動詞")
        run = list(itertools.takewhile(lambda m: m.pos[:2] == ("動詞", "非自立可能"), words[i:]))
        if quoting and run:
            helping |= {(m.begin, m.end) for m in run}
    return helping


# ---- a project named in English ----------------------------------------------------------------------------

MAX_NAMED = 5  # projects one English question names by their names' words ("the X project or the Y one", four clinics)


MIN_CLASSES = 5  # values a field has, at least, to be a classification (施策, 基本事業), not a choice of a few


def _class_in_other_words(text: str, lang: str, parts: list[Part], words: Words) -> tuple[list[Part], list[str]]:
    """A classification's value said in the question's own words just before its field's word: 「交通や港の物流
    ネットワークを充実させる施策」 is the 施策 「交通・港湾物流ネットワークの充実」, the one value holding each of the
    words left before 施策 (two at least, no other part between them and it)."""
    left = unplaced_tokens(text, lang, parts)
    for named in (p for p in parts if p.kind == "field" and len(words.values_of.get(p.value, ())) >= MIN_CLASSES):
        after = max((p.end for p in parts if p.end <= named.start), default=0)
        said = [t for t in left if after <= t[0] and t[1] <= named.start]
        if len(said) < 2:
            continue
        holding = [v for v in words.values_of[named.value] if all(w in v for _, _, w in said)]
        if len(holding) != 1:
            continue
        value = ((named.value, holding[0]),)
        parts = sorted([*parts, *(Part("value", s, e, value, rank=1) for s, e, _ in said)], key=lambda p: p.start)
        left = [t for t in left if t not in said]
    return parts, [w for _, _, w in left]


def _judgements_by_their_speakers(text: str, parts: list[Part]) -> list[Part]:
    """「担当課は終了にしてないのに、課長等意見で終了になってる事業」, "the division itself wanted to keep it unchanged
    but the section chief said reform", "the staff's own assessment said keep things as they are": beside the chief's
    今後の方向性, a direction said after the department (担当課, "the division itself") or its staff ("the staff's") is
    the department's own, its 改革改善の方向性; the words between say whose it is ("assessment", 「方向性」)."""
    decided = {"ofunato_future_direction", SAME_FIELD["ofunato_future_direction"]}  # (read as Tsukuba's 方向性 too)
    if not any(p.kind == "field" and p.value in decided for p in parts):
        return parts
    ordered = sorted(parts, key=lambda p: p.start)
    out = list(parts)
    for i, p in enumerate(ordered):
        said = next((q for q in ordered[i + 1 :] if q.kind == "value" or (q.kind == "field" and q.value in decided)), None)
        if said is not None and said.kind == "field" and (spelt := _SPELT_OUT.match(text, said.end)) is not None:
            # 「担当課は続ける（現状維持や改革改善）」: the values in brackets say what the direction's word does
            said = next((q for q in ordered if q.start == spelt.end() and q.kind == "value"), said)
        speaker = p.kind == "field" and (p.value in UNIT_FIELDS or (
            p.value in COST_OF and text.startswith(("'s", "の"), p.end)))  # (staff, whose cost is the personnel cost)
        if speaker and i + 1 < len(ordered) and _BOTH_SAID.fullmatch(text, p.end, (chief := ordered[i + 1]).start) and (
                chief.kind == "field" and chief.value in decided):
            # 「担当課と課長で今後の方向性の判断は同じ？」: each one's direction, the department's its own
            out = [Part("field", p.start, p.end, "ofunato_improvement_direction") if q is p else q for q in out]
            continue
        if speaker and i + 1 < len(ordered) and _WHOSE.fullmatch(text, p.end, (own := ordered[i + 1]).start) and (
                own.kind == "heading" and own.value == DIRECTION_SECTION or own.kind == "field" and own.value in decided):
            out = _the_departments_own(text, ordered, out, p, own, decided)  # 「担当課が出した方向性」
            continue
        if not speaker or said is None or said.kind != "value" or not any(key in decided for key, _ in said.value):
            continue
        whose = [q for q in ordered[i : ordered.index(said)] if q is p or q.kind in ("heading", "field")]
        # (and the values said with it, 「終了・廃止を出していない」: one direction in its several words)
        listed = [said]
        for q in ordered[ordered.index(said) + 1 :]:
            if q.kind != "value" or not _LISTED.fullmatch(text, listed[-1].end, q.start) or not any(
                    key in decided for key, _ in q.value):  # fmt: skip
                break
            listed.append(q)
        out = [Part("value", q.start, q.end, _the_departments(q, decided)) if q in listed
               else Part("subject", q.start, q.end, True) if q in whose else q for q in out]  # fmt: skip
    return out


def _the_departments(said: Part, decided: set[str]) -> tuple:
    """A direction said as the department's: that value of its 改革改善の方向性 (終了 of Tsukuba's, 終了・廃止・休止 of
    大船渡's: the latter)."""
    values = [v for key, v in said.value if key in decided]
    return tuple(dict.fromkeys(("ofunato_improvement_direction", v) for v in values
                               if not any(v != other and v in other for other in values)))  # fmt: skip


_LISTED = re.compile(r"\s*[・、,/や]\s*|\s*(?:or|and)\s+")  # between the words of one thing said as a list
_SPELT_OUT = re.compile(r"\s*[（(「『]\s*")  # a bracket opening the values a word stands for


# What says a direction is the department's own: 「担当課の方向性」「担当課が出した方向性」, "the division's own direction"
_BOTH_SAID = re.compile(r"\s*(?:と|や|and|&)\s*(?:the\s+)?", re.IGNORECASE)  # two speakers said together
_WHOSE = re.compile(r"\s*(?:自身の|の|が(?:出|示|決め|付け|つけ)(?:した|た|ている|てる|している|してる)?|"
                    r"'s(?:\s+own)?(?:\s+(?:proposed|suggested|recommended|chosen))?)\s*")
# 「…はそうなってない」: the value said before, of the field just named, negated by the word after
_SO_TOO = re.compile(r"\s*[はが]?\s*(そう)")
DIRECTION_SECTION = "direction"


def _the_departments_own(text: str, ordered: list[Part], out: list[Part], speaker: Part, own: Part,
                         decided: set[str]) -> list[Part]:
    """The department's direction (「担当課が出した方向性と課長の意見」): its 改革改善の方向性; and 「そう」 after it, a
    direction the chief's was said to be before (「課長の意見だと終了なのに、担当課の方向性はそうなってない」), that
    value of it."""
    field = Part("field", own.start, own.end, "ofunato_improvement_direction")
    said = [q for q in ordered if q.kind == "value" and q.end <= speaker.start and any(k in decided for k, _ in q.value)]
    again = []
    if said and (m := _SO_TOO.match(text, own.end)) is not None:
        values = tuple(dict.fromkeys(("ofunato_improvement_direction", v) for k, v in said[-1].value if k in decided))
        again = [Part("value", m.start(1), m.end(1), values)]
    # "the department's own proposed direction was not to end them": the value said of it next, in its clause
    after = next((q for q in ordered if q.start >= own.end and q.kind in ("value", "field", "heading")), None)
    of_it = after if after is not None and after.kind == "value" and any(k in decided for k, _ in after.value) and \
        not _CLAUSE_MARK.search(text, own.end, after.start) else None  # fmt: skip
    return sorted([*(Part("subject", q.start, q.end, True) if q is speaker else field if q is own
                     else Part("value", q.start, q.end, _the_departments(q, decided)) if q is of_it else q for q in out),
                   *again], key=lambda q: q.start)


# Words asking whether two things are alike: the two shown side by side answer it
_ALIKE = frozenset(("同じ", "違う", "違っ", "違い", "一致", "異なる", "異なっ", "食い違", "食い違っ", "食い違う", "same",
                    "different", "differ", "differs", "match", "matches", "agree", "agrees", "disagree", "disagrees",
                    "consistent"))


def _two_fields_compared(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """「担当課が出した方向性と課長の意見って同じなの？」, "do the two directions match?": a word asking whether two
    fields of a project agree says what is shown of both, their values side by side."""
    if len({p.value for p in parts if p.kind == "field"}) < 2:
        return parts
    said = [Part("subject", start, end, True) for start, end, word in unplaced_tokens(text, lang, parts)
            if word.lower() in _ALIKE]  # fmt: skip
    return sorted([*parts, *said], key=lambda p: p.start) if said else parts


def _words_of_a_value(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """"pushed to 'reform/improve'", "facility-management type projects": a word left right after a value and a
    slash says that value again; "type" after it says it is a kind of project."""
    after = {p.end for p in parts if p.kind == "value"}
    said = []
    for start, end, word in unplaced_tokens(text, lang, parts):
        gap = re.search(r"\s*/\s*$" if word.lower() not in _KIND_WORDS else r"\s*/\s*$|\s+$", text[:start])
        if gap is not None and gap.start() in after:
            said.append(Part("subject", start, end, True))
    return sorted([*parts, *said], key=lambda p: p.start) if said else parts


_KIND_WORDS = ("type", "types", "kind", "kinds", "sort", "sorts")


def _field_said_as_an_alternative(text: str, parts: list[Part]) -> list[Part]:
    """"the chief's opinion says end or abolish it": a field's word (終期's "end") said as the alternative of a value
    ("or abolish", 「か廃止」) says that value in other words: it is no field asked."""
    out = list(parts)
    for a, b in itertools.pairwise(sorted(parts, key=lambda p: p.start)):
        if {a.kind, b.kind} == {"field", "value"} and _OR_BETWEEN.fullmatch(text[a.end : b.start]):
            field_part = a if a.kind == "field" else b
            out[out.index(field_part)] = Part("subject", field_part.start, field_part.end, True)
    return out


_OR_BETWEEN = re.compile(r"\s+or\s+|\s*/\s*|か|や")


def _values_only_tried(text: str, parts: list[Part]) -> list[Part]:
    """「廃止しようとしたことがあるって聞いたけど、どうなったの？」: a value only tried (〜しようとした) is an event the
    passages tell, not the value the form holds: its word is left for them, and no field is read from it."""
    return [p for p in parts if not (p.kind == "value" and ops.TRIED.match(text, p.end))]


def _series_word_as_a_value(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「毎年やる事業？それとも期間が決まってる？」: a word asking a series (毎年) that begins one value of the form's
    (事業期間's 毎年度), said of what a project is (「…やる事業」), is that value: what kind of project, not a trend."""
    out = list(parts)
    for p in parts:
        if p.kind != "series" or _DONE_AS_A_PROJECT.match(text, p.end) is None:
            continue
        word = text[p.start : p.end]
        held = [(key, v) for key, values in words.values_of.items() for v in values
                if isinstance(v, str) and v.startswith(word)]  # fmt: skip
        if len(held) == 1:
            out[out.index(p)] = Part("value", p.start, p.end, (held[0],))
    return out


_DONE_AS_A_PROJECT = re.compile(r"(?:やる|やってる|やっている|行う|行っている|実施する|実施している|続ける|続けている)?(?:事業|もの)")


def _value_of_the_field_said(parts: list[Part], words: Words) -> list[Part]:
    """「補助金タイプに分類されてる事業」: words many names hold (補助金) that begin one value of a field the question
    names (事務事業区分's 補助金等) are that value, not words of the projects' names."""
    said = {p.value for p in parts if p.kind == "field"}
    out = []
    for p in parts:
        held = [(key, v) for key in said for v in words.values_of.get(key, ())
                if p.kind == "name_run" and isinstance(p.value, str) and v.startswith(p.value)]  # fmt: skip
        out.append(Part("value", p.start, p.end, (held[0],)) if len(held) == 1 else p)
    return out


def _names_sharing_a_head(text: str, lang: str, parts: list[Part], words: Words) -> list[Part]:
    """Names listed with one head word for them all ("the Ryori, Okirai and Yoshihama clinics", "the district clinics
    (Ryori, Okirai, Yoshihama)"): each listed word, said with the head, names the one project whose name says both
    (綾里 alone is in nine names, 綾里 and clinic in one). The last, written with the head, is named as any name is."""
    runs = []  # the runs left, cut where "and" or "or" joins two words ("okirai and yoshihama clinics")
    # (of the words but projects' mentions: a listed name read alone, "okirai", is one of the list all the same)
    for run in _runs_left(text, lang, [p for p in parts if p.kind != "project"]):
        runs.append([run[0]])
        for a, b in zip(run, run[1:], strict=False):
            if _LISTED_APART.fullmatch(text[a[1] : b[0]]) or text[a[1] : b[0]].strip() == "(":
                runs.append([b])
            else:
                runs[-1].append(b)
    found = []
    i = 0
    while i < len(runs):
        group = [runs[i]]
        while i + 1 < len(runs) and _LISTED_APART.fullmatch(text[group[-1][-1][1] : runs[i + 1][0][0]]):
            group.append(runs[i + 1])
            i += 1
        i += 1
        if len(group) < 2:
            continue
        opened = text[: group[0][0][0]].rstrip()
        bracketed = opened.endswith("(") and (before := [r for r in runs if r[-1][1] <= len(opened) - 1])
        if bracketed:
            head, listed = before[-1], group  # "the district clinics (Ryori, Okirai, Yoshihama)"
        else:
            head, listed = group[-1][1:], group[:-1]  # "the Ryori, Okirai and Yoshihama clinics"
        heads = {english_stem(word) for _, _, word, _ in head if word not in NUMBER_WORDS} - words.common_english
        if not heads:
            continue
        named_here = []
        for run in listed:
            # (the first listed may end a run of words before it: "the visits at the Ryori, Okirai and …")
            if len(run) != 1 and re.fullmatch(r"[\s-]*", text[run[-2][1] : run[-1][0]]):
                continue
            start, end, word, _ = run[-1]
            said = heads | {english_stem(word)}
            named = [n for (kind, n), bag in words.named_english.items() if kind == "project" and said <= bag]
            if len(named) == 1:
                named_here.append(Part("project", start, end, named[0], rank=1))
        found += named_here
        if bracketed and len(named_here) == len(listed):
            # the head before the brackets says what they all are ("the three district clinics"): their mention
            found += [Part("subject", start, end, True) for start, end, word, _ in head
                      if NUMBER_WORDS.get(word, len(listed)) == len(listed)]  # fmt: skip
    return _with_new(parts, found)


_LISTED_APART = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)", re.IGNORECASE)


def _english_names(text: str, lang: str, parts: list[Part], words: Words) -> list[Part]:
    """Words left in an English question that say what a project's or a unit's name says ("the Sanriku Railway
    support project": 三陸鉄道支援事業; "the Okirai clinic": 越喜来診療所; "the fisheries division": 水産課) become
    its mention: the name whose English words (``index.glosses``) the most of one run of words left are, weighted
    by how few names have them; two words at least, or one that is the name's own in romaji, or the only word
    before "project" that only this name has. Of names saying as much, the one saying least besides ("hometown tax": ふるさと納税事務, not 企業版ふるさと納税事務); a tie names
    nothing (the question may then be read by meaning). The run's other words of that name, and a field word
    inside it ("smart city"), are the mention too."""
    parts = _names_sharing_a_head(text, lang, parts, words)
    total = max(len(words.named_english), 1)
    common = words.common_english
    used: list[tuple[int, int]] = []  # the runs that named a project: their other words name no other
    said = frozenset(english_stem(word) for word in english_words(text)) - common
    for _ in range(MAX_NAMED):
        runs = _runs_left(text, lang, parts)
        scored: list[tuple[tuple[int, float], int, tuple, list]] = []  # ((together, rarity), -size, named, run)
        for run in runs:
            if any(s <= run[0][0] < e for s, e in used):
                continue
            # "the city's science and technology projects": a field word owning the rest says whose, not which
            naming = [t for t in run if not (t[3] and text.startswith("'s", t[1]))]
            stems = {english_stem(word) for _, _, word, _ in naming} - common
            left = {english_stem(word) for _, _, word, field_word in run if not field_word}
            # "the school lunch program" (not "the election board's project costs": "project" of a field's words)
            after = _PROJECT_WORD_AFTER.match(text, run[-1][1])
            said_project = bool(after) and not any(p.kind == "field" and p.start < after.end() <= p.end for p in parts)
            division = any(word.lower() in _DIVISION_WORDS for _, _, word, _ in run)
            # "the General Affairs Division": a 部課 (総務課) before a 係 whose name says as much (庶務係)
            of_a_department = any(word.lower() in _DEPARTMENT_KINDS for _, _, word, _ in run)
            first = next((s for s, _, word, field_word in run if not field_word and word not in NUMBER_WORDS), run[0][0])
            # "which science and technology project", "the science and technology projects": a kind of project
            # (not "what problems does the smart city project have": a verb between, "what" asks of the project)
            of_a_kind = bool((_KIND_BEFORE.search(text[:first]) and not _AUXILIARY.search(text, first, run[-1][1]))
                             or _PROJECTS_AFTER.match(text, run[-1][1]))
            form_stems = {english_stem(word) for _, _, word, field_word in run if field_word}
            unit_after = next((p.value for p in parts if p.kind == "field" and p.value in UNIT_FIELDS
                               and not text[run[-1][1] : p.start].strip()), None)  # fmt: skip
            # (a gloss in brackets after a name, "科学の街推進係 (Science City Promotion section)", says it again)
            in_brackets = re.search(r"[(（][^)）]*$", text[: run[0][0]]) is not None
            own_words = [word for _, _, word, field_word in naming if not field_word]
            many = len(own_words) == 1 and _PLURAL.search(own_words[0]) is not None  # (one word, in the plural)
            # (the pairs of the run's first compound: "school bus routes", not "toilets at the train stations", where
            # what follows a preposition says where the thing before it is)
            compound = list(itertools.takewhile(lambda pair: re.fullmatch(r"[\s-]*", text[pair[0][1] : pair[1][0]]),
                                                itertools.pairwise(run)))
            pairs = [tuple(english_words(f"{a} {b}")) for (*_, a, _), (*_, b, _) in compound]
            # (but a kind of unit asked, "which section …", is the field asked, no word of a unit's name; a unit
            # named beside it is said as one phrase: not "takes care of the public toilets", 国保医療課's 医療 and 国)
            asked_kind = {english_stem(word) for start, _, word, field_word in run
                          if field_word and re.search(r"\b(?:which|what)\s+$", text[:start])}  # fmt: skip
            stems -= asked_kind
            unit_stems = stems | {english_stem(word) for _, _, word, _ in run} - common - asked_kind
            for named, bag in words.named_english.items():
                if said_project and not of_a_kind and named[0] == "value":
                    continue  # a project, not the unit named alike (北部学校給食センター)
                # a unit's own kind word counts for the unit ("the tax division's projects": 税務課)
                distinct = (unit_stems if named[0] == "value" else stems) & bag
                if asked_kind and named[0] == "value" and not _said_as_one_phrase(text, run, distinct):
                    continue
                if distinct <= form_stems and not (said_project and not of_a_kind):
                    continue  # the form's words alone ("not counting staff costs") name a field, not a project
                alone = said_project and bool(distinct) and left <= bag and words.names_holding[min(distinct)] == 1
                # "the city museum's projects", "the cost of running elections": one word of a unit's name that only
                # its projects' names hold, said of a kind or of many
                its_word = (of_a_kind or many) and named[0] == "value" and len(distinct) == 1 \
                    and _only_its(min(distinct), named, words)  # fmt: skip
                # "the Disaster Management Office's projects": every word said is of the unit's name, common ones too
                if of_a_kind and named[0] == "value" and len(left) > 1 and left <= bag:
                    distinct = left
                # "the projects run by the innovation promotion unit": one word the name of only one unit of the kind
                # said after it holds (not the 部課 whose name holds it too, a unit of another kind; the one unit
                # written with and without its 部 is one: "tourism office", 観光交流推進室)
                of_its_kind = named[0] == "value" and named[1][0] == unit_after and len(distinct) == 1 and not (
                    in_brackets) and (
                    distinct <= words.named_own.get(named, frozenset())) and all(
                    _own_part(other[1][1]) == _own_part(named[1][1]) for other in words.holders.get(min(distinct), ())
                    if other[0] == "value" and other[1][0] == unit_after)  # fmt: skip
                if len(distinct) < 2 and not _own_word(distinct, named, words, said - stems) and not alone and not its_word \
                        and not of_its_kind:
                    continue  # one word names a project as its own word, or said alone as one ("the robot project")
                # a name said as a phrase ("the school bus service") before words of another scattered over the run
                rarity = round(sum(math.log(total / words.names_holding[stem]) for stem in distinct), 6)
                # "the Agricultural Committee office's programs": a kind of project is a unit's, before a project's
                unit_first = of_a_kind and named[0] == "value"
                # of a department's divisions alike, the one whose own name says the words, and says least besides
                # ("the water supply division": 水道課, not 下水道課, whose 下 says more; "the … department": all)
                own = _says(_own_part(named[1][1])) if named[0] == "value" and division else frozenset()
                # (when its name says every word of the run: not "the Ofunato district fire department union", whose
                # "fire department" is 消防, of 大船渡地区消防組合's name, not 大船渡地区環境衛生組合's)
                kind_said = of_a_department and named[0] == "value" and named[1][0] == "department" and left <= bag
                # (or a unit's field word right after the run names its kind: "the innovation promotion unit": a 係,
                # not the 部課 whose name says as much)
                kind_said = kind_said or (named[0] == "value" and named[1][0] == unit_after and left <= bag)
                # then the one whose own name says the kind said too ("the school education division": 学校教育課, a
                # 課, before 教育委員会博物館, whose name says as much else)
                kinds = len({english_stem(word) for _, _, word, _ in run} & own)
                # a word of the name said as the phrase the dictionary gives for it ("school bus": スクールバス of
                # スクールバス運行事業), before words scattered over other names'; of two such phrases, the first, as
                # English compounds nouns ("school bus routes": the school bus's routes, not バス路線's)
                name = words.by_number[named[1]].variants[0] if named[0] == "project" and named[1] in words.by_number else ""
                phrased = max((-i for i, pair in enumerate(pairs) if pair in _phrases_of(name)), default=-len(run)) \
                    if name else -len(run)
                scored.append(((unit_first, kind_said, phrased, _together(naming, bag), rarity, len(distinct & own), kinds),
                               -len(own or bag), named, run))  # fmt: skip
        scored.sort(key=lambda s: s[:2], reverse=True)
        # A unit named as the project it runs (越喜来診療所, 越喜来診療所運営事業): said as much, the project is meant.
        projects_as_much = {(score, words.by_number[number].variants[0]) for score, _, (kind, number), _ in scored
                            if kind == "project"}  # fmt: skip
        scored = [s for s in scored if not (s[2][0] == "value" and any(
            score == s[0] and _own_part(s[2][1][1]) in name for score, name in projects_as_much))]  # fmt: skip
        meant = _units_meant(scored, common) if len(scored) > 1 and scored[1][:2] == scored[0][:2] else None
        meant = meant or _department_meant(scored, common, words.values_of.get("department", ())) or _written_twice(scored)
        # (one name said twice, "the crematorium … its cremations", is no tie)
        tied = len(scored) > 1 and scored[1][:2] == scored[0][:2] and scored[1][2] != scored[0][2]
        if not scored or (tied and not _one_unit(scored, words) and not meant):
            break
        _, _, (kind, what), run = scored[0]
        bag = words.named_english[(kind, what)]
        value, rank = (what, 1) if kind == "project" else ((what,), 3)  # a unit is a condition on its projects
        if meant:
            value, bag = tuple(meant), frozenset().union(*(words.named_english[("value", m)] for m in meant))
        spans = _mention(text, run, bag, common, parts)
        # The name said on both sides of the word "project" ("the community support program for the disaster
        # public housing estates"): a run beside it, only the word and small words apart, of its words only.
        for other in runs:
            a, b = sorted([(other[0][0], other[-1][1]), (run[0][0], run[-1][1])])
            between = text[a[1] : b[0]]
            if other != run and _PROJECT_WORD.search(between) and not _NAMES_APART.search(between) and not any(
                a[1] <= p.start < b[0] for p in parts
            ) and all(english_stem(word) in bag for _, _, word, field_word in other if not field_word):
                spans += [(s, e) for s, e, _, field_word in other if not field_word]
        # Words of its name said across an auxiliary ("How many books … did the city library lend"), a run of their
        # own (``_runs_left``): the mention's too.
        for other in runs:
            a, b = sorted([(other[0][0], other[-1][1]), (run[0][0], run[-1][1])])
            if other != run and _ACROSS_AUXILIARY.fullmatch(text[a[1] : b[0]]):
                spans += [(s, e) for s, e, word, field_word in other if not field_word and english_stem(word) in bag]
        # A name said as a list ("the agriculture, forestry and fisheries department"): the runs before it, a comma
        # apart, of its words only
        start = run[0][0]
        for other in sorted(runs, key=lambda r: -r[0][0]):
            if other[-1][1] <= start and re.fullmatch(r"\s*,\s*", text[other[-1][1] : start]) and all(
                english_stem(word) in bag for _, _, word, field_word in other if not field_word
            ):
                spans += [(s, e) for s, e, _, field_word in other if not field_word]
                start = other[0][0]
        mention = [Part(kind, s, e, value, rank) for s, e in spans]
        # (a field word the mention took, each of its words: "the local-government system standardisation project")
        taken = [p for p in parts if p.kind == "field" and all(
            any(s <= p.start + w.start() and p.start + w.end() <= e for s, e in spans)
            for w in re.finditer(r"\w+", text[p.start : p.end]))]  # fmt: skip
        parts = sorted([*(p for p in parts if p not in taken), *mention], key=lambda p: p.start)
        used.append((run[0][0], run[-1][1]))
    return parts


def _own_part(unit: str) -> str:
    """A unit's name after the 部 it belongs to (上下水道部水道課: 水道課), which its sibling units do not share."""
    parts = office_and_unit(unit)
    return parts[1] if parts else unit


@functools.cache
def _says(text: str) -> frozenset[str]:
    """The English stems the dictionary's glosses of ``text``'s words hold."""
    dictionary = installed_dictionary()
    if dictionary is None:
        return frozenset()
    return frozenset(english_stem(w) for m in question_morphemes(text) for g in dictionary.glosses(m.surface)
                     for w in english_words(g))  # fmt: skip


@functools.cache
def _phrases_of(text: str) -> frozenset[tuple[str, ...]]:
    """The two-word English phrases the dictionary glosses ``text``'s words with, and its pairs of words (スクール
    バス: "school bus"), as stems."""
    dictionary = installed_dictionary()
    if dictionary is None:
        return frozenset()
    said = [m.surface for m in question_morphemes(text)]
    words = [*said, *(a + b for a, b in itertools.pairwise(said))]
    return frozenset(stems for word in words for g in dictionary.glosses(word)
                     if len(stems := tuple(english_words(g))) == 2)  # fmt: skip


def _said_as_one_phrase(text: str, run: list[tuple[int, int, str, bool]], stems: set[str]) -> bool:
    """Whether two words or more of ``run`` whose stems are ``stems`` stand side by side, spaces, hyphens, commas or
    "and" apart ("the Science and Technology Promotion Division"; not "care of the public")."""
    said = [(start, end) for start, end, word, _ in run if english_stem(word) in stems]
    return any(re.fullmatch(r"[\s,-]*|\s+and\s+", text[a[1] : b[0]]) for a, b in itertools.pairwise(said))


def _only_its(stem: str, named: tuple, words: Words) -> bool:
    """Whether every project whose name's English words hold ``stem`` is run by the unit ``named`` ("museum":
    博物館's projects only)."""
    (_, unit), holders = named[1], [n for (kind, n), bag in words.named_english.items() if kind == "project" and stem in bag]
    return bool(holders) and all(unit in words.units_of.get(n, ()) for n in holders)


def _units_meant(scored: list, common: set[str]) -> list[tuple[str, str]]:
    """The units a run of English words names when several units' names say it as much: those whose own name
    (after the 部 they share) says every word of it ("the fisheries division": 農林水産部水産課, not 農林課), else all
    of them when what they share says it ("the agriculture, forestry and fisheries department": both; "the tourism
    promotion office", written with and without its 部). None when they are not units, or say it in other ways."""
    tied = [(named, run) for score, size, named, run in scored if (score, size) == scored[0][:2]]
    dictionary = installed_dictionary()
    if dictionary is None or any(kind != "value" or unit[0] not in UNIT_FIELDS for (kind, unit), _ in tied):
        return []
    said = {english_stem(word) for _, _, word, _ in tied[0][1]} - common
    said -= {english_stem(w) for kind_word in ("部", "課", "室", "係", "所") for g in dictionary.glosses(kind_word)
             for w in english_words(g)}  # fmt: skip
    names = [unit[1] for (_, unit), _ in tied]
    department = re.match(r".*部", names[0])
    shared = department.group(0) if department and all(n.startswith(department.group(0)) for n in names) else ""

    own = [unit for (_, unit), _ in tied if said and said <= _says(unit[1][len(shared) :])]
    if own:
        return own
    return [unit for (_, unit), _ in tied] if said and (not shared or said <= _says(shared)) else []


_DEPARTMENT_WORDS = frozenset({"department", "departments", "bureau"})
_DEPARTMENT_KINDS = _DEPARTMENT_WORDS | {"division", "divisions", "office"}  # the words for a 部課 of the city


def _written_twice(scored: list) -> list[tuple[str, str]]:
    """The unit named, written with and without its 部 (商工港湾部観光交流推進室, 観光交流推進室), said as much: both
    (one unit's projects, under either cell). None unless the first is a unit written so."""
    if not scored or scored[0][2][0] != "value":
        return []
    (key, unit), first = scored[0][2][1], scored[0][0]
    same = [named[1] for score, _, named, _ in scored if score == first and named[0] == "value"
            and named[1][0] == key and _own_part(named[1][1]) == _own_part(unit)]  # fmt: skip
    return same if len(same) > 1 else []


def _units_of_its_department(unit: str, run: list, units: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every 課 of the 部 of ``unit``, when the run names a department and no division: what "the … department"
    says of a city whose cells print 部 and 課 together."""
    office = _office_of(unit)
    if office is None or any(word.lower() in _DIVISION_WORDS for _, _, word, _ in run):
        return []
    found = [("department", u) for u in units if u.startswith(office)]
    return found if len(found) > 1 else []


_DIVISION_WORDS = ("division", "divisions", "section", "sections")


def _department_meant(scored: list, common: set[str], units: tuple[str, ...]) -> list[tuple[str, str]]:
    """The units a run of English words ending in "department" names: every division of the one 部 whose own name
    says the words ("the health and welfare department": 保健福祉部's 課, not the one whose name says least
    besides). None when the run says no department, or the units said as much are of several 部."""
    if not scored or not any(word.lower() in _DEPARTMENT_WORDS for _, _, word, _ in scored[0][3]):
        return []
    tied = [(named, run) for score, _, named, run in scored if score == scored[0][0]]
    if any(kind != "value" or unit[0] != "department" for (kind, unit), _ in tied):
        return []
    if len(tied) < 2:  # ("the water and sewerage department": 上下水道部's 課, not its 下水道課 alone)
        return _units_of_its_department(tied[0][0][1][1], tied[0][1], units)
    heads = {m.group(0) if (m := re.match(r".+?部", unit[1])) else "" for (_, unit), _ in tied}
    said = {english_stem(word) for _, _, word, field_word in tied[0][1] if not field_word} - common
    head = heads.pop() if len(heads) == 1 else ""
    return [unit for (_, unit), _ in tied] if head and said and said <= _says(head) else []


def _one_unit(scored: list, words: Words) -> bool:
    """Whether the names said as much are units running the same projects: a 部課 and its one 係 ("the city
    museum": 教育委員会博物館 and its 博物館 係), either of which is meant."""
    tied = [named for score, size, named, _ in scored if (score, size) == scored[0][:2]]
    if any(kind != "value" for kind, _ in tied):
        return False
    runs = [{n for n, units in words.units_of.items() if value in units} for _, (_, value) in tied]
    return all(r == runs[0] for r in runs)


def _together(run: list, bag: frozenset[str]) -> int:
    """The most words of ``bag`` the run says one after another."""
    longest = streak = 0
    for *_, word, _ in run:
        streak = streak + 1 if english_stem(word) in bag else 0
        longest = max(longest, streak)
    return longest


def _mention(text: str, run: list, bag: frozenset[str], common: set[str], parts: list[Part]) -> list[tuple[int, int]]:
    """The spans of ``run`` naming what ``bag`` names: its distinctive words; its common words ("support") and a
    field word of it ("smart city") written right beside them; a field word between them and the word "project"
    ("the robot city project")."""
    own = [(s, e) for s, e, word, _ in run if english_stem(word) in bag - common]

    def beside(s: int, e: int) -> bool:  # "Sanriku Railway support", "supporting the Sanriku Railway"
        return any(re.fullmatch(r"[\s\-]*(?:the\s+)?", text[e:a] if e <= a else text[b:s]) for a, b in own)

    grown = True
    while grown:
        grown = False
        for s, e, word, _ in run:
            if (s, e) not in own and english_stem(word) in bag and beside(s, e):
                own.append((s, e))
                grown = True
    fields = [(p.start, p.end) for p in parts if p.kind == "field"]
    own += [(s, e) for s, e in fields if beside(s, e) and _PROJECT_WORD_AFTER.match(text, e) and (s, e) not in own]
    # A word the name lacks, written between two of its words or between one and the word "project" ("the hometown
    # tax donation (furusato nozei) program"), is the name as the question says it.
    for s, e, _, field_word in run:
        joined_left = any(_JOINED.fullmatch(text[b:s]) for a, b in own if b <= s)
        joined_right = any(_JOINED.fullmatch(text[e:a]) for a, b in own if a >= e)
        if not field_word and (s, e) not in own and joined_left and (joined_right or _PROJECT_WORD_AFTER.match(text, e)):
            own.append((s, e))
    return sorted(own)


# What may stand between the words of one name said in English: "medical-expense subsidy for children".
_JOINED = re.compile(r"[\s\-()'’]*(?:(?:for|of|to|the|on)[\s\-]+)*")


def _own_word(found: set[str], named: tuple, words: Words, said: frozenset[str] = frozenset()) -> bool:
    """One word alone names a project when it is one of its name's own (its romaji, "Okirai"; a one-word
    translation of one of its nouns, "crematorium") and no other name has it; never an English word that happens
    to be part of one name's gloss only ("economic": 総合特区), nor a word of the form's fields ("personnel", 人材's
    gloss, is also the personnel costs'). A romaji word several names have (a place, "Yoshihama") names the one of
    them that alone has a word ``said`` elsewhere in the question ("the clinics (Ryori, Okirai, Yoshihama …)")."""
    own = words.named_own.get(named, frozenset())
    if len(found) != 1 or not found <= own or found & words.field_english:
        return False
    # a unit and the project whose name says the unit's own name (図書館, 図書館運営事業: "the city library") are one
    # name here: the choice between them is made after (a unit said as the project it runs)
    others = [other for other in words.holders.get(min(found), ())
              if not (other == named or _runs_as(named, other, words) or _runs_as(other, named, words))]
    if not others:
        return True
    dictionary = installed_dictionary()
    if dictionary is None or dictionary.entries_glossed(min(found)):
        return False  # (an English word several names gloss, "science", is no place's name)
    theirs = frozenset().union(*(words.named_english.get(other, frozenset()) for other in others))
    return bool(said & words.named_english.get(named, frozenset()) - theirs)


def _runs_as(project: tuple, unit: tuple, words: Words) -> bool:
    """Whether ``project`` (a key of ``named_english``) is named after ``unit``: its name says the unit's own name."""
    if project[0] != "project" or unit[0] != "value" or project[1] not in words.by_number:
        return False
    return _own_part(unit[1][1]) in words.by_number[project[1]].variants[0]


# What stands between two names: "the X project and the Y one", "the Ryori clinic or the Yoshihama clinic", a
# comma; not "and" or "/" inside a name ("Tourism and Exchange Promotion Office", "university/research institute").
_NAMES_APART = re.compile(r"\bor\b|\bvs\b|\bversus\b|\band\s+(?:the|a|an|its)\b|[,;—–:?!]|\.\s")  # (no name spans a
# sentence's end or a colon: "Budget question: rank the …" names nothing)
# "the robot city project": a field word right before the word "project" is still the name's; the word ends it.
_PROJECT_WORD = re.compile(r"\b(?:project|program|programme|initiative|scheme)s?\b")
_PROJECT_WORD_AFTER = re.compile(rf"(?:'s)?\s+{_PROJECT_WORD.pattern}")
_PROJECTS_AFTER = re.compile(r"(?:'s)?\s+(?:(?:\d+|{})\s+)?(?:projects|programs|programmes|initiatives|schemes)\b"
                             .format("|".join(NUMBER_WORDS)))  # ("the city museum's six projects")
_PLURAL = re.compile(r"[^s']s$", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|do|does|did|has|have|had|will|can)\b")
_ACROSS_AUXILIARY = re.compile(rf"\s*{_AUXILIARY.pattern}\s+(?:(?:the|a|an|its|their)\s+)?")
# "which X project", "all X projects": X says what kind of project, a unit's as much as a project's name
_KIND_BEFORE = re.compile(
    r"\b(?:which|what|any|all|each|every)\s+(?:(?:\d+|{})\s+)?(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:(?:\d+|{})\s+)?"
    r"(?:[a-z]+'s\s+)?$".format(*["|".join(NUMBER_WORDS)] * 2)
)


def _runs_left(text: str, lang: str, parts: list[Part]) -> list[list[tuple[int, int, str, bool]]]:
    """The words left, in runs that no recognised part but a field word breaks ("the Okirai clinic" | "in R6";
    "the smart city project": a field word, city, may be a word of a name too); the unit of a count ("how many
    people") is in none. Each word says whether it is one of a field word's."""
    fields = [p for p in parts if p.kind == "field"]
    words = [(*t, False) for t in unplaced_tokens(text, lang, parts)] + [
        (*t, True) for t in unplaced_tokens(text, lang, [p for p in parts if p.kind != "field"])
        if any(f.start <= t[0] and t[1] <= f.end for f in fields)
    ]
    counted = [(start, end) for start, end, _ in asked_counters(text, lang)]
    words = [t for t in words if not any(start <= t[0] < end for start, end in counted)]
    runs: list[list[tuple[int, int, str, bool]]] = []
    for token in sorted(words):
        between = text[runs[-1][-1][1] : token[0]] if runs else ""
        if (runs and not any(runs[-1][-1][1] <= p.start < token[0] for p in parts if p.kind != "field")
                and not _PROJECT_WORD.search(between) and not _NAMES_APART.search(between)
                and not _AUXILIARY.search(between)):  # ("how many consultations did the marriage …": two runs)  # fmt: skip
            runs[-1].append(token)
        else:
            runs.append([token])
    return [run for run in runs if not all(field_word for *_, field_word in run)]


# ---- words of the project named: its name and its indicators' names ------------------------------------


def _own_words(
    text: str, lang: str, parts: list[Part], words: Words, context: tuple[str, ...] = ()
) -> tuple[list[Part], list[str]]:
    """With one project named: words left over that name one of its indicators become an ``indicator`` part
    (the longest run of the question an indicator's name shares, over a word left over: 「出席率」 of
    「対象者の二十歳のつどい出席率」); words of the project's own name are its mention (「火葬場の管理運営事業」
    names 火葬場管理運営事業). Returns the parts and the words still unplaced."""
    named = {p.value for p in parts if p.kind == "project"} or set(context)  # else the one asked about before
    left = unplaced_tokens(text, lang, parts)
    if len(named) != 1 or not left:
        return parts, [w for _, _, w in left]
    number = named.pop()
    name = words.by_number.get(number)
    variants = [re.sub(r"\s", "", v) for v in name.variants] if name else []
    english = words.english.get(number, {}).get(0, frozenset()) if lang == "en" else frozenset()
    # a word of its name that few names have ("dogs" of 狂犬病予防事業, "books" of 図書館運営事業) names it
    # again wherever it is said ("how many books did the library lend")
    own = frozenset(w for w in english if w not in words.common_english and words.names_holding[w] <= FEW_NAMES)
    mention = [(p.start, p.end) for p in parts if p.kind == "project"]
    rest = _outside_mention(left, mention, variants, english, own)  # the mention's own words first
    if lang == "ja":
        # 「消防の訓練（演習とか防災訓練）の事業」: in the clause that ends in 事業 and holds the mention, words of the name
        # (消防, 訓練) and words in its brackets (examples: 演習) are the mention's, however far from it
        clauses = [m.span() for m in _PROJECT_CLAUSE.finditer(text) if any(m.start() <= s and e <= m.end() for s, e in mention)]
        brackets = [m.span() for m in re.finditer(r"[(（][^()（）]*[)）]", text)]
        rest = [t for t in rest if not any(a <= t[0] and t[1] <= b for a, b in clauses) or not (
            any(t[2] in v for v in variants) or any(a < t[0] and t[1] < b for a, b in brackets))]
        # 「子ども向けの科学教育の事業」: the words that open the clause, joined to the mention by の, say what kind of
        # project the one its words name is
        # (or to the name's words said first in a phrase of its own, 「子ども向けの体験型の科学教育イベント、」: 体験型 of
        # its indicator's name)
        first = min((p.start for p in parts if p.kind in ("project", "indicator")), default=None)
        opened = [(max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, first)), default=0), first)] if first else []
        held = [*variants, *(name for _, name in words.indicators.get(number, []))]
        for a, s in [*((a, s) for a, _ in clauses for s, _ in mention), *opened]:
            if s < a + 2 or text[s - 1] != "の":
                continue
            # the words before the first の (「子ども向け」), the rest up to the name being its own words (「体験型」)
            q = text.index("の", a, s)
            opening = [t for t in rest if a <= t[0] and t[1] <= q]
            between = [t for t in rest if q < t[0] and t[1] < s]
            if "".join(t[2] for t in opening) == text[a:q] and all(any(t[2] in h for h in held) for t in between):
                rest = [t for t in rest if t not in opening]
    spans = mention + [(start, end) for start, end, word in left if (start, end, word) not in rest]
    rest = [token for token in rest if not _describes_it(text, token, spans, parts)]
    if lang == "ja":  # 「パスポートの発給事務」 names 旅券発給事務: both are "passport"
        bag = words.english.get(number, {}).get(0, frozenset())
        rest = [token for token in rest if not _translates_its_name(token[2], bag)]
    # with the project from before, a word of its name points back at it, as "it" would
    indicators = words.indicators.get(number, [])
    units = words.indicator_units.get(number, {})
    if not _asks_a_share(text):  # 「どれくらい駆除した」: 駆除頭数, not 駆除率; a share is asked as one
        indicators = [(no, name) for no, name in indicators if units.get(no) != "%"]
    # 「補助金、いくら」: money, not 補助金交付決定数 in 件 (unless a count is asked too: 「何件申請があって事業費はいくら」)
    # (and a share asked beside a field of money named: 「事業費いくらかかって、投票率は」)
    money_named = any(p.kind == "field" and catalogue()[p.value].unit == "千円" and not put_in_for_money(text, lang, p)
                      for p in parts)  # fmt: skip
    if lang == "ja" and _MONEY_ASKED["ja"].search(text) and not asked_counters(text, lang):
        share = money_named and _asks_a_share(text)
        indicators = [(no, name) for no, name in indicators if "円" in units.get(no, "") or (share and units.get(no) == "%")]
    # a word of the name that the question writes on into more of an indicator's name is that indicator's
    # (「移住定住の促進事業で…移住者数は」: 移住者数, not 移住 of the name again)
    rest = sorted({*rest, *(t for t in left if _begins_an_indicator(text, t, indicators))})
    kind = "project" if mention else "anaphor"
    absorbed = [Part(kind, start, end, number if mention else True) for start, end, word in left
                if (start, end, word) not in rest]  # fmt: skip
    parts = sorted([*parts, *absorbed], key=lambda p: p.start)
    left = rest
    for _ in range(len(left)):  # 「営業係数と乗車人数」: each indicator named (one may be named twice, in other words)
        named = _indicator_run(text, left, indicators, mention)
        if not named:
            break
        _, start, end = named[0]
        kept = [p for p in parts if p.kind in ("project", "year") or not (start <= p.start and p.end <= end)]
        parts = sorted([*kept, *(Part("indicator", start, end, no) for no, _, _ in named)], key=lambda p: p.start)
        left = _outside_mention(unplaced_tokens(text, lang, parts), mention, variants, english, own)
    names = dict(indicators)  # 「対象になってる児童生徒数」: a field's word written into the indicator's name (対象となる児童生徒数)
    parts = [p for p in parts if not (p.kind == "field" and any(
        q.kind == "indicator" and _written_into(text, p, q, names.get(q.value, "")) for q in parts))]
    for q in [q for q in parts if q.kind == "indicator"]:
        head = next((t for t in left if _ends_the_name(text, q, t, names.get(q.value, ""))), None)
        if head is not None:
            parts = sorted([p for p in parts if p is not q] + [replace(q, end=head[1])], key=lambda p: p.start)
            left = [t for t in left if t is not head]
    if lang == "en" and left and not _MANNER.match(text):  # "how does it deal with …" asks for an account
        counted = any(p.kind == "aggregate" and p.value == "count" for p in parts)  # "how many": a number of
        # "how many donations": 寄附件数 (a number); "how much did donations grow": 寄附金額 (an amount)
        # (or the word itself: "the total amount donated")
        amount = re.search(r"\bhow much\b|\bamount\b", text) and not any(p.kind == "field" for p in parts)  # not "how much … cost"
        implied = {"number"} if counted else {english_stem("amount")} if amount else set()
        # "the vaccination rate": an operation's word said right beside a word left may be the indicator's own
        implied |= {english_stem(text[p.start : p.end]) for p in parts if p.kind == "op"
                    and any((e <= p.start and not text[e : p.start].strip()) or (s >= p.end and not text[p.end : s].strip())
                            for s, e, _ in left)}  # fmt: skip
        # (not the words of a clause describing the project: "the project that promoted … products to local
        # businesses" names no 製品等の試用件数)
        described = _describing_clauses(text, left, mention, parts, words, number) if mention else []
        # (the question's words no part reads, "used" among them, tell indicators holding the words left alike apart)
        bags = words.english.get(number, {})
        # (but a word right before the name that an indicator's name holds, counted, is that indicator's: "how many
        # people were registered library users": 図書館利用登録者)
        described = [t for t in described if not (counted and t[1] <= mention[0][0] and any(
            _holds(bag, english_stem(t[2])) for no, bag in bags.items() if no))]  # fmt: skip
        outside = [m for m in re.finditer(r"[a-z]+", text.lower()) if not any(p.start <= m.start() < p.end for p in parts)]
        hints = {english_stem(m.group()) for m in outside} - words.common_english - bags.get(0, set())
        found = []
        for clause in _clauses_of(text, [t for t in left if t not in described]):
            # each item of a list asks its own ("the number of donations, the total amount donated": 件数, 金額)
            said = text[clause[0][0] - _CLAUSE_LOOKBACK : clause[-1][1]] if len(clause) < len(left) else ""
            asks = {"number"} if re.search(r"\bnumber\b|\bhow many\b", said) else {english_stem("amount")} if \
                re.search(r"\bamount\b|\bhow much\b", said) else None  # fmt: skip
            local = implied if asks is None else asks | (implied - {"number", english_stem("amount")})
            found += _english_indicators(clause, bags, local, hints, _counted_nouns(text, clause, indicators))
        parts = _written_before(text, sorted([*parts, *found], key=lambda p: p.start), bags, dict(words.indicators.get(number, [])))
        left = _outside_mention(unplaced_tokens(text, lang, parts), mention, variants, english, own)
    parts = _share_asked(parts, units)
    if lang == "ja" and left and mention:  # 「省エネ家電の買い替え補助」: a noun written onto the name says its kind
        ends = {p.end for p in parts if p.kind == "project"}
        heads = [t for t in left if t[0] in ends and _is_noun(text, t)]
        if len(heads) == len(left):  # only when that reads the rest: else the name may be another's (甫嶺…センター)
            parts = sorted([*parts, *(Part("project", s, e, number) for s, e, _ in heads)], key=lambda p: p.start)
            left = []
    if left:
        describe = _describing_clauses if lang == "en" else _clause_before
        described = describe(text, left, mention, parts, words, number)
        parts = sorted([*parts, *(Part("project", s, e, number) for s, e, _ in described)], key=lambda p: p.start)
        left = [token for token in left if token not in described]
    if lang == "ja" and left and mention:
        phrase = _noun_phrase(text, left, [(p.start, p.end) for p in parts if p.kind == "project"], words.sheet_text(number))
        parts = sorted([*parts, *(Part("project", s, e, number) for s, e, _ in phrase)], key=lambda p: p.start)
        left = [token for token in left if token not in phrase]
    return parts, [w for _, _, w in left]


_INFLECTION = re.compile(r"[ぁ-ゖ]{1,6}")  # 「になってる」「となる」「の」: kana joining a word to the noun after it


def _written_into(text: str, word: Part, indicator: Part, name: str) -> bool:
    """Whether ``word`` comes right before the indicator, joined by kana only, and its name holds the word."""
    return word.end < indicator.start and bool(_INFLECTION.fullmatch(text, word.end, indicator.start)) and (
        text[word.start : word.end] in name)


def _a_field_counted_in_a_name(text: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """「二十歳のつどい開催事業の対象者数は」: a field's word and the count said right after it (対象者 + 数) written so
    in the name of one of the project's indicators (二十歳のつどい対象者数) is that indicator, not the text of 対象."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    if len(projects) != 1:
        return parts
    names = words.indicators.get(next(iter(projects)), [])
    for said_field, count in itertools.pairwise(sorted(parts, key=lambda p: p.start)):
        if (said_field.kind, count.kind, count.value) != ("field", "aggregate", "count") or count.start != said_field.end:
            continue
        said = next((text[said_field.start : end] for end in range(count.end, said_field.end, -1)
                     if any(text[said_field.start : end] in name for _, name in names)), None)  # fmt: skip
        held = [no for no, name in names if said and said in name]
        if len(held) == 1:
            return sorted([p for p in parts if p not in (said_field, count)] + [Part("indicator", said_field.start, count.end, held[0])],
                          key=lambda p: p.start)  # fmt: skip
    return parts


def _a_field_counted_in_english(text: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """"how many people were eligible" of one project: a count asked in a clause with a field's word whose label one
    of the project's indicators' names holds (対象 of 二十歳のつどい対象者数) is that indicator (what the count's noun
    read is too), not the text of 対象."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    if len(projects) != 1:
        return parts
    names = words.indicators.get(next(iter(projects)), [])
    units = words.indicator_units.get(next(iter(projects)), {})
    ordered = sorted(parts, key=lambda p: p.start)
    for count, said_field in itertools.permutations(ordered, 2):
        if (count.kind, count.value, said_field.kind) != ("aggregate", "count", "field") or count.end > said_field.start \
                or catalogue()[said_field.value].per_indicator or _CLAUSE_MARK.search(text, count.end, said_field.start):
            continue
        held = [no for no, name in names if catalogue()[said_field.value].label_ja in name]
        held = [no for no in held if units.get(no) != "%"] if len(held) > 1 else held  # (a share counts nothing)
        if len(held) == 1:
            between = [p for p in ordered if count.end <= p.start and p.end <= said_field.start and p.kind == "indicator"]
            return sorted([p for p in parts if p is not said_field and p not in between]
                          + [Part("indicator", p.start, p.end, held[0]) for p in (*between, said_field)],
                          key=lambda p: p.start)  # fmt: skip
    return parts


def _says_a_word_of(text: str, counter: tuple[int, int], bag: frozenset[str]) -> bool:
    """Whether an English question says, beside its counter's words, a word of an indicator's English words."""
    said = text[: counter[0]] + " " + text[counter[1] :]
    return any(_holds(bag, english_stem(w)) for w in re.findall(r"[a-z]+", said.lower()) if len(w) > 2)


def _field_of_its_name(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「つばきまつりの期間中、…何人来た」 of つばきまつり期間中の入館者数: a field's word said right after the project's
    mention, both written so into the name of the one indicator asked, is that name's word, not the field asked."""
    asked = [p for p in parts if p.kind == "indicator"]
    projects = [p for p in parts if p.kind == "project"]
    if len({p.value for p in asked}) != 1 or len({p.value for p in projects}) != 1:
        return parts
    name = dict(words.indicators.get(projects[0].value, [])).get(asked[0].value, "")
    said = [p for p in parts if p.kind == "field" and any(
        _INFLECTION.fullmatch(text, m.end, p.start) and text[m.start : p.end].replace("の", "") in name
        for m in projects)]  # fmt: skip
    return [Part("subject", p.start, p.end, True) if p in said else p for p in parts]


def _ends_the_name(text: str, indicator: Part, token: tuple[int, int, str], name: str) -> bool:
    """Whether a noun right after the indicator's words says the rest of its name: the name's own last word
    (「処理して改善された数」 of 処理して改善された不法投棄箇所の数), or another word where the name goes on after the same
    の (「乗車対象の子ども」 of スクールバス乗車対象の児童生徒数)."""
    start, end, word = token
    gap = text[indicator.end : start]
    if not _is_noun(text, token) or not (gap == "" or _INFLECTION.fullmatch(gap)):
        return False
    said = text[indicator.start : indicator.end] + "の"
    return name.endswith(word) or (gap == "の" and said in name and not name.endswith(said))


def _begins_an_indicator(text: str, token: tuple[int, int, str], indicators: list[tuple[int, str]]) -> bool:
    """Whether the question writes the word on into more of one of the indicators' names (after it)."""
    start, end, _ = token
    return any(_run_over(text, name, start, end)[1] > end for _, name in indicators)


def _share_asked(parts: list[Part], units: dict[int, str]) -> list[Part]:
    """A share asked of a project with no figure to take it of ("…, and what was the screening rate?"): its one
    indicator printed in %, when it has one and the question names no field, change or other operation."""
    shares = [no for no, unit in units.items() if unit in ("%", "％")]
    rates = [p for p in parts if p.kind == "op" and p.value == "percent"]
    if len(shares) != 1 or len(rates) != 1 or any(
        p.kind in ("field", "named", "direction") or (p.kind == "op" and p is not rates[0])
        or (p.kind == "indicator" and p.value == shares[0]) for p in parts
    ):
        return parts
    return sorted([*(p for p in parts if p is not rates[0]), Part("indicator", rates[0].start, rates[0].end, shares[0])],
                  key=lambda p: p.start)


_JOINED_JA = re.compile(r"(?:の|とか|や|と|・)*")  # what joins the nouns of one noun phrase


def _noun_phrase(
    text: str, left: list[tuple[int, int, str]], mention: list[tuple[int, int]], sheet: str
) -> list[tuple[int, int, str]]:
    """Nouns left in the noun phrase the project's mention stands in, that its sheet holds: joined to the mention by
    の, とか, や or written onto it (「富岡3号線とかの通学路の歩道整備」, 「吉浜の盛線の道路改良工事」). They say which
    project or what of it, as the mention's own words do."""
    spans = sorted(mention)
    found: list[tuple[int, int, str]] = []
    grown = True
    while grown:
        grown = False
        for token in left:
            start, end, word = token
            if token in found or word not in sheet:
                continue
            joined = [text[end:s] for s, _ in spans] + [text[e:start] for _, e in spans]
            # (a suffix, or one letter, only written onto its end: 通学 + 路; a noun written onto its start is a thing
            # the project has, asked about: 自動消毒 + ロボット)
            noun, suffix = _is_noun(text, token), _is_noun(text, token, "接尾辞")
            after = [text[e:start] for _, e in spans if e <= start]
            if any(_JOINED_JA.fullmatch(gap) and gap and noun and len(word) > 1 for gap in joined) or any(
                not gap and (noun or suffix) for gap in after
            ):
                found.append(token)
                spans.append((start, end))
                grown = True
    return found


def _clause_before(
    text: str, left: list[tuple[int, int, str]], mention: list[tuple[int, int]], parts: list[Part], words: Words,
    number: str,
) -> list[tuple[int, int, str]]:
    """Japanese words left in the clause right before the project's mention that describe it (「マイスター制度とか
    科学の甲子園やってる科学教育の事業」): at least half of them are on its sheet, as in English. The clause begins after
    punctuation or after another part of the question."""
    sheet = words.sheet_text(number)
    out = []
    for start, _ in mention:
        begins = max([0, *(m.end() for m in re.finditer(r"[、。,.!?！？]", text[:start]))]
                     + [p.end for p in parts if p.end <= start and p.kind != "project"])  # fmt: skip
        clause = [t for t in left if begins <= t[0] and t[1] <= start and t not in out]
        # a relative clause: a verb ends it (「…やってる科学教育の事業」); words written onto the name are a
        # thing of the project's (「自動消毒ロボット」), asked about, not a description
        ends_in_verb = clause and any(m.pos[0] in ("動詞", "形容詞", "助動詞") for m in morphemes(text[clause[-1][1] : start]))
        if ends_in_verb and 2 * sum(t[2] in sheet for t in clause) >= len(clause):
            out += clause
    return out


# What ends a clause describing a project: punctuation, or a word that starts the question's ask.
_CLAUSE_END = re.compile(r"[,;:?!)）]")
_CLAUSE_START = re.compile(
    r"(?:\s|'s\b|\b(?:program|programme|project|scheme|initiative|service)s?\b)*(?:,\s*)?"
    r"(?:\(|\b(?:where|that|which|who|at|in|on|for|with|near|around|of|to|by|across|along|covering)\b)",
    re.IGNORECASE,
)


def _describing_clauses(
    text: str, left: list[tuple[int, int, str]], mention: list[tuple[int, int]], parts: list[Part], words: Words,
    number: str,
) -> list[tuple[int, int, str]]:
    """Words left in a clause said right after the project's mention that describes it ("the public toilets at
    the train stations", "the cancer screenings (stomach, lung, breast …)", "the centre where neighbours look
    after each other's kids"): at least half of the clause's words are in its sheet, in the sheets' Japanese for
    them (``Words.translations``). The clause ends at punctuation or at the next part that is not the project."""
    out = []
    sheet = words.sheet_text(number)

    def held(tokens: list) -> bool:
        found = [t for t in tokens if any(term in sheet for term in japanese_of(t[2], words.translations))]
        return bool(found) and 2 * len(found) >= len(tokens)

    for start, _ in mention:  # "the kids' science education program": the words right before it
        before = []
        for token in sorted((t for t in left if t[1] <= start), reverse=True):
            if re.fullmatch(r"[\s']*", text[token[1] : (before[-1][0] if before else start)]) is None:
                break
            before.append(token)
        if before and held(before):
            out += before
    for _, end in mention:
        opened = _CLAUSE_START.match(text, end)
        if opened is None:
            continue
        ended = _CLAUSE_END.search(text, opened.end())
        stop = min([p.start for p in parts if p.start >= end and p.kind not in ("project", "each", "anaphor")]
                   + [ended.start() if ended else len(text)])  # fmt: skip
        clause = [t for t in left if end <= t[0] and t[1] <= stop and t not in out]
        if held([t for t in clause if t[0] >= opened.end()]):  # the words after "where", "at the"
            out += clause
    return out


def japanese_of(word: str, translations: dict[str, list[str]]) -> list[str]:
    return [term for key in english_words(word) for term in translations.get(key, ())]


_MANNER = re.compile(r"\s*how\s+(?:do|does|did|is|are|was|were|will|would|can|could|has|have)\b", re.IGNORECASE)


def _words_of_named(text: str, lang: str, parts: list[Part], words: Words) -> tuple[list[Part], list[str]]:
    """With several projects named: a word left that one of their names or 係名 holds says what they share
    (「スマートシティ関係の2事業（スマートシティの推進と…）」): it names them again."""
    named = {p.value for p in parts if p.kind == "project"}
    own = [(n, (*words.by_number[n].compact, words.by_number[n].section)) for n in named if n in words.by_number]
    found = []
    for start, end, word in unplaced_tokens(text, lang, parts):
        holder = next((n for n, names in own if len(word) > 1 and any(word in name for name in names)), None)
        if holder is not None:
            found.append(Part("project", start, end, holder))
    parts = sorted([*parts, *found], key=lambda p: p.start)
    return parts, unplaced(text, lang, parts)


MIN_INDICATOR_RUN = 3  # characters of one indicator's name that name its project when no project is named


def _is_noun(text: str, token: tuple[int, int, str], pos: str = "名詞") -> bool:
    return any(m.begin == token[0] and m.end == token[1] and m.pos[0] == pos for m in question_morphemes(text))


def _named_by_indicator(text: str, lang: str, parts: list[Part], words: Words) -> tuple[list[Part], list[str]]:
    """With no project named: words left that name one project's indicator name it and, through it, its project,
    when that reads the whole question (``_indicator_holder``: 「図書館の貸出点数」, "how many items did the city
    library lend out": 図書館資料の貸出点数, 図書館運営事業's)."""
    left = unplaced_tokens(text, lang, parts)
    # a unit said too (「図書館の貸出点数」, "the fisheries division's …"): only its projects' indicators
    units = [p for p in parts if p.kind == "value" and all(key in UNIT_FIELDS for key, _ in p.value)]
    said = {value for p in units for _, value in p.value}
    numbers = [n for n in words.indicators if not said or said & words.units_of.get(n, set())]
    # (an English question may say the sheet's own Japanese words: "how many 消費生活相談 were handled")
    said_ja = left if lang == "ja" else [t for t in left if not t[2].isascii()]
    holder = (_indicator_holder(text, said_ja, numbers, words) if said_ja
              else _english_indicator_holder(left, numbers, words))  # fmt: skip
    if holder is None:
        return parts, [w for _, _, w in left]
    found, rest = _own_words(text, lang, parts, words, (holder,))
    if rest and lang == "en":  # "the hands-on science events": the noun its words describe
        found = _noun_of_an_indicator(text, found)
        rest = [w for _, _, w in unplaced_tokens(text, lang, found)]
    named = [p for p in found if p.kind == "indicator"]
    # 「本の貸出点数」: a noun joined by の to the indicator says what it counts, when its figure is what is asked (not
    # 「パスポートの申請受付って、どこの係が」: the indicator's words then only name the project)
    asks_another = any(p.kind == "field" and not catalogue()[p.value].per_indicator for p in found)
    if named and rest and lang == "ja" and not asks_another:
        said = [Part("indicator", s, e, q.value) for s, e, _ in unplaced_tokens(text, lang, found) for q in named
                if text.startswith("の", e) and q.start == e + 1]  # fmt: skip
        found, rest = (sorted([*found, *said], key=lambda p: p.start), []) if len(said) == len(rest) else (found, rest)
    # (a word asking why is placed later, beside what it asks of: 「結婚相談のセンター、なんでやめることに」)
    rest = [w for w in rest if w.lower() not in WHY_WORDS]
    if not named or rest:  # read so only when that reads the whole question (not 「パスポートの申請受付」)
        return parts, [w for _, _, w in left]
    # the unit said is then how the project was named; words of its name, said before as "it" would be, name it;
    # words several names share, one of its indicators' names holds too, are that name's (「結婚相談のセンター」)
    indicator_names = [name for _, name in words.indicators[holder]]
    found = [Part("subject", p.start, p.end, True) if p in units
             else Part("project", p.start, p.end, holder) if p.kind == "anaphor"
             or (p.kind == "name_run" and any(p.value in name for name in indicator_names)) else p
             for p in found]  # fmt: skip
    if any((p.kind == "field" and not catalogue()[p.value].per_indicator and p.value != YEAR_FIELD)
           or (p.kind == "value" and not any(catalogue()[key].per_indicator for key, _ in p.value)) for p in found):
        # another field asked of it (「結婚相談のセンター、これからどうなる」, 「…なんでやめることに」): the indicator's
        # words only name it
        found = [Part("project", p.start, p.end, holder) if p.kind == "indicator" else p for p in found]
    return sorted([*found, Part("project", named[0].start, named[0].end, holder)], key=lambda p: p.start), rest


def _indicators_of_one_name(text: str, lang: str, parts: list[Part], words: Words) -> tuple[list[Part], list[str]]:
    """With no project named: a word left that is the name of indicators of several projects (「令和6年の観光入込客数」:
    観光入込客数(暦年), on eight sheets) is a condition on the indicator's name, so that each of them is read. Of the
    names holding its longest run, those it is whole, but for a bracketed note ((暦年)), when there are any."""
    left = unplaced_tokens(text, lang, parts)
    runs = _indicator_runs(text, left, list(words.indicators), words)
    best = max((run for found in runs.values() for run in found), key=lambda r: r[1] - r[0], default=(0, 0))
    holders = [key for key, found in runs.items() if best in found]
    said = text[best[0] : best[1]]
    if len(said) < MIN_INDICATOR_RUN or len({number for number, _ in holders}) < 2:
        return parts, [w for _, _, w in left]
    names = {(number, no): name for number, found in words.indicators.items() for no, name in found}
    # (or the name after a unit the question said: 「博物館の…入館者数」, 博物館入館者数 of the museum's sheets)
    units = {text[p.start : p.end] for p in parts if p.kind == "value" and all(key in UNIT_FIELDS for key, _ in p.value)}
    whole = [key for key in holders
             if (name := re.sub(r"\(.*?\)", "", names[key]).strip()) == said or (name.endswith(said) and name.removesuffix(said) in units)]
    if not whole:  # (a word of several names, 「コスト」, is no indicator's name)
        return parts, [w for _, _, w in left]
    printed = tuple(dict.fromkeys(words.printed_indicators[key] for key in whole))
    found = sorted([*parts, Part("value", best[0], best[1], tuple(("indicator_name", n) for n in printed))],
                   key=lambda p: p.start)
    return found, unplaced(text, lang, found)


def _indicator_of_the_one_before(
    text: str, lang: str, parts: list[Part], words: Words, context: Query | None
) -> list[Part]:
    """「じゃあ乗車対象の子どもは何人？」 after the school buses: words left that name an indicator of the one project
    asked about before (乗車対象: スクールバス乗車対象の児童生徒数) outweigh a word of another's name said short of it
    (子ども of 子ども医療費助成事業), which then names no project."""
    if context is None or len(context.projects) != 1:
        return parts
    named = [p for p in parts if p.kind in ("project", "name_run")]
    if not named or any(p.value in context.projects for p in named) or any(
            text[p.start : p.end] in words.by_number[p.value].variants for p in named if p.value in words.by_number):
        return parts
    indicators = words.indicators.get(context.projects[0], [])
    runs = [_run_over(text, name, s, e) for _, name in indicators for s, e, _ in unplaced_tokens(text, lang, parts)]
    if not any(b - a >= MIN_INDICATOR_RUN for a, b in runs):
        return parts
    return [p for p in parts if p.kind not in ("project", "name_run")]


MIN_RUN_OVER_A_FIELD = 5  # characters of an indicator's name said around a field's word that make it the indicator's


def _indicator_run_over_a_field(text: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """「そのうち解決した件数」 of 空家等対策推進事業: a field's word (解決: 課題と解決策) inside a longer run of one of the
    project's indicators' names (空家等に関する相談のうち、解決した件数) is a word of that name, and the run names
    the indicator."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    if len(projects) != 1:
        return parts
    names = words.indicators.get(next(iter(projects)), [])
    for said in [p for p in parts if p.kind == "field" and not catalogue()[p.value].per_indicator]:
        runs = [(no, _run_over(text, name, said.start, said.end)) for no, name in names]
        runs = [(no, (a, b)) for no, (a, b) in runs if a <= said.start and said.end <= b and b - a >= MIN_RUN_OVER_A_FIELD]
        longest = max((b - a for _, (a, b) in runs), default=0)
        held = [(no, span) for no, span in runs if span[1] - span[0] == longest]
        if not held or len({no for no, _ in held}) > MAX_TIED_INDICATORS:
            continue
        a, b = held[0][1]
        parts = [p for p in parts if p.end <= a or p.start >= b] + [Part("indicator", a, b, no) for no, _ in held]
    return sorted(parts, key=lambda p: p.start)


def _verb_of_the_indicator_before(text: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """「今年はどのくらい捕る予定なの？」 after 有害捕獲頭数 of one project: a verb left that says what the indicator
    asked about before counts (捕る: capture) asks that indicator again, of the project asked about before."""
    measure = getattr(getattr(context, "ask", None), "measure", None)
    if context is None or len(context.projects) != 1 or not isinstance(measure, Field) or measure.indicator is None:
        return parts
    if any(p.kind in ("project", "name_run", "indicator", "field") for p in parts):
        return parts
    bag = words.english.get(context.projects[0], {}).get(measure.indicator, frozenset())
    verbs = [Part("indicator", m.begin, m.end, measure.indicator) for m in question_morphemes(text)
             if m.pos[0] == "動詞" and _glossed_in(m.lemma, bag)
             and not any(p.start < m.end and m.begin < p.end for p in parts)]  # fmt: skip
    return sorted([*parts, *verbs], key=lambda p: p.start) if verbs else parts


def _the_like_of_the_one_before(
    text: str, lang: str, parts: list[Part], words: Words, context: Query | None
) -> list[Part]:
    """「吉浜のほうは？」 after 越喜来診療所運営事業: a word left that several names hold names the one of them that is the
    project asked about before with that word in place of its own (吉浜診療所運営事業: the rest, 診療所運営事業, is the
    earlier name's)."""
    if context is None or len(context.projects) != 1 or any(p.kind == "project" for p in parts):
        return parts
    before = words.by_number.get(context.projects[0])
    if before is None:
        return parts
    found = []
    for start, end, word in unplaced_tokens(text, lang, parts):
        like = {number for number, name in words.by_number.items() if number not in context.projects and any(
            word in v and len(rest := v.replace(word, "", 1)) >= MIN_RUN and rest in before.variants[0] for v in name.variants)}
        if len(like) == 1:
            found.append(Part("project", start, end, like.pop()))
    return _with_new(parts, found)


def _indicator_holder(text: str, left: list[tuple[int, int, str]], numbers: list[str], words: Words) -> str | None:
    """Of ``numbers``, the one project whose indicator names hold the longest run of a word left,
    ``MIN_INDICATOR_RUN`` characters at least (「図書館の貸出点数」: 図書館資料の貸出点数). A run several projects'
    indicators share names none."""
    best: dict[str, int] = {}
    for (number, _), runs in _indicator_runs(text, left, numbers, words).items():
        best[number] = max([best.get(number, 0), *(b - a for a, b in runs)])
    longest = max(best.values(), default=0)
    holders = [number for number, n in best.items() if n == longest]
    return holders[0] if longest >= MIN_INDICATOR_RUN and len(holders) == 1 else None


def _indicator_runs(
    text: str, left: list[tuple[int, int, str]], numbers: list[str], words: Words
) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """Each indicator of ``numbers``' projects, by (number, no), with the runs of its name over each word left."""
    return {(number, no): [_run_over(text, name, start, end) for start, end, _ in left]
            for number in numbers for no, name in words.indicators[number]}  # fmt: skip


# Words that say when ("last fiscal year"), which a gloss may hold (後期: "last") but a question says of a year
_WHEN_WORDS_EN = frozenset({"last", "next", "previous", "current", "fiscal", "year"})


def _english_indicator_holder(left: list[tuple[int, int, str]], numbers: list[str], words: Words) -> str | None:
    """Of ``numbers``, the one project an indicator of which, with the project's name, holds the most English words
    left (two at least, one of the name's and one of the indicator's; words most names share count for none): "how
    many items did the city library lend out" is 図書館運営事業's 図書館資料の貸出点数 ("library"; "items", "lend")."""
    said = {english_stem(word) for _, _, word in left} - words.common_english - _WHEN_WORDS_EN
    best: dict[str, int] = {}
    for number in numbers:
        bags = words.english.get(number, {})
        named = said & bags.get(0, frozenset())
        for no, bag in bags.items():
            if no and named and bag & said - named:
                best[number] = max(best.get(number, 0), len(named | bag & said))
    most = max(best.values(), default=0)
    holders = [number for number, n in best.items() if n == most]
    return holders[0] if most >= 2 and len(holders) == 1 else None


def _translates_its_name(word: str, bag: frozenset[str]) -> bool:
    """Whether a Japanese word says in other words what a word of the project's name says: one of its specific
    one-word glosses is one of the name's (パスポート and 旅券: "passport")."""
    dictionary = installed_dictionary()
    return dictionary is not None and len(word) > 1 and bool(specific_glosses(word, dictionary) & bag)


def _describes_it(text: str, token: tuple[int, int, str], mention: list[tuple[int, int]], parts: list[Part]) -> bool:
    """A word of a clause between the project's mention and the 事業 it ends in: the question describing the project
    it names (「コンテナ定期航路の利用を促す補助事業」, 「交流を生み出す事業」)."""
    start, end, _ = token
    head = re.match(r"[^、。,.?？!！]*?(?:事業|事務)", text[end:])
    if head is None:
        return False
    head_end = end + head.end()
    for _, e in mention:
        clause = [m for m in question_morphemes(text) if e <= m.begin and m.end <= head_end]
        if e <= start and any(m.pos[0] in ("動詞", "形容詞") for m in clause) and not any(
            e <= p.start < head_end and p.kind != "project" for p in parts
        ):
            return True  # a clause with a verb (促す), not a unit's name (「科学技術振興課の事業」)
    return False


_CLAUSE_LOOKBACK = 24  # characters before a list item's first word left where its ask is said ("the number of")


def _clauses_of(text: str, left: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """The words left, grouped by the item of a list they are in (items apart by a comma, a semicolon or "and")."""
    groups: list[list[tuple[int, int, str]]] = []
    for token in left:
        if groups and not re.search(r"[,;]|\band\b", text[groups[-1][-1][1] : token[0]]):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


_HOW_MANY_EN = re.compile(r"\bhow many\s+")
# The end of an indicator's name that says it counts (相談件数, 開設数, 利用者数: what comes before is what it counts)
_COUNT_ENDING = re.compile(r"(?:件数|人数|回数|枚数|台数|数)$")


def _counted_nouns(text: str, left: list[tuple[int, int, str]], indicators: list[tuple[int, str]]) -> dict[str, set[int]]:
    """The word said right after "how many" among ``left``, with the indicators whose names count it: the word
    before their count ending glosses it ("how many consultations": 相談件数, not 結婚相談支援センターの開設数, which
    counts openings)."""
    after = {m.end() for m in _HOW_MANY_EN.finditer(text)}
    out: dict[str, set[int]] = {}
    for start, _, word in left:
        if start in after and word not in COUNTERS_EN:  # ("how many people": a unit, 人, not a thing counted)
            stem = english_stem(word)
            out[stem] = {no for no, name in indicators if (head := _COUNT_ENDING.sub("", name)) != name
                         and (said := question_morphemes(head)) and _holds(_says(said[-1].surface), stem)}  # fmt: skip
    return out


MAX_TIED_INDICATORS = 2  # indicators a word names alike that are all read (more: it names none of them)


def _english_indicators(
    left: list[tuple[int, int, str]],
    bags: dict[int, frozenset[str]],
    implied: set[str] | None = None,
    hints: set[str] = frozenset(),
    counted: dict[str, set[int]] | None = None,
) -> list[Part]:
    """The project's indicators named by words left that its indicators' names' English words (``index.glosses``)
    hold: the one indicator holding the word, or of several, the one holding most of the words left ("how many
    donations": 寄附件数, not 寄附金額 or 広報送付枚数; "patient visits": 延べ患者数 by "patient", 往診・訪問診療件数 by
    "visit"; both are asked). A word its indicators hold alike ("number", "support") names none of them.
    ``implied``: words the ask implies: "how many" a number (件数 before 金額), "how much" an amount. ``hints``: the
    question's other words, which break a tie ("how many people used …": 利用者数, not 参加延べ人数). ``counted``: the
    noun said after "how many", with the indicators that count it (``_counted_nouns``): those, when there are any."""
    indicators = {no: bag for no, bag in bags.items() if no}
    said = {english_stem(word) for _, _, word in left} - bags.get(0, frozenset()) | (implied or set())
    out = []
    for start, end, word in left:
        if english_stem(word) in bags.get(0, frozenset()) or word.lower() in QUESTION_WORDS_EN:
            continue  # a word of the project's own name names the project
        holders = [no for no, bag in indicators.items() if _holds(bag, english_stem(word))]
        holders = [no for no in holders if no in (counted or {}).get(english_stem(word), ())] or holders
        held = {no: (sum(_holds(indicators[no], w) for w in said), sum(_holds_a_form(indicators[no], w) for w in hints - said),
                     -len(indicators[no])) for no in holders}  # fmt: skip
        best = sorted(held, key=held.get, reverse=True)
        alike = len({indicators[no] for no in best}) == 1  # two indicators of one name (連携企業数 twice): the first
        # (else against the best of another name: 相談件数, an activity and a target figure, before 相談のうち解決した件数)
        other = next((no for no in best if indicators[no] != indicators[best[0]]), None)
        tied = [no for no in best if held[no] == held[best[0]]]
        if best and (alike or (held[best[0]] > held[other] and held[best[0]][0] > 1)):
            out.append(Part("indicator", start, end, best[0]))
        elif 1 < len(tied) <= MAX_TIED_INDICATORS and held[best[0]][0] > 1:
            # two holding as many of the words ("the ILC lectures": 講演会聴講者数 and 出前講座受講者数): both are asked
            out += [Part("indicator", start, end, no) for no in tied]
    # (the clause counts what "how many" says: its other words name no other indicator, "… support center": the
    # project's own words, not 結婚相談支援センターの開設数)
    counting = set().union(*(counted or {}).values())
    return [p for p in out if p.value in counting] if counting else out


def _written_before(text: str, parts: list[Part], bags: dict[int, frozenset[str]], names: dict[int, str]) -> list[Part]:
    """A field's or value's word said right before an indicator named in English, that the indicator's own name
    holds, is the indicator's ("new agreements": 新規協定締結数, not 新規・継続's 新規); so is a field whose printed
    label its Japanese name holds ("eligible children": 対象's word, of 支給対象延べ児童数)."""

    def holds(p: Part, no: int) -> bool:
        return _holds(bags.get(no, frozenset()), english_stem(text[p.start : p.end].lower())) or (
            p.kind == "field" and catalogue()[p.value].label_ja in names.get(no, ""))

    out = list(parts)
    for q in [q for q in parts if q.kind == "indicator"]:
        before = next((p for p in out if p.kind in ("field", "value") and p.end <= q.start
                       and not text[p.end : q.start].strip() and holds(p, q.value)), None)
        # (or said of it after a copula: "how many people were eligible": 二十歳のつどい対象者数)
        after = next((p for p in out if p.kind == "field" and p.start >= q.end
                      and _COPULA.fullmatch(text[q.end : p.start]) and holds(p, q.value)), None)
        if before is not None:
            out = [p for p in out if p is not before and p is not q] + [replace(q, start=before.start)]
        elif after is not None:
            out = [p for p in out if p is not after] + [Part("subject", after.start, after.end, True)]
    return sorted(out, key=lambda p: p.start)


_COPULA = re.compile(r"\s+(?:is|are|was|were|be|been)\s+")


def _holds_a_form(bag: frozenset[str], stem: str) -> bool:
    """``_holds``, or a past form's base in ``bag`` ("used": use)."""
    return _holds(bag, stem) or (stem.endswith("ed") and bool({stem[:-1], stem[:-2]} & bag))


SHARED_STEM = 5  # letters a word and a gloss word must share at their start to be one word in two forms


def _holds(bag: frozenset[str], stem: str) -> bool:
    """Whether an indicator's English words hold ``stem``, or the same word in another form ("attended":
    attendance, "borrowed": borrower, "resolved": resolution), the two beginning alike over ``SHARED_STEM``
    letters at least; or the doer of a word in it ("users": 利用's use)."""
    doer = stem.endswith("er") and len(stem) > 3 and bool({stem[:-1], stem[:-2]} & bag)
    return stem in bag or doer or any(_one_word(stem, w) for w in bag)


def _one_word(a: str, b: str) -> bool:
    """Two normal forms of one word: they begin alike over ``SHARED_STEM`` letters and the shorter at most one
    letter further (resolv, resolut; attend, attendanc)."""
    common = len(os.path.commonprefix([a, b]))
    return common >= SHARED_STEM and min(len(a), len(b)) - common <= 1


MENTION_GAP = 2  # characters (の, ・, a space) between a project's mention and more words of its name


FEW_NAMES = 3  # names holding an English word, at most, for it to say one of them anywhere in a question


def _outside_mention(
    left: list[tuple[int, int, str]],
    mention: list[tuple[int, int]],
    variants: list[str],
    english: frozenset[str],
    own: frozenset[str] = frozenset(),
):
    """The tokens left that are not words of the project's name written next to its mention (「市内大学・研究機関
    との連携事業」 names 094 in full; 「…の令和3年度の連携事業数」 further on is an indicator's name), in Japanese or
    in its English words ("Society 5.0 trial support": トライアル, 支援); of ``own``, anywhere."""
    rest = [t for t in left if not (mention and english_stem(t[2]) in own)]
    spans = list(mention) + [(t[0], t[1]) for t in left if t not in rest]
    alike = _read_alike(left, variants[0]) if variants else set()

    def of_name(token: tuple[int, int, str], least: int = 1) -> bool:
        word = token[2]
        return (len(word) >= least and any(word in v for v in variants)) or english_stem(word) in english or token in alike

    if not mention:  # the project asked about before: a word of its name names it again ("… library materials")
        return [t for t in rest if not of_name(t, least=2)]
    grown = True
    while grown:
        grown = False
        for token in list(rest):
            start, end, _ = token
            near = any(start - e <= MENTION_GAP and s - end <= MENTION_GAP for s, e in spans)
            if near and of_name(token):
                spans.append((start, end))
                rest.remove(token)
                grown = True
    return rest


MIN_READING = 3  # kana of a word of a name that words read alike must share (買い替え, 買替え: カイカエ)


def _read_alike(left: list[tuple[int, int, str]], name: str) -> set[tuple[int, int, str]]:
    """Tokens left that, one to three written together, read as a word of the name written with other okurigana
    (「買い替え」 for 買替え): the same word."""
    readings = {m.reading for m in question_morphemes(name) if len(m.reading) >= MIN_READING and re.search(r"[一-龥]", m.surface)}
    out: set[tuple[int, int, str]] = set()
    for i in range(len(left)):
        run = [left[i]]
        for token in left[i + 1 : i + 3]:
            if token[0] != run[-1][1]:
                break
            run.append(token)
        for n in range(1, len(run) + 1):
            if "".join(m.reading for t in run[:n] for m in question_morphemes(t[2])) in readings:
                out.update(run[:n])
    return out


def _asks_a_share(text: str) -> bool:
    """Whether the question asks a share (率, 割合, %, rate): what an indicator printed in % gives."""
    ja, en = ops.MEASURE_CUES["percent"]
    return any(w in text for w in ja) or any(re.search(rf"\b{w}\b", text) for w in en if w.isalpha())


def _indicator_run(
    text: str, left: list[tuple[int, int, str]], indicators: list[tuple[int, str]], mention: list[tuple[int, int]]
):
    """[(indicator no, start, end)] of the indicator sharing the longest run over a word left over (of each, when
    the rest of the question tells them apart no further); ``mention``: the project's, which says nothing of its
    indicators."""
    best: list[tuple[int, int, int, int]] = []  # (length, no, start, end)
    for no, name in indicators:
        run = max((_run_over(text, name, s, e) for s, e, _ in left), key=lambda r: r[1] - r[0], default=(0, 0))
        if run[1] - run[0] >= 2:
            best.append((run[1] - run[0], no, *run))
        elif said := max((_of_before(text, name, s, e) for s, e, _ in left), default=()):
            best.append((said[0], no, *said[1:]))
    if not best:
        return []
    longest = max(b[0] for b in best)
    tied = sorted((b for b in best if b[0] == longest), key=lambda b: b[2])
    if len({(b[2], b[3]) for b in tied}) < len(tied):
        # Two indicators sharing the same words are told apart by the rest of the question, when it shares more
        # with one of their names (「寄附」 with 金額: 「ふるさと…寄附」金額, not 件数); else not at all.
        names = dict(indicators)
        masked = "".join("|" if any(s <= i < e for s, e in mention) else c for i, c in enumerate(text))
        rest = {b[1]: sum(len(r) for r in _common_runs(masked[: b[2]] + "|" + masked[b[3] :], names[b[1]]))
                # (「寄附額」: 額 written onto the words says the amount, 寄附金額)
                + (text.startswith("額", b[3]) and "額" in names[b[1]])
                for b in tied}  # fmt: skip
        most = max(rest.values())
        # still tied (「発行回数」: 定例広報の and 特集号の): each of them is what the words name, and each is answered
        tied = [b for b in tied if rest[b[1]] == most]
    # Two named in different words are read in turn.
    return [(b[1], b[2], b[3]) for b in tied if (b[2], b[3]) == (tied[0][2], tied[0][3])]


_NOUN_OF = re.compile(r"([一-龥ァ-ヿ]+)[ぁ-ゖ]{0,2}の$")  # 「水揚げの」: the noun a の joins to what follows


def _of_before(text: str, name: str, start: int, end: int) -> tuple[int, ...]:
    """(length, start, end) of a one-character word left that an indicator's name writes right after the noun
    the question joins to it with の (「水揚げの量」: 水揚量; 「水揚げの量と金額」 asks 水揚量 and 水揚金額), else ()."""
    before = _NOUN_OF.search(text, 0, start)
    if end - start != 1 or before is None or before.group(1) + text[start:end] not in name:
        return ()
    return (len(before.group(1)) + 1, start, end)


def _run_over(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """The longest span of ``text`` around [start, end) that occurs in ``name`` (empty when no part of the word
    does). A word's beginning is enough: Sudachi may join a name's last character to the particle after it
    (「水揚量って」: 量っ, of 量る)."""
    while end > start and text[start:end] not in name:
        end -= 1
    if end == start:
        return (0, 0)
    left, right = start, end
    while left > 0 and text[left - 1 : right] in name:
        left -= 1
    while right < len(text) and text[left : right + 1] in name:
        right += 1
    # A particle the run took in at either edge (「の受診」 of 検診の受診者数) says nothing of which indicator.
    while left < start and re.match("[ぁ-ゖ]", text[left]):
        left += 1
    while right > end and re.match("[ぁ-ゖ]", text[right - 1]):
        right -= 1
    return (left, right)


DATE_COUNTERS = ("月", "日", "時", "曜")  # 何月何日: when, a date the figures do not give, not how many
WHEN_COUNTERS = (*DATE_COUNTERS, "年度")  # 何年度: which year, not how many


def _is_counter(text: str, start: int, end: int) -> bool:
    """Whether Sudachi reads the word at [start, end) as a counter or a suffix (トン, 回, 人)."""
    return text[start:end] not in DATE_COUNTERS and any(
        m.begin == start and m.end == end and (m.pos[2] == "助数詞可能" or m.pos[0] == "接尾辞") for m in question_morphemes(text)
    )


def _tokens(text: str, lang: str):
    """(start, end, surface, part of speech, lemma) of each word; Latin words by regex, the rest by Sudachi."""
    if lang == "en":
        for m in _EN_WORD_RE.finditer(text):
            word = m.group(0).rstrip(".").removesuffix("'s").rstrip("'")
            yield m.start(), m.start() + len(word), word, "", word
        for m in re.finditer(r"[^\x00-\x7f]+", text):  # Japanese quoted in an English question
            yield from _sudachi(m.group(0), m.start())
        return
    yield from _sudachi(text, 0)


def _which_of_what_was_said(rest: Parse) -> bool:
    """Whether the question after a preface asks which project, naming none and no condition (「JAXAと協定結んだって
    聞いたけど、どの事業で、何をしたの?」): what picks it is what the preface said, no aside."""
    return bool(rest.of("list")) and {p.kind for p in rest.parts} <= {"list", "field", "heading", "year"}


@functools.lru_cache(maxsize=1024)
def question_morphemes(text: str) -> tuple:
    """Sudachi's words of a text, read once: a question is looked at several times while it is parsed."""
    return tuple(morphemes(text))


def _sudachi(text: str, offset: int):
    for m in question_morphemes(text):
        yield offset + m.begin, offset + m.end, m.surface, m.pos[0], m.lemma


# ---- the parse ----------------------------------------------------------------------------------------------


def read_parts(question: str, words: Words, context: Query | None = None) -> Parse:
    """The parts and unplaced words of one question (or one part of a multi-part question), no Query yet.
    ``context``: the conversation's last Query, for what the question refers back to (その前の年, its indicators).
    Words left that are written in kana are read again in their usual spelling, when that places more words.
    "How much" of a project with nothing else asked asks its money, as the form's word for it says."""
    result = _read_spelt(question, words, context)
    if result.unplaced and (rest := _after_preface(result)) is not None:
        again = read_parts(result.text[rest:], words, context)
        # a project the preface names is the one the rest names too (「子どもがスクールバスで通ってるんだけど、
        # スクールバスの…」); the rest may leave one word, as a question may (``reader.understand``)
        prefaced = {p.value for p in result.of("project") if p.start < rest}
        left = len(again.unplaced)
        if again.parts and (left == 0 or (prefaced and left == 1 < len(result.unplaced))) and \
                prefaced <= {p.value for p in again.of("project")} and not _which_of_what_was_said(again):
            again.question, again.aside = question, re.sub(r"[\s、,。.]+(?:(?:so|but|and)\s*)?$", "", result.text[:rest])
            return again
    if result.unplaced and result.lang == "ja" and (aside := _BACKGROUND_CLAUSE.search(result.text)) is not None:
        # 「ロボットの街の事業は、コロナで実証実験ができなかったと思いますが、令和2年度は何をやったの？」: what the asker
        # says they think or heard, set off by が or けど, is background when the question reads whole without it
        again = read_parts(result.text[: aside.start()] + result.text[aside.end() :], words, context)
        if again.parts and not again.unplaced:
            again.question, again.aside = question, aside.group(0).rstrip("、,")
            return again
    priced = _bare_money_compared(result)
    if priced is not None:  # 「1億円を超えたのはどれ？」: money compared, of no field named, is the project's money
        said = f"{result.text[:priced]}{MONEY_WORD['ja']}が{result.text[priced:]}"
        return _with_money_word(said, result, question, words, context) or result
    had = _MONEY_HAD.search(result.text) if result.lang == "en" and result.of("list") else None
    if had is not None:  # "which projects spent nothing in R6 but have money planned for R7": the project's money
        said = f"{result.text[: had.start('money')]}{MONEY_WORD['en']}{result.text[had.end('money') :]}"
        return _with_money_word(said, result, question, words, context) or result
    asked = _bare_money_ask(result)
    if asked is None or not result.of("project"):
        return result
    said = f"{result.text[: asked.end()]} {MONEY_WORD[result.lang]}{result.text[asked.end() :]}"
    return _with_money_word(said, result, question, words, context) or result


def _with_money_word(said: str, result: Parse, question: str, words: Words, context: Query | None) -> Parse | None:
    """``said`` (the question with the form's money word put in) read, when it names a field and places as much."""
    again = _read_spelt(said, words, context)
    if again.of("field") and len(again.unplaced) <= len(result.unplaced):
        again.question, again.spelt = question, result.spelt or result.text
        return again
    return None


# money said as what listed projects have ("… but have money planned for R7"): a word the parser reads as no field
# (money "from the national government" is that source's)
HAVING_EN = r"(?:have|has|had|got|with)"  # the verbs an English list says projects have something with
_MONEY_HAD = re.compile(rf"\b{HAVING_EN}\s+(?:some\s+|any\s+)?(?P<money>money)\b(?!\s+(?:from|of|by|out)\b)")


def _bare_money_compared(parse: Parse) -> int | None:
    """Where an amount of money compared stands in a Japanese question naming no field (「令和6年度に1億円を超えた事業」):
    the form's money is what is compared."""
    if parse.lang != "ja" or not parse.of("compare") or any(p.kind in _NAMES_A_FIGURE for p in parse.parts):
        return None
    money = [p for p in parse.of("number") if "円" in parse.text[p.start : p.end]]
    return money[0].start if money else None


_NAMES_A_FIGURE = ("field", "indicator", "heading", "named")


# 「いくら」, "how much": an amount asked, which says of what only with a field; said of a project alone, its money,
# the form's field MONEY_WORD names (決算額 on Tsukuba's form, 事業費 on 大船渡's)
# (「どれくらいかかった」: what it cost, in the past; 「どのくらいかかる」 may ask a time)
_MONEY_ASKED = {"ja": re.compile(r"いくら|何円|なんえん|(?:どれ|どの)(?:くらい|ぐらい)(?:お金|費用)?が?かかった"),
                "en": re.compile(r"\bhow much\b")}

MONEY_WORD = {"ja": "お金", "en": "spending"}


def put_in_for_money(text: str, lang: str, part: Part) -> bool:
    """Whether ``part`` is the money word put in for a bare 「いくら」 or "how much" (``MONEY_WORD``), no field said."""
    return text[part.start : part.end] == MONEY_WORD[lang]
_SAYS_WHAT = ("field", "indicator", "heading", "value", "aggregate", "superlative", "list", "series", "named")
_CLAUSE_MARK = re.compile(r"[、,。？?！!]|\band\b|それと(?!も)|あと")


def _bare_money_ask(parse: Parse) -> re.Match | None:
    """The 「いくら」 ("how much") that says of nothing what it asks: in a question naming nothing asked, the first;
    else one in a clause of its own before every word that names something asked ("How much did the city pay
    toward X, and how much of that was borrowed?": the first asks its money, the second the part borrowed)."""
    asks = list(_MONEY_ASKED[parse.lang].finditer(parse.text))
    says = [p.start for p in parse.parts if p.kind in _SAYS_WHAT]
    if not says:
        return asks[0] if asks else None
    for asked in asks:
        ends = [m.start() for m in _CLAUSE_MARK.finditer(parse.text, asked.end())]
        if ends and ends[0] <= min(says):
            return asked
    return None


def asks_an_amount(text: str, lang: str) -> bool:
    """Whether ``text`` asks how much (いくら, "how much")."""
    return bool(_MONEY_ASKED[lang].search(text))


# A clause the question begins with that ends in a conjunction (「うちの犬も年をとってきたんだけど、」, "My dog is
# getting old, so …"): the asker's situation, when none of its words is a part and the rest reads whole.
PREFACE_JA = frozenset(("けど", "けれど", "けれども", "が", "ので", "から", "し"))
_PREFACE_EN = re.compile(r"^[^,]+,\s*(?:so|but|and)\s+(?=(?:how|what|which|who|where|when|is|are|was|were|did|does|do"
                         r"|can|could)\b)")  # fmt: skip


# a clause the asker states, what they think or heard, that ends in が or けど (「…と思いますが、」「…と聞いたけど、」
# 「…んですが、」), after a comma or at the start: background, not a condition (「予算は増えたが、」 is one)
_BACKGROUND_CLAUSE = re.compile(r"(?:(?<=[、,])|^)[^、,。？?]*?(?:と(?:思|聞|伺|知)[^、,。？?]{0,8}?|(?:ん|の)(?:です|だ)|ます|ました|でした)"
                                r"(?:が|けど|けれど(?:も)?)[、,]")
_SAYS_A_THING = ("project", "field", "year", "value", "indicator", "name_run", "heading", "named", "number", "zero")
# a first sentence that ends in a full stop, a colon ("Journalist here:", "I'm checking a figure:") or a dash ("I'm
# doing a school report - which …")
_STATED = re.compile(r"[^?？。:：]+?(?:。|(?<![\d.])\.\s+|\.{2,}\s*|…\s*|[:：]\s*|\s[-–—]\s+)(?=\S)")  # (or trailing off: "..")


def _after_preface(parse: Parse) -> int | None:
    """Where the question proper begins after a preface none of whose words is a part: a first sentence that
    states something (「うちの祖母がもうすぐ100歳になります。」, "I volunteer at a dog shelter."), or a clause ending
    in a conjunction; None without one."""
    sentence = _STATED.match(parse.text)  # (a clause inside the first sentence is part of it)
    if sentence:
        end = sentence.end()
    elif parse.lang == "en":
        found = _PREFACE_EN.match(parse.text)
        end = found.end() if found else None
    else:
        found = question_morphemes(parse.text)
        end = next((b.end for a, b in zip(found, found[1:], strict=False) if a.surface in PREFACE_JA
                    and a.pos[1] == "接続助詞" and b.surface in ("、", ",")), None)  # fmt: skip
    if end is None:
        return None
    if sentence and _INTRODUCED.match(parse.text):
        return end  # "Council staff here.": who asks, whatever its words name
    if any(p.start < end and p.kind in _SAYS_A_THING and p.kind != "project" for p in parse.parts):
        return None  # (an operator's word there, "most mornings", says nothing asked)
    return end


_INTRODUCED = re.compile(r"[^.:?!。]{1,40}\bhere\s*[.:!]", re.IGNORECASE)  # the asker introduced: "Journalist here."


def _read_spelt(question: str, words: Words, context: Query | None = None) -> Parse:
    result = _read_parts(question, words, context)
    if result.lang == "en" and result.unplaced:
        spelt = _in_known_spelling(result.text, set(result.unplaced), words.english_vocabulary)
        again = _read_parts(spelt, words, context) if spelt != result.text else result
        if len(again.unplaced) < len(result.unplaced):
            again.question = question
            return again
    if result.lang == "ja" and (spelt := _in_katakana(_kana_counters(result.text), words)) != result.text:
        result = _read_parts(spelt, words, context)  # a name's katakana written in hiragana: the name
        result.question = question
    if result.lang != "ja":
        return result
    # words outside every part, but a function word's (Sudachi may cut hiragana into others: すいさん is すい + さん;
    # あわせて is the verb of 「目標値とあわせて」, not the total 合わせて)
    outside = [(m.begin, m.end, m.surface) for m in question_morphemes(result.text)
               if not any(p.start <= m.begin and m.end <= p.end for p in result.parts)
               and m.pos[0] not in ("助詞", "助動詞") and m.lemma not in FUNCTION_WORDS_JA]  # fmt: skip
    alike = _spelt_by_reading(result.text, outside, words)
    if alike != result.text:
        again = _read_parts(alike, words, context)
        if len(again.unplaced) < len(result.unplaced) or (len(again.unplaced) == len(result.unplaced)
                                                          and len(again.parts) > len(result.parts)):  # fmt: skip
            again.question = question
            result = again
    if not result.unplaced:
        return result
    # (a verb's stem is said in a name's noun only while no project is named: 「貸し出された」 may name 子育て用品貸与事業,
    # but of the library named it is the verb of its 貸出点数)
    said = any(p.kind == "project" or (p.kind == "value" and any(k in UNIT_FIELDS for k, _ in p.value))
               for p in result.parts)  # fmt: skip
    named = _in_names_words(result.text, result.unplaced, words, verbs=not said)
    named = _listed_with_one_head(_spelt_out(named, result.unplaced, words), words)
    if named != result.text:
        again = _read_parts(named, words, context)
        if len(again.unplaced) <= len(result.unplaced):  # the sheets' own word, read or searched for by meaning
            again.question = question
            result = again
            if not result.unplaced:
                return result
    respelled = _respelled(result.text, set(result.unplaced))
    if respelled == result.text:
        return result
    again = _read_parts(respelled, words, context)
    if len(again.unplaced) >= len(result.unplaced):
        return result
    again.question = question
    return again


def _in_names_words(text: str, left: list[str], words: Words, verbs: bool = True) -> str:
    """``text`` with each word of ``left`` that neither the form nor a name holds, said in the one word of the names it
    translates to: the two share a specific one-word gloss (パスポート and 旅券: "passport"; ライブラリー and 図書館);
    a verb's stem only when ``verbs``."""
    dictionary = installed_dictionary()
    if dictionary is None:
        return text
    stems = set() if verbs else {m.surface for m in question_morphemes(text) if m.pos[0] in ("動詞", "形容詞")}
    for word in dict.fromkeys(w for w in left if len(w) > 1 and w in text):
        if word in words.form_words or word in words.names_text or word in words.indicators_text or word in stems:
            continue  # the form's own word (職員), or a name's or an indicator's (世帯 of 入居世帯数, not 家庭 of a name);
            # a verb's stem (貸し of 貸し出した) when ``verbs`` is not
        found = {term for gloss in specific_glosses(word, dictionary) for term in words.translations.get(gloss, ())
                 if len(term) > 1 and term != word and term in words.names_text}  # fmt: skip
        if len(found) == 1:
            text = text.replace(word, found.pop())
    return text


# Between the items of a list: 「綾里診療所、越喜来診療所、吉浜診療所」, 「綾里・越喜来・吉浜」
_LISTED_APART = re.compile(r"\s*(?:[、,・]|と|や|,?\s*and)\s*")  # (and in an English list of Japanese names)


def _listed_with_projects(text: str, parts: list[Part], words: Words) -> list[Part]:
    """A unit's name said in a list of projects (「綾里診療所、越喜来診療所、吉浜診療所」: 越喜来診療所 is a 係 too) is the
    project whose name it begins, when only one name does."""
    ordered = sorted(parts, key=lambda p: p.start)
    out = list(parts)
    for i, p in enumerate(ordered):
        if p.kind != "value" or not any(key in UNIT_FIELDS for key, _ in p.value):
            continue
        beside = [q for q in ordered[max(i - 1, 0) : i + 2] if q is not p and q.kind == "project"
                  and _LISTED_APART.fullmatch(text[min(q.end, p.end) : max(q.start, p.start)])]  # fmt: skip
        said = text[p.start : p.end]
        named = [n.number for n in words.names if n.variants[0].startswith(said)]
        if beside and len(named) == 1:
            out[out.index(p)] = Part("project", p.start, p.end, named[0], rank=1)
    return out


def _listed_with_one_head(text: str, words: Words) -> str:
    """「綾里・越喜来・吉浜の各診療所」: items listed before one head noun, each with it, when each makes the start of
    one name's words (綾里診療所運営事業…): 「綾里診療所・越喜来診療所・吉浜診療所」."""
    def each(m: re.Match) -> str:
        items, head = m["items"].split("・"), m["head"]
        named = [[n for n in words.names if any(f"{item}{head}" in v for v in n.variants)] for item in items]
        return "・".join(f"{item}{head}" for item in items) if all(len(n) == 1 for n in named) else m[0]

    return re.sub(r"(?P<items>[一-龥ァ-ヶー]{1,8}(?:・[一-龥ァ-ヶー]{1,8})+)の(?:各|それぞれの)?(?P<head>[一-龥ァ-ヶー]{2,8})",
                  each, text)


ABBREVIATED = (2, 4)  # kanji a shortened name has, at least and at most


def _spelt_out(text: str, left: list[str], words: Words) -> str:
    """``text`` with each word of kanji left that takes the first character of each of as many words in a row of
    one name, as Japanese shortens a name (三鉄: 三陸 鉄道 of 三陸鉄道支援事業), spelt out as those words. (Not a word
    a name writes as it is: 保管 of 博物館収集保管事業 is no 保護管理.)"""
    for word in dict.fromkeys(w for w in left if re.fullmatch(rf"[一-龥]{{{ABBREVIATED[0]},{ABBREVIATED[1]}}}", w)):
        if any(word in "".join(said) for said in words.names_words):
            continue
        found = set()
        for said in words.names_words:
            for i in range(len(said) - len(word) + 1):
                run = said[i : i + len(word)]
                if all(len(s) > 1 and s[0] == c for s, c in zip(run, word, strict=True)):
                    found.add("".join(run))
        if len(found) == 1:
            text = text.replace(word, found.pop())
    return text


MISSPELT_LENGTH = 5  # letters a word has, at least, for one letter off to be a slip of the keyboard
SWAPPED_LENGTH = 3  # letters a shorter word has, at least, to be a function word with two letters swapped ("teh")


def _in_known_spelling(text: str, left: set[str], vocabulary: frozenset[str]) -> str:
    """``text`` with each English word of ``left`` that no dictionary entry glosses, one letter off (one added,
    dropped, changed or two swapped) from only one word of ``vocabulary``, spelt as that word ("personel":
    personnel); a shorter one, two letters swapped of only one function word ("teh": the)."""
    dictionary = installed_dictionary()

    def known(m: re.Match) -> str:
        word = m.group(0)
        if word not in left or len(word) < SWAPPED_LENGTH or (dictionary and dictionary.entries_glossed(word)):
            return word
        # (of the longer of the two: "targt" drops a letter of "target")
        near = [w for w in vocabulary if max(len(w), len(word)) >= MISSPELT_LENGTH and _one_letter_off(word, w)]
        if len(word) < MISSPELT_LENGTH and not near:
            near = [w for w in FUNCTION_WORDS_EN if len(w) == len(word) and _one_letter_off(word, w)
                    and sorted(w) == sorted(word)]  # fmt: skip
        return near[0] if len(near) == 1 else word

    return re.sub(r"[a-z]+", known, text)


def _one_letter_off(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]  # one letter added
    return a[i + 1 :] == b[i + 1 :] or (a[i + 1 : i + 2] == b[i : i + 1] and a[i] == b[i + 1] and a[i + 2 :] == b[i + 2 :])


# Counters typed in kana after なん (「なんけん」: 何件), which Sudachi does not read as a count.
KANA_COUNTERS = {"にん": "人", "めい": "名", "けん": "件", "かい": "回", "こ": "個", "だい": "台", "かしょ": "か所",
                 "じかん": "時間", "せたい": "世帯", "とう": "頭", "てん": "点", "ほん": "本", "まい": "枚"}  # fmt: skip
_KANA_COUNT_RE = re.compile(rf"なん({'|'.join(sorted(KANA_COUNTERS, key=len, reverse=True))})")


def _kana_counters(text: str) -> str:
    return _KANA_COUNT_RE.sub(lambda m: "何" + KANA_COUNTERS[m.group(1)], text)


def _in_katakana(text: str, words: Words) -> str:
    """``text`` with kana spelling a katakana word of the names as that word, the longest such word of three kana or
    more from where the kana begin: hiragana (「すまーとしてぃの事業」: スマートシティ; 「ろぼっと」), and katakana
    with a slip of the small kana, ッ or ー (ロボト, スマートシテイ: ロボット, スマートシティ)."""
    out, at = [], 0
    for m in re.finditer("[ぁ-ゖー]{3,}|[ァ-ヺー]{3,}", text):
        start, run = m.start(), _katakana(m.group(0))
        n = next((n for n in range(len(run), 2, -1) if kana_key(run[:n]) in words.katakana_by_key), 0)
        spelt = words.katakana_by_key[kana_key(run[:n])] if n else None
        if spelt and not text[start:].startswith(spelt):
            out += [text[at:start], spelt]
            at = start + n
    return "".join(out) + text[at:]


_SMALL_KANA = str.maketrans("ァィゥェォャュョヮ", "アイウエオヤユヨワ")


def kana_key(katakana: str) -> str:
    """A katakana word's loose spelling, where the slips of typing it agree: no ッ or ー, small kana written large."""
    return katakana.replace("ッ", "").replace("ー", "").translate(_SMALL_KANA)


READ_ALIKE = 3  # kana a word read alike has, at least (しかのもり: 鹿の森; not しか alone)
# Particles Sudachi may join to the hiragana beside them (と|じかんがい; ふほうとうき|って cut as とうき|きっ|て)
PARTICLES_JA = frozenset("と の を が に で は も や っ".split())
_KANJI_RE = re.compile("[一-龥々]")


def _spelt_by_reading(text: str, left: list[tuple[int, int, str]], words: Words) -> str:
    """``text`` with words left that read as a word the parser knows, written otherwise, spelt as it: hiragana
    (「じぎょう」「よさん」: 事業, 予算; the longest run reading as one, from each character of a run of hiragana
    holding a word left) and a kanji slip of the keyboard's conversion (人権費, read as 人件費)."""
    known, out, at = words.by_reading, [], 0
    found = question_morphemes(text)

    def whole(start: int, end: int) -> bool:  # no word cut but for a particle Sudachi joined to it (と|じかんがい)
        cut = [text[w.begin : start] for w in found if w.begin < start < w.end]
        cut += [text[end : w.end] for w in found if w.begin < end < w.end]
        return all(piece in PARTICLES_JA for piece in cut)

    for m in re.finditer(f"[ぁ-ゖー]{{{READ_ALIKE},}}", text):
        if not any(s < m.end() and m.start() < e for s, e, _ in left):
            continue
        i = m.start()
        while i < m.end() - READ_ALIKE + 1:
            n = next((n for n in range(m.end() - i, READ_ALIKE - 1, -1)
                      if _katakana(text[i : i + n]) in known and whole(i, i + n)), 0)  # fmt: skip
            if n:
                out += [text[at:i], known[_katakana(text[i : i + n])]]
                at = i = i + n
            else:
                i += 1
    spelt = "".join(out) + text[at:]
    if spelt != text:
        return spelt
    # a run of words in kanji holding a word left, read as another word
    for i in range(len(found)):
        for j in range(min(i + LONGEST_RUN, len(found)), i, -1):
            start, end = found[i].begin, found[j - 1].end
            reading = "".join(w.reading for w in found[i:j])
            other = known.get(reading)
            # (not a run with a figure in it: 「1人あたり」 is read as a number, not respelt 一人当たり)
            if other and other != text[start:end] and any(start <= s < end for s, _, _ in left) and _KANJI_RE.search(
                text[start:end]
            ) and not re.search(r"\d", text[start:end]):
                return text[:start] + other + text[end:]
    return text


def _katakana(kana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)


def _respelled(text: str, left: set[str]) -> str:
    """``text`` with the words of ``left`` written in hiragana spelt as usual: in katakana when they hold a long
    vowel mark (すまーとしてぃ: スマートシティ), else by Sudachi's normalised form, its kanji with the question's own
    okurigana (とどか: 届か; ぜんぶ: 全部)."""
    out, at = [], 0
    for m in question_morphemes(text):
        if m.surface not in left or not re.fullmatch("[ぁ-ゖー]+", m.surface):
            continue
        spelt = _katakana(m.surface) if "ー" in m.surface else _in_kanji(m.surface, m.normal)
        if spelt:
            out += [text[at : m.begin], spelt]
            at = m.end
    return "".join(out) + text[at:]


def _in_kanji(surface: str, normal: str) -> str | None:
    """The hiragana ``surface`` spelt with the kanji of its normalised form ``normal`` (届く): 届 reads トド, so
    とどか is 届か. None when the two do not read alike."""
    stem = re.sub("[ぁ-ゖ]+$", "", normal)
    if not stem or not re.search("[一-龥々]", stem):
        return None
    tail = _katakana(normal[len(stem) :])
    reading = "".join(m.reading for m in question_morphemes(normal))
    if not reading.endswith(tail):
        return None
    stem_reading = reading[: len(reading) - len(tail)]
    said = _katakana(surface)
    return stem + surface[len(stem_reading) :] if said.startswith(stem_reading) else None


# The auxiliaries after which "how" asks a way of doing ("how has it …"), not an amount ("how much").
MANNER_AUXILIARIES = r"(?:does|do|did|is|are|was|were|will|would|can|could|has|have|had)\b"
_MANNER_ASKED = re.compile(rf"(?:^|[,;?.!]\s*|\band\s+)(how|why|when|where)\s+{MANNER_AUXILIARIES}[^,;?.!]*")
# What a clause asking how may hold and still ask a way of doing: who does it, and a change it made ("how has the
# school lunch service cut its labor costs?" asks how the cut was made, not which cost is lowest).
_DOERS = ("subject", "anaphor", "project")
_WAY_OF_A_CHANGE = (*_DOERS, "value", "field", "direction")


def _manner_left(text: str, parts: list[Part]) -> list[str]:
    """The question word of each clause asking how, why, when or where that the reading would leave out."""
    left = []
    for m in _MANNER_ASKED.finditer(text):
        inside = [p for p in parts if m.start(1) <= p.start < m.end() and p.kind not in _DOERS]
        changed = any(p.kind == "direction" for p in inside) and all(p.kind in _WAY_OF_A_CHANGE for p in inside)
        if not inside or (m[1].lower() == "how" and changed):
            left.append(m[1])
    return left


def _in_a_how_clause(text: str, part: Part) -> bool:
    return any(m[1].lower() == "how" and m.start() <= part.start < m.end() for m in _MANNER_ASKED.finditer(text))


# A status word said of a number, not of a target (「50%を下回った」「50%に届かなかった」: below 50%; 「8割をクリア」: at
# least 8割): the comparison with that number.
_STATUS_COMPARES = {MISSED: "lt", MET: "ge"}


def _status_of_a_number(text: str, parts: list[Part]) -> list[Part]:
    out = list(parts)
    for before, p in itertools.pairwise(parts):
        status = dict(p.value).get("indicator_status") if p.kind == "value" else None
        if status in _STATUS_COMPARES and before.kind == "number" and text[before.end : p.start] in ("を", "に"):
            out[out.index(p)] = Part("compare", before.end, p.end, _STATUS_COMPARES[status], rank=p.rank)
    return out


def _target_compared(text: str, parts: list[Part]) -> list[Part]:
    """「目標を下回ってしまった事業」, "fell below the target": the target itself compared, no number said, is whether
    it was met (下回る: missed; 上回る: met), as 「目標に届かなかった」 is."""
    if any(p.kind == "field" and p.value not in ("indicator_target", "indicator_name") for p in parts):
        return parts  # (「実績は目標を上回った？」: two figures compared, ``_actual_against_the_target``)
    out = list(parts)
    for i, (a, b) in enumerate(itertools.pairwise(parts)):
        after = parts[i + 2] if i + 2 < len(parts) else None
        target, compared = (a, b) if a.kind == "field" else (b, a)
        said = text[a.end : b.start]
        if (target.kind, target.value) != ("field", "indicator_target") or compared.kind != "compare" \
                or compared.value not in _STATUS_OF or (after is not None and after.kind == "number") \
                or not (said == "" if target is a else re.fullmatch(r"\s+(?:the\s+|its\s+|their\s+)?", said)):  # fmt: skip
            continue
        status = Part("value", min(a.start, b.start), max(a.end, b.end), (("indicator_status", _STATUS_OF[compared.value]),))
        out = [q for q in out if q is not a and q is not b] + [status]
    return sorted(out, key=lambda q: q.start) if out != parts else parts


_STATUS_OF = {"lt": MISSED, "le": MISSED, "gt": MET, "ge": MET}


def _noun_of_an_indicator(text: str, parts: list[Part]) -> list[Part]:
    """"the hands-on science events": an English word left right after two words of one indicator's name is the
    noun they describe (体験型科学教育事業's 事業), a word of that indicator's mention."""
    ordered = sorted(parts, key=lambda p: p.start)
    out = list(parts)
    for start, end, _ in unplaced_tokens(text, "en", parts):
        before = [p for p in ordered if p.end <= start][-2:]
        # (the second may be a word the project's name shares, read as it: "hands-on science events", 科学 of both)
        of_one = len(before) == 2 and before[0].kind == "indicator" and (
            (before[1].kind == "indicator" and before[0].value == before[1].value) or before[1].kind == "anaphor")
        if of_one and text[before[1].end : start] == " " and before[1].start - before[0].end <= DESCRIBING_GAP:
            out.append(Part("indicator", start, end, before[0].value))
    return out


DESCRIBING_GAP = 4  # characters between two words of an indicator's name that describe a noun ("hands-on science")


def _ratio_named_by_an_indicator(text: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """"its operating ratio": a ratio word after a word left that one indicator of the one project asked about has
    in its English words (営業係数's "operating") is that indicator's name, no ratio of two figures."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    if len(projects) != 1:
        return parts
    bags = words.english.get(next(iter(projects)), {})
    out = list(parts)
    for p in parts:
        said = re.search(r"([a-z][a-z-]*) $", text[: p.start])
        if p.kind != "op" or p.value != "ratio" or said is None or said.group(1) in _POSSESSIVES:
            continue
        # (the word left, or read as pointing back at the project whose name holds it: 事業's "operation")
        covering = [q for q in parts if q.start < said.end(1) and said.start(1) < q.end]
        holding = [no for no, bag in bags.items() if no and english_stem(said.group(1)) in bag]
        if len(holding) == 1 and all(q.kind == "anaphor" for q in covering):
            out = [q for q in out if q not in covering and q is not p] + [Part("indicator", said.start(1), p.end, holding[0])]
    return sorted(out, key=lambda q: q.start) if out != parts else parts


_POSSESSIVES = ("its", "their", "his", "her", "the", "a", "an", "this", "that")


def _whose_item(text: str, parts: list[Part]) -> list[Part]:
    """"the department's (1) 改革改善の方向性": a field owning the field said after it ("'s") says whose that is, and
    a number in brackets right before a field's word is the form's number of the item; neither is asked."""
    ordered = sorted(parts, key=lambda p: p.start)
    out = []
    for i, p in enumerate(ordered):
        after = next((q for q in ordered[i + 1 :] if q.kind != "number"), None)
        owner = p.kind == "field" and after is not None and after.kind == "field" and bool(
            re.fullmatch(r"'s\s*(?:[(（]\s*\d+\s*[)）]\s*)?", text[p.end : after.start]))  # fmt: skip
        numbered = p.kind == "number" and after is not None and after.kind == "field" and text[: p.start].rstrip(
            ).endswith(("(", "（")) and bool(re.fullmatch(r"\s*[)）]\s*", text[p.end : after.start]))  # fmt: skip
        out.append(Part("subject", p.start, p.end, True) if owner or numbered else p)
    return out


def _indicator_word_describing_the_project(text: str, parts: list[Part]) -> list[Part]:
    """"What did the section chief conclude about the city's subsidy for the Sanriku Railway?": one word of an
    indicator's name, in a question asking the form's texts and no figure, describes the project (what it gives),
    not that indicator asked."""
    fields = [catalogue()[p.value] for p in parts if p.kind == "field"]
    if FIGURE_ASKED.search(text) or not fields or any(f.numeric or f.per_indicator for f in fields):
        return parts
    return [Part("subject", p.start, p.end, True) if p.kind == "indicator" and " " not in text[p.start : p.end].strip()
            else p for p in parts]


def _counted_noun_of_an_indicator(text: str, parts: list[Part]) -> list[Part]:
    """"How many regular issues of the newsletter …": a text field's word right after a word of an indicator's name,
    when a count is asked, is the noun the indicator counts (定例広報の発行回数's "issues"), not that field (課題): a
    text is never counted."""
    if not any(p.kind == "aggregate" and p.value == "count" for p in parts):
        return parts
    ordered = sorted(parts, key=lambda p: p.start)
    out = ordered[:1]
    for before, q in itertools.pairwise(ordered):
        counted = before.kind == "indicator" and q.kind == "field" and not catalogue()[q.value].numeric \
            and text[before.end : q.start] == " "  # fmt: skip
        out.append(Part("indicator", q.start, q.end, before.value) if counted else q)
    return out


def _noun_inside_an_indicator(text: str, parts: list[Part]) -> list[Part]:
    """「体験型イベントの参加者数」: a noun left between two words of one indicator's name (体験型科学教育事業の延べ参加者
    数), joined to them directly or by の, says what the indicator counts in the asker's words: of that mention."""
    ordered = sorted(parts, key=lambda p: p.start)
    out = list(parts)
    for m in question_morphemes(text):
        if m.pos[0] != "名詞" or any(p.start <= m.begin < p.end for p in parts):
            continue
        before = next((p for p in reversed(ordered) if p.end <= m.begin), None)
        after = next((p for p in ordered if p.start >= m.end), None)
        if before is not None and after is not None and before.kind == after.kind == "indicator" \
                and before.value == after.value and text[before.end : m.begin] == "" \
                and text[m.end : after.start] in ("", "の"):  # fmt: skip
            out.append(Part("indicator", m.begin, m.end, before.value))
    return out


def _read_parts(question: str, words: Words, context: Query | None = None) -> Parse:
    text = normalise_text(question or "")
    lang = detect_language(question or "")
    others, phrases, ambiguous = recognise(text, words)
    parts = _years_around(text, place([*others, *phrases]), context, words.sheet_year)
    parts = _compared_with_before(_changed_since(text, parts, context, words.sheet_year), context)
    parts = _something_other(text, _costed(text, _priced(text, parts, words, context)))
    parts = _item_of_a_label(text, _dropped(text, lang, _in_total(text, lang, parts, words), words))
    parts = _coded(text, _enumerated(text, _as_a_field_says(text, parts)))
    parts = _indicator_said_whole(text, _glossed_value(text, parts), words)
    parts = _top_of_a_stated_score(text, _whose_item(text, parts))
    parts = _how_precise(text, _status_of_a_number(text, _a_point_of_its_scale(text, _what_an_item_judges(parts))))
    parts = _target_compared(text, parts)
    parts = _a_figures_number(text, parts)
    left = unplaced(text, lang, parts)
    if _cuts_a_word(parts, phrases):
        # A heading that cuts through another word is read word by word when that reads the whole question:
        # 「成果指標の推移」 is 成果指標 + 推移, not 成果 + the heading 指標の推移.
        word_parts = place([*others, *(p for p in phrases if p.kind != "heading")])
        if not unplaced(text, lang, word_parts):
            parts, left = word_parts, []
    if left and lang == "en" and not any(p.kind in ("project", "name_run") for p in parts):
        # words glossing a bracketed part say what it says ("the fire station (大船渡消防署)"), before any name
        parts = _english_names(text, lang, _translated(text, lang, parts), words)
        left = unplaced(text, lang, parts)
    if lang == "en" and (glossed := _glossed_after(text, parts)) != parts:
        parts, left = glossed, unplaced(text, lang, glossed)  # 「科学の街推進係 (Science City Promotion section)」
    if left and lang == "ja" and (kept := _indicator_of_the_one_before(text, lang, parts, words, context)) != parts:
        parts, left = kept, unplaced(text, lang, kept)
    if left and lang == "ja" and (like := _the_like_of_the_one_before(text, lang, parts, words, context)) != parts:
        parts, left = like, unplaced(text, lang, like)
    if left:
        parts, left = _own_words(text, lang, parts, words, context.projects if context else ())
    if left and lang == "ja" and (verb := _verb_of_the_indicator_before(text, parts, words, context)) != parts:
        parts, left = verb, unplaced(text, lang, verb)
    if lang == "ja":
        parts = _indicator_run_over_a_field(text, parts, words, context)
        left = unplaced(text, lang, parts)
    if left and lang == "ja":
        parts, left = _class_in_other_words(text, lang, parts, words)
    parts = _value_of_the_field_said(_series_word_as_a_value(text, parts, words), words)
    if left and not any(p.kind == "project" for p in parts) and not (context and context.projects):
        parts, left = _named_by_indicator(text, lang, parts, words)
    if left and lang == "ja" and not any(p.kind == "project" for p in parts) and not (context and context.projects):
        parts, left = _indicators_of_one_name(text, lang, parts, words)
    if left and lang == "ja" and len({p.value for p in parts if p.kind == "project"}) > 1:
        parts, left = _words_of_named(text, lang, parts, words)
    asked_of_indicators = context is not None and any(
        catalogue()[f.field].per_indicator for f in measure_fields(getattr(context.ask, "measure", None))
    )
    if lang == "ja":
        parts = _name_counted_as_an_indicator(text, parts, words)
    counted = _in_their_units(text, lang, _counted_indicators(text, lang, parts, words, context), words, context)
    counted = _things_counted_by_name(text, lang, counted, words, context)
    counted = _field_of_its_name(text, _amount_of_the_counted(text, counted, words, context), words)
    counted = _a_field_counted_in_a_name(text, counted, words, context) if lang == "ja" else \
        _a_field_counted_in_english(text, counted, words, context)
    if counted != parts:
        # (an indicator named and dropped for counting in another unit leaves its words unplaced, never silently)
        dropped = [p for p in parts if p.kind == "indicator" and p not in counted]
        parts, still = counted, set(unplaced(text, lang, counted))
        left = [w for w in left if w in still] + [w for s, _, w in unplaced_tokens(text, lang, counted)
                                                  if any(d.start <= s < d.end for d in dropped)]  # fmt: skip
    if left:
        parts = _translated(text, lang, parts)
        left = unplaced(text, lang, parts)
    # the form of the projects said, or of those a unit said runs (「国保医療課の事業」)
    units = {value for p in parts if p.kind == "value" for key, value in p.value if key in UNIT_FIELDS}
    run = [n for n, held in words.units_of.items() if held & units] if units else []
    if (one := _the_units_one_project(text, parts, run, words, left, context.projects if context else ())) != parts:
        parts, left = _own_words(text, lang, one, words) if left else (one, left)  # (its indicators, said by words left)
    parts = _listed_with_projects(text, parts, words)
    said_forms = {words.form_of.get(n) for n in [*(p.value for p in parts if p.kind == "project"),
                                                 *(context.projects if context else ()), *run]}  # fmt: skip
    parts = _the_account_said(text, _spent_from_a_source(text, lang, parts))
    parts, unsure = _one_field_each(text, _glossed(text, _aliases(text, _record_of_an_amount(text, _amount_of_a_years_plan(text, parts, words), words.forms))), words.forms, asked_of_indicators,
                                    tuple(sorted(f for f in said_forms if f)))
    if left:  # (a gloss may hold words left: 「国や県からのお金（補助金とか）」)
        still = set(unplaced(text, lang, parts))
        left = [w for w in left if w in still]
    if left and (held := _words_of_fields_read(text, lang, parts)) != parts:
        parts, still = held, set(unplaced(text, lang, held))
        left = [w for w in left if w in still]
    if left and not any(p.kind in ("field", "unit", "indicator") for p in parts):
        parts, left = _label_said_apart(text, lang, parts, tuple(f for f in said_forms if f) or words.forms, left)
    parts = _actual_against_the_target(text, lang, _scores_of_projects(parts, words))
    # The city's own name alone (「大船渡から盛岡まで」) is the city, though many names hold it (大船渡港…); "how much
    # did the city spend", "the city's contribution" say the city doing things, not its name asked for
    # (the latter keep the field's key, which the words searched for a description leave out)
    parts = [Part("subject", p.start, p.end, True) if p.kind == "project" and text[p.start : p.end] in words.city_stems
             else Part("subject", p.start, p.end, p.value) if _city_as_subject(text, p)
             else Part("subject", p.start, _UNIT_DOING.match(text, p.end).end(), True) if _unit_as_subject(text, p)
             else p for p in parts]  # fmt: skip
    parts = _the_whole_unit(text, parts, words)
    parts = _aggregate_in_indicator(text, parts, words, context.projects if context else ())
    if lang == "en":
        parts = _how_it_compares(text, _set_to_a_value(text, _inside_function_words_and_fields(text, parts)))
        parts = _unit_in_brackets(text, parts)
        parts = _operand_before_its_measure(text, _prepositions_before_a_name(text, parts))
        parts = _noun_of_an_indicator(text, _hyphenated_names(text, _inside_a_name(text, parts), lang))
        parts = _counted_noun_of_an_indicator(text, _ratio_named_by_an_indicator(text, parts, words, context))
        parts = _indicator_word_describing_the_project(text, _head_of_a_named_topic(text, lang, parts))
        still = set(unplaced(text, lang, parts))
        left = [w for w in left if w in still]
        if (described := _value_describing_a_word_left(text, parts, left)) != parts:
            parts, left = described, unplaced(text, lang, described)
    elif left and (inner := _noun_inside_an_indicator(text, parts)) != parts:
        parts, still = inner, set(unplaced(text, lang, inner))
        left = [w for w in left if w in still]
    elif left and (named := _class_by_its_verb(text, parts)) != parts:
        parts, still = named, set(unplaced(text, lang, named))
        left = [w for w in left if w in still]
    if left and lang == "ja" and (before := _clause_before_the_name(text, parts, words)) != parts:
        parts, still = before, set(unplaced(text, lang, before))  # 「シカを駆除してる…実施隊」: what it does
        left = [w for w in left if w in still]
    if left and lang == "ja" and (spent_on := _what_money_was_for(text, parts)) != parts:
        parts, still = spent_on, set(unplaced(text, lang, spent_on))
        left = [w for w in left if w in still]
    if lang == "ja" and (left or any(p.kind == "indicator" for p in parts)) and (
            described := _clause_describing_a_named_project(text, parts, words)) != parts:  # fmt: skip
        parts, still = described, set(unplaced(text, lang, described))
        left = [w for w in left if w in still]
    parts = _per_another_figure(text, _slash_between_figures(text, _instead(text, parts)))
    parts = _field_said_as_an_alternative(text, _words_of_a_value(text, lang, _this_unit(text, parts, words)))
    parts = _items_of_the_whole_plan(text, _judgement_of_an_item(text, lang, parts, words), context)
    if lang == "ja":
        parts = _value_set_or_kept(text, lang, parts)
    parts = _two_fields_compared(text, lang, _judgements_by_their_speakers(text, parts))
    still = set(unplaced(text, lang, parts))
    left = [w for w in left if w in still]
    parts = _values_only_tried(text, parts)
    if lang == "en" and context is not None:
        parts = _possessive_pointing_back(text, parts)
    if (examples := _examples_of_a_project(text, lang, parts)) != parts:
        parts, still = examples, set(unplaced(text, lang, examples))
        left = [w for w in left if w in still]
    if lang == "ja":
        parts = _source_beside_the_topic(text, _whom_a_project_is_for(text, parts))
        parts = _head_of_a_topic_ja(text, _when_it_is_done(text, _said_of_the_topic(text, parts)), words)
        parts = _doing_of_a_field_ja(text, parts)
        still = set(unplaced(text, lang, parts))
        left = [w for w in left if w in still]
    if left and lang == "ja" and (valued := _value_after_its_field(text, lang, parts, words)) != parts:
        parts, still = valued, set(unplaced(text, lang, valued))
        left = [w for w in left if w in still]
    if left and (again := _said_again(text, lang, parts)) != parts:
        parts, still = again, set(unplaced(text, lang, again))
        left = [w for w in left if w in still]
    # "…, and how does the city run it?": a clause asking how, why, when or where in which nothing is read asks a thing
    # the reading would leave out; its question word is left unplaced, never silently dropped
    if lang == "en":
        left += _manner_left(text, parts)
    if any(p.kind == "indicator" or (p.kind == "field" and p.value not in _REASONED) for p in parts):
        # "why did its settled amount fall": why a figure is so, not the reason the form gives for its direction
        # (so is 「目標に届かなかった理由」: the reason for what the clause before it tells)
        asked_why = [p for p in parts if p.kind == "field" and p.value == "reason" and (
            text[p.start : p.end].lower() in WHY_WORDS or _REASON_OF_A_CLAUSE.search(text, 0, p.start))]
        if asked_why:
            parts = [p for p in parts if p not in asked_why]
            left = unplaced(text, lang, parts)
    if any(_judged_with_reasons(p) for p in parts):  # ("why is it being wound down": the form prints why beside it)
        left = [w for w in left if w.lower() not in WHY_WORDS]
        parts = _said_of_a_judgement(text, parts)
    result = Parse(question, text, lang, parts, left)
    many = any(p.kind in ("aggregate", "superlative", "list", "direction") for p in parts)
    # Names several projects share matter while they stand as a run of names (other parts may cover their words); of
    # several projects, when one alone is named with の between its words (「鳥獣被害対策の実施隊、…合計何頭」).
    runs = result.of("name_run")
    if ambiguous and not result.of("project") and runs and (not many or (
            lang == "ja" and len(owners := _owners(runs, words)) > 1
            and len(_name_said_with_no(text, runs, words, owners)[1]) == 1)):  # fmt: skip
        named = _the_one_name(text, result.of("name_run"), words, lang, left)
        if named is None:
            result.reason = "ambiguous_project"
        else:  # 「スマートシティの事業、…」: the one name that says it, and the team's (スマートシティ戦略室) projects
            result.parts = _clause_before_the_name(text, sorted([p for p in parts if p.kind != "name_run"] + named,
                                                                key=lambda p: p.start), words)
            result.unplaced = [w for w in left if w in set(unplaced(text, lang, result.parts))]
    elif unsure:
        result.reason = "ambiguous_field"
    elif _USE_ASKED[lang].search(text):
        result.reason = USE_ASKED  # what the money went on is an account, not the amount a money word reads
    elif _things_asked(text, lang, result.of("indicator")):
        result.reason = THINGS_ASKED
    return result


def _things_asked(text: str, lang: str, indicators: list[Part]) -> bool:
    """"What agreements did it sign?", 「どんな協定を結んだ？」: the things an indicator counts asked by what they are
    (an account), not how many (no figure is asked)."""
    before = _WHICH_THINGS[lang]
    return not FIGURE_ASKED.search(text) and any(before.search(text[: p.start]) for p in indicators)


THINGS_ASKED = "things_asked"
_WHICH_THINGS = {"ja": re.compile(r"(?:どんな|どういう|どのような|どの)$"),
                 "en": re.compile(r"(?:^|[,;.?!]\s*|\band\s+)(?:what|which)\s+(?:kinds? of\s+|sorts? of\s+)?$", re.IGNORECASE)}
# Words that ask a figure (a count, an amount, a share), whatever of
FIGURE_ASKED = re.compile(r"何|なん|いくつ|いくら|どの(?:くらい|ぐらい)|どれ(?:くらい|ぐらい|だけ)|数|額|率|"
                          r"\bhow (?:many|much)\b|\bnumber\b|\bcount\b|\bwhat (?:was|is|were) the\b", re.IGNORECASE)


_HOW_IT_COMPARES = re.compile(r"\bhow\s+(?:does|did|do|would|will)\b[^?.;]*?\b(compare[sd]?)\b")


def _how_it_compares(text: str, parts: list[Part]) -> list[Part]:
    """"How does that compare with its R3 budget?": a change between the figures (the imperative "Compare the R02
    costs of 011 and 012" asks for the figures themselves)."""
    found = [Part("op", m.start(1), m.end(1), "difference") for m in _HOW_IT_COMPARES.finditer(text)
             if not any(p.start <= m.start(1) < p.end for p in parts)]  # fmt: skip
    return _with_new(parts, found)


def _prepositions_before_a_name(text: str, parts: list[Part]) -> list[Part]:
    """"partnering under the 092 project", "over the robot project's life": a word of more or less right before a
    project's mention (an article between) is a preposition of it, no comparison ("other than 0873" still is)."""
    return [Part("subject", p.start, p.end, True) if p.kind == "compare" and p.value in ("lt", "gt", "le", "ge")
            and i + 1 < len(parts)
            and parts[i + 1].kind == "project" and re.fullmatch(r"\s*(?:the\s+)?(?:project\s+)?",
                                                                  text[p.end : parts[i + 1].start]) else p
            for i, p in enumerate(parts)]  # fmt: skip


def _what_money_was_for(text: str, parts: list[Part]) -> list[Part]:
    """「それ作るのに人件費込みでいくらかかった？」: a verb of purpose (…のに, …ために) before an amount of money asked says
    what the money was for, the project's own work: placed by the amount it comes before."""
    money = [p for p in parts if p.kind == "field" and catalogue()[p.value].unit in ops.MONEY_UNITS]
    if not money:
        return parts
    found = [Part("subject", m.begin, m.end, True) for m in question_morphemes(text)
             if m.pos[0] == "動詞" and _PURPOSE.match(text, m.end) and m.end <= money[-1].start
             and not any(p.start <= m.begin < p.end for p in parts)]  # fmt: skip
    return _with_new(parts, found)


_PURPOSE = re.compile(r"のに(?!\s*[、,]?\s*(?:なぜ|なんで|どうして))|ために|ための")


def _operand_before_its_measure(text: str, parts: list[Part]) -> list[Part]:
    """"more than 2 million yen of their budget unspent": a field said right before a named measure of it (予算額 of
    不用額) is that measure's word, so a condition said with it is the measure's."""
    out: list[Part] = []
    for p in parts:
        if out and p.kind == "named" and out[-1].kind == "field" and not text[out[-1].end : p.start].strip() \
                and out[-1].value in ops.NAMED_MEASURES[p.value][0][1:]:  # fmt: skip
            out[-1] = replace(p, start=out[-1].start)
        else:
            out.append(p)
    return out


def _amount_of_a_years_plan(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「今年度の計画額」: a text of the form named with a year (今年度の計画: 大船渡's 今年度計画) and 額 after it is no
    text but that year's planned amount: the year, and the amount spent or planned (決算額; 大船渡's 事業費計, which
    its form reads it as)."""
    out = []
    for p in parts:
        m = LEADING_YEAR.match(text, p.start)
        if not (p.kind == "field" and catalogue()[p.value].kind == TEXT and text.startswith("額", p.end)
                and m is not None and m.end() < p.end):  # fmt: skip
            out.append(p)
            continue
        said = text[m.start() : m.end()].rstrip("の's ")
        offset = next((o for o, ws in RELATIVE_YEARS.items() if said in ws), None)
        year = parse_year(said) if offset is None else (
            from_western(western(words.sheet_year) + offset) if words.sheet_year else None)  # fmt: skip
        if year is None:
            out.append(p)
            continue
        out += [Part("year", p.start, p.start + len(said), year, rank=0),
                Part("field", m.end(), p.end + 1, _spending(words.forms))]
    return out


_AMOUNT_RECORDED = re.compile(r"(?:計画|実績)額")
RECORDS = ("ofunato_indicator_value", "indicator_actual")  # the fields that say 実績・計画 of an indicator's figures


def _record_of_an_amount(text: str, parts: list[Part], forms: tuple[str, ...]) -> list[Part]:
    """「今年度の計画額が、前年度実績と比べて…」: 計画額 and 実績額 are amounts of money, so the 実績 said with them is the
    project's spending (決算額; 大船渡's 事業費計, which its form reads it as), not its indicators' figures; with an amount
    of the form named ("the jump in 事業費 from last year's actual to this year's plan") it says which of that
    amount's columns, no field of its own. Unless an indicator is named."""
    amounts = [p for p in parts if p.kind == "field" and p.value not in RECORDS
               and catalogue()[p.value].unit in ops.MONEY_UNITS]  # fmt: skip
    # (an indicator's words in a clause naming the project, 「水道施設の改良・更新の事業」, name no indicator)
    clauses = [m.span() for m in _PROJECT_CLAUSE.finditer(text)
               if any(p.kind == "project" and m.start() <= p.start and p.end <= m.end() for p in parts)]  # fmt: skip
    named = [p for p in parts if p.kind == "indicator" and not any(s <= p.start and p.end <= e for s, e in clauses)]
    said = _AMOUNT_RECORDED.search(text)
    if not (amounts or said) or named:
        return parts
    if not amounts and not any(p.start < said.end() and said.start() < p.end for p in parts):
        parts = [*parts, Part("field", said.start(), said.end(), RECORDS[0])]  # 「計画額」 said alone: the amount
    if amounts:  # (placed, as words saying which column)
        return [Part("subject", p.start, p.end, True) if p.kind == "field" and p.value in RECORDS else p for p in parts]
    return [Part("field", p.start, p.end, _spending(forms)) if p.kind == "field" and p.value in RECORDS else p
            for p in parts]


def _spending(forms: tuple[str, ...]) -> str:
    """The field of what was spent on the sheets of ``forms``: 決算額, or 大船渡's 事業費計, which its form reads it as."""
    return "settlement" if catalogue()["settlement"].form in forms else READ_AS["settlement"]


_REASON_OF_A_CLAUSE = re.compile(r"(?:た|ない|る|だ)の?$")  # a verb's or a predicate's end right before 理由
_REASONED = ("reason", "direction")  # the field the form prints a reason for (方向性 and its 理由), and that reason


def _said_of_a_judgement(text: str, parts: list[Part]) -> list[Part]:
    """The words said of a judgement whose form prints its reasons ("what reasons are given for judging there is no
    room to improve results (④ 成果の向上余地)?"): the reasons asked are the judgement's own (not the 理由 of
    Tsukuba's direction), and the item's printed number right before its label says which judgement, nothing more
    (NFKC reads ④ as 4)."""
    judged = [p for p in parts if _judged_with_reasons(p)]
    ordered = sorted(parts, key=lambda p: p.start)
    out = []
    for i, p in enumerate(ordered):
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        numbered = p.kind == "number" and after in judged and after.kind == "field" \
            and after.value == evaluation_key(p.value) and not text[p.end : after.start].strip()  # fmt: skip
        reason = p.kind == "field" and p.value == "reason"
        out.append(Part("subject", p.start, p.end, True) if numbered or reason else p)
    return out


def _judged_with_reasons(part: Part) -> bool:
    """Whether the part names a judgement (or one of its values) that its form prints the reasons for."""
    keys = [part.value] if part.kind == "field" else [key for key, _ in part.value] if part.kind == "value" else []
    return any(key in REASON_OF for key in keys)


def _owners(runs: list[Part], words: Words) -> set[str]:
    """The projects whose names hold one of ``runs``."""
    return {n.number for n in words.names for p in runs if any(p.value in m for m in (*n.masked, *n.compact))}


def _the_one_name(text: str, runs: list[Part], words: Words, lang: str, left: list[str]) -> list[Part] | None:
    """The runs as mentions of the one project whose name holds them all and of those whose team's name (係名) holds
    them (スマートシティの推進, and 012 of the スマートシティ戦略室): each is answered, the named one first; None when
    several names hold them, or when a word ``left`` is on some of their sheets and not all (「スマートシティのデータ
    連携基盤をつくる事業」 describes one: the question is then asked again, which project it means)."""
    owners = _owners(runs, words)
    if len(owners) > 1 and lang == "ja":  # 「鳥獣被害対策の実施隊」: a name said with の between its words
        runs, owners = _name_said_with_no(text, runs, words, owners)
    if len(owners) != 1:
        return None
    teams = [n.number for n in words.names for p in runs if p.value in n.section and n.number not in owners]
    numbers = list(dict.fromkeys([*owners, *teams]))
    # (in Japanese, the words left side by side as said too: データ連携基盤 is on one sheet, データ and 基盤 on both)
    said = ["".join(left[i:j]) for i in range(len(left)) for j in range(i + 2, len(left) + 1)] if lang == "ja" else []
    for word in [*left, *(run for run in said if run in text.lower())]:
        terms = [word] if lang == "ja" else japanese_of(word, words.translations)
        held = [any(len(t) > 1 and t.lower() in words.sheet_text(n).lower() for t in terms) for n in numbers]
        if any(held) and not all(held):
            return None
    return [Part("project", p.start, p.end, number, rank=1) for number in numbers for p in runs]


_NO_THEN_WORD = re.compile(r"の([一-龥ァ-ヿ]+)")
_WORD_THEN_NO = re.compile(r"(?<![一-龥ァ-ヿ])([一-龥ァ-ヿ]{2,})の$")


def _name_said_with_no(text: str, runs: list[Part], words: Words, owners: set[str]) -> tuple[list[Part], set[str]]:
    """「鳥獣被害対策の実施隊」: a run of a name several names hold, then の and a word that, joined to it, only one of
    them holds (鳥獣被害対策実施隊): that one, its mention running on to the word's end. (Not a generic word after
    it: 「博物館の施設管理の事業」 is no 施設管理事業.)"""
    def held(joined: str, among: set[str] | None) -> set[str]:  # (None: among every name)
        return {n.number for n in words.names if (among is None or n.number in among)
                and any(joined in w for w in (*n.masked, *n.compact))}  # fmt: skip

    for p in runs:
        if (m := _NO_THEN_WORD.match(text, p.end)) is None or not _mask_generic(m.group(1)).replace("|", ""):
            continue
        if len(one := held(p.value + m.group(1), owners)) == 1:
            return [Part(p.kind, p.start, m.end(), p.value + m.group(1), p.rank) if q is p else q for q in runs], one
    # (or a word before it and の, 「図書館の運営費」: 図書館運営事業, the run's word 運営 without the 費 it is said with;
    # the word before, a unit's name too, stays what it was read as)
    for p in runs:
        if (m := _WORD_THEN_NO.search(text, 0, p.start)) is None:
            continue
        for joined in (m.group(1) + p.value[:end] for end in range(len(p.value), 1, -1)):
            if len(one := held(joined, None)) == 1:
                return runs, one
    return runs, owners


# "What" as the object of spending (「何に使ったの？」, "what did it spend the money on?"): what it was spent on.
USE_ASKED = "use_asked"
_USE_ASKED = {
    "ja": re.compile(r"(?:何|なに|どんなこと|どういうこと)に(?:お金を?|予算を?)?(?:使|つか|充て|あて|費や|支出|かけ)|使い道|使途"),
    # (the place or time said after it: "what did it spend its money on in FY2020?"; or asked after: "…, and on what?")
    "en": re.compile(r"\bwhat\b[^?.;]*\b(?:spen[dt]|spending|used?|go(?:es)?|went|paid|pay)\b[^?.;]*?"
                     r"\b(?:on|for|towards?|to)\s*(?:[?.]|$|(?=(?:in|during|over|last|this)\b))|\b(?:and|but)\s+on\s+what\b"),
}


# a clause that ends in the word for a project (「…を後押しする事業って」), from where the clause begins
_PROJECT_CLAUSE = re.compile(r"(?:^|(?<=[、。,，？?！!\s]))[^、。,，？?！!\s]+?事業(?=って|は|の|、|,|で|が|を|も)")
_DESCRIBING = ("project", "field", "indicator")  # what a description's words may have been read as


def _clause_describing_a_named_project(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「近未来技術を使った製品の導入を後押しする事業って、…」: a clause before 事業 that names one project in some of its
    words says what that project does in the others; they are words of its mention, not things asked (使った is no
    決算額 here). Not when the clause says a year, a number or a condition, nor when it names a thing its sheet does not
    (「天気の良い日の科学教育の事業」: 天気 is no word of it; a verb, 後押しする, may be the asker's own)."""
    for clause in _PROJECT_CLAUSE.finditer(text):
        start, end = clause.span()
        inside = [p for p in parts if start <= p.start and p.end <= end]
        named = {p.value for p in inside if p.kind == "project"}
        if any(p.kind not in _DESCRIBING for p in inside) or not named:
            continue
        # (「企業や研究機関から…提案を受け付ける未来共創の事業」: the name right before 事業 is the one meant, another's
        # words before it that its sheet writes too describe it)
        head = max((p for p in inside if p.kind == "project"), key=lambda p: p.end)
        number = head.value
        others = [p for p in inside if p.kind == "project" and p.value != number]
        sheet = words.sheet_text(number)
        if any(text[p.start : p.end] not in sheet for p in others):
            continue
        left = [(s, e) for s, e, _ in unplaced_tokens(text, "ja", parts) if start <= s and e <= end]
        things = [m.surface for m in question_morphemes(text) if m.pos[0] == "名詞" and "サ変可能" not in m.pos
                  and any(s <= m.begin and m.end <= e for s, e in left)]  # fmt: skip
        # (or an indicator's words with no other: 「水道施設の改良・更新の事業」 is no 水道施設数)
        if not (left or others or any(p.kind == "indicator" for p in inside)) or any(t not in sheet for t in things):
            continue
        described = [p for p in inside if p.kind != "project" or p.value != number]
        mention = [Part("project", p.start, p.end, number, rank=1) for p in described]
        mention += [Part("project", s, e, number, rank=1) for s, e in left]
        kept = [p for p in parts if p not in described]
        return sorted([*kept, *mention], key=lambda p: p.start)
    return parts


_RELATIVE_CLAUSE_END = re.compile(r"(?:る|た|てる|ている|でる|でいる|してる|している)$")


def _clause_before_the_name(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「シカを駆除してる鳥獣被害対策の実施隊、…」: a clause opening the question, right before the one project it names,
    that says what the project does (a verb's clause whose things are all on its sheet) is words of the mention (its
    indicators' words in it too: 駆除 of 1623's 有害駆除…)."""
    named = [p for p in parts if p.kind == "project"]
    first = named[0] if named else None
    before = [p for p in parts if first is not None and p.end <= first.start]
    if first is None or len({p.value for p in named}) != 1 or any(p.kind != "indicator" for p in before) or not (
            _RELATIVE_CLAUSE_END.search(text[: first.start])):  # fmt: skip
        return parts
    left = [(s, e) for s, e, _ in unplaced_tokens(text, "ja", parts) if e <= first.start]
    sheet = words.sheet_text(first.value)
    things = [m.surface for m in question_morphemes(text) if m.pos[0] == "名詞" and m.end <= first.start]
    if not left or not things or any(thing not in sheet for thing in things):
        return parts
    said = [*left, *((p.start, p.end) for p in before)]
    return sorted([*(p for p in parts if p not in before), *(Part("project", s, e, first.value, rank=1) for s, e in said)],
                  key=lambda p: p.start)


# brackets of examples: 「（…とか）」「（…など）」 "(…, etc.)"
# (or the one meant, in other words: 「移住支援事業（移住支援金のやつ）」)
_EXAMPLES = re.compile(r"[(（]([^()（）]*?(?:etc\.?|and so on|and such|など|等|とか|のやつ|のもの|のこと|のほう))\s*[)）]",
                       re.IGNORECASE)


def _examples_of_a_project(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """A bracket of examples after a project's mention says what the project does: "the robot town project (mobility
    robots, Tsukuba Challenge etc.)" asks no 課題 (challenge); one saying which it is (「（移住支援金のやつ）」) asks no
    indicator. Its words are the mention's."""
    for bracket in _EXAMPLES.finditer(text):
        before = [p for p in parts if p.end <= bracket.start()]
        mention = before[-1] if before else None
        if mention is None or mention.kind != "project" or not re.fullmatch(
                r"\s*(?:project|program|programme|scheme|事業|の事業)?\s*", text[mention.end : bracket.start()],
                re.IGNORECASE):  # fmt: skip
            continue
        inside = range(bracket.start(), bracket.end() + 1)
        parts = [Part("project", p.start, p.end, mention.value, rank=1)
                 if p.start in inside and p.end in inside and p.kind in _DESCRIBING else p
                 for p in parts]  # fmt: skip
        parts = sorted([*parts, *(Part("project", s, e, mention.value, rank=1)
                                  for s, e, _ in unplaced_tokens(text, lang, parts) if s in inside and e in inside)],
                       key=lambda p: p.start)  # fmt: skip
    return parts


def _slash_between_figures(text: str, parts: list[Part]) -> list[Part]:
    """A slash divides only figures: between the field or number read before it and the one after ("project cost /
    staff hours"); between other words ("the science education / next-gen talent project") it says "or"."""
    ordered = [p for p in sorted(parts, key=lambda p: p.start) if p.kind not in ("anaphor", "subject")]  # (its)
    figures = ("field", "number", "indicator", "named")

    def divides(i: int) -> bool:
        before, after = ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None
        return bool(before and after and before.kind in figures and after.kind in figures)

    slashes = {id(p) for i, p in enumerate(ordered)
               if p.kind == "op" and text[p.start : p.end] == "/" and not divides(i)}  # fmt: skip
    return [p for p in parts if id(p) not in slashes]


_THIS = re.compile(r"(?:\b(?:this|our|the whole|the entire)\s+|(?:この|当|本)\s*)$")


def _this_unit(text: str, parts: list[Part], words: Words) -> list[Part]:
    """"All the projects in this division", 「この課の事業」: where the sheets are of one department, "this" one is
    theirs, the scope of every sheet said again, no unit's value asked."""
    if len(words.departments) != 1:
        return parts
    return [Part("subject", p.start, p.end, True) if p.kind == "field" and p.value in UNIT_FIELDS
            and _THIS.search(text[: p.start]) else p for p in parts]  # fmt: skip


def _per_another_figure(text: str, parts: list[Part]) -> list[Part]:
    """"Work hours per regular staff member": "per" between two figures of the form divides the first by the second
    (per project, per year, it asks for each)."""
    ordered = [p for p in sorted(parts, key=lambda p: p.start) if p.kind not in ("anaphor", "subject")]
    numeric = [i for i, p in enumerate(ordered) if p.kind == "field" and catalogue()[p.value].numeric]
    per = {id(p) for i, p in enumerate(ordered) if p.kind == "each" and text[p.start : p.end].lower() == "per"
           and i - 1 in numeric and i + 1 in numeric}  # fmt: skip
    return [Part("op", p.start, p.end, "ratio") if id(p) in per else p for p in parts]


# What stands between a field and the negation that sets it aside for another (「一般財源じゃなくて、国や県のお金」), and
# between that negation and the field asked instead; English says the negation first ("not the general fund but …")
_SET_ASIDE_JA, _INSTEAD_JA = re.compile(r"\s*(?:じゃ|では|で)?\s*"), re.compile(r"\s*て?\s*[、,]?\s*")
_INSTEAD_EN = re.compile(r"\s*,?\s*(?:but|rather)\s+(?:from\s+|by\s+)?(?:the\s+|its\s+|their\s+)?")


def _instead(text: str, parts: list[Part]) -> list[Part]:
    """「AじゃなくてB」, "not A but B": the field A is said only to be set aside; B is asked. A stays read (as words
    that ask nothing), and the negation with it."""
    out = list(parts)
    for first, second, third in zip(parts, parts[1:], parts[2:], strict=False):
        japanese = (first.kind == "field" and second.kind == "negation" and third.kind == "field"
                    and _SET_ASIDE_JA.fullmatch(text[first.end : second.start])
                    and _INSTEAD_JA.fullmatch(text[second.end : third.start]))  # fmt: skip
        english = (first.kind == "negation" and second.kind == "field" and third.kind == "field"
                   and re.fullmatch(r"\s*(?:from\s+|by\s+)?(?:the\s+|its\s+|their\s+)?", text[first.end : second.start])
                   and _INSTEAD_EN.fullmatch(text[second.end : third.start]))  # fmt: skip
        if japanese or english:
            aside = first if japanese else second
            out = [Part("subject", p.start, p.end, True) if p in (aside, second if japanese else first) else p
                   for p in out]  # fmt: skip
    return out


def _class_by_its_verb(text: str, parts: list[Part]) -> list[Part]:
    """「生涯スポーツを広める施策」: a classification named by what it is of, then a verb for what it does to it (its
    value's own last word, 振興, said otherwise), then the classification's word: the verb is part of naming it."""
    out = list(parts)
    for value, word in zip(parts, parts[1:], strict=False):
        classes = {key for key, _ in value.value} if value.kind == "value" else set()
        if word.kind != "field" or word.value not in classes:
            continue
        between = [m for m in question_morphemes(text) if value.end <= m.begin and m.end <= word.start]
        if (between and between[0].surface == "を" and "".join(m.surface for m in between) == text[value.end : word.start]
                and any(m.pos[0] == "動詞" for m in between[1:])
                and all(m.pos[0] in ("動詞", "助動詞") for m in between[1:])):  # fmt: skip
            out.append(Part("subject", value.end, word.start, True))
    return sorted(out, key=lambda p: p.start)


def counts_the_word(text: str, end: int, word: str) -> bool:
    """Whether ``word`` is the noun a count said up to ``end`` ("how many") asks of: within the next few words
    ("how many vacant-house (akiya) consultations")."""
    return re.match(rf"\s+(?:\S+\s+){{0,3}}?{re.escape(word)}\b", text[end:], re.IGNORECASE) is not None


def _the_units_one_project(text: str, parts: list[Part], run: list[str], words: Words, left: list[str],
                           asked_before: tuple[str, ...] = ()) -> list[Part]:
    """A unit named that runs one project, asked nothing of a set of projects (「市立図書館、去年度は本をどれくらい
    貸し出したの？」; "how has the school lunch service cut its labor costs?" asks how a change was made, not which
    of a set changed most; "how many vacant-house (akiya) consultations" counts consultations, a word ``left``): the
    unit said for its project, whose figures and passages are the answer's. Not when another project's name says
    the unit's words too ("the smart city initiative": スマートシティの推進, not the スマートシティ戦略室's one project)."""
    units = [p for p in parts if p.kind == "value" and all(key in UNIT_FIELDS for key, _ in p.value)]
    if units and len(run) == 1 and ({p.value for p in parts if p.kind == "project"} or set(asked_before)) == set(run):
        # its project named too, or asked about before ("For the vacant houses project, …, and how many vacant houses
        # were on the register?"): the unit's words say what the project's figure counts, no condition
        return [Part("subject", p.start, p.end, True) if p in units else p for p in parts]
    counted = {p.start for p in parts if p.kind == "aggregate" and p.value == "count"
               and any(counts_the_word(text, p.end, w) for w in left)}  # fmt: skip
    if len(run) != 1 or len({p.value for p in units}) != 1 or any(
            p.kind in _OF_A_SET and not (p.kind == "direction" and _in_a_how_clause(text, p)) and p.start not in counted
            for p in parts):  # fmt: skip
        return parts
    said = {english_stem(text[p.start : p.end]) for p in units}
    if any(kind == "project" and number != run[0] and (said <= bag or all(
            text[p.start : p.end] in words.by_number[number].variants[0] for p in units))
           for (kind, number), bag in words.named_english.items() if number in words.by_number):  # fmt: skip
        return parts
    return [Part("project", p.start, p.end, run[0], rank=1) if p in units else p for p in parts]


_OF_A_SET = ("list", "aggregate", "superlative", "direction", "each", "series", "project", "name_run", "value_of")


def _the_whole_unit(text: str, parts: list[Part], words: Words) -> list[Part]:
    """"The average staff cost across the division": a unit's kind word said as where to look, when every sheet is
    of one unit, is every project (as 「課全体」 is); with several units it stays the field, and is not read. So is
    "across the division's ten sheets", when they are as many as the sheets."""
    if len(words.departments) != 1:
        return parts
    whole = [p for p in parts if p.kind == "field" and p.value in UNIT_FIELDS and _SCOPE_BEFORE.search(text[: p.start])
             and (not text.startswith("'s", p.end) or _ITS_SHEETS.match(text, p.end))]  # fmt: skip
    counts = {m.start("count") for p in whole if (m := _ITS_SHEETS.match(text, p.end)) and m["count"]}
    counted = [n for n in parts if n.kind == "number" and n.start in counts]
    if any(n.value != len(words.by_number) for n in counted):
        return parts
    return [Part("subject", p.start, p.end, True) if p in whole or p in counted else p for p in parts]


# "the division's ten sheets": its sheets, as many as it says
_ITS_SHEETS = re.compile(rf"'s\s+(?:(?P<count>\d+|{'|'.join(NUMBER_WORDS)})\s+)?(?:sheets|projects|programs|programmes)\b")


_SCOPE_BEFORE = re.compile(r"\b(?:across|throughout|within|over|in)\s+(?:the\s+)?(?:whole\s+|entire\s+)?$")


# "why does the department think …": a unit said as the one holding a view or doing a thing, not its name asked
_UNIT_DOING = re.compile(r"\s+(?:think|thinks|say|says|said|plan|plans|planned|want|wants|wanted|propose|proposes|"
                         r"proposed|consider|considers|considered|expect|expects|believe|believes|feel|feels|intend|"
                         r"intends|see|sees|decide|decided|do|does|did)\b", re.IGNORECASE)
_UNIT_ASKED_OF = re.compile(r"\b(?:do|does|did|will|would|should|can|could)\s+(?:the|this|that)\s+$", re.IGNORECASE)


def _unit_as_subject(text: str, part: Part) -> bool:
    """"Why does the department think it should be scrapped?": the unit running the project as the one thinking (with
    its verb), not its name asked for ("which department runs it?")."""
    return part.kind == "field" and part.value in UNIT_FIELDS and bool(_UNIT_ASKED_OF.search(text[: part.start])) and bool(
        _UNIT_DOING.match(text, part.end))


def _city_as_subject(text: str, part: Part) -> bool:
    """"How much did the city spend", "the city's clinic": the city doing things, not its name asked for ("which
    city runs it?", "each city")."""
    return (part.kind, part.value, text[part.start : part.end].lower()) == ("field", "city", "city") and not re.search(
        r"\b(?:which|what|each|every|per|by)\s+$", text[: part.start], re.IGNORECASE
    )


def _inside_function_words_and_fields(text: str, parts: list[Part]) -> list[Part]:
    """A hyphenated word that is a function word whole says nothing of its halves: "city-wide" is every project,
    not the city and the wide-area (広域) union's project. Nor is a word of a field's phrase a project's ("staff
    time": not the time of a name's 後期)."""
    spans = [m.span() for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)+", text) if m[0].lower() in FUNCTION_WORDS_EN]
    fields = [(p.start, p.end) for p in parts if p.kind == "field"]
    return [p for p in parts if not any(s <= p.start and p.end <= e for s, e in spans) and not (
        p.kind == "project" and any(s <= p.start and p.end <= e for s, e in fields))]


def _hyphenated_names(text: str, parts: list[Part], lang: str) -> list[Part]:
    """A word left that is hyphenated to a word of a project's name, as the question is finally read, is a word of
    the name too ("the bridge life-extension work")."""
    projects = [p for p in parts if p.kind == "project"]
    joined = [Part("project", s, e, p.value) for s, e, _ in unplaced_tokens(text, lang, parts) for p in projects
              if text[p.end : s] == "-" or text[e : p.start] == "-"]  # fmt: skip
    return sorted([*parts, *joined], key=lambda p: p.start) if joined else parts


def _with_new(parts: list[Part], found: list[Part]) -> list[Part]:
    """``parts`` with those of ``found`` that overlap none of them, in order: a word read already keeps its reading."""
    found = [f for f in found if not any(p.start < f.end and f.start < p.end for p in parts)]
    return sorted([*parts, *found], key=lambda p: p.start) if found else parts


def _value_describing_a_word_left(text: str, parts: list[Part], left: list[str]) -> list[Part]:
    """"how many new hires": a value's word (新規 of "new") said right before a word the parser could not place
    describes that thing, not which projects; "participant numbers": "numbers" right after one counts that thing.
    Either is left with the word, for the figure they name together."""
    out = []
    for p in parts:
        after = re.match(r"[ -]([A-Za-z]+)", text[p.end :])
        before = re.search(r"([A-Za-z]+)[ -]$", text[: p.start])
        if p.kind == "value" and text[p.start : p.end].isalpha() and text[p.start : p.end].isascii() and after \
                and after.group(1) in left:
            continue
        if (p.kind, p.value) == ("field", "number") and before and before.group(1) in left:
            continue  # "participant numbers": how many participants, not the project's number
        out.append(p)
    return out


def _inside_a_name(text: str, parts: list[Part]) -> list[Part]:
    """A field's, an indicator's or a direction's word said between two words of one project's name is a word of the
    name ("the Society 5.0 social implementation trial project": 社会実装, not the 実行 field; "the Society 5.0 field
    trial support program": not the indicator フィールド実験の実施件数; "the lower house general election": no ranking);
    so is a number said there ("the Tokyo 2020 Olympic legacy project": no year)."""
    out = list(parts)
    for i in range(1, len(out) - 1):
        before, p, after = out[i - 1], out[i], out[i + 1]
        if (p.kind in ("field", "indicator", "direction") or (p.kind == "year" and text[p.start : p.end].isdigit())) \
                and before.kind == after.kind == "project" and before.value == after.value and \
                re.fullmatch(r"[\s-]*", text[before.end : p.start]) and re.fullmatch(r"[\s-]*", text[p.end : after.start]):
            out[i] = Part("project", p.start, p.end, before.value)
    # ... or right before it, after "the", while the question asks something else ("What progress rating did the
    # hands-on science education program get": 体験型 of an indicator's name describes the program)
    for i in range(len(out) - 1, 0, -1):
        after = out[i]
        if after.kind != "project":
            continue
        run = []  # the words joined before it ("the coming-of-age ceremony")
        for p in reversed(out[:i]):
            if p.kind not in ("field", "indicator") or not _MODIFIES.fullmatch(text, p.end, (run[-1] if run else after).start):
                break
            run.append(p)
        if run and re.search(r"\bthe\s+$", text[: run[-1].start]) and any(
                q.kind in ("field", "indicator", "heading") and q not in run and q.value not in {p.value for p in run}
                for q in out):  # fmt: skip
            out = [Part("project", p.start, p.end, after.value) if p in run else p for p in out]
    # ... or said again right after its mention ("project 009, the Future Co-creation Project"): the words up to the
    # word "project" name that project again, every one of them
    for mention in [p for p in out if p.kind == "project"]:
        again = _SAID_AGAIN.match(text, mention.end)
        if again is None:
            continue
        inside = [p for p in out if again.start() <= p.start and p.end <= again.end()]
        if all(p.kind in ("field", "indicator", "direction", "project", "subject") for p in inside):
            start = again.start("name")
            out = [p for p in out if p not in inside] + [Part("project", start, again.end(), mention.value)]
    return sorted(out, key=lambda p: p.start)


_MODIFIES = re.compile(r"(?:-\w+)?[\s-]*")  # between a word and the name it describes ("hands-on science")
_SAID_AGAIN = re.compile(rf"\s*,\s*the\s+(?P<name>(?:[\w.-]+\s+){{1,6}}?{_PROJECT_WORD.pattern})")


# A time word said of how another thing asked is done (「今後どう改善していく」): when, not the direction asked
_FROM_NOW = ("今後", "これから", "この先")
_HOW_AFTER = re.compile(r"\s*[はも]?[、,]?\s*(?:どう|どのように|どんなふうに|どうやって|いかに)\s*")


def _when_it_is_done(text: str, parts: list[Part]) -> list[Part]:
    """「今後どう改善していくつもり？」: 今後 said right before how another field's thing will be done (改善: 改善目標)
    says when, not the direction (方向性) asked too; said before a verb no field reads, both are asked."""
    ordered = sorted(parts, key=lambda p: p.start)
    out = list(parts)
    for p, after in itertools.pairwise(ordered):
        if p.kind == "field" and text[p.start : p.end] in _FROM_NOW and after.kind == "field" \
                and after.value != p.value and _HOW_AFTER.fullmatch(text, p.end, after.start):  # fmt: skip
            out = [Part("subject", p.start, p.end, True) if q is p else q for q in out]
    # 「今後どう進めていくつもり？」: how it goes on, in a verb no field reads, is the direction and what the form says it
    # will do (改善目標)
    for p in ordered:
        how = _HOW_AFTER.match(text, p.end)
        if p.kind != "field" or p.value not in HOW_AHEAD or text[p.start : p.end] not in _FROM_NOW or how is None:
            continue
        verb = next((t for t in unplaced_tokens(text, "ja", out) if t[0] == how.end()), None)
        if verb is not None:
            out.append(Part("field", verb[0], verb[1], HOW_AHEAD[p.value]))
    return out


# What sets off a Japanese question's topic (「貝毒やノロの検査補助について、…どんな声が出てる？」)
_TOPIC_MARK = re.compile(r"について|に関して|に関する|のことで")
_TOPIC_SET_OFF = re.compile(r"(?<![ぁ-ゖ])って[、,]")  # (after a noun: not a verb's て form, 「何件あって、」)


def _whom_a_project_is_for(text: str, parts: list[Part]) -> list[Part]:
    """「東京圏からの移住者向けの支援金」: words naming both a project and an indicator of it, said as whom the project is
    for (〜向け), describe the project; the indicator (東京圏からの移住者) is not asked."""
    named = {(p.start, p.end) for p in parts if p.kind == "project"}
    return [p for p in parts if not (p.kind == "indicator" and (p.start, p.end) in named and _FOR_WHOM.match(text, p.end))]


_FOR_WHOM = re.compile(r"向け|のため")


def _source_beside_the_topic(text: str, parts: list[Part]) -> list[Part]:
    """「火葬場について市議会から何か言われてる？」: after the project set off as the topic, words of another's name said as
    where something came from (市議会から) are who said it, not a project asked about (市議会議員選挙の執行事務)."""
    mark = _TOPIC_MARK.search(text)
    topic = {p.value for p in parts if p.kind == "project" and mark is not None and p.end <= mark.start()}
    if not topic:
        return parts
    return [Part("subject", p.start, p.end, True) if p.kind == "project" and p.value not in topic and p.rank
            and p.start >= mark.end() and text.startswith("から", p.end) else p for p in parts]  # fmt: skip


def _said_of_the_topic(text: str, parts: list[Part]) -> list[Part]:
    """An indicator's word in the topic a question sets off before asking a field of it (「貝毒やノロの検査補助について、
    どんな声が出てる？」: ノロ of 補助金交付件数（ノロウイルス）) says which project, with the words naming it; it is no
    figure asked. So is an indicator's word said as a kind of person after it (漁業者, not 漁業協同組合数)."""
    mark = _TOPIC_MARK.search(text)
    asked = mark is not None and any(p.kind in ("field", "heading") and p.start >= mark.end() for p in parts)
    # (「三陸鉄道への補助って、令和6年度は地方債で…」「カキやホヤの貝毒検査への補助って、課長の意見では…」: a topic set
    # off by って and a comma, before a field of the form's own, not an indicator's: 「寄附件数って、目標は？」 asks that
    # indicator's target, 「…何年度？」 its year)
    if mark is None and (mark := _TOPIC_SET_OFF.search(text)) is not None:
        after = [catalogue()[p.value] for p in parts if p.kind == "field" and p.start >= mark.end()]
        asked = bool(after) and all(not f.per_indicator and f.key != YEAR_FIELD for f in after)
    named = [p for p in parts if p.kind == "project" and mark is not None and p.end <= mark.start()]
    out = []
    for p in parts:
        if p.kind == "indicator" and asked and named and p.end <= mark.start():
            p = Part("project", p.start, p.end, named[0].value)
        elif p.kind == "indicator" and asked and text.startswith(("者", "家"), p.end):
            p = Part("subject", p.start, p.end + 1, True)  # (who said it, not a figure)
        out.append(p)
    return out


_TOPIC_JA = re.compile(r"^(?P<topic>[^、。,？?！!]+?)の(?P<head>[一-龥ァ-ヿ]+)(?:って|は)[、,]")


def _doing_of_a_field_ja(text: str, parts: list[Part]) -> list[Part]:
    """「市民参加の「評価・検証」では何をやってるの？」: what is done, asked right after a field said with では or で, is
    that field's content, not the project's overview; the words say whose doing it is (a subject part)."""
    out = []
    for p in parts:
        before = text[: p.start].rstrip()
        particle = next((w for w in ("では", "には", "で") if before.endswith(w)), None)
        head = before[: -len(particle)] if particle else ""
        ends = {len(head), len(head.rstrip("」』\"'"))}  # (the field's name in quotes: 「評価・検証」では)
        if (p.kind, p.value) == ("field", "overview") and text[p.start] in "何な" and particle and any(
                q.kind in ("field", "heading") and q.end in ends for q in parts):  # fmt: skip
            p = Part("subject", p.start, p.end, True)
        out.append(p)
    return out


def _head_of_a_topic_ja(text: str, parts: list[Part], words: Words) -> list[Part]:
    """「出産祝いの商品券って、…」: a topic that names one project, then の and a noun its sheet writes (商品券, what the
    project gives), says that project by the thing, when one of its indicators is asked (no field): the noun is a word
    of the mention, not a thing asked of it."""
    topic = _TOPIC_JA.match(text)
    if topic is None:
        return parts
    start, end = topic.span("head")
    named = {p.value for p in parts if p.kind == "project" and p.end <= topic.start("head")}
    if len(named) != 1 or any(p.start < end and start < p.end for p in parts) or any(
            p.kind != "project" and p.end <= start for p in parts):  # fmt: skip
        return parts
    number = named.pop()
    # (not before a field read from a verb, 「券って…何枚くらい使われた」: the tickets used, not the money spent)
    if topic["head"] not in words.sheet_text(number) or any(p.kind == "field" and p.start >= end for p in parts):
        return parts
    return sorted([*parts, Part("project", start, end, number)], key=lambda p: p.start)


# An English question's topic set off before what it asks ("For the passport issuing desk, …"; "School lunches: …")
_NAMED_TOPIC = re.compile(r"^\s*(?:(?:for|about|regarding|as for|on|re)\s+)?(?:the\s+)?(?P<topic>[^,:;?!]+?)\s*(?:[,:;]|\s[-–—]\s)")


def _head_of_a_named_topic(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """The last word of a topic that names one project in its other words is the noun they describe ("the passport
    issuing desk", "the deer culling squad"): a word of the mention, not a thing asked of it."""
    topic = _NAMED_TOPIC.match(text)
    if topic is None:
        return parts
    start, end = topic.span("topic")
    inside = [p for p in parts if start <= p.start and p.end <= end]
    named = {p.value for p in inside if p.kind == "project"}
    if len(named) != 1 or any(p.kind != "project" for p in inside):
        return parts
    left = unplaced_tokens(text, lang, parts)
    in_topic = [(s, e) for s, e, _ in left if start <= s and e <= end]
    if len(in_topic) != 1 or in_topic[0][1] != end or len(inside) < 2:
        return parts
    (s, e), number = in_topic[0], named.pop()
    return sorted([*parts, Part("project", s, e, number)], key=lambda p: p.start)


# The counters in English: what is counted, said by a noun for it ("how many kids": 人). People go by the words
# English has for people in a role (children, residents, users …), each counted in 人.
PEOPLE_EN = ("people", "persons", "kids", "children", "students", "pupils", "residents", "citizens", "visitors",
             "participants", "members", "users", "attendees", "volunteers", "seniors", "babies", "infants", "patients",
             "applicants", "recipients", "customers", "riders", "passengers", "tourists", "guests", "workers")  # fmt: skip
# What is measured, said by its unit ("how many tonnes": トン).
COUNTERS_EN = {**dict.fromkeys(PEOPLE_EN, "人"), "times": "回", "households": "世帯", "families": "世帯", "days": "日",
               "animals": "頭", "minutes": "分", "cases": "件", "tonnes": "トン", "tons": "トン",
               "hectares": "ha", "kilometres": "km", "kilometers": "km", "metres": "m", "meters": "m"}  # fmt: skip
# the noun may come after a few words that say which ("how many elementary and junior high kids")
# (not "how many times more", "how many times as many": a ratio, no count of times)
_COUNTED_EN = re.compile(rf"\bhow many (?:[a-z-]+ ){{0,4}}?({'|'.join(COUNTERS_EN)})\b"
                         r"(?!(?<=\btimes)\s+(?:more|less|fewer|as|bigger|larger|higher|greater|over)\b)")
# (「何％減」 asks the change's percentage, not an indicator printed in %)
# (「何%くらい増えた」, 「何%の減少」: a change's rate, not a share)
_SHARE_ASKED = re.compile(r"(?:何|なん)\s*(?:%|パーセント|ぱーせんと|割)"
                          r"(?!\s*(?:くらい|ぐらい|ほど|程度|の)?\s*(?:減|増|伸|上が|下が|アップ|ダウン|up|down))")
_HOW_MANY_PEOPLE_JA = re.compile(r"(?:どの|どれ)(?:くらい|ぐらい)の(?:人|方)|どれだけの(?:人|方)")
MAGNITUDES = "千万百"  # a unit's magnitude (千人): it counts in the counter all the same
MAX_COUNTED = 3  # indicators one counter may name; more, and the question names none of them


def asked_counters(text: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, counter) of each count asked with a counter: 「何人」, 「何回」, 「何か所」, 「何名」 (人); "how many
    people", "how many times"."""
    if lang == "en":
        return [(m.start(), m.end(), COUNTERS_EN[m.group(1)]) for m in _COUNTED_EN.finditer(text)]
    found = question_morphemes(text)
    shares = [(m.start(), m.end(), "%") for m in _SHARE_ASKED.finditer(text)]  # 「何%」: a share, what % counts
    shares += [(m.start(), m.end(), "人") for m in _HOW_MANY_PEOPLE_JA.finditer(text)]  # 「どのくらいの人が」
    # (「何分かかる」: Sudachi reads 何分 as one word, なにぶん, "anyhow", which is no count but before に or の)
    minutes = [(m.begin, m.end, "分") for m, after in zip(found, [*found[1:], None], strict=True)
               if m.surface == "何分" and not (after is not None and after.surface in ("に", "の"))]
    return shares + minutes + [(a.begin, b.end, ops.unit_key(b.surface))
                               for a, b in zip(found, found[1:], strict=False)
                               if a.surface in ("何", "なん") and b.begin == a.end and b.pos[0] in ("名詞", "接尾辞")
                               and b.surface not in ("%", "％", "パーセント", "割", *WHEN_COUNTERS)]  # fmt: skip


def counts_in(unit: str, counter: str) -> bool:
    """Whether an indicator printed in ``unit`` counts in ``counter``: 人 and 千人; 回 and 検体・回; 人 and 人/日 (a rate
    counts what is over its slash: 人/日 counts no days)."""
    counted, counter = re.split("[/／]", unit)[0], ops.unit_key(counter)
    return any(ops.unit_key(piece.lstrip(MAGNITUDES)) == counter for piece in counted.split("・") if piece)


def _counted_indicators(text: str, lang: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """A count asked with a counter of one project, no figure of the form named (「行政連絡員、R6は何人?」): what
    its indicators count in that unit. Of the indicators the words name, those counting in it (「登録」: 登録児童数,
    not 登録児童数/必要とする児童数 in ％); with none named, each indicator counting in it (one of each name), when
    there are few. The counter is then part of the indicator asked, not a field's unit (職員数's 人)."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    if len(projects) != 1 or any(p.kind in ("heading", "named") for p in parts):
        return parts
    number = next(iter(projects))
    names = dict(words.indicators.get(number, []))
    units = words.indicator_units.get(number, {})
    # (「何％くらい？」 after a change of the project's figure asks that change's share, no indicator in ％)
    changed = not any(p.kind == "project" for p in parts) and is_change(getattr(getattr(context, "ask", None), "measure", None))
    per_one = ops.PER_ONE.search(text) is not None
    for start, end, counter in asked_counters(text, lang):
        if counter == "%" and changed:
            continue
        counting = [no for no, unit in units.items() if counts_in(unit, counter)]
        # (「何人来た」: 入館者数 in 人, not 1日当たり入館者数 in 人/日, when it has both; 「1日あたり何人」 the other)
        exact = [no for no in counting if (units[no].lstrip(MAGNITUDES) == counter) != per_one]
        counting = exact or counting
        covering = [p for p in parts if p.start < end and start < p.end]
        if not counting and counter != "%":
            # 「何校くらい参加した」 of a sheet counting only people: its indicators named by words answer no count of
            # schools (their words are left unplaced, and the question is not read as that figure)
            # (an indicator whose name says the thing counted counts it: 返礼品の数, in 件, asked 「何品」)
            parts = [p for p in parts if p.kind != "indicator" or p in covering or counter in names.get(p.value, "")
                     or counts_in(words.indicator_units.get(number, {}).get(p.value, ""), counter)]  # fmt: skip
            continue
        # (an indicator's word may be the counter itself: "people" of 支給人数 in ％ is who 贈呈対象者 counts)
        if not counting or any(p.kind not in ("unit", "aggregate", "indicator", "amount") and p.value != "percent"
                               for p in covering):  # fmt: skip
            continue
        # the counter's own clause: what is named in another is asked apart (「対象者が何人いて、出席率は」,
        # 「何か所でやってて、今年度の事業費は」)
        clause = clause_around(text, start, end)
        # a field's word is part of the indicator's name (「対象になってる児童生徒」: 対象となる児童生徒数), or it is asked
        # ("the city's hands-on events": a field word owning the rest says whose, and is no field asked)
        fields = [p for p in parts if p.kind == "field" and not text.startswith("'s", p.end)
                  and clause[0] <= p.start and p.end <= clause[1] and not _city_as_subject(text, p)]  # fmt: skip
        if any(not any(text[p.start : p.end] in names.get(no, "") for no in counting) for p in fields):
            continue
        parts = [p for p in parts if p not in fields]
        named = [p for p in parts if p.kind == "indicator" and clause[0] <= p.start and p.end <= clause[1]]
        if named:
            chosen = {p.value for p in named if p.value in counting}
            if not chosen:  # the words are those of one counting in it too (登録児童: 登録児童数, not its share in ％)
                said = {text[p.start : p.end] for p in named}
                chosen = {no for no in counting if all(w in names.get(no, "") for w in said)}
                # the one counting in it: what the words named is counted otherwise (but "how many people applied"
                # counts the applications named, in 件, when the question says no word of the population in 人)
                if not chosen and len({names.get(no) for no in counting}) == 1:
                    counts = {p.value for p in named if lang == "en" and not re.search(r"[%％円]", units.get(p.value, "%"))}
                    its_word = _says_a_word_of(text, (start, end), words.english.get(number, {}).get(counting[0], frozenset()))
                    chosen = set(counting[:1]) if its_word or not counts else counts
                if not chosen:
                    continue
                named_at = {(p.start, p.end) for p in named}
                named = [Part("indicator", s, e, no) for s, e in named_at for no in chosen]
                parts = [p for p in parts if p.kind != "indicator" or (p.start, p.end) not in named_at] + named
            parts = [p for p in parts if (p not in covering or (p.kind == "indicator" and p.value in chosen))
                     and (p not in named or p.value in chosen)]  # fmt: skip
            parts += [Part("subject", start, end, True), *(Part("subject", p.start, p.end, True) for p in fields)]
        else:
            # of those, the ones whose names say the field's word (「対象者が何人」: 対象者数, not 実行委員数)
            counting = [no for no in counting if all(text[p.start : p.end] in names.get(no, "") for p in fields)] or counting
            chosen = set({names.get(no): no for no in reversed(counting)}.values())  # one of each name
            if len(chosen) > MAX_COUNTED:
                continue
            parts = [p for p in parts if p not in covering] + [Part("indicator", start, end, no) for no in sorted(chosen)]
            parts += [Part("subject", p.start, p.end, True) for p in fields]
        bags = {no: words.english.get(number, {}).get(no, frozenset()) for no in chosen}
        if lang == "ja":
            said = _predicate(text, end)
            # the verb says which of them is counted (「シカを何頭くらい獲った」: 有害捕獲頭数, not 推定生息頭数)
            fitting = {no for no, bag in bags.items() if any(_glossed_in(m.lemma, bag) for m in said)}
            if fitting and fitting != set(bags):
                parts = [p for p in parts if not (p.kind == "indicator" and p.value in set(bags) - fitting)]
                bags = {no: bag for no, bag in bags.items() if no in fitting}
            parts += [Part("subject", m.begin, m.end, True) for m in said
                      if any(_glossed_in(m.lemma, b) for b in bags.values())]  # fmt: skip
        # more words of the indicator's name, said apart (「体験…延べで何人参加した」: 体験型…の延べ参加者数; in English,
        # its English words: "how many people took part": participants)
        parts += [Part("indicator", s, e, no) for s, e, word in unplaced_tokens(text, lang, parts) for no in chosen
                  if (lang == "ja" and len(word) > 1 and word in names.get(no, ""))
                  or (lang == "en" and _holds(bags[no], english_stem(word)))]  # fmt: skip
    return sorted(parts, key=lambda p: p.start)


_HOW_MANY_BEFORE = re.compile(r"\bhow many\s+$")
_NOUN_COUNTED = re.compile(r"\s+([a-z][a-z-]*)\b")


def _things_counted_by_name(text: str, lang: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """"How many school buses …", "how many corporate hometown-tax donations …": a count asked of the words that
    name a project or its indicator asks what the indicator counting that thing counts (スクールバスの台数,
    地方創生応援税制活用寄附件数: the thing right before its 数), not how many projects there are, nor another indicator
    the word is in (制度活用寄附募集事業数)."""
    if lang != "en":
        return parts
    for i, p in enumerate(parts):
        if (p.kind, p.value) != ("aggregate", "count"):
            continue
        run = list(itertools.takewhile(lambda q: q.kind in ("project", "indicator"), parts[i + 1 :]))
        if run and not _HOW_MANY_BEFORE.search(text, 0, run[0].start):
            continue
        numbers = {q.value for q in run if q.kind == "project"} or {q.value for q in parts if q.kind == "project"} or \
            set(context.projects if context else ())  # fmt: skip
        if len(numbers) != 1:
            continue
        number = numbers.pop()
        if run:
            said, head = english_words(text[run[0].start : run[-1].end]), english_words(text[run[-1].start : run[-1].end])
        else:  # "how many companies were partnering": the noun after "how many", a word the parser left
            noun = _NOUN_COUNTED.match(text, p.end)
            if noun is None or any(q.start < noun.end() and noun.start() < q.end for q in parts):
                continue
            said = head = english_words(noun.group(1))
        terms = {t for key in {" ".join(said), " ".join(head), *head} for t in words.translations.get(key, ())}
        counting = [no for no, name in words.indicators.get(number, [])
                    if any(re.search(rf"{re.escape(term)}の?[^\s、]{{0,2}}数", name) for term in terms)]  # fmt: skip
        # (of those, the ones the words said named already: "library items … loaned" is 貸出点数, not 貸出者数)
        counting = [no for no in counting if no in {q.value for q in run if q.kind == "indicator"}] or counting
        if 0 < len(counting) <= MAX_COUNTED:
            named = [q for q in run if q.kind == "project"]  # (the indicator words said are the one counted)
            end = run[-1].end if run else noun.end()
            return [*parts[:i], *(Part("indicator", p.start, end, no) for no in counting), *named,
                    *parts[i + 1 + len(run) :]]  # fmt: skip
    return parts


_HOW_MUCH = re.compile(r"\bhow much\b|いくら|金額|総額")


def _amount_of_the_counted(text: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """"How many donations did it get, and how much did they add up to?": a total asked in money of one project's
    counted things is the indicator of their amount (…寄附件数: …寄附額), not the count added up."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    if len(projects) != 1:
        return parts
    number = next(iter(projects))
    names, units = dict(words.indicators.get(number, [])), words.indicator_units.get(number, {})
    before = getattr(getattr(context, "ask", None), "measure", None)  # (the count asked in the part before)
    counted = [p.value for p in parts if p.kind == "indicator"] or [getattr(before, "indicator", None)]
    stems = {re.sub(r"件?数$", "", names.get(no, "")) for no in counted} - {""}
    amounts = sorted(no for no, name in names.items() if "円" in units.get(no, "")
                     and any(name in (f"{stem}額", f"{stem}金額") for stem in stems))  # fmt: skip
    for i, p in enumerate(parts):
        if amounts and (p.kind, p.value) == ("aggregate", "total") and _HOW_MUCH.search(
            text, *clause_around(text, p.start, p.end)
        ):
            return [*parts[:i], *(Part("indicator", p.start, p.end, no) for no in amounts), *parts[i + 1 :]]
    # 「じゃあ金額は？」 after the count: the amount asked alone, of what was counted before
    said = _AMOUNT_ALONE.search(text) if context is not None and not any(
        p.kind in ("indicator", "field", "named") for p in parts) else None  # fmt: skip
    if said and amounts:
        return sorted([*parts, *(Part("indicator", said.start(), said.end(), no) for no in amounts)],
                      key=lambda p: p.start)  # fmt: skip
    return parts


_AMOUNT_ALONE = re.compile(r"金額|総額|\b(?:the )?amount\b", re.IGNORECASE)


def _in_their_units(text: str, lang: str, parts: list[Part], words: Words, context: Query | None) -> list[Part]:
    """「人数と割合で教えて」: a word for a count in the unit an indicator read counts in (人数 beside 会員数, counted in
    人; 件数 beside one in 件) says in what its figure is asked, and asks nothing besides."""
    projects = {p.value for p in parts if p.kind == "project"} or set(context.projects if context else ())
    units = {words.indicator_units.get(number, {}).get(p.value, "").lstrip(MAGNITUDES)
             for number in projects for p in parts if p.kind == "indicator"}  # fmt: skip
    if lang != "ja" or not units:
        return parts
    said = [Part("subject", start, end, True) for start, end, word in unplaced_tokens(text, lang, parts)
            if word.endswith("数") and word[:-1] in units]  # fmt: skip
    return sorted([*parts, *said], key=lambda p: p.start) if said else parts


def _predicate(text: str, end: int) -> list:
    """The verb said of a count right after it, past particles (「何人に頼んでた」: 頼ん)."""
    for m in question_morphemes(text):
        if m.begin < end or m.pos[0] == "助詞":
            continue
        return [m] if m.pos[0] == "動詞" else []
    return []


def _glossed_in(word: str, bag: frozenset[str]) -> bool:
    """Whether a word says what a word of a name says: a word of its glosses is one of the name's English words
    (頼む: "to request", "to entrust to"; 委嘱: commissioning, request)."""
    dictionary = installed_dictionary()
    glossed = {w for gloss in dictionary.glosses(word) for w in english_words(gloss)} if dictionary else set()
    return any(_holds(bag, english_stem(w)) for w in glossed)


def _aliases(text: str, parts: list[Part]) -> list[Part]:
    """A project's short name beside its name in brackets (「ILC（国際リニアコライダー）の誘致」, 「国際リニアコライダー
    （ILC）」) is that project, not the indicators whose names hold the short name too."""
    out = list(parts)
    for m in re.finditer(r"[(（]([^()（）]+)[)）]", text):
        inside = [p for p in out if m.start(1) <= p.start and p.end <= m.end(1)]
        before = [p for p in out if p.end <= m.start() and not text[p.end : m.start()].strip()]
        before = [p for p in out if before and p.start == before[-1].start] if before else []
        for named, other in ((inside, before), (before, inside)):
            projects = {p.value for p in named if p.kind == "project"}
            if len(projects) == 1 and named and all(p.kind == "project" for p in named) and other and all(
                p.kind == "indicator" for p in other
            ):
                number = projects.pop()
                spans = {(p.start, p.end) for p in other}
                out = [p for p in out if p not in other] + [Part("project", s, e, number) for s, e in spans]
        named = {p.value for p in before if p.kind == "project"}
        if len(named) == 1 and all(p.kind == "project" for p in before) and all(
            p.kind in ("subject", "name_run") or (p.kind == "project" and p.value in named) for p in inside
        ):  # 「火葬場（おおふなと斎苑）」: a name in brackets right after a project's is its other name
            out = [p for p in out if p not in inside] + [Part("project", m.start(1), m.end(1), next(iter(named)))]
        out = _glossed_unit(text, m, sorted(out, key=lambda p: p.start))
    return sorted(out, key=lambda p: p.start)


def _glossed_unit(text: str, bracket: re.Match, parts: list[Part]) -> list[Part]:
    """English words right before a unit's name in brackets gloss it ("the 'science city' team (科学の街推進係)"):
    they are the unit's words, not a project whose English name holds them."""
    glossed = [p for p in parts if p.kind == "value" and bracket.start(1) <= p.end <= bracket.end(1)]
    if len(glossed) != 1:
        return parts
    unit, before, at = glossed[0], [], min(glossed[0].start, bracket.start())
    for p in reversed([p for p in parts if p.end <= at]):
        if p.kind not in ("project", "field") or not re.fullmatch(r"[\s'\"‘’“”(]*", text[p.end : at]):
            break
        before.append(p)
        at = p.start
    if not any(p.kind == "project" for p in before):
        return parts
    return [replace(p, kind="value", value=unit.value, rank=unit.rank) if p in before and p.kind == "project" else p
            for p in parts]  # fmt: skip


# A figure set against the target: "… vs the target", "compared with its target", 「目標に対して」「目標と比べて」
AGAINST_EN = r"vs\.?|versus|against|compared (?:to|with)|relative to"
_AGAINST = {"en": re.compile(rf"\b(?:{AGAINST_EN})(?=\s+(?:the\s+|its\s+|their\s+)?$)", re.IGNORECASE),
            "ja": re.compile(r"に対し|と比べ|と比較|比")}  # fmt: skip


def _actual_against_the_target(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """「How many … were there vs the target」: a target said as what a figure is set against asks the actual
    too, when no figure of the indicator is named beside it."""
    target = next((p for p in parts if (p.kind, p.value) == ("field", "indicator_target")), None)
    if target is None or any(p.kind == "field" and catalogue()[p.value].per_indicator and p is not target
                             and catalogue()[p.value].kind != TEXT for p in parts):  # fmt: skip
        return parts
    said = (_AGAINST["en"].search(text, 0, target.start) if lang == "en"
            else _AGAINST["ja"].match(text, target.end))  # fmt: skip
    if not said or any(p.start < said.end() and said.start() < p.end for p in parts):
        return parts
    return sorted([*parts, Part("field", said.start(), said.end(), "indicator_actual")], key=lambda p: p.start)


def _scores_of_projects(parts: list[Part], words: Words) -> list[Part]:
    """「スマートシティの推進の評価点は?」, "the evaluation of 1690": the scores (評価点) or the evaluation, said of
    named projects with no field, are each score field of their forms, one field part each over the same words."""
    said = [p for p in parts if (p.kind, p.value) in (("unit", SCORE), ("heading", "evaluation"))]
    projects = {p.value for p in parts if p.kind == "project"}
    if not said or not projects or any(p.kind in ("field", "indicator", "aggregate", "superlative") for p in parts):
        return parts
    forms = {words.form_of.get(n) for n in projects}
    scores = [key for key, info in for_forms(tuple(sorted(f for f in forms if f))).items()
              if info.kind == SCORE and info.form in forms]  # fmt: skip
    return sorted([*parts, *(Part("field", said[0].start, said[0].end, key) for key in scores)], key=lambda p: p.start)


GLOSSED_WORDS = 4  # English words before a bracket that its Japanese may restate, at most
# Words an English phrase glossed in brackets does not run back past (articles, prepositions, question words).
_GLOSS_BOUNDS = frozenset("the a an this that for of in on about with to by from at what which who how is are was "
                          "were did does do has have had".split())  # fmt: skip


def _translated(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """Words left before brackets whose words were all recognised say what the brackets say: "the fire station
    (大船渡消防署)", "the community revitalization cooperator program (地域おこし協力隊)", 「同額（執行率100%）」.
    The first part in the brackets covers them too, back to a placed part, a particle or an English article."""
    out = list(parts)
    for m in re.finditer(r"[(（]([^()（）]+)[)）]", text):
        inside = [i for i, p in enumerate(out) if m.start(1) <= p.start and p.end <= m.end(1)]
        covered = {k for i in inside for k in range(out[i].start, out[i].end)}
        if not inside or any(
            not c.isspace() and k not in covered for k, c in enumerate(text) if m.start(1) <= k < m.end(1)
        ):
            continue
        if all(out[i].kind in ("number", "year") for i in inside):
            continue  # "last fiscal year (2024)": a number in brackets says again a number or a year, no words
        keys = {k for i in inside for k in _keys_of(out[i])}
        if keys & set(UNIT_FIELDS):  # "the fisheries section (水産課)": a word for either kind of unit glosses a unit
            keys |= set(UNIT_FIELDS)
        # 「港湾とか鉄道・バスを担当してる課（港湾振興課）」: a Japanese clause describing the unit or project named in
        # the brackets runs through its particles, back to the clause's start
        clause = lang == "ja" and bool(keys & set(UNIT_FIELDS) or any(out[i].kind == "project" for i in inside))
        first = _gloss_start(text, lang, out, m.start(), keys, clause)
        if first < m.start():
            glossing = out[inside[0]] = replace(out[inside[0]], start=first)
            # the field words run through are part of the gloss ("section" of "the fisheries section (水産課)")
            out = [p for p in out if p is glossing or not (p.kind == "field" and first <= p.start < m.start())]
    return out


_ENGLISH_GLOSS = re.compile(r"\s?[(（]([a-z][a-z\s\-'’&/,.]*)[)）]")


def _glossed_after(text: str, parts: list[Part]) -> list[Part]:
    """English words in brackets right after a unit, a value or a project said in Japanese say it again ("the
    科学の街推進係 (Science City Promotion section)"): that part's, not a description of another project. A field word
    among them ("section") is the gloss's too."""
    out = list(parts)
    for m in _ENGLISH_GLOSS.finditer(text):
        before = max((p for p in out if p.end <= m.start()), key=lambda p: p.end, default=None)
        if before is None or before.kind not in ("value", "project") or text[before.end : m.start()].strip() \
                or text[before.start : before.end].isascii():  # fmt: skip
            continue
        inside = [p for p in out if m.start(1) <= p.start and p.end <= m.end(1)]
        # (its words may be some project's name's: "science", "city" of 国際科学技術都市; said here, they gloss)
        named = any(p.kind in ("project", "name_run") for p in inside)
        if any(p.kind not in ("field", "project", "name_run") for p in inside) or not (
                named or unplaced(text[m.start(1) : m.end(1)], "en", [])):  # fmt: skip
            continue
        out = [replace(p, end=m.end()) if p is before else p for p in out if p not in inside]
    return out


def _gloss_start(text: str, lang: str, parts: list[Part], bracket: int, keys: set[str], clause: bool = False) -> int:
    """Where the words left right before ``bracket`` begin (``bracket`` itself when none are); a word naming the
    same field as the brackets ("the fisheries division (農林水産部水産課)") is run through; with ``clause``,
    particles too, to the clause's start."""
    taken = {k for p in parts if not (p.kind == "field" and p.value in keys) for k in range(p.start, p.end)}
    first = bracket
    for start, end, word, pos, _ in reversed(list(_tokens(text[:bracket], lang))):
        # "the division's (…)", "citizens'", "port & transport division (…)"
        between = not re.fullmatch(r"(?:['’]s?)?[\s\-–&/]*", text[end:first])
        passed = clause and (pos in ("助詞", "助動詞") or (pos == "補助記号" and not CLAUSE_ENDS.search(word)))
        if between or start in taken or (pos in FUNCTION_POS and not passed) or word in _GLOSS_BOUNDS:
            break
        first = start
    return first


# punctuation, or an English "and" that opens another ask ("how many were eligible and what share of them …")
CLAUSE_ENDS = re.compile(rf"[、。，,？?！!]|\s+and\s+(?=(?:{'|'.join(sorted(QUESTION_WORDS_EN))})\b)", re.IGNORECASE)


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding ``text[start:end]``: from the punctuation before it to the punctuation after."""
    return (max((m.end() for m in CLAUSE_ENDS.finditer(text, 0, start)), default=0),
            next((m.start() for m in CLAUSE_ENDS.finditer(text, end)), len(text)))  # fmt: skip


def _keys_of(part: Part) -> set[str]:
    """The fields a part names: a field's key, a value's fields."""
    if part.kind == "field":
        return {part.value}
    return {key for key, _ in part.value} if part.kind == "value" else set()


_INCLUDED = re.compile(r"^\s*(?:incl\b|including\b)|(?:込み|込|含む|含め|\bincluded)\s*$", re.IGNORECASE)


def _glossed(text: str, parts: list[Part]) -> list[Part]:
    """Brackets after a word that say it again. After a field word, fields in brackets (「project budgets
    (事業費計)」, 「財源内訳（一般財源とその他）」) or after のうち are the sheet's own labels or a part of it: the
    word before them is not asked as well. After a named measure, its formula in brackets (「執行率（決算÷予算）」,
    「一般財源じゃないお金（国や県からの分など）」) defines it: it is not asked again."""
    out, skip_to = [], -1
    # (「事業費のうち国と県のお金でまかなった割合」: a share asked is of the field said before のうち, which stays)
    share = any(p.kind == "op" and p.value in ("percent", "ratio") for p in parts)
    for i, part in enumerate(parts):
        if part.start < skip_to:
            continue
        after = parts[i + 1] if i + 1 < len(parts) else None
        opens = after is not None and re.fullmatch(r"\s*[(（]\s*", text[part.end : after.start])
        narrows = after is not None and re.fullmatch(r"\s*(?:[「『]|のうち[、,]?\s*[「『]?)\s*", text[part.end : after.start])
        narrows = narrows and not (share and "のうち" in text[part.end : after.start])
        left_out = i + 2 < len(parts) and parts[i + 2].kind == "exclude"  # 「事業費（人件費抜き）」: no gloss
        bracket = re.match(r"\s*[(（]([^()（）]*)[)）]", text[part.end :]) if part.kind == "field" else None
        if bracket is not None and (_INCLUDED.search(bracket.group(1)) or _words_of_its_label(text, part, bracket, parts)):
            # "total cost (incl. personnel)", 「トータルコスト（人件費込み）」: what the field holds, not asked apart;
            # "room to cut staff hours (人件費 / 延べ業務時間)": words of its own label, its sheet's words for it
            skip_to = part.end + bracket.end()
            out.append(part)
            continue
        if part.kind == "field" and after is not None and after.kind == "field" and after.value == part.value \
                and re.fullmatch(r"\s*(?:[a-z]+\s+){0,2}[(（]\s*", text[part.end : after.start]) \
                and re.match(r"\s*[)）]", text[after.end :]):
            # "general-fund money (一般財源)": the same field said again, in the sheet's word, which is kept; the
            # words before it are placed by it, no second field
            out.append(Part("subject", part.start, part.end, True))
            continue
        if part.kind == "field" and after is not None and after.kind == "field" and (opens or narrows) and not left_out:
            # 「財源内訳（一般財源とその他）」, 「財源のうち「その他」」: the field named after it; "total staff work
            # hours (延べ業務時間)": of the words before, each field word up to the bracket
            while opens and out and out[-1].kind == "field" and re.fullmatch(r"\s+", text[out[-1].end : part.start]):
                out.pop()
            continue
        if part.kind == "field" and after is not None and after.kind == "field" and (
                _SOURCE_OF.search(text, part.start, after.start) or (
                    any(part.value in form for form in FUNDING_SOURCES) and text[part.end : after.start] == "の")
        ) and catalogue()[after.value].unit in ops.MONEY_UNITS:  # fmt: skip
            # 「国や県からのお金」「県からの支出金」「国とか県のお金」: the money is the source's, one field (its noun to
            # its end);
            # (補助金とか) after it gives examples of it
            noun = after.end + re.match(r"[一-龥]*", text[after.end :]).end()
            at = noun + len(text[noun:]) - len(text[noun:].lstrip())
            example = _EXAMPLES.match(text, at)
            label = re.match(r"[(（][^()（）]*[)）]", text[at:])
            inside = [p for p in parts[i + 2 :] if label and p.end <= at + label.end()]
            if label and not example and len(inside) == 1 and inside[0].kind == "field":
                continue  # 「国からのお金（国庫支出金）」: the sheet's label in brackets says which field, read as said
            skip_to = example.end() if example else noun
            out.append(replace(part, end=skip_to))
            continue
        # (a word or two may stand between: 「一般財源じゃないお金（国や県からの分など）」 says what the money is)
        if part.kind == "named" and (gloss := re.match(r"[^、。,.?？()（）]{0,4}[(（][^()（）]*[)）]", text[part.end :])):
            skip_to = part.end + gloss.end()
        out.append(part)
    return out


def _words_of_its_label(text: str, part: Part, bracket: re.Match, parts: list[Part]) -> bool:
    """Whether the brackets after field ``part`` hold only other fields' words (and signs) its own printed label
    holds: the sheet's words for it, not other fields asked."""
    start, end = part.end + bracket.start(1), part.end + bracket.end(1)
    inside = [p for p in parts if start <= p.start and p.end <= end]
    label = catalogue()[part.value].label_ja
    return bool(inside) and all(p.kind == "op" or (p.kind == "field" and p.value != part.value
                                                   and text[p.start : p.end] in label) for p in inside) and any(
        p.kind == "field" for p in inside)


# (the source's word may hold its から: 「県から」)
_SOURCE_OF = re.compile(r"(?:から|より)(?:の|出た|出る|出てる|入った|入る|来た|来る|もらった|もらう)$")


def _cuts_a_word(parts: list[Part], phrases: list[Part]) -> bool:
    """Whether a heading among ``parts`` overlaps another phrase of the question without containing it."""
    return any(
        w.start < h.end and h.start < w.end and not (h.start <= w.start and w.end <= h.end)
        for h in parts
        if h.kind == "heading"
        for w in phrases
        if w.kind != "heading"
    )


def _possessive_pointing_back(text: str, parts: list[Part]) -> list[Part]:
    """"what's their improvement goal?" in a conversation: their/its, in a question that names no project and asks
    of no set of its own, points back at the projects the conversation found ("which projects met their targets"
    asks of its own)."""
    said = re.search(r"\b(?:their|its)\b", text)
    if said is None or any(p.kind in (*_OF_A_SET, "anaphor") for p in parts):
        return parts
    return sorted([*parts, Part("anaphor", said.start(), said.end(), True)], key=lambda p: p.start)


# How precisely a figure is asked for: 「小数第2位まで」「小数点以下1桁で」 (how to answer, not what)
_PRECISION = re.compile(r"小数(?:点)?(?:以下)?(?:第)?[\d０-９一二三]+(?:位|桁)(?:まで|で)?")


def _how_precise(text: str, parts: list[Part]) -> list[Part]:
    said = [m.span() for m in _PRECISION.finditer(text)]
    if not said:
        return parts
    kept = [p for p in parts if not any(a <= p.start < b for a, b in said)]
    return sorted([*kept, *(Part("subject", a, b, True) for a, b in said)], key=lambda p: p.start)


# 「課長が「改革改善」に変えた」「現状維持のまま」: the verb setting a value said before it, or keeping it
_SET_TO = re.compile(r"[」』\"]?\s*(?:に|へ)\s*$")
# Verbs of setting a value anew: changing it (変える, 変更), overturning what was there (覆す, ひっくり返す, 翻す), revising it (改める)
_SETTING_VERBS = ("変え", "変更", "覆", "ひっくり返", "翻", "改め")
_KEPT = re.compile(r"[」』\"]?\s*の\s*$")


def _value_set_or_kept(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """「課長が「改革改善」に変えた」「課長の方向性は現状維持のまま」: a verb of setting right after 「…に」
    (``_SETTING_VERBS``) says the value before it is the one set, and まま after 「…の」 that it is kept: no word of their own."""
    values = {p.end for p in parts if p.kind == "value"}
    said = []
    for start, end, word in unplaced_tokens(text, lang, parts):
        before = text[:start]
        setting = word.startswith(_SETTING_VERBS) and (m := _SET_TO.search(before)) and m.start() in values
        kept = word == "まま" and (m := _KEPT.search(before)) and m.start() in values
        if setting or kept:
            said.append(Part("subject", start, end, True))
    return sorted([*parts, *said], key=lambda p: p.start) if said else parts


# The plan for a project's whole period said apart from the items asked of it: 「全体でいくらかかる計画で、そのうち国から
# のお金は」, "over the whole period, what is the planned cost"
_WHOLE_PLAN = re.compile(r"全体計画|全体[^。？?]{0,12}?計画|\b(?:overall|whole|entire)\b[^.?]{0,30}?\b(?:plan|planned|period)\b")


def _items_of_the_whole_plan(text: str, parts: list[Part], context: Query | None) -> list[Part]:
    """Cost items asked with no year in a question about the whole period's plan are the plan's items (the 全体計画
    prints each once more), when the form has them; so are those asked of it (「そのうち」, "of that") after one."""
    of_the_plan = context is not None and any(p.kind == "anaphor" for p in parts) and any(
        f.field in IN_THE_OVERALL_PLAN.values() for f in measure_fields(getattr(context.ask, "measure", None)))
    if not (of_the_plan or _WHOLE_PLAN.search(text)) or any(p.kind == "year" for p in parts):
        return parts
    return [replace(p, value=IN_THE_OVERALL_PLAN[p.value]) if p.kind == "field" and p.value in IN_THE_OVERALL_PLAN
            else p for p in parts]


_UNIT_IN_BRACKETS = re.compile(r"\(\s*(?:in\s+)?([a-z]+)\s*\)")


def _unit_in_brackets(text: str, parts: list[Part]) -> list[Part]:
    """"the full-time staff allocation (in persons)": the unit of a figure asked, said in brackets, is how it is
    counted (``COUNTERS_EN``), no thing asked of its own."""
    units = {catalogue()[p.value].unit for p in parts if p.kind == "field"}
    said = [Part("subject", m.start(1), m.end(1), True) for m in _UNIT_IN_BRACKETS.finditer(text)
            if COUNTERS_EN.get(m.group(1)) in units and not any(p.start <= m.start(1) < p.end for p in parts)]
    return sorted([*parts, *said], key=lambda p: p.start) if said else parts


def _set_to_a_value(text: str, parts: list[Part]) -> list[Part]:
    """"set to 現状維持", "rated as A": the verb of the value after it, not a field's being reported (set); "did NOT
    mark as 'maintain status quo'": a field's word, or a value's, said as that verb (大船渡's marks, "mark") is no
    condition either (its "not" negates the value after it)."""
    def verb(i: int, p: Part) -> bool:
        after = parts[i + 1] if i + 1 < len(parts) else None
        if after is None or after.kind != "value":
            return False
        if (p.kind, p.value) == ("compare", "present"):
            return bool(re.fullmatch(r"\s+(?:to|as|at)\s+(?:the\s+)?['\"‘“「]?", text[p.end : after.start]))
        own = {p.value} if p.kind == "field" else {key for key, _ in p.value} if p.kind == "value" else None
        return own is not None and all(key not in own for key, _ in after.value) and bool(
            re.fullmatch(r"\s+as\s+(?:the\s+)?['\"‘“「]?", text[p.end : after.start]))  # fmt: skip

    out = []
    for i, p in enumerate(parts):
        if not verb(i, p):
            out.append(p)
        elif (negated := re.match(r"not\b|never\b", text[p.start : p.end])) is not None:  # "NOT mark as": its value not
            out += [Part("negation", p.start, p.start + negated.end(), True), Part("subject", p.start + negated.end(), p.end, True)]
        else:
            out.append(Part("subject", p.start, p.end, True))
    return out


_OF_A_FIGURE = re.compile(r"(?:the\s+)?(?:number|total)(?:\s+of)?", re.IGNORECASE)
_BEFORE_ITS_FIGURE = re.compile(r"\s*(?:of\s+)?(?:the\s+)?(?:amount\s+(?:of\s+)?)?", re.IGNORECASE)


def _aggregate_in_indicator(text: str, parts: list[Part], words: Words, before: tuple[str, ...] = ()) -> list[Part]:
    """「保護世帯って平均でどれくらい」 of one project (named, or asked about before): 平均 is a word of the indicator
    named (年平均保護世帯数), not an average over projects."""
    projects = {p.value for p in parts if p.kind == "project"} or set(before)
    named = [p.value for p in parts if p.kind == "indicator"]
    if len(projects) != 1 or not named:
        return parts
    names = dict(words.indicators.get(next(iter(projects)), []))
    # "the number of donations", "total amount donated": the words of a figure named right before one indicator of
    # the project, which is that number or that total
    ordered = sorted(parts, key=lambda p: p.start)
    own = {id(p): q.value for p, q in itertools.pairwise(ordered) if p.kind == "aggregate" and q.kind == "indicator"
           and _OF_A_FIGURE.fullmatch(text[p.start : p.end]) and _BEFORE_ITS_FIGURE.fullmatch(text[p.end : q.start])}
    if own:
        parts = [Part("indicator", p.start, p.end, own[id(p)]) if id(p) in own else p for p in parts]
    if any(p.kind == "aggregate" and text[p.start : p.end] in names.get(named[0], "") for p in parts):
        return [Part("indicator", p.start, p.end, named[0]) if p.kind == "aggregate"
                and text[p.start : p.end] in names.get(named[0], "") else p for p in parts]  # fmt: skip
    # "avg number of households": of the indicators the words name (世帯), the one its name says 平均 of
    for p in parts:
        said = ops.AGGREGATE_CUES.get(p.value, ((), ()))[0] if p.kind == "aggregate" and p.value != "count" else ()
        shared = sorted(((sum(len(r) for no in named for r in _common_runs(name, names[no])), n)
                         for n, name in names.items() if any(word in name for word in said)), reverse=True)
        if shared and shared[0][0] and (len(shared) == 1 or shared[0][0] > shared[1][0]):
            return [Part("indicator", q.start, q.end, shared[0][1]) if q is p or q.kind == "indicator"
                    else q for q in parts if not (q.kind == "aggregate" and q.value == "count")]  # fmt: skip
    return parts


# What stands between a source of money and the verb spending it: 「国庫支出金を一番多く使った」, "spent the most
# national money" (a ranking's words, a number)
# A spending word that is a verb (使った, 払う, spent), not a noun (決算, 支出, settlement)
_SPENDING_VERB = {"ja": re.compile(r"[ぁ-ゖ]$"), "en": re.compile(r"\b(?:spent|spend|spends|paid|pays|used|uses)$")}
# (に: 「…を財源に使ってた」, used as a source)
_SPENT_FROM = {"ja": re.compile(r"[)）]?(?:を|から|に)[^、。,.?？!！]{0,12}"), "en": re.compile(r"[^,.?!;]{0,24}")}


def _spent_from_a_source(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """A verb of spending said of a source of money (「国庫支出金を一番多く使った事業」, "which project spent the most
    national money") is the source's verb, not the spending (決算額) asked as well: the source's field is what is
    asked. Only with nothing but a ranking's words between them."""
    sources = {f for form in FUNDING_SOURCES for f in form}
    spending = {"settlement", READ_AS["settlement"]}
    out = list(parts)
    for i, verb in enumerate(parts):
        if verb.kind != "field" or verb.value not in spending or not _SPENDING_VERB[lang].search(
                text, verb.start, verb.end):  # fmt: skip
            continue
        side = reversed(parts[:i]) if lang == "ja" else iter(parts[i + 1 :])
        source = next((p for p in side if p.kind not in ("superlative", "direction", "number")), None)
        if source is None or source.kind != "field" or source.value not in sources:
            continue
        a, b = (source, verb) if lang == "ja" else (verb, source)
        if _SPENT_FROM[lang].fullmatch(text, a.end, b.start):
            out[i] = Part("subject", verb.start, verb.end, True)
    return out


_IN_THE_ACCOUNT = re.compile(r"\s*で(?:は)?\s*[、,]|\s*では")


def _the_account_said(text: str, parts: list[Part]) -> list[Part]:
    """「令和2年度の決算で、国庫・県支出金が財源に入っている事業」: the budget or the settlement said first, with で, is
    the account the sources of money after it are a part of, not a figure asked beside them."""
    sources = {f for form in FUNDING_SOURCES for f in form}
    accounts = {"settlement", "budget", READ_AS["settlement"]}
    return [Part("subject", p.start, p.end, True) if p.kind == "field" and p.value in accounts
            and _IN_THE_ACCOUNT.match(text, p.end) and any(q.kind == "field" and q.value in sources and q.start > p.end
                                                           for q in parts) else p for p in parts]  # fmt: skip


def _one_field_each(
    text: str, parts: list[Part], forms: tuple[str, ...], asked_of_indicators: bool = False,
    project_forms: tuple[str, ...] = (),
) -> tuple[list[Part], bool]:
    """A field word that names several fields (実績: an indicator's actual, and the 成果 prose) takes the one an
    indicator field beside it in the question points to; with nothing to choose by, the parse is unsure. Of the
    projects' form (``project_forms``: the one form of the projects said), a word names what its fields hold there:
    "cost" of a 大船渡 sheet is its 事業費計, whether read as Tsukuba's 決算額 or as 大船渡's own."""
    named = _fields_named(forms)
    indicator_context = (
        any(
            p.kind == "field" and len(named.get(text[p.start : p.end], ())) < 2 and catalogue()[p.value].per_indicator
            for p in parts
        )
        or any(p.kind == "indicator" for p in parts)
        or asked_of_indicators
    )
    out, unsure = [], False
    values_named = {key for p in parts if p.kind == "value" for key, _ in p.value}
    for i, p in enumerate(parts):
        if p.kind == "unit" and p.value in catalogue() and len(project_forms) == 1:
            p = replace(p, value=_unit_on_form(p.value, project_forms[0]))
        fields = named.get(text[p.start : p.end], ()) if p.kind == "field" else ()
        if len(fields) > 1 and len(project_forms) == 1 and len(held := _on_form(fields, project_forms[0])) == 1:
            fields, p = (), replace(p, value=held[0])
        # (said by a narrower word: 「うまくいってない点とか課題」 says the one item twice, neither its cell)
        cells_said = {q.value for q in parts if q.kind == "field" and q is not p
                      and not set(named.get(text[q.start : q.end], (q.value,))) >= set(fields)} & set(fields)  # fmt: skip
        # (of the said cells' forms: "came from" is an item of Tsukuba's form and of 大船渡's alike)
        if len(fields) > 1 and cells_said and _cells_of_one_item(_of_forms_of(fields, cells_said)):
            out.append(Part("subject", p.start, p.end, True))  # "paid for with borrowing": the item's cell said is asked
            continue
        if len(fields) > 1:
            valued = [f for f in fields if f in values_named]  # 「事業期間が「単年度のみ」」: the field of that value
            # 「前の年（R01）の実績は?」: with a year said, the one of them the sheet records by year
            # (not 「どんな実績」: what kind of results asks for the account)
            yearly = [f for f in fields if catalogue()[f].yearly] if any(q.kind == "year" for q in parts) and not \
                _ASKS_WHAT_KIND.search(text) else []
            chosen = valued or (yearly if len(yearly) == 1 else []) or [
                f for f in fields if catalogue()[f].per_indicator == indicator_context]
            said = text[p.start : p.end]
            labelled = [f for f in chosen if any(label.startswith(said) for label in _labels(f))]
            chosen = labelled if len(labelled) == 1 else chosen  # 予算: the 予算額 printed so, before another's word
            after = parts[i + 1] if i + 1 < len(parts) else None
            if not valued and after is not None and after.kind == "field" and re.fullmatch(
                r"[\sの・]?", text[p.end : after.start]
            ) and len(named.get(text[after.start : after.end], ())) < 2:
                chosen = [after.value]  # "staff working hours": a word of several fields, said of the next one
            if len(chosen) == 1:
                p = replace(p, value=chosen[0])
            elif _cells_of_one_item(fields):  # 課題: 課題（業務） and 課題（組織、予算等）, each asked
                out += [replace(p, value=f) for f in fields[:-1]]
                p = replace(p, value=fields[-1])
            else:
                unsure = True
        out.append(p)
    return out, unsure


def _words_of_fields_read(text: str, lang: str, parts: list[Part]) -> list[Part]:
    """A word left that is a word of the printed label or a synonym of a field read, said apart from it, says again
    what that field holds: 「職員の手間（延べ時間）」, 「職員は…何時間」 (職員の延べ業務時間). In English, a word of its
    English label right beside it: "national/prefectural funds" (national/prefectural funds and bonds)."""
    if lang != "ja":
        fields = [p for p in parts if p.kind == "field" and p.value in catalogue()]
        held = [Part("subject", start, end, True) for start, end, word in unplaced_tokens(text, lang, parts)
                if any((not text[f.end : start].strip() or not text[end : f.start].strip())
                       and english_stem(word) in _english_label_words(f.value) for f in fields)]  # fmt: skip
        return sorted([*parts, *held], key=lambda p: p.start) if held else parts
    keys = {p.value for p in parts if p.kind in ("field", "unit") and p.value in catalogue()}
    said = {t for key in keys for t in (catalogue()[key].label_ja, *catalogue()[key].synonyms_ja)}
    runs: list[list[tuple[int, int, str]]] = []  # words left side by side: 正 and 職員 of 「正職員の残業時間」
    for token in unplaced_tokens(text, lang, parts):
        if runs and runs[-1][-1][1] == token[0]:
            runs[-1].append(token)
        else:
            runs.append([token])
    held = [Part("subject", start, end, True) for run in runs
            for start, end, _ in (run if any("".join(w for *_, w in run) in t for t in said) else
                                  [token for token in run if len(token[2]) > 1 and any(token[2] in t for t in said)])]
    return sorted([*parts, *held], key=lambda p: p.start) if held else parts


@functools.cache
def _english_label_words(key: str) -> frozenset[str]:
    """The normal forms of the words of a field's English label (not its synonyms: "done" of "actually done" says
    what was done, not the actual figure)."""
    return frozenset(english_stem(w) for w in re.findall(r"[a-z]+", catalogue()[key].label_en))


def _label_said_apart(text: str, lang: str, parts: list[Part], forms, left: list[str]) -> tuple[list[Part], list[str]]:
    """The words ``left``, when all are words of one field's printed label (on the forms asked of) and say most of
    it, are that field, said in a sentence's order: 「正職員がどれくらい従事」 is 正職員従事割合."""
    if lang != "ja":
        return parts, left
    tokens = [t for t in unplaced_tokens(text, lang, parts) if t[2] in left]
    said = "".join(word for _, _, word in tokens)
    holders = [key for key, info in catalogue().items() if info.form in ("", *forms)
               and all(word in info.label_ja for _, _, word in tokens)]  # fmt: skip
    if len(tokens) < max(2, len(left)) or len(holders) != 1 or len(said) * 2 < len(catalogue()[holders[0]].label_ja):
        return parts, left
    longest = max(tokens, key=lambda t: len(t[2]))
    read = [Part("field" if t is longest else "subject", t[0], t[1], holders[0] if t is longest else True) for t in tokens]
    return sorted([*parts, *read], key=lambda p: p.start), []


def _unit_on_form(key: str, form: str) -> str:
    """The field of ``form`` counted in the unit field ``key`` is counted in, when ``form`` has one such: 何時間 of a
    大船渡 sheet is its 延べ業務時間, not Tsukuba's 時間外勤務."""
    info = catalogue()[key]
    if info.form in ("", form):
        return key
    same = [k for k, i in catalogue().items()
            if i.form == form and i.unit == info.unit and i.yearly and i.numeric and not i.per_indicator]  # fmt: skip
    return same[0] if len(same) == 1 else key


def _on_form(fields: tuple[str, ...], form: str) -> tuple[str, ...]:
    """Of ``fields``, one for each thing they hold on ``form`` (the first said of it), or all when none is there."""
    held: dict[str, str] = {}
    for key in fields:
        own = counterpart(catalogue()[key], form)
        if own is not None:
            held.setdefault(own.key, key)
    return tuple(held.values()) or fields


_ASKS_WHAT_KIND = re.compile(r"どんな|どのような|どういう|what kind|what sort", re.IGNORECASE)


def _labels(key: str) -> tuple[str, str]:
    info = catalogue()[key]
    return normalise_text(info.label_ja), normalise_text(info.label_en)


def _of_forms_of(fields: tuple[str, ...], cells: set[str]) -> tuple[str, ...]:
    """Of ``fields``, those of the forms ``cells`` are of."""
    forms = {catalogue()[c].form for c in cells}
    return tuple(f for f in fields if catalogue()[f].form in forms)


def _cells_of_one_item(fields: tuple[str, ...]) -> bool:
    """Whether ``fields`` are cells of one kind in one form's table, printed as parts of one item (課題's two
    cells, 財源内訳's three)."""
    infos = [catalogue()[f] for f in fields]
    return all((i.kind, i.form, i.table) == (infos[0].kind, infos[0].form, infos[0].table) for i in infos)


@functools.cache
def _fields_named(forms: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each field word (lower-cased, as ``_phrases`` matches it) → every field it names on sheets of ``forms``; a
    question's phrase naming the cells of one item also by the word that ends it, which holds its meaning when a
    subject is said between its words ("how was that money financed": 財源内訳's cells, ``_asked_of_a_subject``)."""
    named: dict[str, list[str]] = {}
    for key in for_forms(forms):
        for word in _field_words(key, forms):
            fields = named.setdefault(word.lower(), [])
            if key not in fields:
                fields.append(key)
    ended = {said["last"]: fields for word, fields in named.items()
             if (said := _ASKED_OF.fullmatch(word)) and len(fields) > 1 and _cells_of_one_item(tuple(fields))}
    return {word: tuple(fields) for word, fields in {**named, **ended}.items()}


def parse(question: str, words: Words, context: Query | None = None) -> Parse:
    """``read_parts`` and the Queries they build (``context``: the conversation's last Query)."""
    from jimuqa.answering.compose_query import build

    result = read_parts(question, words, context)
    if not result.unplaced and not result.reason:
        result.queries, result.reason = build(result, context)
    return result
