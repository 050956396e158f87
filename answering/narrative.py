"""Narrative answers: the most relevant sentences of the retrieved sections, quoted as written.

Sentences are scored by the question's content words (Sudachi tokens, English words mapped to
the sheets' Japanese by the glossary) weighted by how rare they are among the candidates, plus
the retrieval rank of their section and a small bonus when their row is the one the question
asks about (成果 for "what did it achieve", 課題 for "problems", …). Each row asked about is quoted
first, by its best sentence of the best sheet, then the best sentence of all, each with the rest of its cell.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jimuqa.answering import phrases as p
from jimuqa.answering.normalise import Query, compiled
from jimuqa.answering.operators import TRIED
from jimuqa.answering.plan import Plan
from jimuqa.answering.projects import translate
from jimuqa.answering.sources import SheetRef, Sources
from jimuqa.index.search.keywords import tokenise, words_and_compounds
from jimuqa.index.sections import in_form
from jimuqa.index.years import find_years

MAX_SENTENCES = 3
MAX_CELL_SENTENCES = 6  # a labelled cell this long or shorter is quoted whole
MIN_OVERLAP = 1.0  # with no project named, below this the sheets are taken not to say it
# (a facility taken down ends with it: 取り壊し, 解体, "demolish")
# (an ending only tried, 「廃止しようとした」, is an event the passages tell: no cue for the rows that end a project)
_ENDING = (r"(?:終わ|終了|廃止|やめ|止め|休止|打ち切|取り壊|取壊|解体|撤去|abolish|discontinu|scrap|demolish|tear down|torn down|"
           r"(?:be|being|been) (?:ended|stopped)|(?:end|stop)(?:s|ed|ing)? (?:it|the|this))"
           rf"(?!{TRIED.pattern})")
# what the city will do next (Tsukuba's 改善目標, 大船渡's 課題と解決策)
_PLAN = r"今後|これから|next|plan|going to|will (?:do|they|the city|it)\b|what will"
ROW_CUES = {
    "成果": r"成果|実績|やった|行った|何をした|どんなこと(?:を)?(?:した|やった)|どうだった|進んだ|achiev|result|outcome|"
          r"c[oa]mes? (?:out )?of|accomplish|did|done|happen|went|agree|sign|締結|結ん|結ば|"
          r"協定|合意|使った|使われ|使い道|使途|spent|spend|(?:どうやって|どのように)[^？?。]{0,20}(?:した|った|んだ|いた|れた)|"
          r"how did|how were",  # (what the money went on, how it was done: what was done; 「これからどうやって」 is a plan)
    "課題": r"課題|問題|困|issue|problem|challenge|difficult|work on|tackle|obstacle|hurdle|downside|drawback|shortcoming",
    "改善目標": rf"改善|良くして|よくして|良くする|よくする|improv|better|変わる|changing|will change|{_PLAN}",
    "前年度の課題への対応": r"前年度|昨年|previous year|last year",
    # ("what is it for?": "for" ending its clause; "what was the theme for this year's call" asks for a theme)
    "目的": r"目的|何のため|なんのため|purpose|aim(?!ed at)|idea behind|thinking behind|rationale|what\b[^,?.]{0,80}\bfor\s*(?:[,?.]|$)",
    "対象": r"対象|誰|だれ|who|aimed at|intended for|meant for",
    # ("what is it about?": "about" ending its clause; "what did it do about COVID-19" asks what was done)
    "概要 (取組内容)": r"概要|取組|どんな事業|(?:何|なに)を(?:やって|して)(?:いる|る)|what does|involve|day to day|idea behind|concept|what (?:kinds?|sorts?) of (?:things|work|activities)|overview|"
                   r"what (?:is|are|was|were)\b.{0,40}\babout\s*(?:[,?.]|$)",
    "手段": r"活動|手段|activit|means|どうやって|どのように|方法|how do|how does|how did|how is|how are",  # 大船渡's 手段（前年度実績）・手段（今年度計画）
    "手段（前年度実績）": r"前年度|昨年|去年|previous year|last year",
    "手段（今年度計画）": r"今年度|本年度|今年|this year",
    # 大船渡's rows of its evaluation and direction
    "きっかけ": r"きっかけ|始ま|始め|いつから|経緯|いきさつ|ようになっ|origin|since when|how .{0,40}(?:start|began|begun)|why .{0,40}(?:start|began|begun|set up)",
    "関係者の意見": r"意見|要望|要求|求め|声|言われ|request|asking|asked for|demand|feedback|complain|think about|say about",
    "状況の変化": r"変化|変わ|chang",
    # (why a project ends, 「なんで終わっちゃうの」: the chief's account of the issues and their solution says, and
    # the summary of the 課長等意見, its direction's reasons)
    "全体総括": rf"総括|まとめ|sum up|summar|overall|課長|chief|{_ENDING}",
    "課題と解決策": rf"{_ENDING}|解決|solv|solution|{_PLAN}",  # (大船渡's plan: the solutions to its issues)
    "期待成果": r"期待|expect",
}
_SENTENCE_RE = re.compile(r"[^。\n]+。?")
_LABEL_RE = re.compile(r"^([^:\n]{1,20}): ")


@dataclass
class Sentence:
    sheet: SheetRef
    section: str
    label: str
    text: str
    rank: int
    tokens: set[str]
    score: float = 0.0
    overlap: float = 0.0  # the part of the score that comes from the question's own words


def candidate_sentences(
    hits: list, sources: Sources, sheet_refs: dict[tuple[str, str, str], SheetRef]
) -> list[Sentence]:
    """Every sentence of the retrieved sections, in retrieval order, one section once."""
    seen, sentences = set(), []
    for rank, hit in enumerate(hits):
        key = (hit.city, hit.sheet, hit.fiscal_year, hit.section)
        if key in seen:
            continue
        seen.add(key)
        sheet = _sheet_of(hit, sheet_refs)
        text, _ = sources.section_text(sheet, hit.section)
        label = ""
        for line in text.split("\n"):
            label_match = _LABEL_RE.match(line)
            label = label_match.group(1) if label_match else label  # a cell's later lines are still its own
            body = line[label_match.end() :] if label_match else line
            for piece in _SENTENCE_RE.findall(body):
                piece = piece.strip()
                if len(piece) >= 6 and piece not in ("特になし", "—"):
                    # the row label counts through ROW_CUES, not as words; a year it names, as a word of its own
                    # (and the nouns it says together, 使用料, to match a question saying them so)
                    sentences.append(Sentence(sheet, hit.section, label, piece, rank, set(_sentence_tokens(piece))))
    return sentences


SENTENCES_KEPT = 20_000  # sentences' tokens kept (407 sheets print about 30,000 sentences, a few dozen words each)


@functools.lru_cache(maxsize=SENTENCES_KEPT)
def _sentence_tokens(piece: str) -> frozenset[str]:
    """The words of a sheet's sentence, the nouns it says together (使用料) and the years it names: the same
    sentences are candidates of many questions, so each is tokenised once per process."""
    said, compounds = words_and_compounds(piece)
    return frozenset(said) | compounds | _year_words(piece)



def _year_words(text: str) -> set[str]:
    """The fiscal years ``text`` names, each as one word (「令和3年度」 and "FY2021" alike), which tokens split into
    an era, a number and 年度, all too common to count; none of a row of figures by year, which names them all."""
    years = find_years(text)
    return {f"@{year}" for year in years} if len(years) <= 2 else set()


def _sheet_of(hit, sheet_refs: dict[tuple[str, str, str], SheetRef]) -> SheetRef:
    """The hit's sheet by (city, number, year); a chunk written before there were two cities has no city."""
    if (hit.city, hit.sheet, hit.fiscal_year) in sheet_refs:
        return sheet_refs[(hit.city, hit.sheet, hit.fiscal_year)]
    return next(r for r in sheet_refs.values() if (r.number, r.fiscal_year) == (hit.sheet, hit.fiscal_year))


GENERIC_TOKENS = {
    "事業",
    "為る",
    "有る",
    "居る",
    "成る",
    "年度",
    "令和",
    "何",
    "どう",
    "どんな",
    "教える",
    "ある",
    "いる",
}
# English function words go before tokenising: Sudachi turns "with" into ウィズ, which the sheets use.
ENGLISH_STOPWORDS = re.compile(
    r"\b(what|which|when|where|who|how|why|did|does|do|is|was|were|are|the|a|an|of|in|on|for|to|and|or|with|"
    r"that|this|from|have|has|had|kind|many|much|project|projects|about|into|their|there|its|it|tsukuba|city|"
    r"fy\d{4}|r\d{1,2})\b"
)


def query_tokens(query: Query, names: list[str]) -> set[str]:
    """The question's content words, without the words that only name the project."""
    text = translate(ENGLISH_STOPWORDS.sub(" ", query.text)) if query.lang == "en" else query.text
    naming = {t for name in names for t in tokenise(name)}
    # One-character words (市, 品, 場) and kana scraps (つく) match everywhere and prove nothing.
    return {
        t
        for t in tokenise(text)
        if len(t) > 1
        and t not in GENERIC_TOKENS
        and t not in naming
        and not re.fullmatch(r"[a-z]{1,3}|\d{3}|[ぁ-ん]{1,2}", t)
    }


def query_compounds(query: Query, names: list[str]) -> set[str]:
    """The nouns a Japanese question says together (使用料), but those holding a word of the project's name
    (スマートシティ協議会's シティー協議会: the name said again)."""
    if query.lang != "ja":
        return set()
    naming = {t for name in names for found in words_and_compounds(name) for t in found if len(t) > 1}
    return {c for c in words_and_compounds(query.text)[1] if not any(t in c for t in naming)}


def translated_tokens(translated: str) -> set[str]:
    """The words of ``translated`` (the sheets' Japanese words for an English question's) worth matching."""
    return {t for t in tokenise(translated) if len(t) > 1 and t not in GENERIC_TOKENS}


def asked_rows(query: Query) -> list[str]:
    """The rows of the form the question asks for ("what happened, and what will they change" → 成果, 改善目標)."""
    return [label for label, pattern in ROW_CUES.items() if compiled(pattern).search(query.text)]


def picks_a_row(word: str) -> bool:
    """Whether ``word`` is one by which a question asks for a row ("accomplish": 成果): placed by the quotes."""
    return any(compiled(f"(?:{pattern}).*").fullmatch(word.lower()) for pattern in ROW_CUES.values())


GUESSED_WEIGHT = 0.3  # of a translated word, against a word the question says
COMPOUND_WEIGHT = 0.5  # of nouns said together, beside the words they are made of
# Everyday words for what the sheets say in administrative words (「どこと組んで」: 連携): guesses, weighted as a
# translated word is.
SHEET_WORDS_FOR = {"組む": ("連携", "協力", "協働"), "手伝う": ("支援",), "助ける": ("支援",), "減らす": ("削減", "軽減"),
                   "増やす": ("拡大", "増加"), "知らせる": ("周知", "広報"), "見回る": ("巡回", "監視", "パトロール")}


def score_sentences(
    sentences: list[Sentence], query: Query, plan: Plan, names: list[str], translated: str = ""
) -> list[Sentence]:
    """Each sentence scored by the question's words it holds (and, for an English question, ``translated``: the
    sheets' Japanese words for its words), its section and its retrieval rank; best first."""
    rows = asked_rows(query)
    # Words that pick the row ("改善目標", "成果") say where to look, not what to find there.
    cue_words = {m.group(0) for pattern in ROW_CUES.values() for m in compiled(pattern).finditer(query.text)}
    cues = {t for word in [*rows, *cue_words] for t in tokenise(word)}
    wanted = query_tokens(query, names) - cues
    if plan.projects:  # 「令和3年度から体制が変わる」: of a project's sentences, the one naming that year (with none named, a
        # year alone would find sentences for questions the sheets do not answer)
        wanted |= _year_words(query.text)
    # A dictionary's guesses at the sheets' words for an English word: worth less than the question's own words.
    guessed = translated_tokens(translated) - wanted - cues
    guessed |= {w for t in wanted for w in SHEET_WORDS_FOR.get(t, ())} - wanted
    # Nouns said together (使用料), as a sentence says them: between sentences sharing their parts, those saying them so.
    compounds = query_compounds(query, names)
    weight = _shared_weight(sentences)
    for sentence in sentences:
        sentence.overlap = weight(sentence, wanted) + GUESSED_WEIGHT * weight(sentence, guessed) \
            + COMPOUND_WEIGHT * weight(sentence, compounds)  # fmt: skip
        row_bonus = 0.8 if any(sentence.label.startswith(r) for r in rows) else 0.0
        section_bonus = 1.0 if sentence.section in in_form(sentence.sheet.form, plan.sections) else 0.0
        sentence.score = sentence.overlap + row_bonus + section_bonus + 0.6 / (1 + sentence.rank)
    return sorted(sentences, key=lambda s: -s.score)


def _shared_weight(sentences: list[Sentence]) -> Callable[[Sentence, set[str]], float]:
    """How much of ``words`` a sentence holds, each word weighted by how few of ``sentences`` hold it."""
    df: dict[str, int] = {}
    for sentence in sentences:
        for token in sentence.tokens:
            df[token] = df.get(token, 0) + 1
    total = max(len(sentences), 1)
    return lambda sentence, words: sum(math.log(1 + total / df[t]) for t in sentence.tokens & words)


def choose(
    sentences: list[Sentence], plan: Plan, rows: Sequence[str] = (), asks: Sequence[set[str]] = (),
    guessed: Sequence[set[str]] = (),
) -> list[Sentence]:
    """The sentences to quote; none when no project is named and no sentence shares the question's words.
    ``rows``: the rows the question asks for (``asked_rows``); ``asks``: the words of each of its asks, when it has
    several (``query_tokens`` of each part); ``guessed``: beside each, the sheets' words for an English ask's words
    (「提案」 for "proposals"), which choose its sentence when its own words choose none."""
    if not sentences or (not plan.projects and sentences[0].overlap < MIN_OVERLAP):
        return []
    best = sentences[0]
    # Each row asked for is answered by its best sentence of the best sheet, ahead of better-scoring sentences of
    # rows not asked for: "what did it do" is answered by 成果 even where 課題 shares more of the question's words.
    # The best sentence still follows them: a cue word may not say the row meant ("who runs them" is no 対象).
    # (a row the form splits in two, 課題（業務） and 課題（組織、予算等）: each of its cells)
    labels = dict.fromkeys(s.label for s in sentences if s.sheet == best.sheet and any(map(s.label.startswith, rows)))
    leads = [next(s for s in sentences if s.sheet == best.sheet and s.label == label) for label in labels]
    # (as many as rows are asked: "what problems did it run into, and what's the plan to fix them" asks 課題 and
    # 改善目標, and "did" 成果 as well)
    leads = sorted(leads, key=sentences.index)[: max(MAX_SENTENCES, len(rows))]
    anchors = [*leads, best] if best not in leads else leads
    # Each ask of several has its own best sentence ("what is it about, and who is it open to?"): the whole
    # question's words may rank three sentences for one ask above every one for the other.
    # (one found by a guess only from a section already quoted: "how many were adopted" asks no 市民ニーズ score)
    quoted = {(s.sheet, s.section) for s in anchors}
    anchors += [s for s, by_guess in _each_asks_best(sentences, asks, guessed)
                if s not in anchors and (not by_guess or (s.sheet, s.section) in quoted)]
    # Beyond them, only sentences that share the question's words, or that come from the same project and
    # section, are worth quoting.
    chosen = anchors + [
        s
        for s in sentences[1:8]
        if s not in anchors
        and s.score >= anchors[0].score * 0.6
        and (s.overlap > 0 or (s.sheet, s.section) == (best.sheet, best.section))
    ]
    chosen = chosen[: max(MAX_SENTENCES, len(anchors))]
    # The cell of a sentence quoted first (the first row asked for, the best sentence) is the sheet's answer unit:
    # the rest of it is quoted too, in the sheet's order (a 大船渡 cell of 4 lines says what 1 of them cannot), up to
    # a cell's worth.
    for anchor in (anchors[0], best):
        cell = [s for s in sentences if (s.sheet, s.section, s.label) == (anchor.sheet, anchor.section, anchor.label)]
        if anchor.label and len(cell) <= MAX_CELL_SENTENCES:
            chosen += [s for s in sorted(cell, key=sentences.index) if s not in chosen]
    return chosen


def _each_asks_best(
    sentences: list[Sentence], asks: Sequence[set[str]], guessed: Sequence[set[str]] = ()
) -> list[tuple[Sentence, bool]]:
    """Of the best sheet's sentences, the one sharing most of each ask's words (weighted as ``score_sentences``
    weighs them), for a question of two asks or more; by its guessed words (and said so) when none shares its own."""
    if len(asks) < 2:
        return []
    weight = _shared_weight(sentences)
    same = [s for s in sentences if s.sheet == sentences[0].sheet]
    out: list[tuple[Sentence, bool]] = []
    for words, guesses in itertools.zip_longest(asks, guessed, fillvalue=set()):
        for said, by_guess in ((words, False), (guesses, True)):
            top = max(same, key=lambda s: weight(s, said))
            if weight(top, said) > 0:
                out += [(top, by_guess)] if all(top is not s for s, _ in out) else []
                break
    return out


def compose(chosen: list[Sentence], sources: Sources, lang: str, with_city: bool = False) -> list[str]:
    """Quotes grouped by project, each with its section and row, in the question's language; ``with_city``
    (more than one city loaded) puts the city before each project."""
    lines: list[str] = []
    by_project: dict[str, list[Sentence]] = {}
    for sentence in chosen:
        city = f"{sentence.sheet.city} " if with_city and sentence.sheet.city else ""
        by_project.setdefault(f"{city}{sentence.sheet.number} {sentence.sheet.name}", []).append(sentence)
    for project, sentences in by_project.items():
        lines.append(f"**{project}**")
        for sentence in sentences:
            marker = sources.cite_quote(sentence.sheet, sentence.section, sentence.text)
            heading = p.section_heading(sentence.section, lang, form=sentence.sheet.form)
            where = heading + (f"・{sentence.label}" if sentence.label else "")
            # A block quote: the sheet's words stand apart from the answer's own, whatever quotes they hold.
            lines.append(f"- {where} {marker}\n  > {sentence.text}")
    return lines
