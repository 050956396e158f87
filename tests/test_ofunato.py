"""The 大船渡市 export importer: the real workbook read once, hand-read fields, the year rule, bad input.

Expected values were read by hand from tests/data/ofunato_report.xlsx (a copy of
/work/shared/external/ofunato/report.xlsx), cell by cell, not from the importer's output.
"""

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from jimuqa.index.ofunato import block_years, is_ofunato_workbook, read_workbook, read_workbook_lenient
from jimuqa.index.ofunato_form import BACKGROUND_COLUMNS, BLOCK_HEADERS, COST_ITEMS, LABELLED_COLUMNS, header_key
from jimuqa.index.ofunato_model import WorkbookError
from jimuqa.index.years import western

REPORT = Path(__file__).parent / "data" / "ofunato_report.xlsx"
TSUKUBA_TEXT = Path(__file__).resolve().parent.parent / "corpus" / "tsukuba_r02_kagaku_gijutsu_shinko.txt"


@pytest.fixture(scope="module")
def sheets():
    return read_workbook(REPORT)


@pytest.fixture(scope="module")
def by_id(sheets):
    return {sheet.project_id: sheet for sheet in sheets}


@pytest.fixture(scope="module")
def real_rows():
    """The real header rows and first data rows, as openpyxl gives them, to build small workbooks from."""
    book = openpyxl.load_workbook(REPORT, read_only=True, data_only=True)
    rows = [list(row) for row in book.worksheets[0].iter_rows(min_row=1, max_row=5, values_only=True)]
    book.close()
    return rows


# The whole workbook ------------------------------------------------------------------------------


def test_all_407_sheets_read(sheets):
    assert len(sheets) == 407
    assert [sheet.source.row for sheet in sheets] == list(range(3, 410))
    assert {sheet.city for sheet in sheets} == {"大船渡市"}
    assert {sheet.evaluation_year for sheet in sheets} == {"R07"}
    assert {sheet.source.worksheet for sheet in sheets} == {"データ集計マクロ用シート"}
    ids = [sheet.project_id for sheet in sheets if sheet.project_id]
    assert len(ids) == len(set(ids)) == 406  # 中野地区水路改修事業 has 0 for its ID


def test_future_direction_counts(sheets):
    counts = Counter(sheet.future_direction.value for sheet in sheets)
    assert counts == {"現状維持": 207, "改革改善": 185, "終了・廃止・休止": 15}


def test_every_sheet_has_six_years_and_no_targets(sheets):
    for sheet in sheets:
        assert list(sheet.costs) == ["R02", "R03", "R04", "R05", "R06", "R07"]
        assert [cost.is_plan for cost in sheet.costs.values()] == [False] * 5 + [True]
        for indicator in sheet.indicators:
            assert indicator.targets == {} and "目標値" in indicator.targets_note


def test_costs_add_up_in_every_block(sheets):
    # 事業費計 = the five sources, トータルコスト = 事業費計 + 人件費計, 人件費計 = 4 × 延べ業務時間 (hence 千円).
    for sheet in sheets:
        for cost in sheet.costs.values():
            sources = [cost.national, cost.prefectural, cost.bonds, cost.other, cost.general_fund]
            if all(figure.value is not None for figure in sources):
                assert sum(figure.value for figure in sources) == pytest.approx(cost.project_cost.value)
            assert cost.project_cost.value + cost.personnel_cost.value == pytest.approx(cost.total_cost.value)
            assert cost.personnel_cost.value == pytest.approx(4 * cost.work_hours.value)


# Hand-read fields --------------------------------------------------------------------------------


def test_row_3_illegal_dumping(by_id):
    sheet = by_id["0086"]
    assert (sheet.source.row, sheet.name, sheet.sheet_no) == (3, "不法投棄対策事業", 1)
    assert sheet.created.isoformat() == "2025-09-25"
    assert (sheet.department, sheet.section) == ("市民生活部市民環境課", "環境衛生係")
    assert (sheet.policy.number, sheet.policy.name) == ("06", "自然豊かな環境の保全と創造")
    assert (sheet.measure.number, sheet.measure.name) == ("21", "廃棄物処理対策の推進")
    assert (sheet.basic_project.number, sheet.basic_project.name, sheet.basic_project_id) == (
        "02",
        "廃棄物の適正処理",
        "62102",
    )
    assert sheet.legal_basis == "廃棄物の処理及び清掃に関する法律"
    assert (sheet.category_code, sheet.category) == ("E", "一般")
    assert (sheet.period.kind, sheet.period.start) == ("単年度繰返", None)
    assert sheet.budget == {"会計": "01\n01", "款": "04\n04", "項": "01\n02", "目": "03\n01", "事業": "1200\n0600"}
    # Costs in two years: R02 (columns BT…CC) and the R07 plan (FK…FT).
    r02, r07 = sheet.costs["R02"], sheet.costs["R07"]
    assert (r02.general_fund.value, r02.general_fund.column, r02.total_cost.value) == (3089, "BX", 4209)
    assert (r07.project_cost.value, r07.total_cost.value, r07.project_cost.is_plan) == (2828, 3948, True)
    assert sheet.costs["R04"].work_hours.value == 280
    signs = next(i for i in sheet.indicators if i.letter == "イ")
    assert (signs.kind, signs.name, signs.unit) == ("活動", "啓発看板の設置基数", "基")
    assert (signs.values["R03"].value, signs.values["R07"].value, signs.values["R07"].printed) == (23, 16, "16")
    assert [i.letter for i in sheet.indicators] == ["ア", "イ", "カ", "サ"]
    item = sheet.evaluations[3]
    assert (item.label, item.judgement, item.judgement_column, item.reason_column) == (
        "成果の向上余地",
        "向上余地がある",
        "GM",
        "GN",
    )
    assert item.reason.startswith("不法投棄の防止、廃棄物の適正処理に関する指導と意識啓発を図ることによって")
    assert (sheet.future_direction.value, sheet.future_direction.printed) == ("現状維持", "１\u3000現状維持")
    assert sheet.future_direction.column == "HA"
    assert sheet.intent == "廃棄物に関する市民意識が向上する。\n不法投棄廃棄物が適正に処理される。"
    assert sheet.target == "市民\n不法投棄廃棄物"  # the trailing line break is trimmed
    assert (sheet.columns["name"], sheet.columns["intent"]) == ("I", "AZ")


def test_row_16_land_titles_fixed_term(by_id):
    sheet = by_id["0686"]
    assert sheet.name == "市道等内未処理用地権原取得事業"
    assert sheet.implementation_plan and not sheet.strategy
    assert (sheet.category_code, sheet.category) == ("C", "施設管理")
    assert (sheet.period.kind, sheet.period.start_year, sheet.period.end_year) == ("期間限定複数年度", "R03", "R07")
    assert (sheet.overall_plan.project_cost.value, sheet.overall_plan.total_cost.value) == (35834, 55866)
    assert sheet.overall_plan.project_cost.column == "AR"
    r07 = sheet.costs["R07"]
    assert (r07.staff.value, r07.work_hours.value, r07.personnel_cost.value, r07.total_cost.value) == (
        1,
        920,
        3680,
        3680,
    )
    assert sheet.costs["R02"].project_cost.value == 0
    done = next(i for i in sheet.indicators if i.letter == "サ")
    assert (done.kind, done.name, done.unit) == ("成果", "権原取得が完了した筆数(単年度)", "筆")
    assert (done.values["R02"].value, done.values["R07"].value, done.values["R07"].column) == (21, 50, "GA")
    item = sheet.evaluations[6]
    assert (item.label, item.judgement) == ("人件費（延べ業務時間）の削減余地", "削減余地がない")
    assert item.reason.startswith("現在、職員一人で対応しており")
    # The leading ideographic space of the narrative is trimmed; its text is kept as printed.
    assert sheet.change == "新規事業として令和３年度より開始したものであるため、状況の変化はない。"


def test_row_115_interest_subsidy_ended(by_id):
    sheet = by_id["1498"]
    assert (sheet.period.start, sheet.period.end) == ("平成23", "令和6")
    assert (sheet.period.start_year, sheet.period.end_year) == ("H23", "R06")
    assert sheet.legal_basis is None and sheet.notes["legal_basis"] == "printed '-': none given"
    r02 = sheet.costs["R02"]
    assert (r02.other.value, r02.project_cost.value, r02.total_cost.value) == (759, 759, 959)
    assert (sheet.costs["R07"].project_cost.value, sheet.costs["R07"].total_cost.value) == (0, 80)
    assert (sheet.future_direction.value, sheet.future_direction.number) == ("終了・廃止・休止", 3)
    assert sheet.issues is None and "formula" in sheet.notes["issues"]  # the cell holds 0
    amount = next(i for i in sheet.indicators if i.letter == "シ")
    assert (amount.name, amount.unit, amount.values["R02"].value) == ("利子補給補助金額", "千円", 759)


def test_row_187_dashes_and_reform(by_id):
    sheet = by_id["1860"]
    assert sheet.name == "男女共同市民会議等事業"
    assert sheet.section is None and "'-'" in sheet.notes["section"]
    national = sheet.costs["R02"].national
    assert (national.value, national.printed, national.column) == (None, "-", "BT")
    assert "no value" in national.note
    r07 = sheet.costs["R07"]
    assert (r07.prefectural.value, r07.general_fund.value, r07.project_cost.value) == (400, 727, 1127)
    assert (sheet.improvement_direction.value, sheet.improvement_direction.printed) == (
        "改革改善",
        "２\u3000改革改善（縮小・統合含む）",
    )
    assert (sheet.expected_outcome, sheet.expected_cost) == ("向上", "維持")
    assert (sheet.period.start, sheet.period.start_year) == ("令和5", "R05")  # printed 令和５
    events = sheet.indicators[0]
    assert (events.name, events.values["R02"].value, events.values["R07"].value) == (
        "各種講座及び普及啓発等イベント開催回数",
        None,
        12,
    )
    assert "ウ" not in [i.letter for i in sheet.indicators]  # name and unit 0, values 0: an unused slot


def test_row_287_system_standardisation(by_id):
    sheet = by_id["1868"]
    assert (sheet.policy.number, sheet.measure.number) == ("07", "23")
    assert sheet.overall_plan.project_cost.value == 205380
    assert (sheet.costs["R07"].national.value, sheet.costs["R07"].project_cost.value) == (138016, 138016)
    assert sheet.costs["R06"].project_cost.value == 67364
    assert [(i.letter, i.name, i.unit) for i in sheet.indicators] == [
        ("ア", "対象業務数", "業務"),
        ("カ", "システム数", "件"),
        ("サ", "標準化対応数", "業務"),
    ]


def test_row_341_number_with_parenthesis(by_id):
    sheet = by_id["0090"]
    loans = next(i for i in sheet.indicators if i.letter == "サ")
    assert loans.name == "貸付件数（新規貸付件数）"
    r02, r07 = loans.values["R02"], loans.values["R07"]
    assert (r02.value, r02.printed) == (36, "36（1）")
    assert (r07.value, r07.printed, r07.column) == (29, "29（4）", "GA")
    assert "(4)" in r07.note
    balance = next(i for i in sheet.indicators if i.letter == "シ")
    assert (balance.unit, balance.values["R02"].value) == ("円", 28713586)
    assert sheet.costs["R02"].prefectural.value == 1


def test_nameless_slot_with_values_is_kept(by_id):
    sheet = by_id["1779"]
    nameless = [i for i in sheet.indicators if i.name is None]
    assert [i.letter for i in nameless] == ["ウ", "ク", "ス"]
    assert nameless[0].values["R02"].value == 9 and nameless[0].note


# The year rule -----------------------------------------------------------------------------------


def test_block_years_end_with_the_evaluation_year():
    assert block_years("R07") == ["R02", "R03", "R04", "R05", "R06", "R07"]
    assert block_years("R03") == ["H28", "H29", "H30", "R01", "R02", "R03"]


def _fixed_term(sheets):
    return [s for s in sheets if s.period.kind == "期間限定複数年度" and s.period.start_year and s.period.end_year]


def _spending_outside_period(sheets, gregorian_of_block):
    """(project, block) pairs where 事業費計 > 0 in a block whose year is outside the project's period."""
    found = []
    for sheet in _fixed_term(sheets):
        first, last = western(sheet.period.start_year), western(sheet.period.end_year)
        for block, cost in enumerate(sheet.costs.values()):
            if (cost.project_cost.value or 0) > 0 and not first <= gregorian_of_block[block] <= last:
                found.append((sheet.project_id, block))
    return found


def test_year_rule_fits_fixed_term_projects(sheets):
    """Spending of fixed-term projects falls inside their 事業期間 when the blocks are R02…R07.

    Two exceptions, both explained by the sheets: 1369 planned in 令和元～2年度 and 3年度 before its
    令和4 start (its 結果 text says so), and 1782's period (令和元–令和3) was not updated though it runs on.
    """
    assert len(_fixed_term(sheets)) == 22
    chosen = [2020 + block for block in range(6)]
    outside = _spending_outside_period(sheets, chosen)
    assert {project for project, _ in outside} == {"1369", "1782"}
    assert sorted(block for project, block in outside if project == "1369") == [0, 1]


def test_every_other_reading_fits_worse(sheets):
    chosen = len(_spending_outside_period(sheets, [2020 + block for block in range(6)]))
    for shift in range(-3, 4):
        for reverse in (False, True):
            years = [2020 + shift + block for block in range(6)]
            years = years[::-1] if reverse else years
            if (shift, reverse) != (0, False):
                assert len(_spending_outside_period(sheets, years)) >= 2 * chosen


def test_year_rule_on_single_events(by_id):
    # General elections were held in October 2021 (R03) and October 2024 (R06); spending only there.
    election = by_id["1663"]
    assert election.name == "衆議院議員総選挙の執行事務"
    assert [y for y, c in election.costs.items() if c.project_cost.value] == ["R03", "R06"]
    # 1868 runs 令和6–令和7 and spends only in those two blocks; 1369 says it builds nothing in 令和6年度.
    assert [y for y, c in by_id["1868"].costs.items() if c.project_cost.value] == ["R06", "R07"]
    assert by_id["1369"].costs["R06"].project_cost.value == 0
    assert "令和6年度は" in by_id["1369"].means_last_year


# Form detection ----------------------------------------------------------------------------------


def test_form_detection(tmp_path):
    assert is_ofunato_workbook(REPORT)
    assert not is_ofunato_workbook(TSUKUBA_TEXT)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    assert not is_ofunato_workbook(fake)
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["名前", "金額"])
    book.save(other)
    assert not is_ofunato_workbook(other)


# Bad input ---------------------------------------------------------------------------------------


def write_book(
    path: Path, rows: list[list], title: str = "データ集計マクロ用シート", before: str | None = None
) -> Path:
    book = openpyxl.Workbook()
    if before:
        book.active.title = before
        book.active.append(["メモ"])
        sheet = book.create_sheet(title)
    else:
        sheet = book.active
        sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def column_of(header_row: list, header: str, nth: int = 0) -> int:
    """0-based index of the nth column headed ``header``."""
    found = [index for index, value in enumerate(header_row) if header_key(value) == header_key(header)]
    return found[nth]


def letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index + 1)


def test_small_workbook_reads(tmp_path, real_rows):
    path = write_book(tmp_path / "ok.xlsx", real_rows)
    sheets = read_workbook(path)
    assert [s.source.row for s in sheets] == [3, 4, 5] and sheets[0].project_id == "0086"
    assert sheets[0].source.file == str(path)


def test_renamed_column(tmp_path, real_rows):
    rows = [list(row) for row in real_rows]
    index = column_of(rows[1], "事務事業名")
    rows[1][index] = "事業名"
    path = write_book(tmp_path / "renamed.xlsx", rows)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 2, letter(index))
    assert "事務事業名" in err.value.message and "事業名" in str(err.value)


@pytest.mark.parametrize("header, label", [("根拠法令", "根拠法令"), (BACKGROUND_COLUMNS[0].header, "きっかけ")])
def test_missing_column(tmp_path, real_rows, header, label):
    index = column_of(real_rows[1], header)
    rows = [row[:index] + row[index + 1 :] for row in real_rows]
    path = write_book(tmp_path / "missing.xlsx", rows)
    with pytest.raises(WorkbookError, match=label) as err:
        read_workbook(path)
    # Reported where the column stood (T for 根拠法令, GD for きっかけ after the year blocks).
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 2, letter(index))


def test_header_on_another_row_is_found(tmp_path, real_rows):
    path = write_book(tmp_path / "lower.xlsx", [[None], [None], *real_rows])
    sheets = read_workbook(path)
    assert sheets[0].source.row == 5 and sheets[0].name == "不法投棄対策事業"


def test_no_header_row(tmp_path, real_rows):
    path = write_book(tmp_path / "noheader.xlsx", [real_rows[0], *real_rows[2:]])
    with pytest.raises(WorkbookError, match="no header row") as err:
        read_workbook(path)
    assert err.value.file == str(path) and err.value.worksheet == "データ集計マクロ用シート"


def test_text_in_a_number_cell(tmp_path, real_rows):
    rows = [list(row) for row in real_rows]
    index = column_of(rows[1], "一般財源", nth=3)  # R05
    rows[2][index] = "約3千"
    path = write_book(tmp_path / "text.xlsx", rows)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 3, letter(index))
    assert "一般財源" in err.value.message and "R05" in err.value.message and "約3千" in err.value.message


def test_unknown_direction(tmp_path, real_rows):
    rows = [list(row) for row in real_rows]
    index = column_of(rows[1], "４\u3000課長等意見\n(1) 今後の方向性")
    rows[2][index] = "４　検討中"
    path = write_book(tmp_path / "direction.xlsx", rows)
    with pytest.raises(WorkbookError, match="unknown 方向性") as err:
        read_workbook(path)
    assert (err.value.row, err.value.column) == (3, "HA")


def test_block_headers_checked(tmp_path, real_rows):
    rows = [list(row) for row in real_rows]
    index = column_of(rows[1], BLOCK_HEADERS[7], nth=2)  # 延べ業務時間 of the third block
    rows[1][index] = "業務時間"
    path = write_book(tmp_path / "block.xlsx", rows)
    with pytest.raises(WorkbookError, match="year block 3") as err:
        read_workbook(path)
    assert (err.value.row, err.value.column) == (2, letter(index))


def test_block_width_checked(tmp_path, real_rows):
    index = column_of(real_rows[1], BLOCK_HEADERS[0], nth=5)
    rows = [row[:index] + row[index + 1 :] for row in real_rows]
    path = write_book(tmp_path / "narrow.xlsx", rows)
    with pytest.raises(WorkbookError, match="expected 6 year blocks of 19 columns") as err:
        read_workbook(path)
    assert err.value.row == 2 and err.value.column == "BT"


def test_empty_rows_skipped_but_not_partly_empty_ones(tmp_path, real_rows):
    header, first, second = real_rows[:2], real_rows[2], real_rows[3]
    blank = [None] * len(first)
    spaces = [" ", "\u3000", *([None] * (len(first) - 2))]
    stray = [None] * len(first)
    stray[20] = "メモ"
    path = write_book(tmp_path / "gaps.xlsx", [*header, first, blank, spaces, second, stray])
    sheets, problems = read_workbook_lenient(path)
    assert [s.source.row for s in sheets] == [3, 6]
    assert [(p.row, p.column) for p in problems] == [(7, "G"), (7, "I")]  # 年度 and 事務事業名 empty


def test_skip_bad_mode(tmp_path, real_rows):
    rows = [list(row) for row in real_rows]
    money = column_of(rows[1], "事業費計  （A）", nth=0)
    rows[2][money] = "abc"
    rows[2][money + 1] = "xyz"  # two problems in one row
    rows[4][column_of(rows[1], "年度")] = "来年"
    path = write_book(tmp_path / "mixed.xlsx", rows)
    sheets, problems = read_workbook_lenient(path)
    assert [s.source.row for s in sheets] == [4]
    assert [(p.row, p.column) for p in problems] == [(3, letter(money)), (3, letter(money + 1)), (5, "G")]
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert (err.value.row, err.value.column) == (3, letter(money))


def test_extra_worksheet(tmp_path, real_rows):
    # The export's worksheet is read by name wherever it stands; other worksheets are ignored.
    path = write_book(tmp_path / "extra.xlsx", real_rows, before="メモ")
    assert len(read_workbook(path)) == len(real_rows) - 2
    with pytest.raises(WorkbookError, match="no such worksheet") as err:
        read_workbook(path, worksheet="集計")
    assert err.value.file == str(path)
    # Without the export's name, the first worksheet is read.
    renamed = write_book(tmp_path / "renamed_sheet.xlsx", real_rows, title="Sheet1")
    assert read_workbook(renamed)[0].source.worksheet == "Sheet1"


def test_not_a_workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text("事務事業ID,事務事業名\n")
    with pytest.raises(WorkbookError, match="not a readable .xlsx workbook") as err:
        read_workbook(path)
    assert err.value.file == str(path)
    with pytest.raises(WorkbookError, match="not a readable"):
        read_workbook(TSUKUBA_TEXT)


def test_labels_defined_once():
    fields = [column.field for column in LABELLED_COLUMNS]
    assert len(fields) == len(set(fields))
    headers = [header_key(column.header) for column in LABELLED_COLUMNS]
    assert len(headers) == len(set(headers))
    assert len(BLOCK_HEADERS) == len(COST_ITEMS) + 9
