"""Generative answers: a language model phrases the extractive answer's evidence, checked before it is shown.

The planner, retrieval, composer and citation check run exactly as in extractive mode and give the extractive
answer. Its citations (each quote with its number) and its table rows are the model's only evidence: the model
phrases, it does not look anything up. What it writes is released sentence by sentence, each prefix only after
it passes the check below; the whole answer is checked again at the end. A failed check, an error, a busy model
or the time limit gives the extractive answer back with a note saying why: the fallback, counted by the
evaluation.

The check of a generated answer:
- every citation marker points at evidence the model was given, and there is at least one;
- every number occurs in the quotes the answer cites or in the table rows (never only in the question);
- every passage it puts in quotation marks occurs in the evidence word for word;
- it is written in the question's language;
- the answer with only the citations it uses passes the extractive citation check (``verify.check``).
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from jimuqa.answering.types import STRUCTURED, Answer, Citation
from jimuqa.answering.verify import check, numbers_in, row_numbers, year_numbers
from jimuqa.index.years import strip_years
from jimuqa.settings import GENERATIVE

MAX_QUOTE_CHARS = 400  # per evidence item: enough for a sentence or a cost line, and the prompt stays short
MAX_EVIDENCE = 8

_MARKER_RE = re.compile(r"\[(\d+)\]")
_QUOTED_RE = re.compile(r"「([^」]{6,})」|\"([^\"]{12,})\"")
_BRACKETED_RE = re.compile(r"[（(][^）)]*[）)]")
_KANA_RE = re.compile(r"[\u3041-\u30ff]")
_CJK_RE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
# A sentence ends at a full stop and the citation markers right after it.
_SENTENCE_END_RE = re.compile(r"(?:[。！？]|[.!?](?=\s))(?:\s*\[\d+\])*")
_MARKER_ON_NEW_LINE_RE = re.compile(r"\s*\n\s*(\[\d+\])")
_MARKER_PREFIX_RE = re.compile(r"\s*(?:\[\d*)?")

SYSTEM_PROMPT = {
    "ja": (
        "あなたはつくば市の事務事業マネジメントシートについて市民の質問に答えるアシスタントです。"
        "与えられた根拠だけを使い、日本語で1〜3文の自然な文で答えてください。"
        "根拠にない数字や事実を書いてはいけません。数字は根拠のとおりに書き写してください。"
        "各文の終わりに、使った根拠の番号を [1] のように付けてください。"
    ),
    "en": (
        "You answer citizens' questions about Tsukuba City's project management sheets. "
        "Use only the evidence given. Answer in English, in one to three natural sentences. "
        "Never write a number or a fact that the evidence does not contain; copy numbers exactly as written. "
        "End each sentence with the number of the evidence it uses, like [1]. "
        "Project names may stay in Japanese."
    ),
}
LABELS = {
    "ja": {
        "question": "質問",
        "evidence": "根拠",
        "draft": "確認済みの答え（自然な文に言い換えてください）",
        "reminder": "根拠だけを使い、1〜3文で答えてください。各文の終わりに根拠の番号（例: [1]）を付けます。",
    },
    "en": {
        "question": "Question",
        "evidence": "Evidence",
        "draft": "Checked answer (rephrase it as natural sentences)",
        "reminder": "Answer in English in one to three sentences, each ending with its evidence number, like [1].",
    },
}


@dataclass
class Generator:
    """A loaded model, its name for notes, the time an answer may take, and a lock: one generation at a time."""

    llm: object
    name: str
    timeout_s: float
    lock: threading.Lock = field(default_factory=threading.Lock)


def prompt_messages(extractive: Answer) -> list:
    """The system prompt and one user turn: the question, the numbered evidence and, for figures, the draft."""
    from llama_index.core.llms import ChatMessage

    lang = extractive.lang
    labels = LABELS[lang]
    parts = [f"{labels['question']}: {extractive.question.strip()}", f"\n{labels['evidence']}:"]
    parts += [_evidence_line(citation) for citation in extractive.citations[:MAX_EVIDENCE]]
    if extractive.kind == STRUCTURED:  # totals and percentages are computed: they are given, not left to the model
        parts.append(f"\n{labels['draft']}:\n{_plain(extractive.text)}")
    parts.append(f"\n{labels['reminder']}")  # a small model follows the last thing it read
    return [
        ChatMessage(role="system", content=SYSTEM_PROMPT[lang]),
        ChatMessage(role="user", content="\n".join(parts)),
    ]


def _evidence_line(citation: Citation) -> str:
    quote = citation.quote if len(citation.quote) <= MAX_QUOTE_CHARS else citation.quote[:MAX_QUOTE_CHARS] + "…"
    return f"[{citation.n}] {citation.sheet} {citation.project}・{citation.heading}: {quote}"


def _plain(text: str) -> str:
    """The draft without its Markdown (table, bold, bullets), so the model does not copy the layout."""
    lines = [line.replace("**", "").removeprefix("- ") for line in text.splitlines() if not line.startswith("|")]
    return "\n".join(lines).strip()


# ---------------------------------------------------------------- citation markers


def with_markers(text: str, extractive: Answer) -> str:
    """``text`` with a marker after each sentence the model left without one.

    A small model often drops markers. The marker added is that of the evidence holding every number of
    the sentence (any evidence, if no single item holds them: table figures) that shares the most
    character pairs with it; with one piece of evidence, that one. A sentence nothing matches stays
    unmarked. The check then holds the sentence to what its marker cites, as for the model's own markers.
    """
    citations = extractive.citations[:MAX_EVIDENCE]
    text = _MARKER_ON_NEW_LINE_RE.sub(r" \1", text)
    pieces, start = [], 0
    for match in _SENTENCE_END_RE.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return "".join(_marked(piece, citations) for piece in pieces)


def _marked(sentence: str, citations: list[Citation]) -> str:
    if not sentence.strip() or _MARKER_RE.search(sentence) or not citations:
        return sentence
    numbers = _numbers(sentence)
    holding = [c for c in citations if numbers <= numbers_in(f"{c.quote} {c.sheet} {c.project}")]
    candidates = holding or citations
    pairs = _pairs(sentence)
    overlap = {c.n: len(pairs & _pairs(f"{c.project} {c.quote}")) for c in candidates}
    best = max(candidates, key=lambda c: overlap[c.n])
    if overlap[best.n] == 0 and len(citations) > 1:
        return sentence
    body = sentence.rstrip()
    return f"{body}[{best.n}]{sentence[len(body) :]}"


def _pairs(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text.lower())
    return {text[i : i + 2] for i in range(len(text) - 1)}


# ---------------------------------------------------------------- the check


def problems_so_far(text: str, extractive: Answer) -> list[str]:
    """What is wrong with a prefix of a generated answer, judged against all of its evidence."""
    given = {c.n: c for c in extractive.citations[:MAX_EVIDENCE]}
    problems = [f"[{n}] points at no evidence" for n in sorted(_markers(text) - set(given))]
    allowed = _allowed_numbers(extractive, given.values())
    problems += [f"number {value:g} is in no evidence" for value in sorted(_numbers(text) - allowed)]
    evidence = "\n".join(c.quote for c in given.values()) + "\n" + extractive.text
    for quoted in _quoted(text):
        if quoted not in evidence:
            problems.append(f"quoted words are in no evidence: {quoted[:30]!r}")
    return problems


def problems_in(text: str, extractive: Answer, db) -> list[str]:
    """What is wrong with a whole generated answer; an empty list when it may be shown."""
    if not text.strip():
        return ["the model wrote nothing"]
    problems = problems_so_far(text, extractive)
    used = [c for c in extractive.citations[:MAX_EVIDENCE] if c.n in _markers(text)]
    if extractive.citations and not used:
        problems.append("no citation marker")
    allowed = _allowed_numbers(extractive, used)
    problems += [f"number {value:g} is not in the evidence it cites" for value in sorted(_numbers(text) - allowed)]
    if not written_in(text, extractive.lang, tuple(c.project for c in extractive.citations)):
        problems.append(f"not written in {extractive.lang}")
    if not problems:
        problems += check(replace(extractive, text=text, citations=used), db, extractive.question)
    return list(dict.fromkeys(problems))


def _markers(text: str) -> set[int]:
    return {int(n) for n in _MARKER_RE.findall(text)}


def _numbers(text: str) -> set[float]:
    return numbers_in(strip_years(_MARKER_RE.sub(" ", text)))


def _allowed_numbers(extractive: Answer, citations) -> set[float]:
    allowed = row_numbers(extractive.rows)  # not the question's: a number it states is never evidence
    for citation in citations:
        allowed |= numbers_in(f"{citation.quote} {citation.sheet} {citation.project}")
    return allowed | year_numbers(" ".join([extractive.question, extractive.text, *(c.quote for c in citations)]))


def _quoted(text: str) -> list[str]:
    return [a or b for a, b in _QUOTED_RE.findall(text)]


def written_in(text: str, lang: str, names: tuple[str, ...] = ()) -> bool:
    """Japanese answers have kana; English ones are mostly Latin words once quotations, bracketed terms and
    the project ``names`` (which stay in Japanese) are set aside."""
    body = _QUOTED_RE.sub(" ", _MARKER_RE.sub(" ", text))
    if lang == "ja":
        return bool(_KANA_RE.search(body))
    body = _BRACKETED_RE.sub(" ", body)
    for name in names:
        body = body.replace(name, " ")
    words = len(_LATIN_WORD_RE.findall(body))
    return words >= 3 and len(_CJK_RE.findall(body)) <= 2 * words


# ---------------------------------------------------------------- generating


def phrase_stream(extractive: Answer, generator: Generator, db) -> Iterator[str | Answer]:
    """Checked prefixes of the generated answer as they grow, then the final ``Answer``.

    The final answer is the generated one when the whole text passes ``problems_in``, else ``extractive``
    with ``fallback`` set and a note. Nothing unchecked is ever yielded.
    """
    started = time.perf_counter()
    deadline = started + generator.timeout_s
    if not generator.lock.acquire(timeout=generator.timeout_s):
        yield _fallback(extractive, "the model was busy", started)
        return
    stop = threading.Event()
    tokens: queue.Queue = queue.Queue()
    try:
        threading.Thread(target=_produce, args=(generator.llm, extractive, tokens, stop), daemon=True).start()
        text, shown = "", 0
        while True:
            try:
                item = tokens.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                yield _fallback(extractive, f"no answer within {generator.timeout_s:g} s", started)
                return
            if isinstance(item, Exception):
                yield _fallback(extractive, f"the model failed: {type(item).__name__}: {item}", started)
                return
            if item is None:
                break
            text += item
            end = _last_sentence_end(text)
            if end > shown:
                prefix = with_markers(text[:end], extractive)
                problems = problems_so_far(prefix, extractive)
                if problems:
                    yield _fallback(extractive, problems[0], started, prefix)
                    return
                shown = end
                yield prefix.strip()
        text = with_markers(text, extractive)
        problems = problems_in(text, extractive, db)
        if problems:
            yield _fallback(extractive, "; ".join(problems), started, text)
            return
        yield _generated(extractive, text.strip(), generator.name, started)
    finally:
        stop.set()
        # The model is released once its thread has seen ``stop``; until then the next answer waits for it.
        threading.Thread(target=_release_after, args=(generator.lock, tokens), daemon=True).start()


def phrase(extractive: Answer, generator: Generator, db) -> Answer:
    """The final answer of ``phrase_stream``."""
    result = extractive
    for item in phrase_stream(extractive, generator, db):
        if isinstance(item, Answer):
            result = item
    return result


def _produce(llm, extractive: Answer, tokens: queue.Queue, stop: threading.Event) -> None:
    try:
        for chunk in llm.stream_chat(prompt_messages(extractive)):
            if stop.is_set():
                break
            tokens.put(chunk.delta or "")
        tokens.put(None)
    except Exception as err:  # reported to the answering thread, which falls back
        tokens.put(err)
    finally:
        tokens.put(_DONE)


_DONE = object()


def _release_after(lock: threading.Lock, tokens: queue.Queue) -> None:
    while tokens.get() is not _DONE:
        pass
    lock.release()


def _last_sentence_end(text: str) -> int:
    """Where the last finished sentence of ``text`` ends; a sentence is finished once more text follows it."""
    end = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if not _MARKER_PREFIX_RE.fullmatch(text[match.end() :]):  # "[" or "[1" may still become its marker
            end = match.end()
    return end


def _renumbered(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Only the cited evidence, numbered [1], [2], … in the order the answer first cites it."""
    order = list(dict.fromkeys(int(n) for n in _MARKER_RE.findall(text)))
    by_number = {c.n: c for c in citations}
    new_number = {old: new for new, old in enumerate(order, start=1)}
    text = _MARKER_RE.sub(lambda m: f"[{new_number[int(m[1])]}]", text)
    return text, [replace(by_number[old], n=new) for old, new in new_number.items()]


def _generated(extractive: Answer, text: str, name: str, started: float) -> Answer:
    text, citations = _renumbered(text, extractive.citations)
    elapsed = (time.perf_counter() - started) * 1000
    return replace(
        extractive,
        text=text,
        citations=citations,
        mode=GENERATIVE,
        notes=[*extractive.notes, f"phrased by {name} in {elapsed:.0f} ms, checked against its evidence"],
    )


def _fallback(extractive: Answer, reason: str, started: float, rejected: str = "") -> Answer:
    """``extractive``, saying why the model's answer was set aside and, for staff and evaluators, what it was."""
    elapsed = (time.perf_counter() - started) * 1000
    notes = [*extractive.notes, f"generative answer not used ({reason}) after {elapsed:.0f} ms"]
    if rejected.strip():
        notes.append(f"rejected model text: {rejected.strip()[:MAX_QUOTE_CHARS]}")
    return replace(extractive, fallback=reason, notes=notes)
