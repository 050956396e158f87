"""The 大船渡市 事務事業評価 export: every column of the form, its record field, label and unit, defined once.

The city publishes its whole evaluation as one worksheet, one row per sheet, with the column names in a
header row (row 2 of the real file). Columns are found by those names, compared in ``header_key`` form
so that a line break or a full-width parenthesis in a header does not matter but a renamed column does.
The exception is the six year blocks of costs and indicator values (docs/ofunato.md, "Year blocks"):
their headers repeat the same 19 names six times and never say which year they hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CITY = "大船渡市"
FORM = "ofunato"
MARK = "○"  # how the form marks a project placed in a plan of the city's (実施計画, 総合戦略)
# The export's only worksheet in the published file; any other worksheet is ignored (docs/ofunato.md).
WORKSHEET = "データ集計マクロ用シート"
EXTENSIONS = (".xlsx", ".xlsm")
# The header row is row 2 in the published file; a copy with rows inserted above is still read.
HEADER_SEARCH_ROWS = 10

_SPACE = re.compile(r"\s+")


def header_key(text: object) -> str:
    """A header cell in comparable form: NFKC, no whitespace (``'作成\\n年'`` → ``'作成年'``)."""
    if text is None:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text)))


@dataclass(frozen=True)
class Column:
    """One labelled column: the record field it fills, its header as printed, its label for citing."""

    field: str
    header: str
    label: str


def _columns(*rows: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


# Scalar fields in workbook order. The order matters only for errors: a missing header is reported at
# the column right after the previous field's, where a renamed column would stand.
BASIC_COLUMNS = _columns(
    ("sheet_no", "No.", "No."),
    ("created_year", "作成\n年", "作成年"),
    ("created_month", "作成\n月", "作成月"),
    ("created_day", "作成\n日", "作成日"),
    ("evaluation_year", "年度", "年度"),
    ("project_id", "事務事業ID", "事務事業ID"),
    ("name", "事務事業名", "事務事業名"),
    ("basic_project_id", "基本事業ID", "基本事業ID"),
    ("policy_tens", "政策番号\n十の位", "政策番号"),
    ("policy_ones", "政策番号\n一の位", "政策番号"),
    ("policy_name", "政策名", "政策名"),
    ("measure_tens", "施策番号\n十の位", "施策番号"),
    ("measure_ones", "施策番号\n一の位", "施策番号"),
    ("measure_name", "施策名", "施策名"),
    ("basic_project_tens", "基本事業番号\n十の位", "基本事業番号"),
    ("basic_project_ones", "基本事業番号\n一の位", "基本事業番号"),
    ("basic_project_name", "基本事業名", "基本事業名"),
    ("legal_basis", "根拠法令", "根拠法令"),
    ("department", "部課名", "部課名"),
    ("section", "係名", "係名"),
    ("implementation_plan", "実施\n計画", "実施計画"),
    ("strategy", "総合戦略", "総合戦略"),
    ("period_kind", "事業期間（区分）", "事業期間（区分）"),
    ("period_start", "事業期間（期間（始期））", "事業期間（始期）"),
    ("period_end", "事業期間（期間（終期））", "事業期間（終期）"),
    ("budget_account", "予算科目\n（会計）", "予算科目（会計）"),
    ("budget_chapter", "予算科目\n（款）", "予算科目（款）"),
    ("budget_section", "予算科目（項）", "予算科目（項）"),
    ("budget_item", "予算科目\n（目）", "予算科目（目）"),
    ("budget_project", "予算科目\n（事業）", "予算科目（事業）"),
    ("category", "事務事業区分", "事務事業区分"),
    ("overview", "事務事業の概要（具体的なやり方、手順、詳細。期間限定複数年度事業は全体像を記述）", "事務事業の概要"),
)
BUDGET_PARTS = {
    "budget_account": "会計",
    "budget_chapter": "款",
    "budget_section": "項",
    "budget_item": "目",
    "budget_project": "事業",
}

# Cost rows, in the order of each year block: key → (label as printed, unit). The units are not printed in
# the export; 千円 follows from 人件費計 = 4 × 延べ業務時間 in every block (4,000 円 an hour).
COST_ITEMS: dict[str, tuple[str, str]] = {
    "national": ("国庫支出金", "千円"),
    "prefectural": ("都道府県支出金", "千円"),
    "bonds": ("地方債", "千円"),
    "other": ("その他", "千円"),
    "general_fund": ("一般財源", "千円"),
    "project_cost": ("事業費計", "千円"),
    "staff": ("正規職員従事人数", "人"),
    "work_hours": ("延べ業務時間", "時間"),
    "personnel_cost": ("人件費計", "千円"),
    "total_cost": ("トータルコスト", "千円"),
}
# The same rows in the 全体計画 (fixed-term projects' whole plan) columns. The last is headed トータルコスト
# alone, not 全体計画（トータルコスト）.
OVERALL_PLAN_COLUMNS = tuple(
    Column(
        f"plan_{key}",
        label if key == "total_cost" else f"全体計画\n（{label}）",
        f"全体計画（{label}）",
    )
    for key, (label, _) in COST_ITEMS.items()
)

NARRATIVE_COLUMNS = _columns(
    ("means_last_year", "① 手段（主な活動）\n前年度実績（前年度に行った主な活動）", "手段（前年度実績）"),
    ("means_this_year", "① 手段（主な活動）\n今年度計画（今年度に計画している主な活動）", "手段（今年度計画）"),
    ("target", "② 対象（誰、何を対象にしているのか）＊人や自然資源等", "対象"),
    ("intent", "③ 意図（この事業によって、対象をどう変えるのか）", "意図"),
    ("result", "④ 結果（基本事業の意図：上位の基本事業にどのように貢献するのか）", "結果"),
)


@dataclass(frozen=True)
class IndicatorSlot:
    """One of the nine indicator places: its kind, letter and the headers of its name, unit and values."""

    kind: str
    letter: str
    group_header: str
    value_header: str

    @property
    def kind_label(self) -> str:
        return f"{self.kind}指標"

    @property
    def name_column(self) -> Column:
        return Column(
            f"indicator_{self.letter}_name",
            f"{self.group_header}\n{self.letter}：名称",
            f"{self.kind_label}{self.letter}（名称）",
        )

    @property
    def unit_column(self) -> Column:
        return Column(
            f"indicator_{self.letter}_unit",
            f"{self.group_header}\n{self.letter}：単位",
            f"{self.kind_label}{self.letter}（単位）",
        )


_INDICATOR_GROUPS = (
    ("活動", "⑤ 活動指標（事務事業の活動量を表す指標）", "⑤活動指標", "アイウ"),
    ("対象", "⑥ 対象指標（対象の大きさを表す指標）", "⑥対象指標", "カキク"),
    ("成果", "⑦ 成果指標（対象における意図の達成度を表す指標）", "⑦成果指標", "サシス"),
)
INDICATOR_SLOTS = tuple(
    IndicatorSlot(kind, letter, group, f"{short}\n{letter}")
    for kind, group, short, letters in _INDICATOR_GROUPS
    for letter in letters
)
INDICATOR_COLUMNS = tuple(column for slot in INDICATOR_SLOTS for column in (slot.name_column, slot.unit_column))
# The form has no target (目標値) column: indicators carry actual and planned values only.
NO_TARGETS_NOTE = "この様式には目標値の欄がない (the form has no target column)"

# Each year block: the ten cost rows, then the nine indicator values, under these printed headers.
BLOCK_HEADERS: tuple[str, ...] = (
    "国庫支出金",
    "都道府県支出金",
    "地方債",
    "その他",
    "一般財源",
    "事業費計  （A）",
    "正規職員従事人数",
    "延べ業務時間",
    "人件費計  (B)",
    "トータルコスト(A)＋(B)",
    *(slot.value_header for slot in INDICATOR_SLOTS),
)
BLOCK_WIDTH = len(BLOCK_HEADERS)
BLOCK_COUNT = 6
# Year rule (docs/ofunato.md, "Year blocks"): the blocks are the five years before the evaluation year
# (actuals) and the evaluation year itself (its plan), oldest first. For 令和7年度 that is R02…R07.
# The export does not say so; the tests check it on fixed-term projects.
ACTUAL_YEARS_BEFORE = BLOCK_COUNT - 1

BACKGROUND_COLUMNS = _columns(
    ("origin", "① この事務事業を開始したきっかけは何か？いつ頃どんな経緯で開始されたのか？", "きっかけ"),
    (
        "change",
        "② 事務事業を取り巻く状況（対象者や根拠法令等）は、開始時期あるいは後期基本計画策定時と比べてどう変わったのか？",
        "状況の変化",
    ),
    (
        "stakeholder_views",
        "③ この事務事業に対して関係者（住民、議会、事業対象者、利害関係者等）からどんな意見や要望が寄せられているか？",
        "関係者の意見・要望",
    ),
)

# The eight 評価項目: label as printed, then the question heading its reason column.
EVALUATION_ITEMS: tuple[tuple[str, str], ...] = (
    ("① 政策体系との整合性", "この事務事業の目的は当市の政策体系に結びつくか？意図することが結果に結びついているか？"),
    ("② 公共関与の妥当性", "なぜこの事業を当市が行わなければならないのか？税金を投入して、達成する目的か？"),
    ("③ 対象・意図の妥当性", "対象を限定・追加すべきか？意図を限定・拡充すべきか？"),
    (
        "④ 成果の向上余地",
        "成果を向上させる余地はあるか？成果の現状水準とあるべき水準との差異はないか？何が原因で成果向上が期待できないのか？",
    ),
    ("⑤ 廃止・休止の成果への影響", "事務事業を廃止・休止した場合の影響の有無とその内容は？"),
    ("⑥ 事業費の削減余地", "成果を下げずに事業費を削減できないか？（仕様や工法の適正化、住民の協力など）"),
    (
        "⑦ 人件費（延べ業務時間）の削減余地",
        "やり方を工夫して延べ業務時間を削減できないか？成果を下げずにより正職員以外の職員や委託でできないか？（アウトソーシングなど）",
    ),
    (
        "⑧ 受益機会・費用負担の適正化余地",
        "事業の内容が一部の受益者に偏っていて不公平ではないか？受益者負担が公平・公正になっているか？",
    ),
)
EVALUATION_COLUMNS = tuple(
    column
    for number, (label, question) in enumerate(EVALUATION_ITEMS, start=1)
    for column in (
        Column(f"evaluation_{number}_judgement", label, label[2:]),
        Column(f"evaluation_{number}_reason", question, f"{label[2:]}（理由）"),
    )
)

DIRECTION_COLUMNS = _columns(
    ("improvement_direction", "(1) 改革改善の方向性", "改革改善の方向性"),
    ("expected_outcome", "(2) 改革・改善による期待成果\n（成果）", "期待成果（成果）"),
    ("expected_cost", "(2) 改革・改善による期待成果\n（コスト）", "期待成果（コスト）"),
    ("issues", "(3) 改革改善を実現する上で解決すべき課題とその解決策又は特記事項等", "課題と解決策"),
    ("future_direction", "４\u3000課長等意見\n(1) 今後の方向性", "今後の方向性"),
    ("summary", "(2) 全体総括・今後の改革改善の内容", "全体総括"),
)
# 方向性 in the city's words, by the number printed before them ("１　現状維持"). 2 is printed
# "改革改善（縮小・統合含む）"; the record keeps that text as printed.
DIRECTIONS = {1: "現状維持", 2: "改革改善", 3: "終了・廃止・休止"}

# Columns before the year blocks, then after them: every labelled column the importer reads.
COLUMNS_BEFORE_BLOCKS = (*BASIC_COLUMNS, *OVERALL_PLAN_COLUMNS, *NARRATIVE_COLUMNS, *INDICATOR_COLUMNS)
COLUMNS_AFTER_BLOCKS = (*BACKGROUND_COLUMNS, *EVALUATION_COLUMNS, *DIRECTION_COLUMNS)
LABELLED_COLUMNS = (*COLUMNS_BEFORE_BLOCKS, *COLUMNS_AFTER_BLOCKS)
LABELS = {column.field: column.label for column in LABELLED_COLUMNS}
# Emptied in the published copy (staff names and telephone numbers): known, never read, not required.
IGNORED_HEADERS = ("課長名", "担当者", "電話", "内線")
# Headers that make a row the header row, and a workbook this form (``is_ofunato_workbook``).
SIGNATURE_FIELDS = ("evaluation_year", "project_id", "name", "basic_project_id", "period_kind", "future_direction")
