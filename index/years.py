"""Fiscal years and every way the sheets and their readers spell them.

One code per year is used everywhere in the project: ``H30`` for 平成30年度 and
``R01``…``R06`` for 令和元年度…令和6年度. The sheets print 平成30年度, 令和 2年度, R02年度;
people also write R2, Ｒ２, 令和２年度, 2020年度 or FY2020. All of them end here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Gregorian year of year 1 of each era, minus one.
ERA_OFFSETS = {"H": 1988, "R": 2018}
ERA_NAMES = {"H": "平成", "R": "令和"}
ERA_NAMES_EN = {"H": "heisei", "R": "reiwa"}  # as English writes them ("FY2024 (Reiwa 6)")
ERA_NAMES_KANA = {"H": "へいせい", "R": "れいわ"}  # as a question may type them (「れいわ6年度」)
ERA_BY_NAME = {name: letter for names in (ERA_NAMES, ERA_NAMES_EN, ERA_NAMES_KANA) for letter, name in names.items()}
# A year of an era as a sheet may print it alone (事業期間（始期） 「昭和34」), earlier eras too, which no code here reads.
ERA_YEAR_PRINTED = re.compile(rf"(?:明治|大正|昭和|{'|'.join(ERA_NAMES.values())})(?:元|\d{{1,2}})")
# Reiwa began in May 2019: 2019 is R01 (平成31年度 is the same fiscal year).
REIWA_START = 2019

_ERA_NAME_RE = re.compile(
    rf"({'|'.join([*ERA_NAMES.values(), *ERA_NAMES_KANA.values()])})\s*(元|\d{{1,2}})\s*年度?|"
    rf"(?<![a-z])({'|'.join(ERA_NAMES_EN.values())})\s*(\d{{1,2}})(?!\d)",
    re.IGNORECASE,
)
_ERA_CODE_RE = re.compile(r"(?<![A-Za-z])([HR])\s*(\d{1,2})(?:\s*年度)?(?![\d])", re.IGNORECASE)
_WESTERN_RE = re.compile(r"(?:(?:FY|(?<![a-z])(?:fiscal|financial)\s+(?:year\s+)?)\s*(\d{4})|(\d{4})\s*年度)", re.IGNORECASE)


def normalise(text: str) -> str:
    """NFKC: full-width digits and letters become ASCII, as in ``Ｒ２`` → ``R2``."""
    return unicodedata.normalize("NFKC", text)


def code(era: str, year: int) -> str:
    """``code("R", 2)`` → ``"R02"``; 平成31 is the same fiscal year as 令和元年 (R01)."""
    era = era.upper()
    if era == "H" and year >= 31:
        return code("R", year - 30)
    return f"{era}{year:02d}"


def from_western(year: int) -> str:
    """``2020`` → ``"R02"``."""
    if year >= REIWA_START:
        return code("R", year - ERA_OFFSETS["R"])
    return code("H", year - ERA_OFFSETS["H"])


def western(year_code: str) -> int:
    """``"R02"`` → ``2020``."""
    return ERA_OFFSETS[year_code[0]] + int(year_code[1:])


def label_ja(year_code: str) -> str:
    """``"R02"`` → ``"令和2年度"``; ``"R01"`` → ``"令和元年度"``."""
    number = int(year_code[1:])
    return f"{ERA_NAMES[year_code[0]]}{'元' if number == 1 else number}年度"


def label_en(year_code: str) -> str:
    """``"R02"`` → ``"FY2020"``."""
    return f"FY{western(year_code)}"


def label(year_code: str, lang: str) -> str:
    """The year as a reader of ``lang`` (``ja`` or ``en``) writes it."""
    return label_ja(year_code) if lang == "ja" else label_en(year_code)


# The sheets print the same few year cells (令和 2年度, R02年度 …) in every cost and indicator header.
@functools.lru_cache(maxsize=1024)
def parse_year(text: str) -> str | None:
    """The one fiscal year a cell or phrase names, or None.

    >>> parse_year("令和 2年度"), parse_year("R02年度"), parse_year("Ｒ２"), parse_year("FY2020")
    ('R02', 'R02', 'R02', 'R02')
    """
    found = find_years(text)
    return found[0] if len(found) == 1 else None


def find_years(text: str) -> list[str]:
    """Every fiscal year named in ``text``, in order of appearance, without repeats."""
    text = normalise(text)
    hits: list[tuple[int, str]] = []
    taken: list[range] = []
    for match in _ERA_NAME_RE.finditer(text):
        era, said = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        number = 1 if said == "元" else int(said)
        hits.append((match.start(), code(ERA_BY_NAME[era.lower()], number)))
        taken.append(range(match.start(), match.end()))
    for pattern, convert in (
        (_WESTERN_RE, lambda m: from_western(int(m.group(1) or m.group(2)))),
        (_ERA_CODE_RE, lambda m: code(m.group(1), int(m.group(2)))),
    ):
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            hits.append((match.start(), convert(match)))
            taken.append(range(match.start(), match.end()))
    seen: list[str] = []
    for _, year_code in sorted(hits):
        if year_code not in seen:
            seen.append(year_code)
    return seen


def strip_years(text: str) -> str:
    """``text`` with every year mention blanked: the digits of 令和2年度, R02 or FY2020 are not figures."""
    text = normalise(text)
    for pattern in (_ERA_NAME_RE, _WESTERN_RE, _ERA_CODE_RE):
        text = pattern.sub(" ", text)
    return text
