"""The catalogue: every field of the table, with its label as printed, an English label, unit and synonyms.

It is generated from the table's schema (``index.table.SCHEMA``, read with SQLite itself) and the sheet
model's label maps (``index.model``, ``index.parse``): a column added to the schema is in the catalogue as
soon as it has labels. The English words and synonyms are declared once, in ``WORDS``; a field without an
entry there still appears (with its printed label), and a test reports the gap. Nothing here names a
project: the vocabulary is the sheet form's.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass, replace

from jimuqa.index import ofunato_form
from jimuqa.index.model import (
    BASIC_INFO_LABELS,
    COST_ITEMS,
    COST_UNITS,
    EVALUATION_FIELDS,
    INDICATOR_TYPES,
    PARTICIPATION_FIELDS,
)
from jimuqa.index.model import FORM as TSUKUBA
from jimuqa.index.ofunato_table import SHARED_FIELDS
from jimuqa.index.parse import INDICATOR_LABELS, OVERVIEW_LABELS, RESULTS_LABELS
from jimuqa.index.section_text import NOT_REPORTED
from jimuqa.index.table import SCHEMA
from jimuqa.index.values import MET, MISSED, NO_TARGET, NOT_RECORDED, STATUSES

# Kinds of value a field holds.
NUMBER, TEXT, SCORE, GOAL, STATUS = "number", "text", "score", "goal", "status"
# The 17 Sustainable Development Goals by their English titles (the sheets print the Japanese ones): the form's
# SDG field names its values so.
SDG_TITLES_EN = (
    "no poverty", "zero hunger", "good health and well-being", "quality education", "gender equality",
    "clean water and sanitation", "affordable and clean energy", "decent work and economic growth",
    "industry, innovation and infrastructure", "reduced inequalities", "sustainable cities and communities",
    "responsible consumption and production", "climate action", "life below water", "life on land",
    "peace, justice and strong institutions", "partnerships for the goals",
)
NUMERIC_KINDS = (NUMBER, SCORE)

# Columns that identify or locate a row rather than hold one of the sheet's fields.
_KEY_COLUMNS = {"id", "sheet_id", "year", "printed", "file", "first_line", "last_line", "no", "indicator_no", "line",
                "form", "worksheet"}  # fmt: skip
_INDICATOR_TABLES = ("indicators", "indicator_values")
# Tables with one row per field (``field`` column): the field list comes from the model's label map.
_ROW_FIELDS = {"evaluations": EVALUATION_FIELDS, "participation": PARTICIPATION_FIELDS}

# Printed labels of fields whose label map is not in ``index.model``: the rest are taken from the model.
_LABELS_PRINTED_ELSEWHERE = {
    "number": "事業番号",
    "name": "事務事業名",
    "city": "市町村",  # not printed on the sheets: the importer gives it (index.importers)
    "fiscal_year": "会計年度",
    "issues_business": "課題（業務）",
    "issues_org_budget": "課題（組織、予算等）",
    "direction": "方向性",
    "reason": "理由",
    "indicator_name": INDICATOR_LABELS[0],
    "indicator_target": INDICATOR_LABELS[1],
    "indicator_actual": INDICATOR_LABELS[2],
    "indicator_description": INDICATOR_LABELS[3],
    "indicator_unit": "単位",
    "indicator_type": "指標の種類",
    "indicator_status": "達成状況",
}
PRINTED_LABELS: dict[str, str] = {
    **BASIC_INFO_LABELS,
    **{name: label for label, name in OVERVIEW_LABELS.items()},
    **{name: label for label, name in RESULTS_LABELS.items()},
    **COST_ITEMS,
    **EVALUATION_FIELDS,
    **PARTICIPATION_FIELDS,
    **_LABELS_PRINTED_ELSEWHERE,
}

# The national government and the prefecture said together: on 大船渡's form, two rows (国庫支出金, 都道府県支出金).
STATE_AND_PREFECTURE = ("国や県", "国とか県", "国と県", "国・県", "国や県のお金", "国と県のお金", "国・県のお金")
NATIONAL, PREFECTURAL = ("国のお金", "国の補助"), ("県のお金", "県の補助")  # the rows' everyday words
CITY_MONEY_EN = ("city money", "city's own money", "city's own funds", "city funds", "own funds", "general budget",
                 "general revenues", "general funds")  # 一般財源's
CITY_MONEY_JA = ("市のお金", "市の財源", "市費", "市の持ち出し", "市独自の財源")  # 一般財源's everyday words
# Whether a project still runs, or stops (「止めちゃうの？」), asked: its future direction answers (継続, or 終了 and when)
# a project not carried on, said with 続ける negated (「なんで続けないの」)
_NOT_GOING_ON = ("続けない", "続けず", "継続しない", "継続せず")
_STOPS = tuple(f"{stop}{ending}" for stop in ("止め", "やめ") for ending in ("る", "ちゃう", "てしまう", "ます"))
STILL_GOING = (("今もやって", "まだやって", "今も続いて", "まだ続いて", *_STOPS),
               ("still running", "still going", "still around", "still being run", "still in operation"))
# Money planned for a purpose, in English (a budget, the plan year's 事業費)
BUDGETED_EN = ("budgeted", "budgeting", "allocation", "allocated", "lined up", "set aside", "earmarked", "penciled in", "pencilled in")
# What did not go well, in everyday words: a project's issues (課題).
DOWNSIDES = ("downside", "downsides", "drawback", "drawbacks", "shortcoming", "shortcomings")
NOT_GOING_WELL = ("うまくいってない点", "うまくいっていない点", "うまくいってない", "うまくいっていない", "うまくいかない")

# The English words of personnel costs, one field on each form ("the total cost including labor")
PERSONNEL_EN = ("personnel", "staff cost", "labour cost", "labor cost", "labor", "labour", "spend on staff",
                "spent on staff", "spending on staff", "staffing cost", "personnel expenses", "cost in staff",
                "costs in staff", "cost of staff", "cost of the staff", "cost in people")
def evaluation_key(item: int) -> str:
    """The key of 大船渡's evaluation item ``item`` (1–8, as the form numbers them: ④ 成果の向上余地)."""
    return f"ofunato_evaluation_{item}"


# Field → (English label, Japanese synonyms, English synonyms). Words of the form, not of any one corpus.
WORDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "number": ("project number", ("事業番号", "番号", "ID"), ("number", "sheet number", "id", "ids", "project id",
                                                         "project ids", "sheet id", "sheet ids")),
    "name": ("project name", ("事業名", "名称"), ("name", "title")),
    "fiscal_year": ("fiscal year of the sheet", ("年度", "対象年度"), ("sheet year",)),
    # (not "cities": a project's one municipality is asked in the singular; "its work with overseas cities" is no ask)
    "city": ("municipality", ("自治体", "市町村名"), ("local government", "city")),
    "budget_code": ("budget code", ("科目",), ("budget item", "account code", "budget account code")),
    # (asked by the unit itself: 「どこの課が担当」「どの係」)
    "department": ("department", ("部課", "担当課", "所管", "部署", "どこの課", "どの課", "何課"),
                   ("division", "office", "dept")),
    "section": ("team (係)", ("係", "担当係", "係名", "担当係名", "部署", "どこの係", "どの係", "何係"), ("team", "unit",
                                                                                     "section")),
    "mayor_pledge": ("mayor's pledge", ("公約",), ("pledge",)),
    "strategy_plan": ("strategy plan", ("戦略",), ("strategic plan",)),
    "new_or_continuing": ("new or continuing", ("新規", "継続", "新しく始ま"), ("new", "continuing")),
    "category": ("category", ("分類", "自治事務", "法定受託事務"), ("classification",)),
    "structure": ("delivery", ("体制", "委託", "職員のみ"), ("outsourcing", "contracted")),
    "individual_plan": ("sector plan", ("計画",), ("individual plan",)),
    "legal_basis": ("legal basis", ("根拠", "法令", "法律", "条例", "要綱", "規則"), ("law", "statute", "legal basis", "ordinance",
                                                                   "rules", "regulations", "guidelines")),
    "period": ("period", ("期間", "毎年度", "単年度"), ("duration",)),
    "sdgs": ("SDG goals", ("SDG", "持続可能な開発目標", "SDGsの目標", "SDGの目標", "SDGs目標", "SDGsのどの目標", "SDGのどの目標",
                          "SDGsのゴール", "SDGのゴール", "SDGsのどのゴール", "SDGのどのゴール"),
             ("SDG", "sustainable development goal", "SDG goal", "UN sustainable development goal", "UN SDG")),
    "target": ("who it serves", ("対象者", "誰向け", "誰のため", "誰がもらえる", "誰が受けられる", "誰が使える", "誰が利用でき"),
               ("target group", "audience", "who it is for", "who is it for", "for whom", "aimed at", "targeted at",
                "intended for", "meant for", "eligible", "eligibility", "who can get", "who could get", "who gets",
                "who can apply", "who could apply", "who qualifies", "who can receive", "who can use")),
    "purpose": ("purpose", ("ねらい", "狙い", "狙っ", "狙う", "何のため", "目指", "目指し", "目指す"), ("aim", "goal", "trying to achieve", "try to achieve", "trying to do",
                                                         "the point of", "aims to", "aiming to", "meant to", "intended to")),
    # (「何をやっているの」, in the present, is what it does; 「何をやった」「何をしてた」 what was done, its results)
    "overview": ("what it does", ("取組内容", "内容", "どんなことを", "どんなことやっ", "何をやっている", "何をやってる",
                                  "何をしている", "何をしてる", "なにをやっている", "なにをやってる", "なにをしている",
                                  "なにをしてる"),
                 ("overview", "activities", "what does it do", "what do they do", "how is it run", "how are they run",
                  "how does it work", "what does it involve", "what does it actually involve", "day to day")),
    "response_to_previous": ("response to last year's issues", ("前年度の課題",), ("follow-up",)),
    # what was done, said in the past (「何をしたの」); 「どんなことをする事業」, in the present, is its overview
    "results": ("results", ("実績", "成果", "どんなことをした", "どんなことをやった", "どんなことした", "どんなことやった",
                            "何をした", "何をやった", "なにをした",
                            "なにをやった"), ("achievements", "outcomes", "what did it do", "what did they do")),
    "issues_business": ("issues (operations)", ("業務の課題", "業務上の課題", "業務面の課題", *NOT_GOING_WELL),
                        ("operational issues",)),
    "issues_org_budget": ("issues (organisation, budget)",
                          (*(f"{a}{n}" for a in ("予算の", "予算面の", "予算上の", "組織の", "お金の", "財源の")
                             for n in ("課題", "問題")), *NOT_GOING_WELL),
                          tuple(f"{a} {n}" for a in ("budget", "budgetary", "money", "funding", "financial",
                                                     "organisational", "organizational", "staffing")
                                for n in ("issue", "issues", "problem", "problems", "challenge", "challenges"))),
    # (直す: to put right, 改善's everyday word)
    "improvement_goal": ("improvement goal", ("改善", "直す", "直し"), ("improvement", "improvements", "improve", "improving", "improved")),
    "direction": ("future direction", ("今後", "方針", "方向", "続く", "続ける", "この先", *STILL_GOING[0]),
                  ("direction", *STILL_GOING[1])),
    "reason": ("reason", ("なぜ", "なんで"), ("why",)),
    "budget": ("budget", ("予算",), BUDGETED_EN),
    "settlement": ("settled amount", ("決算", "支出", "使った額", "お金", "使われた", "使った", "使ってた", "使っていた", "使えた", "いくらかか", "いくら使っ",
                                      "経費", "払っ", "払う", "支払"), ("settlement", "spending", "spent", "expenditure",
                                                                 "actual spending", "spend", "settled", "expenses", "cost",
                                                                 "price tag", "pay", "paid", "payments")),
    "general_fund": ("general revenue", ("一般財源", *CITY_MONEY_JA), ("general fund", *CITY_MONEY_EN)),
    "national_prefectural": ("national/prefectural funds and bonds", ("国庫", "県支出金", "国庫支出金", "国県支出金", "支出金", "地方債", "国から", "県から",
                                                                         *STATE_AND_PREFECTURE, *NATIONAL, *PREFECTURAL),
                             ("subsidies", "national/prefectural", "national and prefectural", "national or prefectural",
                              "national government", "central government", "prefecture", "prefectural government",
                              "national funding", "national funds", "national money", "national grants",
                              "prefectural funding", "prefectural funds", "bonds", "local bonds")),
    "other": ("other sources", ("その他の財源",), ("other funding", "other revenue", "other revenues")),
    "personnel_cost_total": ("personnel costs", ("人件費",), PERSONNEL_EN),
    "staff_ratio": ("regular staff assigned", ("従事割合", "職員数", "何人分"), ("FTE", "staff", "full-time staff", "regular staff", "regular-staff fte",
                                                                           "staff member", "full-time staff member", "full-time employee", "full-time equivalent", "full-time staff equivalent", "staff time", "headcount",
                                                                           "staff headcount", "staff share", "staffing", "staffing level",
                                                                           "staff allocation", "full-time staff allocation")),
    "overtime_hours": ("regular staff overtime", ("時間外", "時間外勤務", "残業"), ("overtime", "overtime hours",
                                                                          "staff overtime hours")),
    "part_time": ("fiscal-year appointed staff", ("会計年度任用職員",), ("part-time staff",)),
    "citizen_needs": ("citizen needs", ("ニーズ", "市民ニーズ", "需要", "市民の要望", "市民からの要望", "市民要望"), ("needs", "civic needs", "residents' needs",
                                                                  "citizen demand", "public demand", "demand")),
    "progress": ("progress", ("進捗", "進み具合"), ("progress score",)),
    # 「市が関わるべきか」: how far the city should be involved; 「…に関わる事業」 is only "related to"
    "city_involvement": ("city involvement", ("関与", "関わるべき", "かかわるべき"), ("involvement", "needs to be involved",
                                                                           "need to be involved", "should be involved")),
    "priority": ("priority", ("優先", "優先順位"), ("priority score",)),
    "sharing": ("sharing and understanding", ("共有", "理解"), ("sharing",)),
    "planning": ("planning", ("企画", "立案", "計画"), ("design",)),
    "implementation": ("implementation", ("実行", "実施"), ("delivery",)),
    "assessment": ("assessment", ("評価", "検証"), ("evaluation", "review")),
    "indicator_name": ("indicator", ("指標",), ("KPI", "indicator")),
    # ("aim for" a number is the target; "aim to" do something, the purpose)
    "indicator_target": ("target", ("目標", "目標値"), ("goal", "target value", "aim for", "aimed for", "aiming for")),
    "indicator_actual": ("actual", ("実績値", "実績", "結果", "実際の件数", "実際の数", "実際の値", "実際の人数", "実際の回数"), ("result", "achieved", "actually get", "actually got",
                                                       "actually reached", "actually achieved", "actually happened",
                                                       "actually carried out", "actually held", "actually done",
                                                       "end up with", "ended up with")),
    "indicator_description": ("indicator description", ("指標の説明",), ("definition",)),
    "indicator_unit": ("indicator unit", ("単位",), ("unit",)),
    "indicator_type": ("indicator kind", ("活動結果指標", "成果指標"), ("activity indicator", "outcome indicator")),
    # ("how did it do on its indicator": how it went against the target)
    "indicator_status": ("attainment", ("達成", "未達成", "未達"), ("met", "missed", "achieved", "do on its", "did on its",
                                                                 "does on its", "perform on its", "performed on its",
                                                                 "fare on its", "fared on its")),
    # 大船渡市's form (index.ofunato_form): its cost rows, indicators and 方向性.
    "ofunato_national": ("national subsidies", ("国庫", "国から", "国費", *STATE_AND_PREFECTURE, *NATIONAL),
                         ("national", "national funds", "national subsidy", "national grant", "national treasury", "treasury",
                          "national government subsidy", "national government funding", "national government money",
                          "national government funds", "national money", "money from the national government",
                          "national government", "central government")),
    "ofunato_prefectural": ("prefectural subsidies", ("県支出金", "県費", "県から", *STATE_AND_PREFECTURE, *PREFECTURAL), ("prefectural", "prefectural funds", "prefectural funding",
                                                                                  "prefectural money", "prefectural subsidy",
                                                                                  "prefecture", "prefectural government")),
    "ofunato_bonds": ("local bonds", ("起債", "借金", "市債"), ("bonds", "municipal bonds", "bond issues", "bond issue", "bonds issued",
                                                  "borrowing", "borrowed money", "borrowed", "debt", "debt-financed")),
    "ofunato_other": ("other sources", ("その他の財源",), ("other funding", "other revenue", "other income")),
    "ofunato_general_fund": ("general revenue", ("一般財源", *CITY_MONEY_JA), ("general fund", *CITY_MONEY_EN)),
    # 大船渡's form prints no 予算額: its 事業費計 of the evaluation year is the plan, the budget asked about
    "ofunato_project_cost": ("project cost", ("事業費", "お金", "使われた", "使った", "使ってた", "使っていた", "使い", "支出", "支出額", "予算", "決算",
                                              "いくらかか", "いくら使っ", "経費", "払っ", "払う", "支払"), ("project costs", "programme cost", "direct cost",
                                                              "direct costs", "direct spending", "direct project spending",
                                                              "spending", "spent", "expenditure", "spend", "cost",
                                                              "price tag", "pay", "paid", "payments", "budget", *BUDGETED_EN)),
    "ofunato_staff": ("regular staff assigned", ("職員数", "従事人数", "正職員", "正規職員"), ("staff", "staff numbers", "regular staff", "employees",
                                                                  "staff member", "staff members", "regular staff member",
                                                                  "regular staff members", "regular city staff", "full-time staff", "full-time city staff", "headcount",
                                                                  "staff headcount", "staffing", "staffing level")),
    "ofunato_work_hours": ("staff hours", ("業務時間", "職員の延べ業務時間", "職員の業務時間", "延べ時間", "作業時間"), ("working hours", "work hours",
                                                                                  "staff time", "work time", "working time")),
    "ofunato_personnel_cost": ("personnel costs", ("人件費",), PERSONNEL_EN),
    "ofunato_total_cost": ("total cost", ("総コスト", "トータル"), ("full cost",)),
    "ofunato_indicator_name": ("indicator", ("指標",), ("KPI", "indicator")),
    "ofunato_indicator_unit": ("indicator unit", ("単位",), ("unit",)),
    "ofunato_indicator_kind": ("indicator kind", ("指標の種類",), ("indicator type",)),
    "ofunato_indicator_value": ("indicator value", ("指標の値", "実績", "実績値"), ("indicator values", "actual")),
    "ofunato_improvement_direction": ("direction of reform", ("改革改善",), ("reform direction",)),
    "ofunato_future_direction": ("future direction", ("今後", "これから", "この先", "方向性", "方向", "方針", "課長等意見", "課長の意見", "課長意見", "課長",
                                                      "課長のコメント", "課長コメント", "続く", "続ける",
                                                      *STILL_GOING[0]),
                                 ("direction", "future", "going forward", "section chief's opinion",
                                  "section chiefs' opinion", "section chief's view", "section chief's comment", "section chief",
                                  "section chiefs", "section chiefs' comments", "section chief's comments", "chief's",
                                  "chiefs'", "division chief", "division chiefs", "section heads' opinion", "section head's opinion",
                                  "section heads", "section head", "division heads", "division head", "managers",
                                  "department head's opinion", "department head's final opinion", "head's opinion",
                                  "department head", "department heads", "chief", "chiefs", "verdict", "final verdict",
                                  "section chief's verdict", "chief's verdict", "chief's opinion", "chiefs' opinion",
                                  "chief's view", *STILL_GOING[1])),
    # 大船渡市's text columns (index.ofunato_form): what it did and plans, why, its background, its judgements.
    "ofunato_means_last_year": ("what it did last year", ("前年度実績", "何をした", "何をやった", "行った", "どんなことをした",
                                                          "どんなことをやった", "どんなことした", "どんなことやった"),
                                ("last year's activities", "did last year", "what did it do", "what did they do")),
    "ofunato_means_this_year": ("this year's plan", ("今年度計画", "今年度の活動", "今年度の計画"),
                                ("this year's plan", "plans this year", "planned this year")),
    "ofunato_intent": ("intended change", ("意図", "ねらい", "狙い", "狙っ", "狙う", "目指", "目指し", "目指す", "目的"),
                       ("intent", "intended", "aim", "purpose")),
    "ofunato_result": ("contribution to the basic project", ("結果",), ("result",)),
    "ofunato_origin": ("how it started", ("きっかけ", "経緯", "始まった"), ("origin", "how it started", "began")),
    "ofunato_change": ("how its situation changed", ("状況の変化",), ("situation", "circumstances")),
    "ofunato_stakeholder_views": ("views and requests", ("意見", "要望", "声", "関係者", "コメント"),
                                  ("views", "requests", "opinions", "feedback", "comments")),
    "ofunato_expected_outcome": ("expected outcome", ("期待成果", "改革改善による期待成果", "改革・改善による期待成果",
                                                     "改革改善の期待成果"),
                                 ("expected outcome",)),
    "ofunato_expected_cost": ("expected cost", ("期待成果（コスト）",), ("expected cost",)),
    "ofunato_issues": ("issues and solutions", ("課題", "解決", "特記事項", *NOT_GOING_WELL), ("issues", "challenges",
                                                                                            "solutions", *DOWNSIDES)),
    "ofunato_summary": ("overall summary", ("総括", "結論"), ("summary", "overall assessment", "conclusion",
                                                                 "conclude", "concluded", "concludes")),
    # (the bare words are its marked value's: 「総合戦略の事業」 is a condition, VALUE_SYNONYMS)
    "ofunato_implementation_plan": ("implementation plan", ("実施計画の位置づけ", "実施計画の位置付け", "実施計画の印"),
                                    ("implementation plan mark", "implementation plan flag")),
    "ofunato_strategy": ("comprehensive strategy", ("総合戦略の位置づけ", "総合戦略の位置付け", "総合戦略の印"),
                         ("comprehensive strategy mark", "comprehensive strategy flag")),
    "ofunato_period_kind": ("period", ("事業期間", "期間"), ("duration", "period")),
    "ofunato_period_start": ("start of the period", ("始期", "いつから", "何年度から", "始まった年", "開始年度"),
                             ("start", "since when", "start year")),
    "ofunato_period_end": ("end of the period", ("終期", "いつまで", "何年度まで", "終了年度"), ("end", "until when",
                                                                                 "end year")),
    "ofunato_category": ("category", ("区分", "分類"), ("category", "classification")),
    "ofunato_policy_name": ("policy", ("政策",), ("policy",)),
    "ofunato_measure_name": ("measure", ("施策",), ("measure",)),
    "ofunato_basic_project_name": ("basic project", ("基本事業",), ("basic project",)),
    **{
        f"{evaluation_key(n)}{suffix}": (f"{en}{suffix_en}", tuple(w + suffix_ja for w in ja),
                                            tuple(w + suffix_en for w in en_words))
        for n, (en, ja, en_words) in enumerate(
            # each item's label as printed (政策体系との整合性), then shorter words for it
            # (「結びついている」 is how the form judges item 1: 「政策体系と結びついてる？」 asks it)
            (("consistency with the policy system", ("政策体系との整合性", "政策体系", "整合性", "結びつ", "結び付"),
              ("policy consistency", "policy framework", "policy system", "fit with")),
             ("appropriateness of public involvement", ("公共関与の妥当性", "公共関与", "市の関与", "行政の関与", "市が関与",
                                                        "市が関わる", "市がやる必要", "市が行う必要", "市がやるべき",
                                                        # (the form's own prompt: なぜこの事業を当市が行わなければならないのか)
                                                        "市が行わなければ", "市がやらなければ", "市の役割"),
              ("public involvement", "city's involvement", "city involvement", "government involvement",
               "public sector involvement", "municipal involvement", "city's job", "city's role", "role of the city",
               "right for the city", "proper for the city")),
             ("appropriateness of target and intent", ("対象・意図の妥当性", "対象・意図"), ("target and intent",)),
             ("room to improve outcomes", ("成果の向上余地", "成果の向上"), ("improve outcomes", "improving outcomes",
                                                                     "room to improve")),
             ("effect of abolition or suspension", ("廃止・休止の成果への影響", "廃止・休止", "廃止したら", "廃止した場合",
                                                    "休止したら", "やめたら", "やめた場合", "やめると"),
              ("abolition", "effect of abolishing", "if it were abolished", "if it were stopped", "if it stopped")),
             ("room to cut project costs", ("事業費の削減余地", "事業費の削減", "事業費を削", "事業費は削", "事業費を減ら",
                                            "事業費は減ら"), ("cut project costs", "cutting costs", "project costs could be cut",
                                                              "costs could be cut", "project costs can be cut",
                                                              "costs can be cut", "room to cut costs")),
             ("room to cut staff hours", ("人件費（延べ業務時間）の削減余地", "人件費の削減", "業務時間の削減", "人件費を削",
                                          "人件費は削", "人件費を減ら", "人件費は減ら", *(f"{hours}{said}" for hours in
                                          ("業務時間", "作業時間") for said in ("を削", "は削", "を減ら", "は減ら"))),
              ("cut staff hours", "cutting staff hours", "reduce staff hours", "cut staff time", "reduce staff time")),
             ("room to make benefit and cost sharing fairer", ("受益機会・費用負担の適正化余地", "受益者負担", "費用負担"),
              ("cost sharing", "fairness"))),
            start=1,
        )  # fmt: skip
        for suffix, suffix_ja, suffix_en in (("", "", ""), ("_reason", "の理由", " (reason)"))
    },
}
# The rows of 市民参加 are a project's stages (共有・理解 → 企画・立案 → 実行 → 評価・検証): a stage said as one
# (「実行の段階で」, "the implementation stage"), and its label with its words joined otherwise (「評価・検証」 for
# 評価、検証).
WORDS.update({
    stage: (en, (*ja, *(f"{w}{said}" for w in ja for said in ("段階", "の段階")),
                 *{PARTICIPATION_FIELDS[stage].replace("、", joint) for joint in ("・", "")} - {PARTICIPATION_FIELDS[stage]}),
            (*en_words, *(f"{w} stage" for w in (en, *en_words))))
    for stage in ("sharing", "planning", "implementation", "assessment")
    for en, ja, en_words in [WORDS[stage]]
})  # fmt: skip
# 大船渡's 全体計画 (a fixed-term project's plan for its whole period) prints each cost item once more, for the
# whole period: the item said of the 全体計画 (「全体計画の事業費」, "the overall plan's project cost").
OVERALL_PLAN = "overall"
# Each cost item's field and the 全体計画's field of the same item (事業費計: 全体計画（事業費計）)
IN_THE_OVERALL_PLAN = {f"ofunato_{key}": f"ofunato_{OVERALL_PLAN}_{key}" for key in ofunato_form.COST_ITEMS}
# (the plan said after the item too, in brackets: 「事業費（全体計画）」, "the overall planned 事業費 (全体計画)")
WORDS.update({
    IN_THE_OVERALL_PLAN[f"ofunato_{key}"]: (
        f"{en} in the overall plan",
        tuple(said for word in (label, *ja) for said in (f"全体計画の{word}", f"全体計画{word}", f"全体計画 {word}",
                                                          f"{word}(全体計画)", f"{word} (全体計画)")),
        (*(f"{plan} {word}" for plan in ("overall plan", "overall plan's", "overall planned", "whole-period",
                                         "whole period", "whole-period planned")
           for word in (en, *en_words, label, *ja)),
         # (and after it: "the project cost over its whole period")
         *(f"{word} {span}" for span in ("over its whole period", "over the whole period", "for the whole period",
                                         "for its whole period", "over the entire period")
           for word in (en, *en_words))),
    )
    for key, (label, _) in ofunato_form.COST_ITEMS.items()
    for en, ja, en_words in [WORDS.get(f"ofunato_{key}", (label, (), ()))]
})  # fmt: skip

# 大船渡市's text columns the catalogue holds (``sheet_fields`` rows), and the section that prints each.
OFUNATO_TEXT_FIELDS = {
    "means_last_year": "means", "means_this_year": "means", "intent": "intent", "result": "intent",
    "origin": "evaluation", "change": "evaluation", "stakeholder_views": "evaluation",
    "expected_outcome": "direction", "expected_cost": "direction", "issues": "direction", "summary": "direction",
    "period_kind": "basic_info", "period_start": "basic_info", "period_end": "basic_info", "category": "basic_info",
    "policy_name": "basic_info", "measure_name": "basic_info", "basic_project_name": "basic_info",
}  # fmt: skip

# 大船渡's marks (○) of a project placed in one of the city's plans (実施計画, 総合戦略): 1 marked, 0 not.
OFUNATO_MARKS = ("implementation_plan", "strategy")
# Values a field stores as numbers that its sheet prints as marks (and a blank as its section prints one)
PRINTED_VALUES: dict[str, dict[object, str]] = {
    f"ofunato_{mark}": {1: ofunato_form.MARK, 0: NOT_REPORTED} for mark in OFUNATO_MARKS
}

# Units as English questions say them after "how many" ("how many hours": a field printed in 時間).
UNIT_WORDS_EN: dict[str, tuple[str, ...]] = {"時間": ("hours", "hour"), "千円": ("thousand yen",)}

# Fields whose values the form prints after a letter (事務事業区分: Ｄ 補助金等): the letter said with the value is it
CODED_VALUES = ("ofunato_category",)
# The words for values of closed vocabularies, where English differs from the printed value.
VALUE_WORDS: dict[str, dict[object, tuple[str, str]]] = {
    "indicator_status": {
        MET: ("達成", "met"),
        MISSED: ("未達成", "missed"),
        NO_TARGET: ("目標設定なし", "no target set"),
        NOT_RECORDED: ("実績未記録", "not yet recorded"),
    },
    "indicator_type": dict(zip(INDICATOR_TYPES, (("活動結果指標", "activity"), ("成果指標", "outcome")), strict=True)),
    "new_or_continuing": {"新規": ("新規", "new"), "継続": ("継続", "continuing")},
    "direction": {"継続": ("継続", "continuing"), "終了": ("終了", "ending"), "拡充": ("拡充", "expanding")},
    # 今後の方向性 (the 課長等意見's decision) takes the bare words; 改革改善の方向性 shares them, so a question
    # means it only by naming it (its values are no words of their own).
    "ofunato_indicator_kind": {label: (label, f"{kind_en} indicator") for label, kind_en in
                               zip(("活動指標", "対象指標", "成果指標"), ("activity", "target", "outcome"), strict=True)},
    "ofunato_future_direction": dict(
        zip(
            ofunato_form.DIRECTIONS.values(),
            (("現状維持", "unchanged"), ("改革改善", "reform"), ("終了・廃止・休止", "ended, abolished or suspended")),
            strict=True,
        )
    ),
    **{f"ofunato_{mark}": {1: (ofunato_form.MARK, f"marked {ofunato_form.MARK}"), 0: (f"{ofunato_form.MARK}なし", "not marked")}
       for mark in OFUNATO_MARKS},
}

# 大船渡's kinds of project (事務事業区分) in English; not 一般 ("general" is the fund's)
CATEGORY_WORDS_EN: dict[str, tuple[str, ...]] = {
    "補助金等": ("subsidy-type", "subsidy type", "grant-type"),
    "政策事業": ("policy project", "policy projects", "policy-type", "policy type"),
    "施設管理": ("facility management", "facility-management"),
    "施設整備": ("facility construction", "facility building", "facility-building"),
}
# 大船渡's judgements of its evaluation items (the choices its form prints) in English: which item each is a
# judgement of, the table says. (Not 向上余地がある or 削減余地がある: "room to improve", "cut costs" name the items.)
JUDGEMENT_WORDS_EN: dict[str, tuple[str, ...]] = {
    "結びついている": ("linked to the policy system", "tied to the policy system", "consistent with the policy system"),
    "見直し余地がある": ("room for review", "could be reviewed", "needs review", "needs reviewing", "should be reviewed",
                     "review needed", "open to review", "room to review", "could be reconsidered",
                     "should be reconsidered", "needs reconsidering", "room to reconsider", "open to reconsideration"),
    "妥当である": ("appropriate", "valid", "justified", "warranted"),
    "適切である": ("appropriate", "suitable", "proper"),
    "向上余地がない": ("no room to improve", "no room for improvement", "no room to improve results",
                   "no room to improve outcomes"),
    "影響がある": ("an impact", "would have an impact", "would affect results"),
    "影響がない": ("no impact", "no effect", "not affect", "no impact on results", "no effect on results",
               "no impact on outcomes", "no effect on outcomes", "no impact on the results"),
    "削減余地がない": ("no room to cut",),
    "公平・公正である": ("fair", "equitable"),
}  # fmt: skip

# Words for points of a score's scale, as the form prints them beside each point (進捗状況: 4「年度当初の計画通りに
# 事業を実施することができた」, 3「やや遅れたが、今年度の事業計画は達成された」, 2「計画から遅れている（未達成）」): the
# parser's only, a condition that the score is one of them. Behind the plan is 2 or below; delayed at all, 3 too.
# (Not 遅れ alone: 「遅れているのはなぜ？」 of one project asks the passages why, not its score; the Japanese words are
# whole phrases.)
SCALE_WORDS: dict[str, dict[tuple[int, ...], tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "progress": {
        (4,): (("計画通り", "予定通り"), ("on schedule", "on plan", "according to plan", "as planned", "on track")),
        (1, 2): (("計画より遅れ", "計画から遅れ", "予定より遅れ", "進捗が遅れ", "進捗の遅れ", "遅れている事業", "遅れてる事業",
                  *(f"{plan}より遅れ{verb}事業" for plan in ("計画", "予定") for verb in ("ている", "てる"))),
                 ("behind schedule", "behind plan", "running late", "off track")),
        (1, 2, 3): (("遅れた事業", "やや遅れ"), ("delayed",)),
    },
}


def scale_points(question: str) -> set[int]:
    """The points of a scale the question says in words ("behind schedule": 1 and 2): what its reading restates."""
    text = question.lower()
    return {point for scale in SCALE_WORDS.values() for points, (ja, en) in scale.items()
            if any(word.lower() in text for word in (*ja, *en)) for point in points}  # fmt: skip


# Other words a question may use for a value (the parser's only: answers say the value in ``VALUE_WORDS``).
# A project of a fixed span of years (期間限定複数年度), on either form
_FIXED_TERM = (("期間限定", "複数年度", "複数年", "期間を区切", "期間が決まって", "期間が限られ"),
               ("multi-year", "multiyear", "fixed-term", "time-limited", "limited-term"))
VALUE_SYNONYMS: dict[str, dict[object, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "indicator_status": {
        MET: (("クリア",), ("meet", "hit", "reach", "reached", "beat", "beaten")),
        # (not reached, said in any tense: 「届いていない」「達しなかった」; after a number, less than it)
        MISSED: (("届かなかった", "届いていない", "届いてない", "届かない", "達しなかった", "達していない", "達してない",
                  "下回った"), ("miss", "fall short", "fell short", "fail", "failed")),
    },
    # 大船渡's third direction is three words in one: a question may name any of them.
    "ofunato_future_direction": {"現状維持": (("今のまま", "現状のまま", "このまま"), ("as is", "as it is", "as they are",
                                                                       "status quo", "keep as is", "keep as they are",
                                                                       "keep as it is", "keep them as they are",
                                                                       "keeping things as they are", "keep things as they are",
                                                                       "stay as is", "stay as it is", "stay as they are",
                                                                       "stay the same", "remain as is", "unchanged",
                                                                       "keeping", "maintain status quo",
                                                                       "maintain the status quo", "maintaining the status quo")),
                                 # printed 「改革改善（縮小・統合含む）」: reform, scaling down and merging
                                 "改革改善": (("見直し", "見直す", "縮小", "統合"), ("review", "reviewed", "revise", "revised",
                                                                      "reforming", "reformed",
                                                                      "improvement", "reform or improvement",
                                                                      "overhaul", "scale down", "scaled down",
                                                                      "merge", "merged")),
                                 "終了・廃止・休止": (("終了", "廃止", "休止", "やめる", "やめた", "終わる", "終わっ", "終わり", *_NOT_GOING_ON), ("ended", "abolished", "suspended", "ending", "to end",
                                                                    "should end", "should be ended", "be ended",
                                                                    "discontinued", "terminated", "wound up",
                                                                    "wind up", "wind down", "winding up", "winding down",
                                                                    "wound down", "on hold",
                                                                    "abolishing", "suspending", "abolish", "suspend",
                                                                    "scrapped", "scrapping", "paused", "pause",
                                                                    "halted", "stopped", "stopping", "shut down",
                                                                    "shutting down", "closing down", "closed down"))},
    # a project marked in a plan is said to be in it: 「総合戦略に位置づけられた事業」, "projects in the comprehensive
    # strategy"
    "ofunato_implementation_plan": {1: (("実施計画",), ("implementation plan",))},
    "ofunato_strategy": {1: (("総合戦略",), ("comprehensive strategy", "overall strategy", "general strategy",
                                         "comprehensive plan"))},
    # 事業体制: a project its own staff run is what 「直営」 says (「市の直営？委託してる？」)
    "structure": {"職員のみ": (("直営", "職員だけ"), ("in-house", "run in-house", "directly run", "run directly", "staff only"))},
    "direction": {"終了": (("終わる", "終わっ", "終わり", *_NOT_GOING_ON), ("ended", "discontinued", "terminated", "wound up", "wind up",
                                                    "wind down", "winding up", "winding down", "wound down", "shut down",
                                                    "shutting down", "closing down", "closed down")),
                  "継続": ((), ("continued", "continue", "continues")), "拡充": ((), ("expanded", "expand", "expansion"))},
    # 事業期間 (大船渡's 事業期間（区分）): one year only, every year, or a fixed span of years
    "ofunato_period_kind": {
        "単年度のみ": (("単年度だけ", "その年度だけ", "その年だけ", "1年だけ", "一年だけ", "単発"),
                   ("single-year only", "single-year-only", "single year only", "one-off", "one-time", "one year only",
                    "single-year")),
        "単年度繰返": (("繰り返し", "繰返し"), ("recurring", "recurrent", "repeated every year", "repeated each year")),
        "期間限定複数年度": _FIXED_TERM},
    "period": {"毎年度": ((), ("recurring", "recurrent", "every year", "each year", "annual")), "期間限定複数年度": _FIXED_TERM},
    "new_or_continuing": {"継続": ((), ("ongoing", "existing")),
                          "新規": (("新しく始め", "新しく始ま", "新たに始め", "新たに始ま", "新しい事業"), ("newly started", "newly launched"))},
}


@dataclass(frozen=True)
class FieldInfo:
    """One field of the table, as questions name it and as the executor reads it."""

    key: str
    table: str
    column: str
    label_ja: str  # as printed on the sheet
    label_en: str
    unit: str  # as printed ("千円"); "" for none or for a per-indicator unit
    kind: str  # NUMBER, TEXT, SCORE, GOAL or STATUS
    yearly: bool  # one value per year column
    per_indicator: bool  # one value per indicator
    synonyms_ja: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    values: tuple = ()  # a closed vocabulary, where the form has one
    form: str = ""  # the form whose tables hold it ("": ``sheets``, every form's)
    row: str = ""  # in a table of one row per field: the row's ``field`` (default: the key)
    section: str = ""  # the section that prints it, where its table does not say (``compose_answer.section_of``)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def label(self, lang: str) -> str:
        return self.label_ja if lang == "ja" else self.label_en

    def value_word(self, value: object, lang: str) -> str:
        words = VALUE_WORDS.get(self.key, {}).get(value)
        if words:
            return words[0] if lang == "ja" else words[1]
        return str(value)


def schema_columns() -> dict[str, list[tuple[str, str]]]:
    """Each table and view of ``SCHEMA`` → its (column, declared type) pairs, as SQLite reads them."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        return {name: [(r[1], r[2].upper()) for r in db.execute(f"PRAGMA table_info({name})")] for name in names}
    finally:
        db.close()


def _kind(declared: str) -> str:
    return NUMBER if declared in ("INTEGER", "REAL") else TEXT


# Words for an item a form prints as several cells (財源内訳's rows, 課題's two cells): the word alone names each
# cell, and a question asking it is answered with each (``understand._cells_of_one_item``).
FUNDING_WORDS = (("財源", "財源内訳", "どこのお金", "どこから出", "お金の出どころ", "出どころ", "出所"), ("funding sources", "sources of funding", "funding breakdown", "funding mix", "revenue sources",
                                     "by funding source", "by source of funding", "by source",
                                     "sources of revenue",
                                     "pays for", "paid for", "come from", "came from", "comes from",
                                     "how was it financed", "how is it financed", "how was it funded", "how is it funded"))
# Each form's sources of a project's money (its 財源内訳): what the cost is paid from.
FUNDING_SOURCES = (("general_fund", "national_prefectural", "other"),
                   ("ofunato_national", "ofunato_prefectural", "ofunato_bonds", "ofunato_other", "ofunato_general_fund"))
ITEM_WORDS: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {
    **{sources: FUNDING_WORDS for sources in FUNDING_SOURCES},
    ("issues_business", "issues_org_budget"): (("課題",), ("issues", "challenges", *DOWNSIDES)),
}  # fmt: skip


def _field(key: str, table: str, column: str, kind: str, **kw) -> FieldInfo:
    en, syn_ja, syn_en = WORDS.get(key, (PRINTED_LABELS[key], (), ()))
    for cells, (item_ja, item_en) in ITEM_WORDS.items():
        if key in cells:
            syn_ja, syn_en = (*syn_ja, *item_ja), (*syn_en, *item_en)
    return FieldInfo(key, table, column, PRINTED_LABELS[key], en, kw.pop("unit", ""), kind, synonyms_ja=syn_ja,
                     synonyms_en=syn_en, **kw)  # fmt: skip


def _fields() -> list[FieldInfo]:
    columns = schema_columns()
    out: list[FieldInfo] = []
    for column, declared in columns["sheets"]:
        if column not in _KEY_COLUMNS:
            out.append(_field(column, "sheets", column, _kind(declared), yearly=False, per_indicator=False))
    for column, declared in columns["costs"]:
        if column not in _KEY_COLUMNS:
            unit = COST_UNITS.get(column, "")
            out.append(_field(column, "costs", column, _kind(declared), unit=unit, yearly=True, per_indicator=False))
    for table, labels in _ROW_FIELDS.items():
        value_column = "score" if "score" in dict(columns[table]) else "text"
        kind = SCORE if value_column == "score" else TEXT
        out += [_field(key, table, value_column, kind, yearly=False, per_indicator=False) for key in labels]
    out.append(_field("sdgs", "sdgs", "goal", GOAL, yearly=False, per_indicator=False, values=tuple(range(1, 18))))
    for table in _INDICATOR_TABLES:
        yearly = table == "indicator_values"
        for column, declared in columns[table]:
            if column in _KEY_COLUMNS or column.endswith("_printed"):
                continue
            values = INDICATOR_TYPES if column == "type" else ()
            key = f"indicator_{column}"
            out.append(_field(key, table, column, _kind(declared), yearly=yearly, per_indicator=True, values=values))
    out.append(_field("indicator_status", "indicator_status", "status", STATUS, yearly=True, per_indicator=True,
                      values=STATUSES))  # fmt: skip
    # Columns of ``sheets`` every form fills (identity, and the fields both forms print alike) are every form's;
    # the rest only Tsukuba's importer fills.
    shared = {"number", "name", "fiscal_year", "city", *SHARED_FIELDS}
    sheet_level = [f if f.column in shared else replace(f, form=TSUKUBA) for f in out if f.table == "sheets"]
    return [*sheet_level, *(replace(f, form=TSUKUBA) for f in out if f.table != "sheets"), *_ofunato_fields()]


# 大船渡市's generic tables (``index.ofunato_table``): which table and row each field of its form is read from.
OFUNATO = ofunato_form.FORM
# Each indicator kind as the form prints it (⑦成果指標): the value of ``ofunato_indicator_kind``.
OFUNATO_KIND_LABELS = {slot.kind: slot.kind_label for slot in ofunato_form.INDICATOR_SLOTS}
_OFUNATO_LABELS = {
    "ofunato_indicator_name": "指標名（名称）",
    "ofunato_indicator_unit": "単位",
    "ofunato_indicator_kind": "指標の種類（活動・対象・成果）",
    "ofunato_indicator_value": "指標の値（実績・計画）",
    **{f"ofunato_{f}": ofunato_form.LABELS[f]
       for f in ("improvement_direction", "future_direction", *OFUNATO_TEXT_FIELDS, *OFUNATO_MARKS)},
    **{f"{evaluation_key(n)}{suffix}": ofunato_form.LABELS[f"evaluation_{n}_{column}"]
       for n in range(1, len(ofunato_form.EVALUATION_ITEMS) + 1)
       for suffix, column in (("", "judgement"), ("_reason", "reason"))},  # fmt: skip
    **{f"ofunato_{key}": label for key, (label, _) in ofunato_form.COST_ITEMS.items()},
    **{IN_THE_OVERALL_PLAN[f"ofunato_{key}"]: f"全体計画（{label}）" for key, (label, _) in ofunato_form.COST_ITEMS.items()},
}
PRINTED_LABELS.update(_OFUNATO_LABELS)


def _ofunato_fields() -> list[FieldInfo]:
    def field(key: str, table: str, column: str, kind: str, **kw) -> FieldInfo:
        return _field(f"ofunato_{key}", table, column, kind, form=OFUNATO, **kw)

    out = [field(key, "figures", "value", NUMBER, unit=unit, yearly=True, per_indicator=False, row=key)
           for key, (_, unit) in ofunato_form.COST_ITEMS.items()]  # fmt: skip
    # (the 全体計画's: the same rows with no year, printed in the overview)
    out += [field(f"{OVERALL_PLAN}_{key}", "figures", "value", NUMBER, unit=unit, yearly=False, per_indicator=False,
                  row=key, section="overview")
            for key, (_, unit) in ofunato_form.COST_ITEMS.items()]  # fmt: skip
    out += [
        field("indicator_name", "indicator_series", "name", TEXT, yearly=False, per_indicator=True),
        field("indicator_unit", "indicator_series", "unit", TEXT, yearly=False, per_indicator=True),
        field("indicator_kind", "indicator_series", "kind", TEXT, yearly=False, per_indicator=True,
              values=tuple(OFUNATO_KIND_LABELS.values())),  # fmt: skip
        field("indicator_value", "indicator_figures", "value", NUMBER, yearly=True, per_indicator=True),
    ]
    values = tuple(ofunato_form.DIRECTIONS.values())
    out += [field(f, "directions", "value", TEXT, yearly=False, per_indicator=False, row=f, values=values)
            for f in ("improvement_direction", "future_direction")]  # fmt: skip
    out += [field(f, "sheet_fields", "value", TEXT, yearly=False, per_indicator=False, row=f, section=section)
            for f, section in OFUNATO_TEXT_FIELDS.items()]  # fmt: skip
    out += [field(f, "sheet_fields", "value", TEXT, yearly=False, per_indicator=False, row=f, section="basic_info",
                  values=(1, 0))
            for f in OFUNATO_MARKS]  # fmt: skip
    for n in range(1, len(ofunato_form.EVALUATION_ITEMS) + 1):
        out += [field(f"evaluation_{n}{suffix}", "evaluation_items", column, TEXT, yearly=False, per_indicator=False,
                      row=f"evaluation_{n}", section="evaluation")
                for suffix, column in (("", "judgement"), ("_reason", "reason"))]  # fmt: skip
    return out


# The same thing on two forms, under one printed label: a question's word names the first form's field, and
# the executor reads each sheet's own form's (``counterpart``). Declared once, both ways.
_SAME = (
    ("general_fund", "ofunato_general_fund"),
    ("other", "ofunato_other"),
    ("personnel_cost_total", "ofunato_personnel_cost"),
    ("indicator_name", "ofunato_indicator_name"),
    ("indicator_unit", "ofunato_indicator_unit"),
    ("indicator_type", "ofunato_indicator_kind"),
    ("indicator_actual", "ofunato_indicator_value"),  # 大船渡's values are actuals (and the plan year's plan)
    ("direction", "ofunato_future_direction"),  # each city's words for it: 継続・終了 / 現状維持・終了・廃止・休止
    ("purpose", "ofunato_intent"),  # what a project is for: 目的 on Tsukuba's form, ③ 意図 (of its 対象) on 大船渡's
)
SAME_FIELD: dict[str, str] = {**dict(_SAME), **{b: a for a, b in _SAME}}
YEAR_FIELD = "fiscal_year"  # the field a question asking which year names (「何年度」)
UNIT_FIELDS = ("department", "section")  # the fields that name a unit of the city's offices (部課名, 係名)
# A team is known by its department's name too: 振興係 is a team of several 課, so a named project's 係 is shown with
# its 部課名; and the office asked that handles a project ("which office deals with passports") is its 係 within its
# 部課 too.
UNIT_BESIDE: dict[str, str] = {"section": "department", "department": "section"}
# An indicator's name on each form: a slot left without one is no indicator of the name asked, not one left unjudged
INDICATOR_NAME_FIELDS = ("indicator_name", SAME_FIELD["indicator_name"])
# Read one way only: 大船渡's form prints no 予算額 or 決算額, so a budget or a settlement asked of its sheets is their
# 事業費計 (the plan in the evaluation year, the spending before); its 事業費計 stays a field of its own.
# The reason Tsukuba's form prints for its 方向性 is, on 大船渡's, the 全体総括 of the 課長等意見 that gives the 今後の方向性.
# 大船渡's 事業期間（区分） is what Tsukuba's 事業期間 holds (期間限定複数年度, 単年度…), asked of a Tsukuba sheet.
READ_AS: dict[str, str] = {"budget": "ofunato_project_cost", "settlement": "ofunato_project_cost", "reason": "ofunato_summary",
                           "ofunato_period_kind": "period"}
# A printed total and the printed rows it adds up (大船渡's トータルコスト (A)+(B)): "the project cost including
# personnel" is that total, "the total cost not counting personnel" the other row.
PRINTED_SUMS: dict[str, tuple[str, str]] = {"ofunato_total_cost": ("ofunato_project_cost", "ofunato_personnel_cost")}
# What the staff time a form counts costs, as the form prints it: "the cost, staff time included" adds the staff's
# cost, not their hours (yen and hours add up to no figure).
COST_OF: dict[str, str] = {"ofunato_work_hours": "ofunato_personnel_cost", "ofunato_staff": "ofunato_personnel_cost",
                           "staff_ratio": "personnel_cost_total"}
# The text a form prints beside a judgement, saying why: 大船渡's 評価項目 and their 理由, its 今後の方向性 and the
# 課題と解決策 and 全体総括 that say what it means (「令和６年度をもって終了」 beside 改革改善), Tsukuba's 方向性 its 理由. A named project's judgement
# is shown with them.
REASON_OF: dict[str, tuple[str, ...]] = {
    **{evaluation_key(n): (f"{evaluation_key(n)}_reason",)
       for n in range(1, len(ofunato_form.EVALUATION_ITEMS) + 1)},
    "ofunato_future_direction": ("ofunato_issues", "ofunato_summary"),
    "direction": ("reason",),  # Tsukuba's 方向性 and the 理由 printed beside it
}  # fmt: skip


# The text a form prints of how a project goes on, beside its direction: asked 「今後どう進めていく」, the direction
# (継続) and Tsukuba's 改善目標, what it will do. (大船渡's direction is shown with its 課題と解決策, REASON_OF.)
HOW_AHEAD: dict[str, str] = {"direction": "improvement_goal"}


def counterpart(info: FieldInfo, form: str) -> FieldInfo | None:
    """The field of ``form`` that holds what ``info`` holds: itself, its counterpart, or None (not on the form)."""
    if not info.form or info.form == form:
        return info
    other = catalogue().get(SAME_FIELD.get(info.key) or READ_AS.get(info.key, ""))
    return other if other is not None and other.form == form else None


def for_forms(forms: tuple[str, ...]) -> dict[str, FieldInfo]:
    """The fields a question may name when the sheets are of ``forms``: each form's own, and of two fields that
    are the same thing on two forms only the first (the executor reads the other form's through it)."""
    fields = {k: f for k, f in catalogue().items() if not f.form or f.form in forms}
    return {k: f for k, f in fields.items() if not (SAME_FIELD.get(k) in fields and _later(k, SAME_FIELD[k]))}


def _later(key: str, other: str) -> bool:
    keys = list(catalogue())
    return keys.index(key) > keys.index(other)


@functools.cache
def catalogue() -> dict[str, FieldInfo]:
    """Every field by key; keys are unique across tables (the indicator's are prefixed ``indicator_``)."""
    fields = _fields()
    keys = [f.key for f in fields]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise RuntimeError(f"catalogue: field keys used twice: {sorted(duplicates)}")
    return {f.key: f for f in fields}


def field_info(key: str) -> FieldInfo:
    try:
        return catalogue()[key]
    except KeyError:
        raise KeyError(f"no field {key!r} in the catalogue") from None


def lexicon(forms: tuple[str, ...] | None = None) -> dict[str, str]:
    """Every label and synonym (JA and EN, English lower-cased) → the field it names; the parser's word list.

    A word that names two fields (e.g. 実績 for results and actuals) maps to the first in schema order.
    ``forms``: only the fields of those forms (``for_forms``); every field when None.
    """
    words: dict[str, str] = {}
    for f in (catalogue() if forms is None else for_forms(forms)).values():
        for word in (f.label_ja, f.label_en.lower(), *f.synonyms_ja, *(s.lower() for s in f.synonyms_en)):
            words.setdefault(word, f.key)
    return words
