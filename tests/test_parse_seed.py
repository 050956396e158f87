"""The ten seed sheets, read correctly: expectations written from reading the corpus file itself.

Line numbers in comments point at corpus/tsukuba_r02_kagaku_gijutsu_shinko.txt.
"""

import pytest

from jimuqa.index.sections import SECTION_IDS

# Costs as printed, H30, R01, R02, R03, R04. None = a printed 0 that the form does not report.
COSTS = {
    "092": {  # lines 25-33
        "budget": [None, None, 9697, 9697, 9697],
        "settlement": [12677, 10025, 8582, None, None],
        "general_fund": [12677, 10025, 8582, None, None],
        "national_prefectural": [0, 0, 0, None, None],
        "personnel_cost_total": [3840, 7315, 7325, 7331, 7331],
        "staff_ratio": [0.5, 1.0, 1.0, 1.0, 1.0],
        "overtime_hours": [125.0, 215.97, 213.67, 215.97, 215.97],
    },
    "094": {  # lines 115-123
        "budget": [None, None, 1583, 1583, 1583],
        "settlement": [6875, 1447, 870, None, None],
        "personnel_cost_total": [7704, 7604, 6881, 6881, 6881],
        "overtime_hours": [260.34, 333.55, 33.0, 33.0, 33.0],
    },
    "096": {  # lines 205-213
        "budget": [None, None, 3160, 3160, 3160],
        "settlement": [2342, 4930, 1270, None, None],
        "personnel_cost_total": [7739, 7437, 7101, 7101, 7101],
        "overtime_hours": [274.66, 265.55, 122.3, 122.3, 122.3],
    },
    "097": {  # lines 293-301
        "budget": [None, None, 6954, 6954, 6954],
        "settlement": [9390, 7980, 5139, None, None],
        "general_fund": [9390, 7980, 1342, None, None],
        "national_prefectural": [0, 0, 3797, None, None],
        "other": [0, 0, 0, None, None],
        "personnel_cost_total": [11517, 10914, 8617, 10937, 10937],
        "staff_ratio": [1.5, 1.5, 1.2, 1.5, 1.5],
        "overtime_hours": [375.0, 300.0, 186.0, 300.0, 300.0],
        "part_time": ["無"] * 5,
    },
    "095": {  # lines 382-390: the unit "(千円)" is glued to the H30 value
        "budget": [None, None, 12559, 11559, 7859],
        "settlement": [14070, 17925, 10310, None, None],
        "general_fund": [14048, 11932, 6162, None, None],
        "national_prefectural": [0, 5993, 4148, None, None],
        "other": [22, 0, 0, None, None],
        "personnel_cost_total": [11233, 7618, 7163, 7163, 7163],
        "staff_ratio": [1.5, 1.0, 1.0, 1.0, 1.0],
        "overtime_hours": [260.34, 339.15, 147.5, 147.5, 147.5],
    },
    "009": {  # lines 469-477: no project budget at all, staff time only
        "budget": [None, None, 0, 0, 0],
        "settlement": [0, 0, 0, None, None],
        "personnel_cost_total": [0, 0, 2198, 2200, 2200],
        "staff_ratio": [0.0, 0.0, 0.3, 0.3, 0.3],
        "overtime_hours": [0.0, 0.0, 64.1, 64.79, 64.79],
    },
    "093": {  # lines 559-567
        "budget": [None, None, 5823, 5823, 5823],
        "settlement": [5273, 4145, 4002, None, None],
        "general_fund": [5273, 2526, 0, None, None],
        "other": [0, 1619, 4002, None, None],
        "personnel_cost_total": [6143, 5121, 5128, 5132, 5132],
        "staff_ratio": [0.8, 0.7, 0.7, 0.7, 0.7],
        "overtime_hours": [200.0, 151.18, 149.57, 151.18, 151.18],
    },
    "010": {  # lines 647-655: the project ends in R02, so later budgets are a real 0
        "budget": [None, None, 4999, 0, 0],
        "settlement": [0, 0, 433, None, None],
        "general_fund": [0, 0, 217, None, None],
        "national_prefectural": [0, 0, 216, None, None],
        "personnel_cost_total": [0, 0, 4395, 0, 0],
        "staff_ratio": [0.0, 0.0, 0.6, 0.0, 0.0],
        "overtime_hours": [0.0, 0.0, 128.2, 0.0, 0.0],
    },
    "011": {  # lines 738-746: glued unit
        "budget": [None, None, 3000, 200000, 200000],
        "settlement": [0, 0, 3000, None, None],
        "personnel_cost_total": [0, 0, 10626, 14706, 14706],
        "staff_ratio": [0.0, 0.0, 1.4, 2.0, 2.0],
        "overtime_hours": [0.0, 0.0, 450.0, 450.0, 450.0],
    },
    "012": {  # lines 827-835: glued unit
        "budget": [None, None, 50000, 100000, 100000],
        "settlement": [0, 0, 50000, None, None],
        "general_fund": [0, 0, 50000, None, None],
        "personnel_cost_total": [0, 0, 3400, 7390, 7390],
        "staff_ratio": [0.0, 0.0, 0.5, 1.0, 1.0],
        "overtime_hours": [0.0, 0.0, 0.0, 240.0, 240.0],
    },
}
COST_YEARS = ["H30", "R01", "R02", "R03", "R04"]

# (no, name, unit, type, {year: target}, {year: actual}); years not listed are None.
INDICATORS = {
    "092": [
        (1, "連携企業数", "件", "活動結果指標", {"R01": 486, "R02": 641}, {"R01": 616, "R02": 685}),
        (2, "連携企業数", "件", "活動結果指標", {"R03": 180, "R04": 360, "R05": 540, "R06": 720}, {"R01": 0, "R02": 0}),
    ],
    "094": [
        (
            1,
            "新規協定締結数",
            "件",
            "活動結果指標",
            dict.fromkeys(["R01", "R02", "R03", "R04", "R05", "R06"], 1),
            {"R01": 0, "R02": 3, "R04": 1},
        ),
        (
            2,
            "連携事業数",
            "件",
            "活動結果指標",
            {"R01": 17, "R02": 18, "R03": 19, "R04": 20, "R05": 21, "R06": 22},
            {"R01": 24, "R02": 28},
        ),
    ],
    "096": [],
    # 097: the number sits on the 目標値 row (line 314), the name row has none (line 312).
    "097": [
        (
            1,
            "ロボットのまち中実証実験数",
            "種類",
            "活動結果指標",
            dict.fromkeys(["R01", "R02", "R03", "R04", "R05", "R06"], 5),
            {"R01": 10, "R02": 3},
        )
    ],
    # 095: "1 目標値" shares a cell (line 403); the 実績 row has no leading cell (line 404).
    "095": [
        (
            1,
            "体験型科学教育事業の延べ参加者数",
            "人",
            "成果指標",
            dict.fromkeys(["R01", "R02", "R03", "R04", "R05", "R06"], 200),
            {"R01": 495, "R02": 57},
        )
    ],
    "009": [
        (
            1,
            "申請件数",
            "件",
            "活動結果指標",
            dict.fromkeys(["R01", "R02", "R03", "R04", "R05", "R06"], 6),
            {"R01": 6, "R02": 4},
        )
    ],
    "093": [
        (
            1,
            "フィールド実験の実施件数",
            "件",
            "活動結果指標",
            dict.fromkeys(["R01", "R02", "R03", "R04", "R05", "R06"], 5),
            {"R01": 4, "R02": 5},
        )
    ],
    "010": [
        (1, "製品等の試用件数", "件", "活動結果指標", {"R01": 15, "R02": 99}, {"R01": 8, "R02": 7}),
        (2, "新規就職者数", "人", "活動結果指標", {"R01": 5, "R02": 5}, {"R01": 2, "R02": 11}),
    ],
    "011": [
        (
            1,
            "スマートシティサービスの社会実装数",
            "件",
            "活動結果指標",
            dict.fromkeys(["R03", "R04", "R05", "R06"], 1),
            {"R01": 0, "R02": 0},
        )
    ],
    "012": [
        (
            1,
            "デジタル情報プラットフォームの利用事業者数",
            "社",
            "活動結果指標",
            dict.fromkeys(["R03", "R04", "R05", "R06"], 1),
            {"R01": 0, "R02": 0},
        )
    ],
}

# 市民ニーズ, 進捗状況, 市の関与, 優先度 (None where printed "-"); 方向性; 理由.
EVALUATIONS = {
    "092": ((3, 4, None, None), "継続", None),
    "094": ((4, 4, 4, 3), "継続", None),
    "096": ((4, 4, 4, 3), "継続", None),
    "097": ((4, 4, 5, 3), "継続", None),
    "095": ((4, 3, 3, 3), "継続", None),
    "009": ((4, 4, 4, 5), "継続", None),
    "093": ((3, 4, 4, 5), "継続", None),
    "010": ((3, 3, None, None), "終了", "今年度で事業が終了"),
    "011": ((5, 4, 5, 5), "継続", None),
    "012": ((4, 2, 4, 5), "継続", None),
}


def test_all_ten_sheets_are_read_in_file_order(seed_sheets):
    assert list(seed_sheets) == ["092", "094", "096", "097", "095", "009", "093", "010", "011", "012"]
    assert {sheet.fiscal_year for sheet in seed_sheets.values()} == {"R02"}


@pytest.mark.parametrize("number", COSTS)
def test_costs(seed_sheets, number):
    sheet = seed_sheets[number]
    assert list(sheet.costs) == COST_YEARS
    for item, expected in COSTS[number].items():
        assert [getattr(sheet.costs[year], item) for year in COST_YEARS] == expected, item


def test_printed_cost_cells_are_kept_even_when_not_reported(seed_sheets):
    cost = seed_sheets["097"].costs["R03"]
    assert cost.settlement is None
    assert cost.printed["settlement"] == "0"
    assert seed_sheets["095"].costs["H30"].printed["settlement"] == "14,070"


@pytest.mark.parametrize("number", INDICATORS)
def test_indicators(seed_sheets, number):
    sheet = seed_sheets[number]
    read = [(i.no, i.name, i.unit, i.type, i.targets, i.actuals) for i in sheet.indicators]
    years = ["R01", "R02", "R03", "R04", "R05", "R06"]
    expected = [
        (no, name, unit, kind, {y: targets.get(y) for y in years}, {y: actuals.get(y) for y in years})
        for no, name, unit, kind, targets, actuals in INDICATORS[number]
    ]
    assert read == expected


def test_empty_placeholder_rows_are_not_indicators(seed_sheets):
    assert seed_sheets["096"].indicators == []
    assert [i.no for i in seed_sheets["010"].indicators] == [1, 2]


@pytest.mark.parametrize("number", EVALUATIONS)
def test_evaluation_and_direction(seed_sheets, number):
    sheet = seed_sheets[number]
    scores, direction, reason = EVALUATIONS[number]
    assert tuple(s.score for s in sheet.evaluation.values()) == scores
    assert (sheet.direction, sheet.reason) == (direction, reason)


def test_evaluation_texts(seed_sheets):
    assert seed_sheets["012"].evaluation["progress"].text == "計画から遅れている。（未達成）"
    assert seed_sheets["010"].evaluation["priority"].text == "今年度で事業が終了する。"


def test_basic_info_of_a_tidy_sheet(seed_sheets):
    sheet = seed_sheets["092"]
    assert sheet.name == "国際戦略総合特区推進事業"
    assert sheet.budget_code == "01-020108-16"
    assert sheet.department == "政策イノベーション部科学技術振興課"
    assert sheet.section == "イノベーション推進係"
    assert sheet.mayor_pledge is None
    assert (sheet.new_or_continuing, sheet.category, sheet.structure) == ("継続", "自治事務（任意）", "職員のみ")
    assert sheet.individual_plan == "総合特別区域計画"
    assert sheet.legal_basis == "特になし"
    assert sheet.period == "期間限定複数年度"
    assert sheet.sdgs == ["09産業と技術革新の基盤をつくろう"]


def test_basic_info_of_011_whose_cells_are_shifted_by_a_row(seed_sheets):
    sheet = seed_sheets["011"]  # lines 717-727
    assert sheet.name == "スマートシティの推進"
    assert sheet.mayor_pledge == "No. 1, No. 2, No. 3, No. 47"
    assert sheet.section == "次世代モビリティ推進係、スマートシ"  # truncated in the PDF itself
    assert sheet.strategy_plan == "IV-3-1-1 地域の課題解決のためのスマートシティの"
    assert sheet.new_or_continuing == "新規"  # printed on the row below its label
    assert sheet.category == "自治事務（任意）"  # printed beside the label 事業体制
    assert sheet.structure == "職員のみ"  # printed beside the label 事業期間
    assert sheet.period == "毎年度"  # printed beside the label SDGs
    assert sheet.individual_plan == "つくば市科学技術振興指針（第2期）、つくば中心市街地まちづくり戦略"
    assert (
        sheet.legal_basis == "国家戦略特別区域法、未来投資戦略、つくばスマートシティ倫理原則"
    )  # a row above its label
    assert sheet.sdgs == ["09産業と技術革新の基盤をつくろう", "11住み続けられるまちづくりを"]


def test_basic_info_of_012_whose_labels_share_cells_with_values(seed_sheets):
    sheet = seed_sheets["012"]  # lines 808-816
    assert sheet.mayor_pledge == "1, 2, 3, 47"
    assert sheet.section == "(スマートシティ戦略室)"
    assert sheet.new_or_continuing == "新規"  # "新規・継続 新規"
    assert sheet.category == "自治事務（任意）"  # "事業分類 自治事務 (任意)"
    assert sheet.structure == "一部委託"
    assert sheet.period == "毎年度"
    assert sheet.legal_basis == "国家戦略特別区域法、未来投資戦略、つくばスマートシティ倫理原則"


def test_strategy_plan_code_cells_are_joined(seed_sheets):
    assert seed_sheets["095"].strategy_plan == "Ⅲ-2-1-3 科学教育の推進と批判的思考の育成"
    assert seed_sheets["093"].strategy_plan == "IV-1-2-1 社会実装トライアルの支援"
    assert seed_sheets["009"].budget_code is None  # printed "-"


def test_overview_and_participation(seed_sheets):
    sheet = seed_sheets["097"]
    assert sheet.target == "市民、教育・研究機関、企業等"
    assert sheet.purpose.startswith("ロボットの実用化や人材育成")
    assert sheet.overview.endswith("次世代モビリティの社会実装に係る取組を推進する。")
    assert sheet.citizen_participation == {
        "sharing": "ホームページやSNSでの情報発信、イベント見学、試乗会の実施",
        "planning": "特になし",
        "implementation": "特になし",
        "assessment": "特になし",
    }


def test_issues_in_one_cell_are_split_into_business_and_organisation(seed_sheets):
    robot = seed_sheets["097"]  # line 343: both parts in one cell
    assert robot.issues_business.startswith("自動走行実現のための法改正")
    assert robot.issues_business.endswith("継続的・効果的な発信")
    assert robot.issues_org_budget.startswith("つくばモビリティロボット実証実験推進協議会について")
    science = seed_sheets["095"]  # line 432: <p> tags
    assert (
        science.issues_business
        == "ネット環境のある家庭ばかりでないため、対面型のイベントも状況が許せば開催した方が良い。"
    )
    assert science.issues_org_budget.endswith("有機的な事業運営体制が必要。")
    assert "<p>" not in science.section_by_id("results_issues").text


def test_issues_in_two_rows(seed_sheets):
    assert (
        seed_sheets["092"].issues_business
        == "特区制度及びプロジェクトは、専門性が高いため市民が理解しやすいように周知することが難しい。"
    )
    assert seed_sheets["092"].issues_org_budget == "特になし"
    assert (
        seed_sheets["011"].issues_org_budget
        == "スマートシティ・スーパーシティ事業の拡大に伴う庁内実施体制の強化 先端的サービスの事業収益性の確保"
    )


def test_every_sheet_has_every_section_with_its_source_lines(seed_sheets):
    for sheet in seed_sheets.values():
        assert [s.id for s in sheet.sections] == list(SECTION_IDS)
        lines = [(s.first_line, s.last_line) for s in sheet.sections]
        assert all(first <= last for first, last in lines)
        assert sheet.first_line < lines[0][0] and lines[-1][1] == sheet.last_line
    costs = seed_sheets["092"].section_by_id("costs")
    assert (costs.heading, costs.first_line, costs.last_line) == ("コストの推移", 22, 33)


def test_section_text_is_readable_and_hides_not_reported_cells(seed_sheets):
    costs = seed_sheets["097"].section_by_id("costs").text
    assert "予算額 (千円): 平成30年度 — / 令和元年度 — / 令和2年度 6,954" in costs
    indicators = seed_sheets["097"].section_by_id("indicators").text
    assert "実績: R01年度 10.0 / R02年度 3.0 / R03年度 —" in indicators
    assert "()" not in seed_sheets["092"].section_by_id("indicators").text
