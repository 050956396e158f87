"""Which of the loaded cities a question is about.

The cities are the table's (``sheets.city``), never a word list: a question that names one of them
(「大船渡市で…」, 「つくばの…」) is answered from that city's sheets only, and the words that named it are taken
out of the question before it is parsed (the city is a scope, not a field or a project). With one city
loaded nothing is taken out, so a one-city build reads every question as it always has.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from jimuqa.index.glosses import english_stem, romaji
from jimuqa.index.japanese import in_hiragana, morphemes

# What may follow a city's name when it only sets the scope: 「大船渡市の」「大船渡市で」「大船渡市では」.
_PARTICLE = r"(?:における|において|では|での|で|の|は)?"


MUNICIPAL_SUFFIXES = ("市", "町", "村")


@dataclass(frozen=True)
class Scope:
    cities: tuple[str, ...]  # the cities named, in the table's spelling; empty: every loaded city
    text: str  # the question without the words that named them


def names_of(city: str) -> tuple[str, ...]:
    """How a question may name ``city``: as the table spells it, without its 市/町/村 (「大船渡」), in kana
    (「おおふなと」, as the city writes its own facilities' names) and in its Hepburn spelling (Ofunato)."""
    return tuple(dict.fromkeys(n for n in (city, stem(city), in_kana(city), english_name(city)) if len(n) >= 2))


def city_scope(question: str, cities: tuple[str, ...]) -> Scope:
    """The loaded cities ``question`` names, and the question without them (unchanged with one city)."""
    if len(cities) < 2:
        return Scope((), question)
    named, text = [], question
    for city in cities:
        for pattern in _patterns(city):
            if re.search(pattern, text, flags=re.IGNORECASE):
                named.append(city)
                text = re.sub(pattern, " ", text, flags=re.IGNORECASE).strip()
                break
    return Scope(tuple(named), text if named else question)


def _patterns(city: str) -> list[str]:
    # The name as spelt anywhere; without its 市 only as a word of its own (「つくばの事業」, not the つくば of
    # a project's name 「ロボットの街つくば推進事業」).
    full, *stems = names_of(city)
    alone = r"(?:^|(?<=[\s、。,.?？!！の]))"  # after の too: 「明日の大船渡の天気」
    # An English spelling (Ofunato) as a whole word, with its 's.
    return [re.escape(full) + _PARTICLE] + [
        rf"(?<![A-Za-z]){re.escape(stem)}(?:'s)?(?![A-Za-z])" if stem.isascii()
        else alone + re.escape(stem) + _PARTICLE.rstrip("?")
        for stem in stems
    ]


# ---- a city's name in other spellings ----------------------------------------------------------------


def stem(city: str) -> str:
    """The name without its 市, 町 or 村: 大船渡市 → 大船渡."""
    return city[:-1] if city.endswith(MUNICIPAL_SUFFIXES) and len(city) > 1 else city


@functools.lru_cache(maxsize=256)
def _reading(name: str) -> str:
    """The name's reading (Sudachi, katakana) without its 市. The name is read with its 市 (北上 alone reads
    ホクジョウ, 北上市 キタカミシ)."""
    words = morphemes(name)
    if len(words) > 1 and words[-1].surface in MUNICIPAL_SUFFIXES:
        words = words[:-1]
    return "".join(m.reading for m in words)


def romanised(name: str) -> str:
    """つくば市 → tsukuba, 大船渡市 → oofunato: the name's reading in Hepburn, without 市."""
    return romaji(_reading(name))


def in_kana(name: str) -> str:
    """つくば市 → つくば, 大船渡市 → おおふなと: the name's reading in hiragana, without 市."""
    return in_hiragana(_reading(name))


def english_name(city: str) -> str:
    """大船渡市 → Ofunato: Hepburn without long-vowel marks, as English text writes Japanese place names."""
    return english_stem(romanised(city)).title()


def roman_key(text: str) -> str:
    """A spelling-insensitive key: Ōfunato, Ohfunato, Oofunato and Ofunato are one name."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isascii() and c.isalpha())
    for long, short in (("ou", "o"), ("oh", "o"), ("oo", "o"), ("uu", "u")):
        text = text.replace(long, short)
    return text
