"""English words for the words of project and indicator names, from a general dictionary.

The sheets print their names in Japanese only. A question in English names a project by what its name says
("the Sanriku Railway support project": 三陸鉄道支援事業) or by its place names in romaji ("the Okirai clinic":
越喜来診療所). At build time each name is cut into words (Sudachi) and each word, and each run of two or three
of them (診療 + 所 is 診療所, "clinic"), is looked up in JMdict (its English glosses) and JMnedict (the romaji
of place names); every word also gives its own reading in romaji (ふるさと納税: "furusato nozei"). The result is
a bag of English words per name, in the table (``english_names``); the question parser matches an English
question's words against it (``answering.understand``). Nothing here is a word list of one corpus.

JMdict and JMnedict are the Electronic Dictionary Research and Development Group's (CC BY-SA 4.0), as packaged
by ``jamdict-data`` (PyPI).
"""

from __future__ import annotations

import functools
import lzma
import re
import shutil
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import jamdict_data

from jimuqa.index.japanese import Morpheme, morphemes

SENSES = 3  # of a word's senses, the first few: later ones are rare uses (まつり: "online shaming")
ENTRIES = 2  # of the entries written the same way
NE_TYPES = ("place", "station", "surname")  # place names in romaji, not given names (未来: "Asuka")
LONGEST_RUN = 3  # words of a name looked up together
_ONE_WORD = re.compile(r"[A-Za-z][a-z]+")  # a gloss that is one plain word: "crematorium", not "to support"
SPECIFIC_ENTRIES = 10  # a word that glosses more JMdict entries ("work": 45, "school": 32) is too general to name
# English words glosses are made of that name nothing: articles, prepositions, abbreviations.
GLOSS_STOPWORDS = frozenset("a an the of to in on at for and or by with as from into e.g eg etc one's one "
                            "something someone esp usu i.e ie".split())  # fmt: skip


# ---- one normal form for English words, shared by the build and the parser ------------------------------

# English's own plurals that no ending rule makes singular, as the rules leave the singular ("foot": "fot").
IRREGULAR_PLURALS = {"children": "child", "people": "person", "men": "man", "women": "woman", "feet": "fot",
                     "teeth": "toth", "mice": "mose"}  # fmt: skip
# English's irregular past forms, as their verb ("items lent": lend, as a gloss of 貸出 says "lending")
IRREGULAR_PASTS = {"lent": "lend", "spent": "spend", "paid": "pay", "built": "build", "held": "hold", "sold": "sell",
                   "bought": "buy", "taught": "teach", "sent": "send", "kept": "keep", "brought": "bring",
                   "caught": "catch", "fed": "feed", "grew": "grow", "grown": "grow", "drew": "draw", "drawn": "draw",
                   "chose": "choose", "chosen": "choose", "wrote": "write", "written": "write", "gave": "give",
                   "given": "give", "took": "take", "taken": "take", "won": "win"}  # fmt: skip
# English's clipped words, said for the whole ("science & tech": technology), matched as the whole.
CLIPPED = {"tech": "technology", "info": "information", "govt": "government", "gov": "government",
           "dept": "department", "depts": "departments", "admin": "administration", "intl": "international",
           "biz": "business", "env": "environment"}  # fmt: skip


def english_stem(word: str) -> str:
    """A word's normal form for matching: lower case, no possessive, plural, -ing, -ed or -ion, romaji long vowels
    written short ("Ōfunato", "Oofunato" and "Ofunato" agree; "clinics" is "clinic", "supporting" "support";
    "promoting", "promote" and "promotion" are "promot")."""
    word = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()
    word = re.sub(r"['’]s$", "", word).strip("'’.-")
    word = CLIPPED.get(word, word)
    word = word.replace("ou", "o").replace("oo", "o").replace("uu", "u")
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    word = IRREGULAR_PASTS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(?:ss|x|ch|sh|us)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending, least in (("ing", 7), ("ed", 6), ("ion", 7), ("al", 7)):  # supporting: support; agricultural
        if len(word) >= least and word.endswith(ending) and (ending != "ion" or word[-4] in "ts"):
            return word[: -len(ending)]
    return word[:-1] if len(word) > 4 and word.endswith("e") and word[-2] not in "aeiou" else word  # promote


def english_words(text: str) -> list[str]:
    """The normal forms of the content words of an English text (a gloss, a question)."""
    text = re.sub(r"\([^)]*\)", " ", text)  # "(e.g. at office, school)": a gloss's comment
    words = (english_stem(w) for w in re.findall(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]*", text))
    return [w for part in words for w in part.split("-") if len(w) > 2 and w not in GLOSS_STOPWORDS]


# ---- readings --------------------------------------------------------------------------------------------

_KANA = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポァィゥェォャュョヴー",
    ["a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te",
     "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo",
     "ra", "ri", "ru", "re", "ro", "wa", "o", "n", "ga", "gi", "gu", "ge", "go", "za", "ji", "zu", "ze", "zo", "da",
     "ji", "zu", "de", "do", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe", "po", "a", "i", "u", "e", "o",
     "ya", "yu", "yo", "vu", ""], strict=True))  # fmt: skip


def romaji(katakana: str) -> str:
    """A reading in Hepburn romaji, as English text writes Japanese names (ヨシハマ: yoshihama, ケセン: kesen,
    オオフナト: oofunato); a long-vowel mark is dropped (フィールド: firudo)."""
    out = ""
    for i, char in enumerate(katakana):
        if char in "ャュョ" and out.endswith("i"):  # キャ: kya; シャ: sha; ジョ: jo
            out = out[:-1] + ("" if out.endswith(("shi", "chi", "ji")) else "y") + _KANA[char][1]
        elif char in "ァィゥェォ" and out and out[-1] in "aiueo" and len(out) > 1:  # フィ: fi; ティ: ti
            out = out[:-1] + _KANA[char]
        elif char == "ッ" and i + 1 < len(katakana):  # a doubled consonant
            out += _KANA.get(katakana[i + 1], " ")[:1]
        else:
            out += _KANA.get(char, "")
    return out


# ---- the dictionary ----------------------------------------------------------------------------------------


def _installed_path() -> Path:
    return Path(jamdict_data.__file__).parent / "jamdict.db"


def dictionary_path(cache: Path) -> Path:
    """JMdict as ``jamdict-data`` installed it: unpacked by its installer, or unpacked here into ``cache``."""
    if _installed_path().is_file():
        return _installed_path()
    packed, unpacked = _installed_path().with_suffix(".db.xz"), cache / "jamdict.db"
    if not unpacked.is_file() and packed.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = unpacked.with_suffix(".partial")
        with lzma.open(packed) as source, partial.open("wb") as target:
            shutil.copyfileobj(source, target)
        partial.replace(unpacked)
    return unpacked


class Dictionary:
    """English glosses and romaji of Japanese words, read from JMdict/JMnedict (read-only)."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    @functools.cache  # noqa: B019 (one dictionary per build)
    def glosses(self, word: str) -> tuple[str, ...]:
        entries = self.db.execute(
            "SELECT idseq FROM Kanji WHERE text = ? UNION SELECT idseq FROM Kana WHERE text = ? LIMIT ?",
            (word, word, ENTRIES),
        ).fetchall()
        out: list[str] = []
        for (entry,) in entries:
            senses = self.db.execute("SELECT ID FROM Sense WHERE idseq = ? ORDER BY ID LIMIT ?", (entry, SENSES))
            for (sense,) in senses.fetchall():
                rows = self.db.execute("SELECT text FROM SenseGloss WHERE sid = ? AND lang = 'eng'", (sense,))
                out += [r[0] for r in rows]
        return tuple(out)

    @functools.cache  # noqa: B019
    def glosses_only_a_verb(self, word: str) -> bool:
        """Whether some entry is glossed "to ``word``" and none ``word`` itself ("cull", "spend"; not "sign" or
        "report", nouns too), or so of its base when it ends in -ed or -ing ("culled": "to cull")."""
        word = word.lower()
        bases = {word} | {word[: -len(end)] + extra for end in ("ed", "ing") if word.endswith(end) for extra in ("", "e")}

        def glossed(text: str) -> bool:
            return bool(self.db.execute("SELECT 1 FROM SenseGloss WHERE lang = 'eng' AND text = ? LIMIT 1", (text,)).fetchone())

        return any(glossed(f"to {b}") and not glossed(b) for b in bases)

    @functools.cache  # noqa: B019
    def place_names(self, word: str) -> tuple[str, ...]:
        # Entry by entry: a join filtered on the type would walk the index of half a million place names.
        out: list[str] = []
        for (entry,) in self.db.execute("SELECT idseq FROM NEKanji WHERE text = ?", (word,)).fetchall():
            for (translation,) in self.db.execute("SELECT ID FROM NETranslation WHERE idseq = ?", (entry,)).fetchall():
                types = {r[0] for r in self.db.execute("SELECT text FROM NETransType WHERE tid = ?", (translation,))}
                if types.intersection(NE_TYPES):
                    out += [r[0] for r in self.db.execute("SELECT text FROM NETransGloss WHERE tid = ?", (translation,))]
        return tuple(out)

    @functools.cached_property
    def _entries_glossed(self) -> dict[str, int]:
        entries: dict[str, set[int]] = {}
        rows = self.db.execute("SELECT g.text, s.idseq FROM SenseGloss g JOIN Sense s ON g.sid = s.ID WHERE g.lang = 'eng'")
        for gloss, entry in rows:
            gloss = _without_comments(gloss)
            if _ONE_WORD.fullmatch(gloss):
                entries.setdefault(english_stem(gloss), set()).add(entry)
        return {stem: len(found) for stem, found in entries.items()}

    def entries_glossed(self, english: str) -> int:
        """How many JMdict entries have a one-word gloss of ``english``'s normal form: 1 for "crematorium", over
        20 for "work" (work, works, working)."""
        return self._entries_glossed.get(english_stem(english), 0)

    def translations(self) -> Iterator[tuple[str, str]]:
        """Every (Japanese word, English gloss) pair: the word as written in kanji, or in katakana when it has
        no kanji (バス: "bus"); and the places JMnedict writes in katakana only (グルノーブル: "Grenoble")."""
        yield from self.db.execute(
            "SELECT k.text, g.text FROM SenseGloss g JOIN Sense s ON g.sid = s.ID JOIN Kanji k ON k.idseq = s.idseq "
            "WHERE g.lang = 'eng' UNION ALL SELECT k.text, g.text FROM SenseGloss g JOIN Sense s ON g.sid = s.ID "
            "JOIN Kana k ON k.idseq = s.idseq WHERE g.lang = 'eng' AND k.text GLOB '*[ァ-ヺ]*'"
        )
        yield from self.db.execute(
            "SELECT k.text, g.text FROM NEKana k JOIN NETranslation t ON t.idseq = k.idseq JOIN NETransType y "
            "ON y.tid = t.ID JOIN NETransGloss g ON g.tid = t.ID WHERE y.text = 'place' AND k.text GLOB '[ァ-ヺ]*' "
            "AND NOT EXISTS (SELECT 1 FROM NEKanji j WHERE j.idseq = k.idseq)"
        )


def _katakana_halves(word: str, dictionary: Dictionary) -> list[str]:
    """A katakana word JMdict lacks, cut into two it has (リニアコライダー: リニア, コライダー); none otherwise."""
    if not re.fullmatch(r"[ァ-ヿ]{5,}", word) or dictionary.glosses(word):
        return []
    for cut in range(2, len(word) - 1):
        if dictionary.glosses(word[:cut]) and dictionary.glosses(word[cut:]):
            return [word[:cut], word[cut:]]
    return []


def name_words(name: str, dictionary: Dictionary) -> tuple[set[str], set[str]]:
    """The English words (normal forms) a name's words and runs of words are glossed as, and its own words: those
    that alone can say the name (its words read in romaji; a one-word translation of one of its nouns or runs,
    火葬場: "crematorium"), not an English word that happens to be part of a gloss ("economic" of 特区)."""
    words = [m for m in morphemes(name) if m.pos[0] in ("名詞", "接尾辞", "接頭辞", "形状詞", "動詞")]
    glossed: set[str] = set()
    own: set[str] = set()
    for i in range(len(words)):
        for j in range(i + 1, min(i + LONGEST_RUN, len(words)) + 1):
            if any(words[k].end != words[k + 1].begin for k in range(i, j - 1)):
                break  # a run of words written next to each other only
            surface = "".join(m.surface for m in words[i:j])
            for half in _katakana_halves(surface, dictionary) if j == i + 1 else []:
                glossed.update(w for text in dictionary.glosses(half) for w in english_words(text))
                own |= specific_glosses(half, dictionary)
            for text in dictionary.glosses(surface):
                glossed.update(english_words(text))
                if _names_a_thing(words[i:j]) and _is_own(text, dictionary):
                    own.update(english_words(text))
            for text in dictionary.place_names(surface):
                own.update(english_words(text))
        if words[i].pos[0] == "名詞":
            own.update(english_words(romaji(words[i].reading)))
    return glossed, own


def _names_a_thing(run: list[Morpheme]) -> bool:
    """Whether a run of words ends in a noun, or in a suffix making one of the words before (狂犬病's 病, 図書館's
    館, 診療所's 所; not 館 alone, whose "hall" is any hall)."""
    last = run[-1].pos
    return last[0] == "名詞" or (len(run) > 1 and last[:2] == ("接尾辞", "名詞的"))


def specific_glosses(word: str, dictionary: Dictionary) -> set[str]:
    """The normal forms of ``word``'s one-word glosses specific enough to say a name alone (パスポート, 旅券:
    "passport"; not 実施's "working")."""
    return {w for text in dictionary.glosses(word) if _is_own(text, dictionary) for w in english_words(text)}


@functools.cache
def installed_dictionary() -> Dictionary | None:
    """The dictionary as ``jamdict-data`` installed it, unpacked, opened read-only for reading questions; None when
    it is only packed (serving never unpacks it)."""
    return Dictionary(_installed_path()) if _installed_path().is_file() else None


def _is_own(gloss: str, dictionary: Dictionary) -> bool:
    """Whether a noun's gloss is one plain word specific enough to say the name alone ("crematorium"), as glossed
    and as a question's word reads ("working": "work", too general)."""
    gloss = _without_comments(gloss)
    return bool(_ONE_WORD.fullmatch(gloss)) and dictionary.entries_glossed(gloss) <= SPECIFIC_ENTRIES


def _without_comments(gloss: str) -> str:
    return re.sub(r"\([^)]*\)", "", gloss).strip()


def english_names(names: Iterable[tuple], dictionary: Dictionary) -> list[tuple]:
    """Each row of ``names`` (its keys, then a name: a sheet's, an indicator's, a department's) with the name
    replaced by its English words and those of them that are its own (``name_words``), joined by spaces."""
    out = []
    for *keys, name in names:
        glossed, own = name_words(name, dictionary)
        out.append((*keys, " ".join(sorted(glossed | own)), " ".join(sorted(own))))
    return out
