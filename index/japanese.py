"""Japanese words as Sudachi cuts them (core dictionary, short units): one tokenizer for the whole package.

The keyword index (``index.search.keywords``), the English names of the sheets' names (``index.glosses``) and
the question parser (``answering.understand``) all read words through here.
"""

from __future__ import annotations

import functools
import threading
from typing import NamedTuple

import sudachipy

_local = threading.local()


@functools.cache
def dictionary() -> sudachipy.Dictionary:
    # Loading the dictionary takes a quarter of a second, so once per process.
    return sudachipy.Dictionary(dict="core")


def tokenizer() -> sudachipy.Tokenizer:
    # A Tokenizer raises if two threads use it at once (gradio answers in threads),
    # but it costs microseconds to make, so each thread gets its own from the shared dictionary.
    found = getattr(_local, "tokenizer", None)
    if found is None:
        found = _local.tokenizer = dictionary().tokenizer(sudachipy.SplitMode.A)
    return found


class Morpheme(NamedTuple):
    """One Sudachi short unit of a text: where it is, its part of speech, dictionary form and reading."""

    begin: int
    end: int
    surface: str
    pos: tuple[str, ...]
    lemma: str
    reading: str
    normal: str = ""  # Sudachi's normalised form: a word written in kana has its usual spelling (ぜんぶ: 全部)


def morphemes(text: str) -> list[Morpheme]:
    """The words of ``text`` as Sudachi reads them (short units, blanks left out), for the question parser."""
    return [
        Morpheme(m.begin(), m.end(), m.surface(), tuple(m.part_of_speech()), m.dictionary_form(), m.reading_form(),
                 m.normalized_form())
        for m in tokenizer().tokenize(text)
        if m.surface().strip()
    ]


def in_hiragana(text: str) -> str:
    """``text`` with its katakana written in hiragana (ゴミ → ごみ); everything else as it is."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)
