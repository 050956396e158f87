"""The structured table: one row per fact, numbers as numbers, not-reported as NULL."""

import sqlite3

import pytest

from jimuqa.index.table import open_table, write_table


@pytest.fixture(scope="module")
def table(tmp_path_factory, seed_sheets):
    path = tmp_path_factory.mktemp("table") / "table.sqlite"
    write_table(path, list(seed_sheets.values()))
    db = open_table(path)
    yield db
    db.close()


def test_counts(table):
    count = lambda name: table.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: E731
    assert count("sheets") == 10
    assert count("costs") == 50
    assert count("indicators") == 12
    assert count("indicator_values") == 72
    assert count("evaluations") == 40
    assert count("sections") == 80


def test_projects_that_missed_their_r2_targets(table):
    rows = table.execute(
        "SELECT number, indicator_no, target, actual FROM indicator_status "
        "WHERE year = 'R02' AND status = 'missed' ORDER BY number, indicator_no"
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("009", 1, 6.0, 4.0),
        ("010", 1, 99.0, 7.0),
        ("095", 1, 200.0, 57.0),
        ("097", 1, 5.0, 3.0),
    ]


def test_statuses_follow_the_rule(table):
    status = lambda number, no, year: table.execute(  # noqa: E731
        "SELECT status FROM indicator_status WHERE number = ? AND indicator_no = ? AND year = ?", (number, no, year)
    ).fetchone()[0]
    assert status("092", 1, "R02") == "met"
    assert status("093", 1, "R02") == "met"  # 5 of 5: reaching the target is meeting it
    assert status("011", 1, "R02") == "no_target"  # target printed 0.0
    assert status("097", 1, "R05") == "not_recorded"  # actual printed 0.0 after the sheet's year
    assert status("094", 1, "R04") == "met"  # a later actual that is printed is kept


def test_numbers_are_numbers_and_not_reported_cells_are_null(table):
    row = table.execute(
        "SELECT c.budget, c.settlement, c.staff_ratio, c.part_time, c.printed FROM costs c "
        "JOIN sheets s ON s.id = c.sheet_id WHERE s.number = '097' AND c.year = 'R02'"
    ).fetchone()
    assert (row["budget"], row["settlement"], row["staff_ratio"], row["part_time"]) == (6954, 5139, 1.2, "無")
    later = table.execute(
        "SELECT c.settlement, c.printed FROM costs c JOIN sheets s ON s.id = c.sheet_id "
        "WHERE s.number = '097' AND c.year = 'R03'"
    ).fetchone()
    assert later["settlement"] is None and '"settlement": "0"' in later["printed"]


def test_sum_of_r2_settlements(table):
    total = table.execute("SELECT sum(settlement) FROM costs WHERE year = 'R02'").fetchone()[0]
    # 8,582 + 870 + 1,270 + 5,139 + 10,310 + 0 + 4,002 + 433 + 3,000 + 50,000, read off the sheets
    assert total == 83606


def test_sdgs_and_filters(table):
    rows = table.execute(
        "SELECT s.number FROM sdgs g JOIN sheets s ON s.id = g.sheet_id WHERE g.goal = 11 ORDER BY s.number"
    ).fetchall()
    assert [r[0] for r in rows] == ["010", "011", "012", "093", "094", "095", "096"]
    new = table.execute("SELECT number FROM sheets WHERE new_or_continuing = '新規' ORDER BY number").fetchall()
    assert [r[0] for r in new] == ["011", "012"]


def test_the_query_side_cannot_write(table):
    with pytest.raises(sqlite3.OperationalError):
        table.execute("DELETE FROM sheets")


def test_foreign_keys_are_enforced_when_writing(tmp_path, seed_sheets):
    path = tmp_path / "t.sqlite"
    write_table(path, [seed_sheets["097"]])
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO costs (sheet_id, year, printed) VALUES (999, 'R02', '{}')")
