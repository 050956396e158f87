"""The keyword index: Japanese-aware BM25 over sections of the sheets.

Words are cut by SudachiPy (core dictionary, short units) and reduced to their normalised
form, so ``コンピュータ`` finds ``コンピューター``, ``１０万`` finds ``100,000`` and
``すべて`` finds ``全て``. Scores are computed once at build time by bm25s and stored as
plain ``.npy`` arrays plus JSON; a search is a few numpy calls. Each document's words are saved
too, so that the next build tokenises only text it has not seen.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import bm25s
import numpy as np
import sudachipy

from jimuqa.index.glosses import Dictionary, english_words
from jimuqa.index.japanese import dictionary, tokenizer

# Parts of speech that carry grammar, not topic: particles (の, は), auxiliary verbs (た, ます),
# punctuation and symbols (also emoji and control characters), and whitespace.
DROPPED_POS: tuple[str, ...] = ("助詞", "助動詞", "補助記号", "記号", "空白")
IDS_FILE = "ids.json"
# Each document's words, kept so that the next build tokenises only new text: Sudachi is most of BM25's cost.
TOKENS_FILE = "tokens.json"
# English words (one or two, as glossed) → the index's Japanese words that JMdict translates so.
ENGLISH_FILE = "english.json"
# How the translations are made: a later build remakes them, though its texts are the same, when this changes.
TRANSLATION_RULES = 3  # 2: places JMnedict writes in katakana only; 3: every writing of a word (倶楽部, クラブ)
RULES_FILE = "english_rules.json"
TERMS_PER_WORD = 6  # of a word's translations, the ones most sections use

# Sudachi refuses inputs over 49,149 bytes. 10,000 characters stay under that even at
# 4 bytes a character; we cut at a sentence end or line break inside the window when there is one.
_MAX_PIECE_CHARS = 10_000
_PIECE_BREAKS = ("。", "\n")

@functools.cache
def _is_dropped() -> sudachipy.PosMatcher:
    return dictionary().pos_matcher([(pos,) for pos in DROPPED_POS])


def _pieces(text: str) -> Iterator[str]:
    """Cut ``text`` into pieces Sudachi accepts, preferring sentence ends and line breaks."""
    start = 0
    while start < len(text):
        end = min(start + _MAX_PIECE_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind(mark, start, end) for mark in _PIECE_BREAKS)
            if cut > start:
                end = cut + 1
        yield text[start:end]
        start = end


def tokenise(text: str) -> list[str]:
    """Content words of ``text`` in their normalised form, in order, repeats kept.

    ``tokenise("ロボットの事業の予算は?")`` → ``["ロボット", "事業", "予算"]``. Full-width and
    half-width spellings give the same tokens; Latin words are lowercased (``JAXA`` → ``jaxa``);
    numbers keep Sudachi's normalised value (``令和2年度`` → ``令和``, ``2``, ``年度``;
    ``5,000`` → ``5000``; ``10万`` → ``100000``).
    """
    is_dropped = _is_dropped()
    return [token for morpheme in _morphemes(text)
            if not is_dropped(morpheme) and (token := morpheme.normalized_form().strip().lower())]


def words_and_compounds(text: str) -> tuple[list[str], set[str]]:
    """``tokenise(text)``, and the nouns ``text`` says together as one (使用料 of 使用 and 料, 衛生監視員): the
    endings of two to ``COMPOUND_NOUNS`` nouns of each run of nouns in a row, joined. A Japanese compound is a kind
    of its last noun: 火葬場使用料 is a 使用料, 新収蔵品展 an exhibition (展), no 収蔵品."""
    is_dropped = _is_dropped()
    tokens, compounds, run = [], set(), []
    for morpheme in _morphemes(text):
        pos = morpheme.part_of_speech()
        token = morpheme.normalized_form().strip().lower()
        # (a suffix, 料 of 使用料, 員 of 監視員, ends the noun before it; a prefix begins the one after)
        if token and ((pos[0] in ("名詞", "接頭辞") and pos[1] != "数詞") or (pos[0] == "接尾辞" and run)):
            run.append(token)
        else:
            compounds |= _endings(run)
            run = []
        if token and not is_dropped(morpheme):
            tokens.append(token)
    return tokens, compounds | _endings(run)


def _endings(run: list[str]) -> set[str]:
    """The endings of two nouns or more of a run of them, up to ``COMPOUND_NOUNS``, joined."""
    return {"".join(run[i:]) for i in range(max(len(run) - COMPOUND_NOUNS, 0), len(run) - 1)}


def _morphemes(text: str) -> Iterator:
    """Sudachi's morphemes of ``text``, piece by piece."""
    # Lone surrogates (from badly decoded files) cannot reach Sudachi; "?" is then dropped as a symbol.
    text = unicodedata.normalize("NFKC", text).encode("utf-8", "replace").decode("utf-8")
    words = tokenizer()
    for piece in _pieces(text):
        yield from words.tokenize(piece)


COMPOUND_NOUNS = 4


def japanese_terms(tokens: list[list[str]], dictionary: Dictionary) -> dict[str, list[str]]:
    """What an English question's words are in the documents' own words: each English gloss of one or two words
    (normal forms: "crematorium", "illegal dump") → the Japanese words JMdict glosses so whose keywords all occur
    in ``tokens`` (火葬場, 不法投棄), those most documents use first. A general dictionary, not a word list."""
    used = Counter(word for words in tokens for word in set(words))
    # each word's writings by their tokens: Sudachi reads クラブ as 倶楽部, and a sheet may print either
    found: dict[str, dict[tuple[str, ...], dict[str, None]]] = {}
    for japanese, gloss in dictionary.translations():
        english = english_words(gloss)
        if 1 <= len(english) <= 2:
            found.setdefault(" ".join(english), {}).setdefault(tuple(tokenise(japanese)), {})[japanese] = None
    terms = {}
    for english, by_words in found.items():
        known = [(min(used[w] for w in words), list(writings)) for words, writings in by_words.items()
                 if words and all(w in used for w in words)]  # fmt: skip
        if any(len(writings[0]) > 1 for _, writings in known):  # one character (生, 初 for "birth") says too little
            known = [(n, writings) for n, writings in known if len(writings[0]) > 1]
        if known:
            best = sorted(known, key=lambda k: -k[0])[:TERMS_PER_WORD]
            terms[english] = [japanese for _, writings in best for japanese in writings]
    return terms


class KeywordIndex:
    """BM25 over documents named by ``ids``; build with :meth:`build`, reopen with :meth:`load`."""

    def __init__(
        self,
        ids: list[str],
        retriever: bm25s.BM25,
        tokens: list[list[str]] | None = None,
        english: dict[str, list[str]] | None = None,
    ) -> None:
        if len(set(ids)) != len(ids):
            raise ValueError("document ids must be unique")
        if len(ids) != retriever.scores["num_docs"]:
            raise ValueError(f"{len(ids)} ids for {retriever.scores['num_docs']} indexed documents")
        self.ids = ids
        self.retriever = retriever
        self.tokens = tokens  # only when built here; a loaded index does not need them to search
        self.english = english or {}  # japanese_terms, when the build had a dictionary
        self._positions = {doc_id: position for position, doc_id in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> KeywordIndex:
        """Tokenise ``texts`` and compute their BM25 scores; ``texts[i]`` is the document ``ids[i]``."""
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        return cls.from_tokens(ids, [tokenise(text) for text in texts])

    @classmethod
    def from_tokens(cls, ids: list[str], tokens: list[list[str]]) -> KeywordIndex:
        """BM25 over documents already cut by ``tokenise``: ``tokens[i]`` are the words of ``ids[i]``.

        The same ids and tokens in the same order give the same index as ``build`` on their texts.
        """
        if len(ids) != len(tokens):
            raise ValueError(f"{len(ids)} ids for {len(tokens)} token lists")
        if not any(tokens):
            # bm25s cannot build from an empty vocabulary; an empty corpus is the caller's mistake.
            raise ValueError("nothing to index: no text has any keyword")
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        return cls(ids, retriever, tokens)

    def save(self, folder: Path) -> None:
        """Write bm25s's arrays and JSON (no pickle), ``ids.json`` and, when known, ``tokens.json`` into ``folder``."""
        folder = Path(folder)
        self.retriever.save(folder, show_progress=False)
        (folder / IDS_FILE).write_text(json.dumps(self.ids, ensure_ascii=False), encoding="utf-8")
        if self.tokens is not None:
            (folder / TOKENS_FILE).write_text(json.dumps(self.tokens, ensure_ascii=False), encoding="utf-8")
        (folder / ENGLISH_FILE).write_text(json.dumps(self.english, ensure_ascii=False), encoding="utf-8")
        (folder / RULES_FILE).write_text(json.dumps(TRANSLATION_RULES), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        folder = Path(folder)
        ids = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
        return cls(ids, bm25s.BM25.load(folder, show_progress=False), english=saved_english(folder))

    def __len__(self) -> int:
        return len(self.ids)

    def japanese_for(self, text: str) -> str:
        """The documents' Japanese words for the English words of ``text``, each word and each pair of words
        ("illegal dumping": 不法投棄; "crematorium": 火葬場), for keyword search of an English question."""
        words = english_words(text)
        keys = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        return " ".join(term for key in keys for term in self.english.get(key, ()))

    def search(self, query: str, k: int = 10, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """The ``k`` best ``(id, score)`` pairs for ``query``, best first, only documents sharing a word.

        ``allowed`` restricts the answer to those ids (the caller's metadata filters); unknown ids
        are ignored. Equal scores keep the order the documents were indexed in.
        """
        # Each distinct word counts once: a question repeating 事業 should not outweigh a rarer word,
        # and a pasted page stays as cheap as its vocabulary.
        token_ids = self.retriever.get_tokens_ids(list(dict.fromkeys(tokenise(query))))
        if not token_ids or k <= 0:
            return []
        scores = self.retriever.get_scores_from_ids(token_ids)
        candidates = self._candidates(scores, allowed)
        best = _top_k(scores, candidates, k)
        return [(self.ids[position], float(scores[position])) for position in best]

    def _candidates(self, scores: np.ndarray, allowed: set[str] | None) -> np.ndarray:
        """Positions of the documents that match the query and may be returned."""
        if allowed is None:
            return np.flatnonzero(scores > 0)
        # Scoring every document and then picking the allowed ones is a few vectorised calls,
        # cheaper than a per-query mask over the whole corpus when the allowed set is small.
        positions = np.fromiter(
            (self._positions[doc_id] for doc_id in allowed if doc_id in self._positions), dtype=np.int64
        )
        return positions[scores[positions] > 0]


def saved_tokens(folder: Path) -> dict[str, list[str]]:
    """The words of each document ``KeywordIndex.save`` wrote into ``folder``, by id.

    ``ValueError`` when the files are missing, unreadable or do not match, so the caller tokenises again.
    """
    folder = Path(folder)
    try:
        ids = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
        tokens = json.loads((folder / TOKENS_FILE).read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"no saved tokens in {folder}: {error}") from error
    if not (isinstance(ids, list) and isinstance(tokens, list) and len(ids) == len(tokens)):
        raise ValueError(f"the saved tokens in {folder} do not match its ids")
    if not all(isinstance(words, list) for words in tokens):
        raise ValueError(f"the saved tokens in {folder} are not lists of words")
    return dict(zip(ids, tokens, strict=True))


def saved_english(folder: Path, current: bool = False) -> dict[str, list[str]]:
    """The ``japanese_terms`` ``KeywordIndex.save`` wrote into ``folder``; none when it wrote none, or (``current``)
    when they were made by other rules than today's ``TRANSLATION_RULES``."""
    path, rules = Path(folder) / ENGLISH_FILE, Path(folder) / RULES_FILE
    if current and (not rules.exists() or rules.read_text(encoding="utf-8").strip() != json.dumps(TRANSLATION_RULES)):
        return {}
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _top_k(scores: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` best of ``candidates`` by score, ties broken by position so results are reproducible."""
    if len(candidates) > k:
        # Keep everything tied with the k-th best score, so the tie-break below decides, not argpartition.
        kth_best = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        candidates = candidates[scores[candidates] >= kth_best]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:k]
