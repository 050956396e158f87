"""Test doubles shared by the test modules: an embedder that needs no model and no torch."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from jimuqa.index.search.embed import PrefixEmbedder


@dataclass
class FakeEmbedder(PrefixEmbedder):
    """Deterministic bag-of-bigrams vectors: texts sharing character pairs point the same way.

    Each character bigram (a lone character for one-character texts) is hashed to a signed slot, so the
    vectors are stable across processes and runs. ``calls`` and ``embedded`` count work for cache tests.
    """

    model_id: str = "fake-hash"
    dimension: int = 64
    query_prefix: str = ""
    passage_prefix: str = ""
    calls: int = 0
    embedded: list[str] = field(default_factory=list)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.embedded.extend(texts)
        rows = [self._vector(text) for text in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dimension), np.float32)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, np.float32)
        # NFKC like the real tokenizer, so "１２" and "12" agree here too.
        chars = unicodedata.normalize("NFKC", text)
        grams = [chars[i : i + 2] for i in range(len(chars) - 1)] or list(chars)
        for gram in grams:
            digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dimension
            vector[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:  # empty text, or bigrams that cancel out: still a unit vector
            vector[0], norm = 1.0, 1.0
        return vector / norm
