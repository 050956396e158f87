"""Synthetic corpora at city scale, in exactly the seed corpus's text format, with a ground truth.

``generate(n, seed, out_dir)`` writes ``n`` sheets (令和2年度) recombined from the seed corpus
(``corpus/tsukuba_r02_kagaku_gijutsu_shinko.txt``): its name words, sentences, indicator names and
evaluation texts, with new project numbers and consistent cost arithmetic. Every layout variant of
the seed occurs in about a fifth of the sheets (``VARIANTS``). ``truth.json`` beside the files holds
every value as the parser should read it, with the form's "not reported" rule of ``index.values``
applied independently here; ``check(out_dir)`` parses the files and lists every disagreement.

    jimuqa bench generate --sheets 1000 --seed 0 --out /tmp/gen1000 --check
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jimuqa.index.model import EVALUATION_FIELDS, PARTICIPATION_FIELDS, TEXT_FIELDS, Sheet
from jimuqa.index.parse import parse_file, parse_text

SEED_CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "tsukuba_r02_kagaku_gijutsu_shinko.txt"
TRUTH_FILE = "truth.json"
FILE_PREFIX = "gen_"
FISCAL_YEAR = "R02"
COST_YEARS = ("H30", "R01", "R02", "R03", "R04")
INDICATOR_YEARS = ("R01", "R02", "R03", "R04", "R05", "R06")
PAST_YEARS = ("H30", "R01")  # before the sheet's year: 予算額 printed 0 is not reported
FUTURE_COST_YEARS = ("R03", "R04")  # after it: 決算額 and its breakdown are not yet settled
FUTURE_INDICATOR_YEARS = ("R03", "R04", "R05", "R06")  # after it: an actual of 0.0 is not yet recorded
MAX_INDICATORS = 5  # the form always prints five indicator blocks

# Layout variant → (share of sheets, sub-variants taken in turn). The seed sheets that show each one.
VARIANTS: dict[str, tuple[float, tuple[str, ...]]] = {
    "indicator_shifted": (0.2, ("number_on_target", "number_glued")),  # 097, 095
    "basic_shifted": (0.2, ("labels_below", "labels_glued")),  # 011, 012
    "basic_wide": (0.1, ("wide",)),  # 009
    "unit_glued": (0.2, ("unit_glued",)),  # 095, 011, 012
    "issues_one_cell": (0.2, ("plain", "p_tags")),  # 097, 095
}

NAME_WORDS = (
    "国際戦略総合特区",
    "市内大学・研究機関",
    "国際科学技術都市",
    "ロボットの街",
    "次代を担う人材育成",
    "科学技術",
    "未来共創プロジェクト",
    "Society 5.0",
    "社会実装トライアル",
    "近未来技術",
    "スマートシティ",
    "デジタル情報プラットフォーム",
    "科学教育",
    "地域との連携",
    "次世代モビリティ",
    "子育て支援",
    "地域防災",
    "観光振興",
    "高齢者福祉",
    "公共交通",
    "環境保全",
    "商工業振興",
    "農業振興",
    "生涯学習",
    "文化芸術",
    "健康づくり",
    "障害者支援",
    "空き家対策",
    "移住定住",
    "多文化共生",
    "男女共同参画",
    "消費生活",
    "廃棄物対策",
    "公園管理",
)
NAME_TEMPLATES = (
    "{a}推進事業",
    "{a}の推進",
    "{a}支援事業",
    "{a}と{b}の連携事業",
    "{a}による{b}の推進",
    "{a}等{b}加速化推進事業",
    "{a}の実施",
    "{a}事業（{b}事業）",
    "{a}・{b}理解醸成事業",
)
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "政策イノベーション部科学技術振興課": ("イノベーション推進係", "科学の街推進係", "次世代モビリティ推進係"),
    "政策イノベーション部企画経営課": ("企画係", "行政経営係"),
    "市民部市民活動課": ("市民活動推進係",),
    "福祉部高齢福祉課": ("高齢者支援係", "地域包括ケア推進係"),
    "こども部こども政策課": ("子育て支援係",),
    "経済部産業振興課": ("商工振興係", "創業支援係"),
    "経済部観光推進課": ("観光推進係",),
    "生活環境部環境政策課": ("環境保全係", "脱炭素推進係"),
    "都市計画部総合交通政策課": ("公共交通係",),
    "教育局教育指導課": ("指導係",),
    "総務部危機管理課": ("防災係",),
}
CATEGORIES = ("自治事務（任意）", "自治事務（任意）", "自治事務（任意）", "自治事務（義務）", "法定受託事務")
STRUCTURES = ("職員のみ", "職員のみ", "職員のみ", "一部委託", "全部委託", "補助")
PERIODS = ("毎年度", "毎年度", "期間限定複数年度", "単年度")
SDGS = (
    "03すべての人に健康と福祉を",
    "04質の高い教育をみんなに",
    "05ジェンダー平等を実現しよう",
    "08働きがいも経済成長も",
    "09産業と技術革新の基盤をつくろう",
    "10人や国の不平等をなくそう",
    "11住み続けられるまちづくりを",
    "13気候変動に具体的な対策を",
    "17パートナーシップで目標を達成しよう",
)
UNITS = ("件", "人", "回", "社", "団体", "種類", "%")
# Score texts the seed never prints, in the form's wording (the seed has none for 1 and few for 2).
FALLBACK_SCORE_TEXTS = {
    1: "市民ニーズや市民生活への影響が小さく、事業のあり方を見直す必要がある。",
    2: "計画から遅れている。（未達成）",
}
ENDED_TEXT = "今年度で事業が終了"
ENDED_SCORE_TEXT = "今年度で事業が終了する。"


# ---- what the seed offers ----------------------------------------------------------------------


@dataclass(frozen=True)
class SeedPools:
    sentences: dict[str, tuple[str, ...]]  # text field → the seed's sentences for it
    participation: dict[str, tuple[str, ...]]
    indicators: tuple[tuple[str, str, str], ...]  # (name, unit, description)
    scores: dict[str, tuple[tuple[int | None, str], ...]]
    plans: tuple[str, ...]
    laws: tuple[str, ...]
    numbers: tuple[str, ...]  # the seed's project numbers, never reused


def _sentences(text: str | None) -> list[str]:
    if not text or ENDED_TEXT in text:
        return []
    parts = [p.strip() for p in re.split(r"(?<=。)", text) if p.strip()]
    return [p for p in parts if "組織、予算等" not in p and not p.startswith("業務")]


@lru_cache(maxsize=1)
def seed_pools(path: Path = SEED_CORPUS) -> SeedPools:
    sheets = parse_file(path)

    def distinct(values) -> tuple:
        return tuple(dict.fromkeys(v for v in values if v))

    return SeedPools(
        sentences={f: distinct(s for sheet in sheets for s in _sentences(getattr(sheet, f))) for f in TEXT_FIELDS},
        participation={f: distinct(s.citizen_participation[f] for s in sheets) for f in PARTICIPATION_FIELDS},
        indicators=distinct((i.name, i.unit, i.description) for s in sheets for i in s.indicators),
        scores={f: distinct((s.evaluation[f].score, s.evaluation[f].text) for s in sheets) for f in EVALUATION_FIELDS},
        plans=distinct(s.individual_plan for s in sheets),
        laws=distinct(s.legal_basis for s in sheets),
        numbers=tuple(s.number for s in sheets),
    )


# ---- one sheet's content -----------------------------------------------------------------------


@dataclass
class IndicatorSpec:
    name: str
    unit: str
    type: str
    description: str
    targets: list[float]
    actuals: list[float]


@dataclass
class SheetSpec:
    number: str
    name: str
    department: str
    section: str
    budget_code: str
    new_or_continuing: str
    category: str
    structure: str
    period: str
    sdgs: list[str]
    individual_plan: str
    legal_basis: str
    texts: dict[str, str]
    participation: dict[str, str]
    costs: dict[str, dict[str, int | float | str]]  # year → item → value as printed (0 included)
    indicators: list[IndicatorSpec]
    evaluation: dict[str, tuple[int | None, str]]
    direction: str
    reason: str
    layout: dict[str, str] = field(default_factory=dict)  # variant → sub-variant


def _name(rng: random.Random, used: set[str]) -> str:
    for _ in range(50):
        a, b = rng.sample(NAME_WORDS, 2)
        name = rng.choice(NAME_TEMPLATES).format(a=a, b=b)
        if name not in used:
            break
    used.add(name)
    return name


def _text(rng: random.Random, pool: tuple[str, ...], most: int = 3) -> str:
    return "".join(rng.sample(pool, min(len(pool), rng.randint(1, most))))


def _costs(rng: random.Random, is_new: bool, ended: bool) -> dict[str, dict]:
    budget = rng.randrange(500, 60_000)
    ratio = rng.randrange(10, 250, 10)
    part_time = "有" if rng.random() < 0.2 else "無"
    costs = {}
    for year in COST_YEARS:
        active = not (is_new and year in PAST_YEARS)
        future = year in FUTURE_COST_YEARS
        year_budget = 0 if year in PAST_YEARS or (ended and future) else round(budget * rng.uniform(0.8, 1.2))
        total = 0 if future or not active else round(budget * rng.uniform(0.5, 1.1))
        national = round(total * rng.choice((0, 0, 0, 0.25, 0.5))) if total else 0
        other = rng.randrange(0, 100) if total and rng.random() < 0.1 else 0
        year_ratio = ratio if active and not (ended and future) else 0
        overtime = rng.randrange(0, 60_000) if year_ratio else 0
        costs[year] = {
            "budget": year_budget,
            "settlement": total,
            "general_fund": total - national - other,
            "national_prefectural": national,
            "other": other,
            "personnel_cost_total": year_ratio * 73 + overtime // 40,
            "staff_ratio": year_ratio / 100,
            "overtime_hours": overtime / 100,
            "part_time": part_time,
        }
    return costs


def _indicators(rng: random.Random, pools: SeedPools) -> list[IndicatorSpec]:
    indicators = []
    for name, unit, description in rng.sample(pools.indicators, rng.randint(1, 3)):
        base = rng.randrange(1, 800)
        targets = [0.0 if rng.random() < 0.1 else (base + step * rng.randrange(0, 20)) * 1.0 for step in range(6)]
        actuals = [round(base * rng.uniform(0.3, 1.5), 1) for _ in range(2)] + [0.0] * 4
        indicators.append(
            IndicatorSpec(
                name=name,
                unit=rng.choice((unit, unit, rng.choice(UNITS))),
                type=rng.choice(("活動結果指標", "活動結果指標", "成果指標")),
                description=description if rng.random() < 0.7 else "",
                targets=targets,
                actuals=actuals,
            )
        )
    return indicators


def _evaluation(rng: random.Random, pools: SeedPools, ended: bool) -> dict[str, tuple[int | None, str]]:
    scores = {}
    for name, pairs in pools.scores.items():
        if ended and name in ("city_involvement", "priority"):
            scores[name] = (None, ENDED_SCORE_TEXT)
        elif rng.random() < 0.1:
            score = rng.randint(1, 5)
            texts = [text for s, text in pairs if s == score]
            scores[name] = (score, texts[0] if texts else FALLBACK_SCORE_TEXTS.get(score, pairs[0][1]))
        else:
            scores[name] = rng.choice(pairs)
    return scores


def make_sheet(rng: random.Random, number: str, pools: SeedPools, used_names: set[str]) -> SheetSpec:
    is_new = rng.random() < 0.2
    ended = rng.random() < 0.1
    department = rng.choice(sorted(DEPARTMENTS))
    texts = {f: _text(rng, pools.sentences[f], 1 if f == "target" else 3) for f in TEXT_FIELDS}
    if ended:
        texts.update(issues_business=ENDED_TEXT, issues_org_budget=ENDED_TEXT, improvement_goal=ENDED_TEXT)
    return SheetSpec(
        number=number,
        name=_name(rng, used_names),
        department=department,
        section=rng.choice(DEPARTMENTS[department]),
        budget_code=f"01-{rng.randrange(20101, 100999):06d}-{rng.randrange(1, 40):02d}",
        new_or_continuing="新規" if is_new else "継続",
        category=rng.choice(CATEGORIES),
        structure=rng.choice(STRUCTURES),
        period=rng.choice(PERIODS),
        sdgs=sorted(rng.sample(SDGS, rng.randint(1, 3))),
        individual_plan=rng.choice(pools.plans),
        legal_basis=rng.choice(pools.laws),
        texts=texts,
        participation={f: rng.choice(pool) for f, pool in pools.participation.items()},
        costs=_costs(rng, is_new, ended),
        indicators=_indicators(rng, pools),
        evaluation=_evaluation(rng, pools, ended),
        direction="終了" if ended else "継続",
        reason=ENDED_TEXT if ended else rng.choice(("-", "—")),
    )


def assign_layouts(rng: random.Random, specs: list[SheetSpec]) -> None:
    """Each variant on its share of the sheets (at least one), sub-variants in turn."""
    for variant, (share, subs) in VARIANTS.items():
        candidates = [i for i, s in enumerate(specs) if not (variant == "basic_wide" and "basic_shifted" in s.layout)]
        chosen = sorted(rng.sample(candidates, min(len(candidates), max(1, round(share * len(specs))))))
        for turn, index in enumerate(chosen):
            specs[index].layout[variant] = subs[turn % len(subs)]


# ---- rendering, exactly as the PDF extraction prints --------------------------------------------

TITLE = "令和 2年度 事務事業マネジメントシート"
COST_HEADERS = ("平成30年度", "令和元年度", "令和 2年度", "令和 3年度", "令和 4年度")
YEAR_CELLS = tuple(f"{y}年度" for y in INDICATOR_YEARS)


def row(*cells: str) -> str:
    return "\t".join(cells)


def render_sheet(spec: SheetSpec) -> str:
    lines = [TITLE, "", "事業の基本情報", ""]
    lines += _render_basic(spec)
    lines += ["", "事業の概要", ""]
    lines += [row("対象", spec.texts["target"]), row("目的", spec.texts["purpose"])]
    lines += [row("概要 (取組内容)", spec.texts["overview"])]
    lines += ["", "コストの推移", ""] + _render_costs(spec)
    lines += ["", "市民参加の取組状況", ""]
    lines += [row(label, spec.participation[f]) for f, label in PARTICIPATION_FIELDS.items()]
    lines += ["", "指標の推移", ""] + _render_indicators(spec)
    lines += ["事業の成果と課題", ""] + _render_results(spec)
    lines += ["", "評価", ""]
    for name, label in EVALUATION_FIELDS.items():
        score, text = spec.evaluation[name]
        lines.append(row(label, "-" if score is None else str(score), text))
    lines += ["", "方向性", "", row("方向性", spec.direction), row("理由", spec.reason)]
    return "\n".join(lines)


def _render_basic(spec: SheetSpec) -> list[str]:
    layout = spec.layout.get("basic_shifted") or spec.layout.get("basic_wide")
    title = f"{spec.number} {spec.name}"
    sdgs = spec.sdgs
    if layout == "labels_below":  # 011: values a row off their labels, 根拠法令等's value above it
        return [
            row("事務事業名", title, "", "", "", "", "", ""),
            row("予算科目", spec.budget_code, "", "", "担当部課", spec.department, "", ""),
            row("市長公約", "No. 1", "No. 2", "No. 3", "No. 47", "係名", spec.section, ""),
            row("戦略プラン", "IV-3", "1", "1", spec.name[:20], "", "新規・継続", ""),
            row("", "", "", "", "", "", spec.new_or_continuing, ""),
            row("", "", "", "", "", "", "事業分類", ""),
            row("個別計画", spec.individual_plan, "", "", "", "事業体制", spec.category, ""),
            row("", spec.legal_basis, "", "", "", "事業期間", spec.structure, ""),
            row("根拠法令等", "", "", "", "", "SDGs", "事業期間", spec.period),
        ] + [row("", "", "", "", "", "", "", goal) for goal in sdgs]
    if layout == "labels_glued":  # 012: labels sharing cells with their values
        category = spec.category.replace("（", " (").replace("）", ")")
        return [
            row("事務事業名", title, "", "", "", "", ""),
            row("予算科目", spec.budget_code, "", "", "担当部課", spec.department, ""),
            row("市長公約", "1", "2", "3", "47", "係名", spec.section),
            row("戦略プラン", "IV-3", "2", "5", spec.name[:20], "", f"新規・継続 {spec.new_or_continuing}"),
            row("", "", "", "", "", "", f"事業分類 {category}"),
            row("", "", "", "", "", "", f"事業体制 {spec.structure}"),
            row("個別計画", spec.individual_plan, "", "", "", "事業期間", spec.period),
            row("根拠法令等", spec.legal_basis, "", "", "", "SDGs", sdgs[0]),
        ] + [row("", "", "", "", "", "", goal) for goal in sdgs[1:]]
    if layout == "wide":  # 009: the right column far out, no budget code
        pad = ("",) * 5
        return [
            row("事務事業名", title, *pad, "担当部課", spec.department),
            row("予算科目", "-", "-", "", "", "", "", "係名", spec.section),
            row("市長公約", "", "", "", "", "", "", "", ""),
            row("戦略プラン", "IV-1", "1", "1", spec.name[:20], "", "", "新規・継続", spec.new_or_continuing),
            row("", "", "", "", "", "", "", "事業分類", spec.category),
            row("", "", "", "", "", "", "", "事業体制", spec.structure),
            row("個別計画", spec.individual_plan, *pad, "事業期間", spec.period),
            row("根拠法令等", spec.legal_basis, *pad, "SDGs", sdgs[0]),
        ] + [row("", "", "", "", "", "", "", "", goal) for goal in sdgs[1:]]
    return (
        [  # 092
            row("事務事業名", title, "", "", "", "", ""),
            row("予算科目", spec.budget_code, "", "", "担当部課", spec.department, ""),
            row("市長公約", "", "", "", "係名", spec.section, ""),
            row("戦略プラン", "", "", "", "新規・継続", spec.new_or_continuing, ""),
            row("", "", "", "", "事業分類", spec.category, ""),
            row("", "", "", "", "事業体制", spec.structure, ""),
            row("個別計画", spec.individual_plan, "", "", "事業期間", spec.period, ""),
            row("根拠法令等", spec.legal_basis, "", "", "SDGs", sdgs[0], ""),
        ]
        + [row("", "", "", "", "", goal, "") for goal in sdgs[1:]]
    )


COST_ROWS = (  # (leading cells, item, unit, trailing tab)
    (("事業費", "予算額"), "budget", "(千円)", True),
    (("", "決算額"), "settlement", "(千円)", True),
    (("", "内訳", "一般財源"), "general_fund", "(千円)", False),
    (("", "", "国庫、県支出金、地方債"), "national_prefectural", "(千円)", False),
    (("", "", "その他"), "other", "(千円)", False),
    (("人件費", "人件費計"), "personnel_cost_total", "(千円)", True),
    (("", "内訳", "正職員従事割合"), "staff_ratio", "(人)", False),
    (("", "", "正職員時間外勤務"), "overtime_hours", "(時間)", False),
    (("", "", "会計年度任用職員有無"), "part_time", "(-)", False),
)
COST_ITEM_NAMES = tuple(item for _, item, _, _ in COST_ROWS)


def _printed(item: str, value: int | float | str) -> str:
    if item in ("staff_ratio", "overtime_hours"):
        return f"{value:,.2f}"
    return value if isinstance(value, str) else f"{value:,}"


def _render_costs(spec: SheetSpec) -> list[str]:
    glued = "unit_glued" in spec.layout
    lines = [row("項目", "", *([] if glued else [""]), *COST_HEADERS, "")]
    for leading, item, unit, trailing in COST_ROWS:
        values = [_printed(item, spec.costs[year][item]) for year in COST_YEARS]
        cells = [f"{unit} {values[0]}", *values[1:]] if glued else [unit, *values]
        lines.append(row(*leading, *cells, *([""] if trailing else [])))
    return lines


def _numbers(values: list[float]) -> list[str]:
    return [f"{v:.1f}" for v in values]


def _render_indicators(spec: SheetSpec) -> list[str]:
    lines: list[str] = []
    shifted = spec.layout.get("indicator_shifted")
    for no in range(1, MAX_INDICATORS + 1):
        real = spec.indicators[no - 1] if no <= len(spec.indicators) else None
        if real is not None and no == 1 and shifted == "number_on_target":  # 097
            lines += [
                row("指標名", f"{real.name}（{real.unit}）", "", "", "", "", "", real.type),
                row("", *YEAR_CELLS, ""),
                row("1", "目標値", *_numbers(real.targets)),
                row("", "実績", *_numbers(real.actuals)),
                row("指標の概要", real.description, "", "", "", "", "", ""),
            ]
        elif real is not None and no == 1 and shifted == "number_glued":  # 095
            lines += [
                row("指標名", f"{real.name} ({real.unit})", "", "", "", "", real.type),
                row("", *YEAR_CELLS),
                row("1 目標値", *_numbers(real.targets)),
                row("実績", *_numbers(real.actuals)),
                row("指標の概要", real.description, "", "", "", "", ""),
            ]
        elif real is not None:  # 092
            lines += [
                row(str(no), "指標名", f"{real.name} ({real.unit})", "", "", "", "", real.type),
                row("", "", *YEAR_CELLS),
                row("", "目標値", *_numbers(real.targets)),
                row("", "実績", *_numbers(real.actuals)),
                row("", "指標の概要", real.description, "", "", "", "", ""),
            ]
        else:  # the form's empty "()" block
            lines += [
                row(str(no), "指標名", "()", "", "", "", "", ""),
                row("", "", *YEAR_CELLS),
                row("", "目標値", *_numbers([0.0] * 6)),
                row("", "実績", *_numbers([0.0] * 6)),
                row("", "指標の概要", "", "", "", "", "", ""),
            ]
        if real is not None or no in (1, MAX_INDICATORS):
            lines.append("")
    return lines


def _render_results(spec: SheetSpec) -> list[str]:
    texts = spec.texts
    business, org = texts["issues_business"], texts["issues_org_budget"]
    one_cell = spec.layout.get("issues_one_cell")
    if one_cell == "plain":  # 097
        issues = [row("課題", f"業務 {business} 組織、予算等 {org}")]
    elif one_cell == "p_tags":  # 095
        issues = [row("課題", f"<p>業務 {business}</p> <p>組織、予算等 {org}</p>")]
    else:  # 092
        issues = [row("課題", "業務", business), row("", "組織、予算等", org)]
    return [
        row("前年度の課題への対応", texts["response_to_previous"], ""),
        row("成果", texts["results"], ""),
        *issues,
        row("改善目標", texts["improvement_goal"], ""),
    ]


# ---- truth: every value as the parser should read it -------------------------------------------


def _reported_cost(item: str, year: str, value):
    # index/values.py: 予算額 0 before the sheet's year and 決算額/funding 0 after it are not reported.
    if value == 0 and item == "budget" and year in PAST_YEARS:
        return None
    if value == 0 and item in ("settlement", "general_fund", "national_prefectural", "other"):
        return None if year in FUTURE_COST_YEARS else value
    return value


def truth_of(spec: SheetSpec, file: str) -> dict:
    return {
        "file": file,
        "number": spec.number,
        "name": spec.name,
        "fiscal_year": FISCAL_YEAR,
        "department": spec.department,
        "section": spec.section,
        "new_or_continuing": spec.new_or_continuing,
        "category": spec.category,
        "structure": spec.structure,
        "period": spec.period,
        "sdgs": spec.sdgs,
        "individual_plan": spec.individual_plan,
        "legal_basis": spec.legal_basis,
        "texts": spec.texts,
        "costs": {
            year: {item: _reported_cost(item, year, value) for item, value in items.items()}
            for year, items in spec.costs.items()
        },
        "indicators": [
            {
                "no": no,
                "name": ind.name,
                "unit": ind.unit,
                "type": ind.type,
                "targets": {y: (v or None) for y, v in zip(INDICATOR_YEARS, ind.targets, strict=True)},
                "actuals": {
                    y: (None if v == 0 and y in FUTURE_INDICATOR_YEARS else v)
                    for y, v in zip(INDICATOR_YEARS, ind.actuals, strict=True)
                },
            }
            for no, ind in enumerate(spec.indicators, start=1)
        ],
        "evaluation": {name: {"score": s, "text": t} for name, (s, t) in spec.evaluation.items()},
        "direction": spec.direction,
        "reason": None if spec.reason in ("-", "—") else spec.reason,
        "layout": spec.layout,
    }


# ---- the public API ----------------------------------------------------------------------------


def _numbers_pool(rng: random.Random, n: int, exclude: set[str]) -> list[str]:
    pool = [f"{i:03d}" for i in range(1, 10_000) if f"{i:03d}" not in exclude]
    if n > len(pool):
        raise ValueError(f"at most {len(pool)} sheets have distinct 3–4 digit numbers")
    return rng.sample(pool, n)


def generate_specs(n_sheets: int, seed: int, exclude: set[str] = frozenset()) -> list[SheetSpec]:
    rng = random.Random(seed)
    pools = seed_pools()
    seed_numbers = set(seed_pools().numbers)
    used_names: set[str] = set()
    numbers = _numbers_pool(rng, n_sheets, seed_numbers | set(exclude))
    specs = [make_sheet(rng, number, pools, used_names) for number in numbers]
    assign_layouts(rng, specs)
    return specs


def write_sheets(specs: list[SheetSpec], out_dir: Path, stem: str, sheets_per_file: int) -> list[dict]:
    truth = []
    for start in range(0, len(specs), sheets_per_file):
        name = f"{stem}_{start // sheets_per_file:04d}.txt"
        chunk = specs[start : start + sheets_per_file]
        text = "\n\n" + "\n\n".join(render_sheet(spec) for spec in chunk) + "\n"
        (out_dir / name).write_text(text, encoding="utf-8")
        truth += [truth_of(spec, name) for spec in chunk]
    return truth


def generate(n_sheets: int, seed: int, out_dir: Path, sheets_per_file: int = 50) -> Path:
    """Write ``n_sheets`` sheets (deterministic for ``seed``) and ``truth.json`` into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{FILE_PREFIX}*.txt"):
        old.unlink()
    specs = generate_specs(n_sheets, seed)
    truth = write_sheets(specs, out_dir, f"{FILE_PREFIX}s{seed}", sheets_per_file)
    _write_truth(out_dir, truth)
    return out_dir


def add_sheets(out_dir: Path, n_sheets: int, seed: int) -> Path:
    """Append ``n_sheets`` new sheets as one new file (numbers unused so far); the truth grows with them."""
    out_dir = Path(out_dir)
    truth = read_truth(out_dir)
    specs = generate_specs(n_sheets, seed, exclude={s["number"] for s in truth})
    stem = f"{FILE_PREFIX}added_s{seed}_{len(truth)}"
    truth += write_sheets(specs, out_dir, stem, max(1, n_sheets))
    _write_truth(out_dir, truth)
    return out_dir / f"{stem}_0000.txt"


def read_truth(out_dir: Path) -> list[dict]:
    return json.loads((Path(out_dir) / TRUTH_FILE).read_text(encoding="utf-8"))


def _write_truth(out_dir: Path, truth: list[dict]) -> None:
    text = json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True)
    (out_dir / TRUTH_FILE).write_text(text + "\n", encoding="utf-8")


def parsed_view(sheet: Sheet) -> dict:
    """The parsed sheet in the truth's shape (layout and file left out)."""
    return {
        "number": sheet.number,
        "name": sheet.name,
        "fiscal_year": sheet.fiscal_year,
        "department": sheet.department,
        "section": sheet.section,
        "new_or_continuing": sheet.new_or_continuing,
        "category": sheet.category,
        "structure": sheet.structure,
        "period": sheet.period,
        "sdgs": sheet.sdgs,
        "individual_plan": sheet.individual_plan,
        "legal_basis": sheet.legal_basis,
        "texts": {f: getattr(sheet, f) for f in TEXT_FIELDS},
        "costs": {year: {item: getattr(cost, item) for item in COST_ITEM_NAMES} for year, cost in sheet.costs.items()},
        "indicators": [
            {"no": i.no, "name": i.name, "unit": i.unit, "type": i.type, "targets": i.targets, "actuals": i.actuals}
            for i in sheet.indicators
        ],
        "evaluation": {name: {"score": s.score, "text": s.text} for name, s in sheet.evaluation.items()},
        "direction": sheet.direction,
        "reason": sheet.reason,
    }


def _differences(path: str, expected, actual) -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for k in sorted(set(expected) | set(actual)):
            out += _differences(f"{path}.{k}", expected.get(k, "<missing>"), actual.get(k, "<missing>"))
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            d for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for d in _differences(f"{path}[{i}]", e, a)
        ]
    if expected != actual:
        return [f"{path}: expected {expected!r}, parsed {actual!r}"]
    return []


def check(out_dir: Path) -> list[str]:
    """Parse every generated file with the project's parser; every disagreement with ``truth.json``."""
    out_dir = Path(out_dir)
    truth = read_truth(out_dir)
    parsed: dict[str, dict] = {}
    problems: list[str] = []
    for path in sorted(out_dir.glob("*.txt")):
        sheets, errors = parse_text(path.read_text(encoding="utf-8"), path.name)
        problems += [f"{path.name}: {error}" for error in errors]
        for sheet in sheets:
            if sheet.number in parsed:
                problems.append(f"{path.name}: sheet {sheet.number} appears twice")
            parsed[sheet.number] = parsed_view(sheet)
    for expected in truth:
        actual = parsed.pop(expected["number"], None)
        if actual is None:
            problems.append(f"{expected['file']}: sheet {expected['number']} not parsed")
            continue
        wanted = {k: v for k, v in expected.items() if k not in ("file", "layout")}
        problems += [f"{expected['file']} {expected['number']}: {d}" for d in _differences("", wanted, actual)]
    problems += [f"sheet {number} parsed but not in {TRUTH_FILE}" for number in parsed]
    return problems
