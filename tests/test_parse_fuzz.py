"""Mangled sheet text never crashes the parser and never yields a sheet silently missing a part."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jimuqa.index.cells import SheetError
from jimuqa.index.model import COST_ITEMS
from jimuqa.index.parse import parse_text
from jimuqa.index.sections import SECTION_IDS
from tests.conftest import SEED_FILE

SEED_LINES = SEED_FILE.read_text(encoding="utf-8").split("\n")[:180]  # sheets 092 and 094


@st.composite
def mangled(draw) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "swap_cells", "duplicate", "insert", "truncate", "blank_cell"]))
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[at]
        elif kind == "swap_cells":
            cells = lines[at].split("\t")
            if len(cells) > 1:
                i, j = draw(st.integers(0, len(cells) - 1)), draw(st.integers(0, len(cells) - 1))
                cells[i], cells[j] = cells[j], cells[i]
                lines[at] = "\t".join(cells)
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "insert":
            lines.insert(at, draw(st.text(max_size=40)))
        elif kind == "truncate":
            lines = lines[:at]
        elif kind == "blank_cell":
            cells = lines[at].split("\t")
            cells[draw(st.integers(0, len(cells) - 1))] = ""
            lines[at] = "\t".join(cells)
        if not lines:
            break
    return "\n".join(lines)


def assert_complete(sheet) -> None:
    assert [s.id for s in sheet.sections] == list(SECTION_IDS)
    assert sheet.number and sheet.name and sheet.costs
    for cost in sheet.costs.values():
        assert set(cost.printed) == set(COST_ITEMS)
    assert len(sheet.evaluation) == 4 and sheet.direction
    for indicator in sheet.indicators:
        assert set(indicator.targets) == set(indicator.actuals) and indicator.targets


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_text_is_parsed_or_reported(text):
    sheets, problems = parse_text(text, "fuzz.txt")
    for sheet in sheets:
        assert_complete(sheet)
    for problem in problems:
        assert isinstance(problem, SheetError) and problem.file == "fuzz.txt"


@settings(max_examples=100, deadline=2000)
@given(st.text(max_size=2000))
def test_arbitrary_text_is_reported_not_raised(text):
    sheets, problems = parse_text(text, "random.txt")
    assert sheets == [] or all(s.sections for s in sheets)
    assert sheets or problems


def test_a_huge_cell_is_read_without_trouble():
    huge = "\n".join(SEED_LINES[:89]).replace("事業に関する情報を発信", "長" * 1_000_000, 1)
    sheets, problems = parse_text(huge, "huge.txt")
    assert problems == [] and len(sheets[0].citizen_participation["sharing"]) == 1_000_000
