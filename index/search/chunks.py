"""Sheet sections cut into chunks small enough for the embedder, each saying whose text it is.

One chunk per printed section; a section longer than ``max_chars`` is split at sentence ends
(``。`` and line breaks) into consecutive pieces that share ``overlap_sentences`` sentences, so a
fact that straddles a cut is still whole in one piece. multilingual-e5-small reads 512 tokens and
Japanese runs at about one token per 1–1.5 characters, so 400 characters of body plus the
context line stays inside the window.

Every chunk's text starts with a context line, ``"{number} {name} {heading}\\n"``, e.g.
``"097 科学技術振興事業 事業の成果と課題\\n"``: the body alone often never names the project
("本事業では…"), and a question usually does. The fiscal year is deliberately left out of the
text: every sheet of a year would share it, pulling unrelated chunks together, and questions'
years are filtered on the metadata instead (``index.years`` reads them). The city is left out of the
text for the same reason and kept in the metadata. The metadata keeps the raw fields, so nothing
downstream has to parse the context line back.

Chunks are made from sheets of any form (``index.importers``): a sheet has ``city``, ``number``, ``name``,
``fiscal_year`` and ``sections``. A workbook's section is located by its row (in ``first_line`` and
``last_line``), ``worksheet`` and ``columns``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jimuqa.index.importers import AnySheet
from jimuqa.index.model import Section, location
from jimuqa.index.years import parse_year

MAX_INDEXED_CHARS = 20_000  # per section; the seed's longest is under 1,000

# Split *after* each sentence end, keeping it, so that joining the pieces gives the text back; a
# run of line breaks or a closing bracket (「…。」) stays with the sentence it follows.
_SENTENCE_END = re.compile(r"(?<=[。\n])(?![\n」』）)])")


@dataclass
class Chunk:
    """One embeddable piece of a section; ``id`` is stable across builds of the same corpus."""

    id: str
    text: str
    sheet: str
    project: str
    section: str
    heading: str
    fiscal_year: str
    file: str
    # The whole section's lines: answers cite sections, and a piece's own lines are not tracked.
    # A workbook's section: its row in both.
    first_line: int
    last_line: int
    city: str = ""  # "" only in chunks written before there were two cities
    worksheet: str = ""  # a workbook's section: the worksheet and the columns ("AW–AX"); "" for a text file
    columns: str = ""

    @property
    def location(self) -> str:
        """``lines 22–33``, or ``データ集計マクロ用シート row 5, columns AW–AX``."""
        return location(self.first_line, self.last_line, self.worksheet or None, self.columns or None)


def chunk_id(sheet: AnySheet, section: Section, part: int) -> str:
    """``つくば市-R02-097-results_issues-0``: the city and year first, since a sheet number is unique only
    within a city and a year."""
    return f"{sheet.city}-{sheet.fiscal_year}-{sheet.number}-{section.id}-{part}"


def parse_chunk_id(value: str) -> dict[str, str]:
    """``{"city": "つくば市", "fiscal_year": "R02", "sheet": "097", "section": "results_issues"}`` back out of an id.

    City names, year codes and section ids never contain ``-``; a sheet number might, so it takes the
    middle. An id written before there were cities (``R02-097-results_issues-0``) has city ``""``.
    """
    parts = value.split("-")
    if len(parts) >= 2 and parse_year(parts[0]) != parts[0] and parse_year(parts[1]) == parts[1]:
        city, parts = parts[0], parts[1:]
    else:
        city = ""
    if len(parts) < 4 or not parts[-1].isdigit():
        raise ValueError(f"not a chunk id (CITY-YEAR-SHEET-SECTION-PART): {value!r}")
    return {"city": city, "fiscal_year": parts[0], "sheet": "-".join(parts[1:-2]), "section": parts[-2]}


def context_line(sheet: AnySheet, section: Section) -> str:
    return f"{sheet.number} {sheet.name} {section.heading}\n"


def chunk_sheet(sheet: AnySheet, max_chars: int = 400, overlap_sentences: int = 1) -> list[Chunk]:
    """The sheet's sections as chunks, in sheet order; sections with no text give none."""
    chunks = []
    for section in sheet.sections:
        if not section.text.strip():
            continue
        header = context_line(sheet, section)
        # A section is a page of the form; a megabyte cell is broken or hostile, and indexing all of it
        # would cost thousands of embeddings. Its start is searchable; the table keeps the whole text.
        body = section.text[:MAX_INDEXED_CHARS]
        for part, piece in enumerate(split_text(body, max_chars, overlap_sentences)):
            chunks.append(
                Chunk(
                    id=chunk_id(sheet, section, part),
                    text=header + piece,
                    sheet=sheet.number,
                    project=sheet.name,
                    section=section.id,
                    heading=section.heading,
                    fiscal_year=sheet.fiscal_year,
                    file=section.file,
                    first_line=section.first_line,
                    last_line=section.last_line,
                    city=sheet.city,
                    worksheet=section.worksheet or "",
                    columns=section.columns or "",
                )
            )
    return chunks


@dataclass
class ChunkChanges:
    """What turns one build's chunks into another's: ids to delete, then chunks to add."""

    removed: list[str]  # gone, or changed in any field
    added: list[Chunk]  # new, or changed; in corpus order


def chunk_changes(old: list[Chunk], new: list[Chunk]) -> ChunkChanges:
    """The changes from ``old`` to ``new``; a chunk counts as unchanged only if every field is equal.

    Comparing whole records, not ids or texts, also catches a section whose text stayed but whose
    lines moved, since its metadata must follow.
    """
    if len({chunk.id for chunk in new}) != len(new):
        raise ValueError("duplicate chunk ids in the new chunks")
    before = {chunk.id: chunk for chunk in old}
    after = {chunk.id: chunk for chunk in new}
    removed = [chunk_id for chunk_id, chunk in before.items() if after.get(chunk_id) != chunk]
    added = [chunk for chunk in new if before.get(chunk.id) != chunk]
    return ChunkChanges(removed, added)


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    """Everything but the id and text, flat str/int values as Chroma requires."""
    data = chunk_record(chunk)
    del data["id"], data["text"]
    return data


def chunk_record(chunk: Chunk) -> dict[str, str | int]:
    """Every field, as JSON and Chroma take it. ``asdict`` would give the same, ten times slower (it deep-copies)."""
    return dict(vars(chunk))


def split_text(text: str, max_chars: int = 400, overlap_sentences: int = 1) -> list[str]:
    """``text`` in pieces of at most ``max_chars``, cut at sentence ends, neighbours sharing sentences.

    Dropping each piece's leading overlap and joining gives ``text`` back exactly.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    if len(text) <= max_chars:
        return [text]
    return _pack(sentences(text, max_chars), max_chars, overlap_sentences)


def sentences(text: str, max_chars: int) -> list[str]:
    """Sentences ending in ``。`` or a line break; one longer than ``max_chars`` is hard-split."""
    pieces = []
    for sentence in _SENTENCE_END.split(text):
        pieces.extend(sentence[start : start + max_chars] for start in range(0, len(sentence), max_chars))
    return pieces


def _pack(parts: list[str], max_chars: int, overlap_sentences: int) -> list[str]:
    """Greedily fill pieces with whole sentences; each new piece opens with the last piece's tail."""
    pieces: list[list[str]] = []
    current: list[str] = []
    size = 0
    for part in parts:
        if current and size + len(part) > max_chars:
            pieces.append(current)
            current = _overlap(current, len(part), max_chars, overlap_sentences)
            size = sum(len(s) for s in current)
        current.append(part)
        size += len(part)
    pieces.append(current)
    return ["".join(piece) for piece in pieces]


def _overlap(previous: list[str], next_len: int, max_chars: int, overlap_sentences: int) -> list[str]:
    """Up to ``overlap_sentences`` trailing sentences of ``previous`` that leave room for the next one.

    The overlap shrinks rather than breaking the size limit: a piece must always take in at least
    one new sentence, or splitting would not move forward.
    """
    tail = previous[max(0, len(previous) - overlap_sentences) :] if overlap_sentences > 0 else []
    while tail and sum(len(s) for s in tail) + next_len > max_chars:
        tail = tail[1:]
    return list(tail)
