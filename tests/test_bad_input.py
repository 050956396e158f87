"""Bad input gets an error naming the file, the sheet and the line; nothing crashes."""

import pytest

from jimuqa.index.cells import SheetError
from jimuqa.index.parse import parse_file, parse_text

FILE = "sheets.txt"


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def first_sheet(seed_text: str) -> str:
    """The seed's first sheet (092) alone, lines 1-89 of the corpus file."""
    return "\n".join(lines_of(seed_text)[:89])


def only_problem(text: str) -> SheetError:
    sheets, problems = parse_text(text, FILE)
    assert sheets == [] and len(problems) == 1
    return problems[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n  \n")
    with pytest.raises(SheetError, match="file is empty") as err:
        parse_file(path)
    assert err.value.file == str(path)


def test_file_that_is_not_utf8_names_the_line(tmp_path, seed_text):
    path = tmp_path / "sjis.txt"
    path.write_bytes(first_sheet(seed_text).encode("cp932"))
    with pytest.raises(SheetError, match="not UTF-8") as err:
        parse_file(path)
    assert err.value.line == 3  # the title line is the first with non-ASCII text


def test_sheet_missing_a_section(seed_text):
    text = first_sheet(seed_text).replace("\n評価\n", "\n")
    problem = only_problem(text)
    assert (problem.sheet, problem.line) == ("092", 3)
    assert "missing section(s): 評価" in problem.message


def test_non_numeric_cost_cell(seed_text):
    text = first_sheet(seed_text).replace("\t9,697\t9,697\t9,697", "\t9,697\t9,6x7\t9,697", 1)
    problem = only_problem(text)
    assert (problem.file, problem.sheet, problem.line) == (FILE, "092", 25)
    assert "予算額" in problem.message and "9,6x7" in problem.message


def test_unknown_heading(seed_text):
    text = first_sheet(seed_text).replace("\n市民参加の取組状況\n", "\n市民協働の状況\n")
    problem = only_problem(text)
    assert (problem.sheet, problem.line) == ("092", 35)
    assert "unknown heading '市民協働の状況'" in problem.message


def test_duplicated_sheet_number_is_reported_by_the_build(corpus_dir, seed_text):
    from jimuqa.index.build import read_corpus

    (corpus_dir / "zz_extra.txt").write_text(first_sheet(seed_text), encoding="utf-8")
    corpus = read_corpus(corpus_dir)
    assert len(corpus.sheets) == 10
    [problem] = corpus.problems
    assert (problem.file, problem.sheet, problem.line) == (str(corpus_dir / "zz_extra.txt"), "092", 3)
    assert "duplicated sheet number 092" in problem.message and "line 3" in problem.message


def test_a_cost_row_with_a_missing_value(seed_text):
    text = first_sheet(seed_text).replace("\t12,677\t10,025\t8,582\t0\t0", "\t12,677\t10,025\t8,582\t0", 1)
    problem = only_problem(text)
    assert problem.line == 26 and "決算額 has 4 values for 5 years" in problem.message


def test_an_evaluation_score_out_of_range(seed_text):
    text = first_sheet(seed_text).replace("市民ニーズ\t3\t", "市民ニーズ\t7\t")
    problem = only_problem(text)
    assert problem.sheet == "092" and "score must be 1–5" in problem.message


def test_one_bad_sheet_does_not_hide_the_others(seed_text):
    text = seed_text.replace("\t9,697\t9,697\t9,697", "\t9,697\tabc\t9,697", 1)
    sheets, problems = parse_text(text, FILE)
    assert len(sheets) == 9 and [p.sheet for p in problems] == ["092"]


def test_text_that_is_not_a_sheet():
    problem = only_problem("hello\tworld\n")
    assert problem.line == 1 and "text before the first sheet title" in problem.message


def test_error_message_reads_file_sheet_line(seed_text):
    problem = only_problem(first_sheet(seed_text).replace("\t9,697\t9,697\t9,697", "\t9,697\t?\t9,697", 1))
    assert str(problem).startswith(f"{FILE}, sheet 092, line 25: コストの推移: 予算額")
