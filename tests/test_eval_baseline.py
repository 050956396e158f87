"""The naive llama-index baseline over the real corpus, with the fake embedder: retrieved nodes map back to the
right (sheet, section) through their character offsets and the parsed sections' lines."""

import pytest

from jimuqa.eval.baseline import build_baseline, line_of, line_starts
from tests.conftest import CORPUS_DIR, SEED_FILE
from tests.fakes import FakeEmbedder


@pytest.fixture(scope="module")
def baseline():
    return build_baseline(CORPUS_DIR, FakeEmbedder())


def nodes(baseline):
    return list(baseline.index.docstore.docs.values())


def test_one_document_default_chunking_every_node_maps_to_sections(baseline):
    hits = [baseline.hit(node, 0.0) for node in nodes(baseline)]
    assert len(hits) > 10  # default SentenceSplitter chunks (~1,000 characters) of one file
    assert all(hit.sections for hit in hits)
    assert all(hit.file == SEED_FILE.name for hit in hits)
    assert all((hit.sheet, hit.section) == hit.sections[0] for hit in hits)  # the section it mostly holds


def test_a_chunk_with_the_jaxa_agreement_maps_to_094_results_issues(baseline, seed_sheets):
    hit = next(baseline.hit(node, 0.0) for node in nodes(baseline) if "JAXA" in node.get_content())
    assert ("094", "results_issues") in hit.sections
    section = seed_sheets["094"].section_by_id("results_issues")
    assert hit.first_line <= section.last_line and hit.last_line >= section.first_line
    # Every section listed is one whose lines the chunk reaches.
    for sheet, section_id in hit.sections:
        found = seed_sheets[sheet].section_by_id(section_id)
        assert hit.first_line <= found.last_line and hit.last_line > found.first_line


def test_a_chunk_maps_to_the_section_of_its_own_lines(baseline, seed_sheets, seed_text):
    starts = line_starts(seed_text)
    for node in nodes(baseline)[:6]:
        hit = baseline.hit(node, 0.0)
        middle = (node.start_char_idx + node.end_char_idx) // 2
        line = line_of(starts, middle)
        sheet = next(s for s in seed_sheets.values() if s.first_line <= line <= s.last_line)
        inside = [s.id for s in sheet.sections if s.first_line < line <= s.last_line]
        if inside:  # the middle line is a section's body (not a blank line between sections)
            assert (sheet.number, inside[0]) in hit.sections


def test_line_numbers_follow_the_parser():
    starts = line_starts("a\nbc\n\nd")
    assert [line_of(starts, offset) for offset in range(7)] == [1, 1, 2, 2, 2, 3, 4]


def test_answer_pastes_the_top_five_and_cites_what_they_hold(baseline):
    result = baseline.answer("JAXAと基本協定を結んだのはいつ?")
    hits = baseline.search("JAXAと基本協定を結んだのはいつ?")
    assert len(hits) == 5
    assert result.kind == "narrative" and result.lang == "ja"
    assert result.text == "\n\n".join(hit.text for hit in hits)
    cited = [(c.sheet, c.section) for c in result.citations]
    assert cited == list(dict.fromkeys(pair for hit in hits for pair in hit.sections))
    assert result.latency_ms > 0
    assert baseline.answer("What is project 097?").lang == "en"
