"""The naive baseline: what a newcomer builds from the llama-index starter tutorial.

One ``Document`` per corpus file, ``VectorStoreIndex.from_documents`` with the default chunking (the default
``SentenceSplitter``), an in-memory store, the same embedding model as the real system, top-5 retrieval, and
the retrieved text pasted as the answer. No table, no routing, no refusals, no memory of earlier turns.

Only scoring needs more: each retrieved node is mapped back to the (sheet, section) it mostly comes from, by
putting the node's character offsets and the parsed sections' line spans on the same axis.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core import Document, Settings, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from jimuqa.answering.types import NARRATIVE, UNANSWERABLE, Answer, Citation
from jimuqa.eval.metrics import detect_lang
from jimuqa.index.cells import read_text
from jimuqa.index.model import Section, Sheet
from jimuqa.index.parse import parse_file
from jimuqa.index.search.embed import Embedder

TOP_K = 5


class EmbedderAdapter(BaseEmbedding):
    """Our ``Embedder`` as a llama-index embedding model; it applies the e5 ``query:``/``passage:`` prefixes."""

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.model_id, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_queries([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_passages(texts).tolist()


# ---------------------------------------------------------------- nodes back to sections


@dataclass(frozen=True)
class SectionSpan:
    """A parsed section and the characters of its body in its file's text: [start, end).

    The body starts on the line after the heading (``first_line``), so a chunk that only reaches a heading
    holds none of the section.
    """

    sheet: Sheet = field(repr=False)
    section: Section = field(repr=False)
    start: int
    end: int

    @property
    def pair(self) -> tuple[str, str]:
        return self.sheet.number, self.section.id


def file_text(path: Path) -> str:
    """The file as the parser numbers its lines: only ``\\n`` ends a line (``index.cells.split_lines``)."""
    return read_text(path).replace("\r\n", "\n").replace("\r", "\n")


def line_starts(text: str) -> list[int]:
    """Character offset of each line's start; line n (1-based) starts at ``starts[n - 1]``."""
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


def line_of(starts: list[int], offset: int) -> int:
    """The 1-based line holding character ``offset``."""
    return bisect.bisect_right(starts, offset)


def section_spans(sheets: list[Sheet], starts: list[int], text_length: int) -> list[SectionSpan]:
    spans = []
    for sheet in sheets:
        for section in sheet.sections:
            end = starts[section.last_line] if section.last_line < len(starts) else text_length
            spans.append(SectionSpan(sheet, section, min(starts[section.first_line], end), end))
    return spans


def locate(text: str, start: int, end: int, spans: list[SectionSpan]) -> list[SectionSpan]:
    """The sections whose text the node [start, end) holds, most characters first; none for a title line.

    A default chunk (~1,000 characters) spans several sections. It counts for each of them, as the pasted
    answer shows all of them: its retrieval recall gains from that, its citation precision pays for it.
    """
    shared = []
    for span in spans:
        low, high = max(start, span.start), min(end, span.end)
        if high > low and text[low:high].strip():
            shared.append((high - low, span))
    return [span for _, span in sorted(shared, key=lambda item: -item[0])]


# ---------------------------------------------------------------- the baseline system


@dataclass
class BaselineHit:
    """A retrieved node, shaped like ``index.retrieve.Hit`` where scoring reads it.

    ``sheet`` and ``section`` name the section the node mostly holds; ``sections`` every one it holds text of.
    """

    sheet: str
    section: str
    text: str
    score: float
    file: str
    first_line: int
    last_line: int
    spans: list[SectionSpan] = field(default_factory=list, repr=False)

    @property
    def sections(self) -> list[tuple[str, str]]:
        return [span.pair for span in self.spans]


@dataclass
class CorpusFile:
    name: str
    text: str
    starts: list[int]
    spans: list[SectionSpan]


@dataclass
class Baseline:
    index: VectorStoreIndex
    files: dict[str, CorpusFile]
    top_k: int = TOP_K

    def search(self, query: str, k: int | None = None) -> list[BaselineHit]:
        retriever = self.index.as_retriever(similarity_top_k=k or self.top_k)
        return [self.hit(result.node, result.score) for result in retriever.retrieve(query)]

    def hit(self, node: Any, score: float | None) -> BaselineHit:
        source = self.files[node.metadata["file_name"]]
        text = node.get_content()
        start = node.start_char_idx
        if start is None:  # the splitter could not place the chunk: look for it in the file
            start = max(source.text.find(text), 0)
        end = node.end_char_idx if node.end_char_idx is not None else start + len(text)
        spans = locate(source.text, start, end, source.spans)
        return BaselineHit(
            sheet=spans[0].sheet.number if spans else "",
            section=spans[0].section.id if spans else "",
            text=text,
            score=float(score or 0.0),
            file=source.name,
            first_line=line_of(source.starts, start),
            last_line=line_of(source.starts, max(start, end - 1)),
            spans=spans,
        )

    def answer(self, question: str, history: list[dict] | None = None) -> Answer:
        """The top-k chunks pasted together; earlier turns are ignored (the starter has no chat memory)."""
        began = time.perf_counter()
        hits = self.search(question)
        return Answer(
            question=question,
            text="\n\n".join(hit.text for hit in hits),
            lang=detect_lang(question),  # it claims the question's language; the script check judges the text
            kind=NARRATIVE if hits else UNANSWERABLE,
            citations=citations(hits),
            latency_ms=(time.perf_counter() - began) * 1000,
        )


def citations(hits: list[BaselineHit]) -> list[Citation]:
    """One citation per distinct section the pasted hits hold text of, in rank order."""
    spans: dict[tuple[str, str], SectionSpan] = {}
    for hit in hits:
        for span in hit.spans:
            spans.setdefault(span.pair, span)
    return [
        Citation(
            n=n,
            sheet=span.sheet.number,
            project=span.sheet.name,
            fiscal_year=span.sheet.fiscal_year,
            section=span.section.id,
            heading=span.section.heading,
            quote="",
            file=span.section.file,
            first_line=span.section.first_line,
            last_line=span.section.last_line,
        )
        for n, span in enumerate(spans.values(), start=1)
    ]


def read_corpus(corpus_dir: Path) -> dict[str, CorpusFile]:
    files = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        text = file_text(path)
        starts = line_starts(text)
        files[path.name] = CorpusFile(path.name, text, starts, section_spans(parse_file(path), starts, len(text)))
    return files


def build_baseline(corpus_dir: Path, embedder: Embedder, top_k: int = TOP_K) -> Baseline:
    """Index ``corpus_dir/*.txt`` the tutorial way, in memory."""
    embed_model = EmbedderAdapter(embedder)
    # Explicit, so llama-index never falls back to OpenAI for either. It announces the MockLLM on stdout,
    # which would land in the CLI's report output.
    with contextlib.redirect_stdout(io.StringIO()):
        Settings.llm = None
    Settings.embed_model = embed_model
    files = read_corpus(corpus_dir)
    documents = [Document(text=f.text, metadata={"file_name": f.name}) for f in files.values()]
    index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
    return Baseline(index=index, files=files, top_k=top_k)


def load_baseline(settings: Any, top_k: int = TOP_K) -> Baseline:
    """The baseline over ``settings.corpus_dir`` with the configured embedding model."""
    from jimuqa.index.search.embed import load_embedder

    embedder = load_embedder(settings.data_dir, settings.embed_model)
    return build_baseline(settings.corpus_dir, embedder, top_k)
