"""A project named by what it is ("the school bus service", 「椿を使ったまちづくりの事業」), found by meaning.

The sheets print their project names in Japanese only, so "the crematorium project" shares no characters
with 火葬場管理運営事業. When the parser cannot place the words right before a word that says "a project"
(project, programme, service, subsidy …), those words are searched for among the sheets' sections with the
multilingual embedding model, and when the closest sections are nearly all one sheet's, that sheet is meant:
the question is read again with its number in place of the words. A Japanese question is read the same way:
the words it could not place, before a word that says "a project" (事業, 工事, 取り組み …), back to the start of
its clause. The reading the answer shows names the project found, so a wrong match is visible; when no sheet
stands out, nothing is guessed.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections import Counter
from dataclasses import dataclass

from jimuqa.answering.cities import MUNICIPAL_SUFFIXES
from jimuqa.answering.normalise import detect_language, through_its_bracket
from jimuqa.answering.understand import FUNCTION_WORDS_EN, LEADING_YEAR, TRAILING_YEAR
from jimuqa.index.japanese import in_hiragana, morphemes

# Words after a description that make it the name of a project.
PROJECT_WORDS = ("project", "projects", "program", "programs", "programme", "programmes", "scheme", "service",
                 "services", "subsidy", "subsidies", "support", "initiative", "business", "one")  # fmt: skip
SEARCHED = 5  # sections searched for the description
AGREEING = 4  # of them, how many must be one sheet's (all of them for a description of one word)
# For a question's topic, fewer, three, when the sheet also stands out in a deeper search: its sections, weighted by
# rank, count at least MARGIN times the next sheet's ("The bus company dropped some routes and the city now
# subsidises them."), or for a run of three words or more the parser could not place ("the city's childbirth
# celebration vouchers"); not for the words before "project", which may be no description at all ("these projects").
VOTED = 20
VOTED_WORDS = 3
FEWER_AGREEING = 3
MARGIN = 2.0
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-–]*")


@dataclass(frozen=True)
class Found:
    text: str  # the question with the sheet's number in place of the description
    city: str
    number: str
    description: str


MAX_DESCRIBED = 3  # projects one question may describe ("the smart city project and the data platform one")


def described_project(
    question: str,
    unplaced: list[str],
    retriever,
    cities: tuple[str, ...] = (),
    form_words: frozenset[str] = frozenset(),
    of_one: bool = False,
    topic: bool = False,
    named: dict[str, str] | None = None,
    figure: bool = False,
) -> Found | None:
    """The project ``question`` describes in the words the parser could not place, or None; a question that
    describes several has each put in by its number (``description`` lists them). ``form_words``: the words the
    parser read as the form's fields ("cost", "personnel"), which describe no project. ``of_one``: the question
    asks of one project it names in no other way, so the words left may describe it with no word saying "a project"
    ("How much was spent on running the school buses?"). ``topic``: the question's first topic may describe the
    project it asks of (a project it names only by a few of its name's words may be another). ``named``: the
    English words the parser read as words of one project's name, by word: a description no sheet stands out for
    is that project's when they are its only names in it ("the project moving the city's IT systems onto the
    national standard": "systems", "standard"). ``figure``: the question asks what only the table gives (a count, an
    amount, a field of the form): a topic naming a thing that the closest sheet alone writes most of the words of is
    taken as its project."""
    if retriever is None or not unplaced:
        return None
    found = None
    for _ in range(MAX_DESCRIBED):
        text = found.text if found else question
        if detect_language(question) == "en":
            one = _described_in_english(text, unplaced, retriever, cities, form_words, named or {})
        else:
            one = _described_in_japanese(text, unplaced, retriever, cities)
        if one is None and topic and found is None:
            one = _described_as_topic(text, unplaced, retriever, cities, form_words, figure)
        if one is None and of_one and found is None:
            one = _described_by_words_left(text, unplaced, retriever, cities, form_words)
        if one is None:
            break
        described = f"{found.description}; {one.description}" if found else one.description
        found = Found(one.text, found.city if found else one.city, found.number if found else one.number, described)
    return _holding_every_word(found, unplaced, retriever, cities)


def _holding_every_word(found: Found | None, unplaced: list[str], retriever, cities: tuple[str, ...]) -> Found | None:
    """「五葉山のあたりでシカ何頭くらい駆除したの？」: the sheet a topic (五葉山) is closest to, when it writes none of some
    words the question leaves (シカ, 駆除), gives way to the one sheet writing every Japanese word left."""
    if found is None or not hasattr(retriever, "chunks"):
        return found
    # (of the nouns that name things: not 「去年」「最近」, said as adverbs of when)
    words = [w for w in unplaced if len(w) > 1 and _CONTENT.search(w)
             and not any(m.pos[2] == "副詞可能" for m in morphemes(w))]  # fmt: skip
    texts = {key: text for key, text in _sheet_texts(retriever).items() if not cities or key[0] in cities}

    def writes_all(text: str) -> bool:
        return all(w in text or in_hiragana(w) in text for w in words)

    if not words or writes_all(texts.get((found.city, found.number), "")):
        return found
    holders = [key for key, text in texts.items() if writes_all(text)]
    if len(holders) != 1:
        return found
    city, number = holders[0]
    return Found(found.text.replace(found.number, number, 1), city, number, found.description)


def _described_in_english(
    question: str, unplaced: list[str], retriever, cities: tuple[str, ...], form_words: frozenset[str],
    named: dict[str, str],
) -> Found | None:
    left = {_bare(w) for w in unplaced}
    words = list(_WORD_RE.finditer(question))
    for i, word in enumerate(words):
        if _bare(word.group()) not in PROJECT_WORDS:
            continue
        first = i  # the description: the words before, back to an article, a preposition or a number
        while first > 0 and not _bounds(words[first - 1].group()):
            first -= 1
        # the form's words ("cost", "personnel") describe no project: searched without them
        kept = [w for w in words[first:i] if _bare(w.group()) not in form_words]
        start, end = words[first].start(), word.end()  # the description and the word that makes it a name
        description = question[start : words[i - 1].end()] if i else ""
        if not kept or not any(part in left for w in kept for part in re.split(r"[-–]", _bare(w.group()))):
            kept = _said_after(question, words, i, form_words)  # "the project about women researchers and …"
            if not kept or not any(_bare(w.group()) in left for w in kept):
                continue
            start, end, description = word.start(), kept[-1].end(), question[kept[0].start() : kept[-1].end()]
        searched = " ".join(w.group() for w in kept)
        found = _one_sheet(searched, retriever, cities, AGREEING if len(kept) > 1 else SEARCHED)
        if found is None and kept[0].start() > word.end() and len(kept) > 2 and _bare(words[i + 1].group()) in _RELATIVE:
            # "the project that promotes women researchers and …": what it does, without the verb saying it does
            found = _one_sheet(" ".join(w.group() for w in kept[1:]), retriever, cities, AGREEING)
        after = _said_after(question, words, i, form_words) if found is None and start < word.start() else []
        if after:  # "the heating-oil subsidy for low-income households": the words before and after, together
            found = _one_sheet(question[start : after[-1].end()], retriever, cities, AGREEING)
            end, description = (after[-1].end(), question[start : after[-1].end()]) if found else (end, description)
        numbers = {named[_bare(w.group())] for w in kept if _bare(w.group()) in named}
        if found is None and len(numbers) == 1:
            found = _sheet_of(numbers.pop(), retriever, cities)
        if found is not None:
            city, number = found
            return Found(question[:start] + number + question[end:], city, number, description)
    return None


# Words that join a project's word to its description after it ("the program that helps kids after school")
_DESCRIBED_AFTER = frozenset("about for on that which where helping supporting to with".split())
_RELATIVE = frozenset("that which".split())
_QUESTION_VERBS = frozenset("what which who how is are was were did does do has have had".split())
_PUNCTUATION = re.compile(r"[—–,.;:?!()（）、。？]")


def _said_after(question: str, words: list, i: int, form_words: frozenset[str]) -> list:
    """The words describing the project's word ``words[i]`` after it, from a joining word on, up to punctuation, a
    verb of the question, a word of the form ("cost") or a year."""
    if i + 1 >= len(words) or _bare(words[i + 1].group()) not in _DESCRIBED_AFTER:
        return []
    said = []
    for before, word in zip(words[i + 1 :], words[i + 2 :], strict=False):
        bare = _bare(word.group())
        if _PUNCTUATION.search(question[before.end() : word.start()]) or bare in form_words or (
            said and (bare in _QUESTION_VERBS or re.search(r"\d", bare))
        ):
            break
        said.append(word)
    return said


def _described_by_words_left(
    question: str, unplaced: list[str], retriever, cities: tuple[str, ...], form_words: frozenset[str]
) -> Found | None:
    """The longest run of words left (two at least; small words may stand between them, no punctuation), as a
    description: "handing out uniforms and gear to the volunteer fire corps", 「農地の転用とか権利移動の許可」."""
    english = detect_language(question) == "en"
    left = [w for w in unplaced if _bare(w) not in form_words]
    runs: list[list[tuple[int, int]]] = []
    for start, end in _places(question, left, english):
        if LEADING_YEAR.match(question, start):
            continue  # ("… longevity gift last year": when, a word the parser reads without the sheets' own year)
        gap = question[runs[-1][-1][1] : start] if runs else ""
        joined = _JOINING_EN.fullmatch(gap) if english else _JOINING_JA.fullmatch(gap)
        if runs and joined:
            runs[-1].append((start, end))
        else:
            runs.append([(start, end)])
    run = max(runs, key=len, default=[])
    if len(run) < 2 or _OTHER_CITYS.search(question[: run[0][0]]):
        return None  # 「陸前高田市の空き家対策」: another city's, not a project of these sheets
    start, end = run[0][0], through_its_bracket(question, run[0][0], run[-1][1])
    found = _one_sheet(question[start:end], retriever, cities, AGREEING, voted=len(run) >= VOTED_WORDS)
    if found is None and english and (head := _head_after(question, end)):
        # "the birth celebration money": the noun the run describes, a word the parser reads past, is its head
        end = head
        found = _one_sheet(question[start:end], retriever, cities, AGREEING, voted=len(run) + 1 >= VOTED_WORDS)
    if found is None:
        return None
    city, number = found
    return Found(question[:start] + number + question[end:], city, number, question[start:end])


def _head_after(question: str, end: int) -> int | None:
    """Where the word right after ``end`` ends, when it may be the noun a run of words describes: no punctuation
    before it, and no article, preposition, question word, number or year."""
    word = re.match(r" ([A-Za-z][A-Za-z'’-]*)", question[end:])
    if word is None or _bounds(word.group(1)) or LEADING_YEAR.match(question, end + 1):
        return None
    return end + word.end()


# A question's topic set off before what it asks: a Japanese clause before 、 or って (「三鉄への支援、」), an English
# phrase before a colon or a dash ("About the city-run public housing:") or a sentence that asks nothing before the
# question ("The bus company dropped some routes and the city now subsidises them.").
_TOPIC_END_JA = re.compile(r"[、。，,？?！!：:\s]|って|とは|については|について")
_TOPIC_END_EN = re.compile(r"[:;?!]|\s[-–—]\s|[.,](?=\s|$)")
_TOPIC_LEAD_EN = re.compile(r"^(?:(?:so|well|ok|okay|and|about|regarding|for|as for|on|re)\b[\s,]*)+", re.IGNORECASE)
_ASKS_EN = re.compile(r"\b(?:how|what|which|who|whom|whose|when|where|why|did|does|do|is|are|was|were|can|could)\b",
                      re.IGNORECASE)  # fmt: skip
_TRAILING_PARTICLES = re.compile(r"(?:に|の|は|を|で|が|へ|も|と)+$")


def _described_as_topic(
    question: str, unplaced: list[str], retriever, cities: tuple[str, ...], form_words: frozenset[str],
    figure: bool = False,
) -> Found | None:
    """The first topic of the question that is mostly words the parser could not place, as a description: the
    question asks of the project it describes."""
    english = detect_language(question) == "en"
    left = [w for w in unplaced if _bare(w) not in form_words]
    left_bare = {_bare(w) for w in left}
    places = [] if english else _places(question, left, False)
    start = 0
    for end_mark in (_TOPIC_END_EN if english else _TOPIC_END_JA).finditer(question):
        end = end_mark.start()
        topic = question[start:end]
        if english:
            lead = _TOPIC_LEAD_EN.match(topic.strip())
            first = start + len(topic) - len(topic.lstrip()) + (lead.end() if lead else 0)
            asks = _ASKS_EN.search(question[first:end]) and end_mark.group().strip() not in (":", "-", "–", "—")
        else:  # (a year said first is when, not what: 「去年の市議選、…」)
            lead = LEADING_YEAR.match(question, start, end)
            first, asks = lead.end() if lead else start, False
            end = first + len(_TRAILING_PARTICLES.sub("", question[first:end]))
        start = end_mark.end()
        if not re.search(r"\w", question[start:]):
            break  # the question itself, not a topic set off before what it asks
        if english and (trail := TRAILING_YEAR.search(question, first, end)):
            end = trail.start()
        if english:  # of its words but small ones ("heating-oil" is two), the share the parser could not place
            words = [w for w in re.findall(r"[A-Za-z0-9]+", question[first:end]) if w.lower() not in FUNCTION_WORDS_EN]
            said, size = sum(_bare(w) in left_bare for w in words), len(words)
        else:  # of its characters
            said = sum(min(e, end) - max(s, first) for s, e in places if s < end and e > first)
            size = end - first
        if asks or size < (2 if english else 3) or said < UNPLACED_SHARE * size:
            continue
        if _OTHER_CITYS.search(question[:first]) or _OTHER_CITYS_IN.search(question[first:end]):
            return None
        # (a topic that ends in a verb, 「グルノーブルと何か合意書を結んだ」, tells of an event, not of a project)
        written = figure and (english or _ends_in_a_noun(question[first:end]))
        found = _one_sheet(question[first:end], retriever, cities, AGREEING, voted=True, written=written)
        if found is None:
            return None  # only the first topic describes what the question asks of
        city, number = found
        return Found(question[:first] + number + question[end:], city, number, question[first:end])
    return None


def _ends_in_a_noun(text: str) -> bool:
    """Whether a Japanese phrase's last word (past particles) is a noun: it names a thing."""
    last = [m for m in morphemes(text) if m.pos[0] not in ("助詞", "補助記号")][-1:]
    return bool(last) and last[0].pos[0] == "名詞"


def _places(question: str, words: list[str], english: bool) -> list[tuple[int, int]]:
    """Where each of ``words`` stands in ``question``, in order."""
    if english:
        bare = {_bare(w) for w in words}
        # (a hyphenated word whose every part was left: "100th-birthday")
        return [m.span() for m in _WORD_RE.finditer(question)
                if _bare(m.group()) in bare or set(re.split(r"[-–]", _bare(m.group()))) <= bare]  # fmt: skip
    out, at = [], 0
    for word in words:
        found = question.find(word, at)
        if found >= 0:
            out.append((found, found + len(word)))
            at = found + len(word)
    return out


# A city, town or village owning what follows (「陸前高田市の」, "Rikuzentakata City's"): the sheets' own city is
# taken out of the question before it is read (``answering.cities``), so one left is another.
_OTHER_CITYS = re.compile(rf"[一-龥ァ-ヶぁ-ん]+[{''.join(MUNICIPAL_SUFFIXES)}]の$|\b[A-Z][a-z]+ (?:City|Town)'s\s+$")
_OTHER_CITYS_IN = re.compile(rf"^[一-龥ァ-ヶぁ-ん]+[{''.join(MUNICIPAL_SUFFIXES)}]の|\b[A-Z][a-z]+ (?:City|Town)'s\b")


# What may stand between the words of one description: small words ("handing out uniforms and gear to the volunteer
# fire corps"), particles that join nouns (「農地の転用とか権利移動の許可」).
_JOINING_EN = re.compile(r"(?:\s+(?:(?:the|a|an|of|for|to|and|or|on|in|with|out|up)\s+)*)")
# (a verb's ending between a verbal noun and the noun it describes joins them too: 「登録されてる犬」, 「設置した灯」)
_JOINING_JA = re.compile(r"(?:の|とか|や|と|・)*|(?:さ|し)(?:れ)?(?:て(?:い)?る|た|ている)")


# Japanese words after a description that make it the name of a project, and where its clause begins.
PROJECT_WORDS_JA = ("事業", "取り組み", "取組", "工事", "制度", "補助", "支援", "プロジェクト")
UNPLACED_SHARE = 0.4  # of a description's characters, at least, in words the parser could not place
_CLAUSE_START = re.compile(r"[、。,，？?！!\s「」（）()]|って|とは")


def _described_in_japanese(question: str, unplaced: list[str], retriever, cities: tuple[str, ...]) -> Found | None:
    for m in re.finditer("|".join(PROJECT_WORDS_JA), question):
        if re.match(r"[一-龥]", question[m.end() : m.end() + 1]):  # 事業費, 事業期間: a field, not a project
            continue
        starts = [b.end() for b in _CLAUSE_START.finditer(question, 0, m.start())]
        start = starts[-1] if starts else 0
        lead = LEADING_YEAR.match(question, start, m.start())  # 「令和6年度の除雪事業」: the year is when
        start = lead.end() if lead else start
        description = question[start : m.start()].removesuffix("の")
        left = sum(len(word) for word in set(unplaced) if word.lower() in description.lower())
        if len(description) < 2 or left < UNPLACED_SHARE * len(description):  # mostly words the parser read
            continue
        # (or the closest sheet, when it alone writes the most of the description's words: 「全国からIoTやAIの実験を
        # 公募して補助してる事業」, where only three of the five closest sections are its)
        found = _one_sheet(description, retriever, cities, AGREEING, written=True)
        if found is not None:
            city, number = found
            return Found(question[:start] + number + question[m.end() :], city, number, description)
    return None


def _one_sheet(
    description: str, retriever, cities: tuple[str, ...], agreeing: int, voted: bool = False, written: bool = False
) -> tuple[str, str] | None:
    """The (city, number) of the one sheet at least ``agreeing`` of the closest sections belong to; ``voted``: or
    three of them with the closest, when in a deeper search it stands out by ``MARGIN``; ``written``: or the closest
    when it alone writes the most of the description's words; and that writes a word of a Japanese description."""
    found = _closest_sheet(description, retriever, cities, agreeing, voted, written)
    if found is None and description.isascii() and description.islower():
        # "future co-creation": a name typed in lower case is, to the embedding model, less like the name it is
        found = _closest_sheet(description.title(), retriever, cities, agreeing, voted, written)
    return found if found is None or _writes_some_of(description, found, retriever) else None


def _closest_sheet(
    description: str, retriever, cities: tuple[str, ...], agreeing: int, voted: bool, written: bool = False
) -> tuple[str, str] | None:
    hits = retriever.search(description, k=VOTED, mode="dense", cities=list(cities) or None)
    if not cities and len({hit.city for hit in hits}) > 1:
        # searched again in the city most of the closest are of, then in the others ("the one-stop counter DX
        # project" is closest to Tsukuba's DX sheets, and one of 大船渡's in 大船渡's alone)
        order = [city for city, _ in Counter(hit.city for hit in hits[:SEARCHED]).most_common()]
        order += [city for city in dict.fromkeys(hit.city for hit in hits) if city not in order]
        return next((found for city in order
                     if (found := _closest_sheet(description, retriever, (city,), agreeing, voted, written))), None)
    (key, count), *_ = Counter((h.city, h.sheet) for h in hits[:SEARCHED]).most_common(1) or [((None, None), 0)]
    if count >= agreeing:
        return key
    if not voted or count < FEWER_AGREEING or (hits[0].city, hits[0].sheet) != key:
        one = _written_by_the_closest(description, hits[:SEARCHED], retriever) if written else None
        return one or _quoting_sheet(description, retriever, cities) or _items_agree(description, retriever, cities)
    votes: Counter = Counter()
    for rank, hit in enumerate(hits, start=1):
        votes[(hit.city, hit.sheet)] += 1 / (rank + 2)
    (_, first), *rest = votes.most_common(2)
    return key if not rest or first >= MARGIN * rest[0][1] else _quoting_sheet(description, retriever, cities)


# A Japanese description's words, as a sheet would write them: a pair of its kanji, a run of its katakana.
_KANJI_PAIR = re.compile(r"(?=([一-龥々]{2}))")
_KATAKANA_RUN = re.compile(r"[ァ-ヶー]{2,}")


def _writes_some_of(description: str, key: tuple[str, str], retriever) -> bool:
    """Whether the sheet ``key`` writes a word of a Japanese description. Some sheet's sections are always the
    closest in meaning; one that writes none of 「ドローン配送の実証」's words is not the project it describes."""
    said = re.sub("|".join(PROJECT_WORDS_JA), "、", description)  # (「…の実証事業」: every sheet writes 事業)
    words = [*_KANJI_PAIR.findall(said), *_KATAKANA_RUN.findall(said)]
    if not words or not hasattr(retriever, "chunks"):
        return True  # (English, or kana only: the meaning alone)
    text = _sheet_texts(retriever).get(key, "")

    def written(word: str) -> bool:  # (a word in katakana may be written in hiragana: ゴミ, ごみ)
        return word in text or in_hiragana(word) in text

    # a compound of two nouns or more ending the description (「つくば市の下水道整備」) is the project's own name: its
    # sheet writes each of them, not only 整備
    compound = [m.surface for m in itertools.takewhile(lambda m: m.pos[0] in _OF_A_COMPOUND, morphemes(said.rstrip("、"))[::-1])
                if m.pos[0] == "名詞" and len(m.surface) > 1 and _CONTENT.fullmatch(m.surface[0])]  # fmt: skip
    if len(compound) > 1:
        return all(written(word) for word in compound)
    return any(written(word) for word in words)


_OF_A_COMPOUND = ("名詞", "接頭辞", "接尾辞")


def _written_by_the_closest(description: str, hits: list, retriever) -> tuple[str, str] | None:
    """Of the sheets of the closest sections, the closest one when it alone writes the most of a Japanese
    description's words (「赤ちゃんが生まれた家にもらえる商品券」: 商品券 of 出産祝金支給事業, the other sheets close in
    meaning say nothing of one); None when another writes as many."""
    said = re.sub("|".join(PROJECT_WORDS_JA), "、", description)
    words = set(_KANJI_PAIR.findall(said)) | set(_KATAKANA_RUN.findall(said))
    if not words or not hits or not hasattr(retriever, "chunks"):
        return None
    texts = _sheet_texts(retriever)
    keys = list(dict.fromkeys((hit.city, hit.sheet) for hit in hits))
    written = [sum(word in texts.get(key, "") for word in words) for key in keys]
    best = written[0]
    return keys[0] if best and all(n < best for n in written[1:]) else None


# A Japanese description that quotes one sheet's own words (「実証実験の提案を受け付ける窓口」) names it, where the
# sections closest in meaning are of several sheets alike (Tsukuba's three on demonstration experiments): the one
# sheet whose text holds the longest run of it, when that run is long and most of what the description says.
QUOTED_CHARS = 6  # characters of the run, at least
QUOTED_CONTENT = 4  # of them kanji or katakana
QUOTED_SHARE = 0.75  # of the description's kanji and katakana
_CONTENT = re.compile(r"[一-龥々ァ-ヶー]")
# two capitals at least: JAXA, MaaS, IoT (set off by what is not a Latin letter: 「JAXAとか」)
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?![A-Za-z])")
_SHEET_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _items_agree(description: str, retriever, cities: tuple[str, ...]) -> tuple[str, str] | None:
    """A description that lists what a project does (「海外都市との連携とか女性研究者支援をやってる」, "the exchanges
    with overseas cities and the support for women researchers"): the one sheet each item, searched alone, is found
    to describe; None when an item finds none or they find several."""
    items = [item.strip() for item in _ITEMS.split(description) if len(item.strip()) >= MIN_ITEM]
    if len(items) < 2:
        return None
    found = set()
    for item in items:
        key = _one_sheet(item, retriever, cities, AGREEING)
        if key is None:
            return None
        found.add(key)
    return found.pop() if len(found) == 1 else None


# What joins the items of a list in a description: 「とか」「や」「及び」, a comma or a dot, "and", "or"
_ITEMS = re.compile(r"とか|や|及び|および|[、,・]|\band\b|\bor\b")
MIN_ITEM = 4  # characters of an item, at least


def _quoting_sheet(description: str, retriever, cities: tuple[str, ...]) -> tuple[str, str] | None:
    said = re.sub(r"\s", "", description)
    content = len(_CONTENT.findall(said))
    if not hasattr(retriever, "chunks"):
        return None
    texts = {key: text for key, text in _sheet_texts(retriever).items() if not cities or key[0] in cities}
    if said.isascii():  # "the project that signed the agreements with JAXA": the one sheet that writes the acronym
        holders = {key for word in _ACRONYM.findall(description) for key, text in texts.items() if word in text}
        return holders.pop() if len(holders) == 1 else None
    if acronyms := _ACRONYM.findall(description):  # 「JAXAとか国土地理院と協定を結んだ」: the one sheet writing each
        holders = {key for key, text in texts.items() if all(word in text for word in acronyms)}
        if len(holders) == 1:
            return holders.pop()
    if not content:
        return None
    for size in range(len(said), QUOTED_CHARS - 1, -1):
        runs = {said[i : i + size] for i in range(len(said) - size + 1)}
        runs = {r for r in runs if len(_CONTENT.findall(r)) >= max(QUOTED_CONTENT, QUOTED_SHARE * content)}
        holders = {key for run in runs for key, text in texts.items() if run in text}
        if holders:
            return holders.pop() if len(holders) == 1 else None
    return None


def _sheet_of(number: str, retriever, cities: tuple[str, ...]) -> tuple[str, str] | None:
    """The (city, number) of the sheet numbered ``number`` (in ``cities``, when given), or None."""
    return next((key for key in _sheet_texts(retriever) if key[1] == number and (not cities or key[0] in cities)), None)


def _sheet_texts(retriever) -> dict[tuple[str, str], str]:
    """Each sheet's sections' text, by (city, number), without spaces: made once per retriever."""
    if retriever not in _SHEET_TEXTS:
        texts: dict[tuple[str, str], list[str]] = {}
        for chunk in retriever.chunks.values():
            texts.setdefault((chunk.city, chunk.sheet), []).append(chunk.text)
        _SHEET_TEXTS[retriever] = {key: re.sub(r"\s", "", "".join(parts)) for key, parts in texts.items()}
    return _SHEET_TEXTS[retriever]


# Words a description does not run past: articles, prepositions, question words, verbs of the question.
_BOUNDS = frozenset("the a an this that for of in on about with to by from at what which who how is are was were "
                    "did does do has have had runs run".split())  # fmt: skip


def _bounds(word: str) -> bool:
    return _bare(word) in _BOUNDS or word[0].isdigit()


def _bare(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s").strip(".")
