"""Chunking: every character kept, cuts at sentence ends, one sentence of overlap, metadata carried."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jimuqa.index.model import Section, Sheet
from jimuqa.index.search.chunks import Chunk, chunk_metadata, chunk_sheet, parse_chunk_id, sentences, split_text

RESULTS = "本事業では連携企業数が増加した。一方で、新たなプロジェクトの創出には課題が残る。"


def make_sheet(*sections: Section) -> Sheet:
    return Sheet(
        number="097",
        name="国際戦略総合特区推進事業",
        fiscal_year="R02",
        file="tsukuba_r02.txt",
        first_line=1,
        last_line=90,
        sections=list(sections),
    )


def make_section(text: str, section_id: str = "results_issues", heading: str = "事業の成果と課題") -> Section:
    return Section(id=section_id, heading=heading, file="tsukuba_r02.txt", first_line=60, last_line=70, text=text)


def numbered_sentences(count: int, length: int = 30) -> list[str]:
    """Distinct sentences of exactly ``length`` characters, each ending in 。."""
    return [f"{i:03d}" + "あ" * (length - 4) + "。" for i in range(count)]


def bodies(chunks: list[Chunk]) -> list[str]:
    """The chunk texts without their context line."""
    return [chunk.text.split("\n", 1)[1] for chunk in chunks]


def test_short_section_is_one_chunk_with_context_line():
    [chunk] = chunk_sheet(make_sheet(make_section(RESULTS)))
    assert chunk.text == "097 国際戦略総合特区推進事業 事業の成果と課題\n" + RESULTS
    assert chunk.id == "つくば市-R02-097-results_issues-0"


def test_chunk_carries_raw_fields():
    [chunk] = chunk_sheet(make_sheet(make_section(RESULTS)))
    assert (chunk.sheet, chunk.project, chunk.section, chunk.heading, chunk.fiscal_year) == (
        "097",
        "国際戦略総合特区推進事業",
        "results_issues",
        "事業の成果と課題",
        "R02",
    )
    assert (chunk.file, chunk.first_line, chunk.last_line) == ("tsukuba_r02.txt", 60, 70)


def test_metadata_is_flat_and_leaves_out_id_and_text():
    [chunk] = chunk_sheet(make_sheet(make_section(RESULTS)))
    metadata = chunk_metadata(chunk)
    assert "id" not in metadata and "text" not in metadata
    assert metadata["sheet"] == "097" and metadata["first_line"] == 60
    assert all(isinstance(value, str | int) for value in metadata.values())


def test_one_chunk_per_section_in_sheet_order_and_empty_sections_skipped():
    sheet = make_sheet(
        make_section("対象\t市内の研究機関", "overview", "事業の概要"),
        make_section("  \n", "participation", "市民参加の取組状況"),
        make_section(RESULTS),
    )
    assert [chunk.id for chunk in chunk_sheet(sheet)] == ["つくば市-R02-097-overview-0", "つくば市-R02-097-results_issues-0"]


def test_long_section_splits_at_sentence_ends_within_the_limit():
    text = "".join(numbered_sentences(20))  # 600 characters
    chunks = chunk_sheet(make_sheet(make_section(text)), max_chars=100)
    assert len(chunks) > 1
    assert [chunk.id for chunk in chunks] == [f"つくば市-R02-097-results_issues-{i}" for i in range(len(chunks))]
    for body in bodies(chunks):
        assert len(body) <= 100
        assert body.endswith("。")


def test_consecutive_pieces_overlap_by_one_sentence():
    parts = numbered_sentences(20)
    pieces = split_text("".join(parts), max_chars=100)
    for previous, following in pairwise(pieces):
        last_sentence = previous[-30:]
        assert last_sentence in parts
        assert following.startswith(last_sentence)
        assert not following.startswith(previous)


def test_pieces_keep_every_character_in_order():
    parts = numbered_sentences(20)
    pieces = split_text("".join(parts), max_chars=100)
    # Drop the sentence each piece repeats from its predecessor: what is left is the text.
    rebuilt = pieces[0] + "".join(piece[30:] for piece in pieces[1:])
    assert rebuilt == "".join(parts)


def test_line_breaks_end_sentences_too():
    rows = [f"{year}年度\t目標値\t{year * 10}\n" for year in range(1, 40)]
    pieces = split_text("".join(rows), max_chars=60, overlap_sentences=0)
    assert all(piece.endswith("\n") for piece in pieces)
    assert "".join(pieces) == "".join(rows)


def test_blank_lines_and_closing_brackets_stay_with_their_sentence():
    assert sentences("成果を得た。\n\n「課題がある。」と述べた。", 400) == [
        "成果を得た。\n\n",
        "「課題がある。」と述べた。",
    ]


def test_sentence_longer_than_the_limit_is_hard_split():
    text = "あ" * 950
    pieces = split_text(text, max_chars=400, overlap_sentences=0)
    assert [len(piece) for piece in pieces] == [400, 400, 150]
    assert sentences(text, 400) == pieces


def test_overlap_shrinks_rather_than_exceeding_the_limit():
    text = "い" * 300 + "。" + "う" * 300 + "。"
    pieces = split_text(text, max_chars=400)
    assert pieces == ["い" * 300 + "。", "う" * 300 + "。"]


def test_bad_limit_is_refused():
    with pytest.raises(ValueError):
        split_text("abc", max_chars=0)


@given(
    text=st.text(alphabet=st.sampled_from("あいう。\n\tA1"), max_size=600),
    max_chars=st.integers(min_value=1, max_value=80),
)
def test_without_overlap_pieces_join_back_to_the_text(text: str, max_chars: int):
    pieces = split_text(text, max_chars=max_chars, overlap_sentences=0)
    assert "".join(pieces) == text
    assert all(len(piece) <= max_chars for piece in pieces if len(text) > max_chars)


@given(
    text=st.text(alphabet=st.sampled_from("あいう。\n"), min_size=1, max_size=600),
    max_chars=st.integers(min_value=1, max_value=80),
    overlap=st.integers(min_value=0, max_value=3),
)
def test_with_overlap_pieces_stay_within_the_limit_and_in_the_text(text: str, max_chars: int, overlap: int):
    pieces = split_text(text, max_chars=max_chars, overlap_sentences=overlap)
    assert pieces[0] == text[: len(pieces[0])]
    assert text.endswith(pieces[-1])
    for piece in pieces:
        assert piece in text
        assert len(text) <= max_chars or len(piece) <= max_chars


def test_chunk_id_parses_back():
    assert parse_chunk_id("つくば市-R02-097-results_issues-3") == {
        "city": "つくば市",
        "fiscal_year": "R02",
        "sheet": "097",
        "section": "results_issues",
    }
    assert parse_chunk_id("大船渡市-H30-097-1-costs-0")["sheet"] == "097-1"
    assert parse_chunk_id("大船渡市-R07-No.314-means-0")["sheet"] == "No.314"
    with pytest.raises(ValueError):
        parse_chunk_id("つくば市-R02-097")


def test_chunk_ids_written_before_cities_still_parse():
    assert parse_chunk_id("R02-097-results_issues-3") == {
        "city": "",
        "fiscal_year": "R02",
        "sheet": "097",
        "section": "results_issues",
    }
    assert parse_chunk_id("H30-097-1-costs-0")["sheet"] == "097-1"
    with pytest.raises(ValueError):
        parse_chunk_id("R02-097")
