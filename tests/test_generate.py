"""The synthetic city-scale corpus is deterministic, shows every seed layout, and the parser reads it back exactly."""

import json

import pytest

from jimuqa.bench.generate import TRUTH_FILE, VARIANTS, add_sheets, check, generate, read_truth


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generate(60, 1, tmp_path_factory.mktemp("gen"))


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_the_same_bytes(generated, tmp_path):
    again = generate(60, 1, tmp_path)
    assert _files(again) == _files(generated)
    assert len(_files(generated)) == 3  # two files of 50 and 10 sheets, and the truth


def test_a_different_seed_gives_different_sheets(generated, tmp_path):
    other = generate(60, 2, tmp_path)
    assert {s["number"] for s in read_truth(other)} != {s["number"] for s in read_truth(generated)}


def test_every_layout_variant_occurs_in_about_a_fifth(generated):
    truth = read_truth(generated)
    for variant, (share, subs) in VARIANTS.items():
        used = [s["layout"][variant] for s in truth if variant in s["layout"]]
        assert len(used) == round(share * 60), variant
        assert set(used) == set(subs), variant


def test_the_parser_reads_every_generated_value_back(generated):
    assert check(generated) == []


def test_numbers_are_unique_three_or_four_digits(generated):
    numbers = [s["number"] for s in read_truth(generated)]
    assert len(set(numbers)) == 60
    assert all(n.isdigit() and 3 <= len(n) <= 4 for n in numbers)


def test_costs_add_up_and_the_not_reported_rule_holds(generated):
    for sheet in read_truth(generated):
        costs = sheet["costs"]
        for year in ("H30", "R01", "R02"):
            c = costs[year]
            assert c["general_fund"] + c["national_prefectural"] + c["other"] == c["settlement"]
        assert costs["H30"]["budget"] is None and costs["R01"]["budget"] is None
        assert all(costs[y]["settlement"] is None for y in ("R03", "R04"))
        for indicator in sheet["indicators"]:
            assert all(indicator["actuals"][y] is None for y in ("R03", "R04", "R05", "R06"))


def test_check_reports_a_changed_value(tmp_path):
    folder = generate(10, 3, tmp_path)
    truth = json.loads((folder / TRUTH_FILE).read_text(encoding="utf-8"))
    truth[0]["costs"]["R02"]["settlement"] += 1
    (folder / TRUTH_FILE).write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    problems = check(folder)
    assert len(problems) == 1 and "costs.R02.settlement" in problems[0]


def test_added_sheets_get_new_numbers_and_read_back(tmp_path):
    folder = generate(10, 4, tmp_path)
    added = add_sheets(folder, 5, seed=99)
    assert added.exists() and len(read_truth(folder)) == 15
    assert len({s["number"] for s in read_truth(folder)}) == 15
    assert check(folder) == []
