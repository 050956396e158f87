"""HTML and Markdown for answers, sources and sheets: escape first, then add our own markup."""

from __future__ import annotations

import html
import re

from jimuqa.answering import phrases as p
from jimuqa.answering.types import Answer, Citation
from jimuqa.index.sections import BY_ID, find_kind
from jimuqa.settings import GENERATIVE
from jimuqa.ui.labels import LABELS

# ---------------------------------------------------------------------------------------------
# Rendering: escape first, then add our own markup. Pure functions, unit-tested.

_BLOCKQUOTE = re.compile(r"^([ \t]*)((?:&gt;[ \t]?)+)", re.MULTILINE)
_LINK_DEFINITION = re.compile(r"^([ \t]{0,3})\[", re.MULTILINE)


def safe_markdown(text: str) -> str:
    """Markdown that can format (bold, lists, tables, quotes) but neither inject HTML nor load anything.

    Every ``<`` and ``&`` is escaped, so no tag or entity trick survives; ``>`` is kept only where it
    starts a Markdown quote. Image and link syntax (``![x](url)``, ``[x](url)``, ``[x]: url``) is
    broken with entities so it shows as text and nothing is fetched.
    """
    escaped = html.escape(text or "", quote=False)
    escaped = _BLOCKQUOTE.sub(lambda m: m.group(1) + m.group(2).replace("&gt;", ">"), escaped)
    escaped = escaped.replace("![", "&#33;[").replace("](", "]&#40;")
    return _LINK_DEFINITION.sub(r"\1&#91;", escaped)


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept (no raw newline, so it stays one Markdown block)."""
    return html.escape(text or "").replace("\r\n", "\n").replace("\n", "<br>")


MAX_SHOWN_CHARS = 5_000  # of one section's text; a hostile or broken 1 MB cell is cut, around the quote


def shown(text: str, start: int = 0, end: int = 0) -> tuple[str, str, str]:
    """(before, middle, after): ``text[start:end]`` with at most ``MAX_SHOWN_CHARS`` of context around it,
    an ellipsis marking each cut."""
    room = max(MAX_SHOWN_CHARS - (end - start), 0)
    first = max(start - room // 2, 0)
    last = min(end + room - (start - first), len(text))
    before = ("…" if first else "") + text[first:start]
    after = text[end:last] + (f"…（+{len(text) - last:,}）" if last < len(text) else "")
    return before, text[start:end], after


def highlight(text: str, quote: str) -> str:
    """``text`` as escaped HTML with the first occurrence of ``quote`` wrapped in ``<mark>``, cut to size."""
    start = text.find(quote) if quote else -1
    if start < 0:
        before, _, after = shown(text)
        return text_html(before + after)
    before, middle, after = shown(text, start, start + len(quote))
    return f"{text_html(before)}<mark>{text_html(middle)}</mark>{text_html(after)}"


def citation_title(citation: Citation, lang: str) -> str:
    known = _known_section(citation.section, citation.heading)
    heading = p.section_heading(citation.section, lang, heading=citation.heading) if known else citation.heading
    return f"[{citation.n}] {citation.sheet} {citation.project} — {heading}"


def _known_section(section_id: str, heading: str | None = None) -> bool:
    return find_kind(section_id, heading) is not None if heading else section_id in BY_ID


def source_html(citation: Citation, section_text: str | None, lang: str) -> str:
    """One cited source, folded: its title; opened, the section's full text with the quote marked."""
    body = highlight(section_text, citation.quote) if section_text else f"<mark>{text_html(citation.quote)}</mark>"
    where = LABELS[lang]["lines"].format(file=citation.file, first=citation.first_line, last=citation.last_line)
    if citation.worksheet is not None:  # a workbook's section: its worksheet, row and columns
        where = f"{citation.city} {citation.file}, {citation.location}".strip()
    return (
        f'<details class="source"><summary>{html.escape(citation_title(citation, lang))}</summary>'
        f'<div class="source-text">{body}</div><div class="source-where">{html.escape(where)}</div></details>'
    )


def sources_html(citations: list[Citation], section_texts: list[str | None], lang: str) -> str:
    """The sources under an answer, on one line so Markdown passes it through as one HTML block."""
    if not citations:
        return ""
    items = "".join(source_html(c, t, lang) for c, t in zip(citations, section_texts, strict=True))
    return f'<div class="sources"><div class="sources-title">{LABELS[lang]["sources"]}</div>{items}</div>'


def answer_markdown(result: Answer, section_texts: list[str | None]) -> str:
    """What the chat shows for an answer: its escaped Markdown, how it was written, then its folded sources."""
    lang = _lang(result.lang)
    sources = sources_html(result.citations, section_texts, lang)
    note = mode_note(result, lang)
    return safe_markdown(result.text) + (f"\n\n*{note}*" if note else "") + (f"\n\n{sources}" if sources else "")


def mode_note(result: Answer, lang: str) -> str:
    """Says when a language model wrote the answer, or when its answer was set aside for the sheets' words."""
    if result.fallback:
        return LABELS[lang]["fallback"]
    return LABELS[lang]["generated"] if result.mode == GENERATIVE else ""


def sheet_html(title: str, sections: list[dict], lang: str) -> str:
    """A whole sheet, section by section, as escaped readable text."""
    parts = [f'<div class="sheet-view"><h3>{html.escape(title)}</h3>']
    for section in sections:
        known = _known_section(section["section"], section.get("heading"))
        heading = p.section_heading(section["section"], lang, heading=section.get("heading")) if known else ""
        parts.append(
            f"<section><h4>{html.escape(heading or section['heading'])}</h4><p>{highlight(section['text'], '')}</p></section>"
        )
    parts.append("</div>")
    return "".join(parts)


def status_text(counts: dict[str, int], lang: str) -> str:
    """Indicator status of a sheet's own year, e.g. ``達成1/未達成0/目標なし1``."""
    words = {
        "ja": {"met": "達成", "missed": "未達成", "no_target": "目標なし", "not_recorded": "未記録"},
        "en": {"met": "met ", "missed": "missed ", "no_target": "no target ", "not_recorded": "not recorded "},
    }[lang]
    shown = ["met", "missed", "no_target"] + (["not_recorded"] if counts.get("not_recorded") else [])
    return ("/" if lang == "ja" else " / ").join(f"{words[s]}{counts.get(s, 0)}" for s in shown)


def _lang(lang: str | None) -> str:
    return "en" if lang == "en" else "ja"
