"""Which of the loaded cities a question is about.

The cities are the table's (``sheets.city``), never a word list: a question that names one of them
(「大船渡市で…」, 「つくばの…」) is answered from that city's sheets only, and the words that named it are taken
out of the question before it is parsed (the city is a scope, not a field or a project). With one city
loaded nothing is taken out, so a one-city build reads every question as it always has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What may follow a city's name when it only sets the scope: 「大船渡市の」「大船渡市で」「大船渡市では」.
_PARTICLE = r"(?:における|において|では|での|で|の|は)?"


@dataclass(frozen=True)
class Scope:
    cities: tuple[str, ...]  # the cities named, in the table's spelling; empty: every loaded city
    text: str  # the question without the words that named them


def names_of(city: str) -> tuple[str, ...]:
    """How a question may name ``city``: as the table spells it, and without its 市/町/村 (「大船渡」)."""
    from jimuqa.answering.refusal import english_name  # the name's Hepburn spelling (大船渡市 → Ofunato)

    stem = re.sub(r"[市町村]$", "", city)
    return tuple(dict.fromkeys(n for n in (city, stem, english_name(city)) if len(n) >= 2))


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
    alone = r"(?:^|(?<=[\s、。,.?？!！]))"
    # An English spelling (Ofunato) as a whole word, with its 's.
    return [re.escape(full) + _PARTICLE] + [
        rf"(?<![A-Za-z]){re.escape(stem)}(?:'s)?(?![A-Za-z])" if stem.isascii()
        else alone + re.escape(stem) + _PARTICLE.rstrip("?")
        for stem in stems
    ]
