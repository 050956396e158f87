"""How a Query was read, in the question's language: "how I read the question".

Every phrase comes from the operation tables (``answering.operators``) and the catalogue's labels
(``answering.catalogue``); this module only assembles them. Fields are named by their label as printed on
the sheet in both languages, so a reader can find them on the sheet; values of closed vocabularies use
their English words in English.

    >>> reading(Query(Ranking(Combine("difference", Field("settlement", "R02"), Field("settlement", "R01")),
    ...                       "asc", 1)), "ja")
    '令和元年度→令和2年度の決算額の増減が最も小さい（最も減った）事業を1件'
"""

from __future__ import annotations

from jimuqa.answering import operators as ops
from jimuqa.answering.catalogue import GOAL, UNIT_WORDS_EN, catalogue
from jimuqa.answering.execute import unit_of
from jimuqa.answering.query import (
    Aggregate,
    Attainment,
    Combine,
    Compare,
    Field,
    Filter,
    Listing,
    Measure,
    Narrative,
    Query,
    Ranking,
    Refusal,
    Series,
    Value,
    is_rate,
)
from jimuqa.index.sections import BY_ID
from jimuqa.index.years import label as year_label
from jimuqa.index.years import western

_JA_CLAUSE_ENDS = "るいむたす"  # a clause ending in a verb or adjective joins a noun without の


def _say(lang: str, words: tuple[str, str] | dict[str, str]) -> str:
    if isinstance(words, dict):
        return words[lang]
    return words[0] if lang == "ja" else words[1]


def _attach(clause: str, noun: str) -> str:
    return clause + noun if clause[-1] in _JA_CLAUSE_ENDS else f"{clause}の{noun}"


def _join(items: list[str], lang: str, words: tuple[str, str] = ops.OR_WORDS) -> str:
    if lang == "en" and len(items) > 2:
        return ", ".join(items[:-1]) + words[1] + items[-1]
    return _say(lang, words).join(items)


def number_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


# ---- measures ----------------------------------------------------------------------------------------------


def _change(m: Measure, year: str | None) -> tuple[Field, str, str] | None:
    """A difference of one field between two years, read as a change from the earlier (right) to the later."""
    if not (isinstance(m, Combine) and m.op == "difference"):
        return None
    a, b = m.left, m.right
    if isinstance(a, Field) and isinstance(b, Field) and (a.field, a.indicator) == (b.field, b.indicator):
        later, earlier = a.year or year, b.year or year
        if later and earlier and later != earlier:
            return a, earlier, later
    return None


def summands(m: Measure) -> list[Measure]:
    """The terms of a sum of sums, in order (a figure over several years is one)."""
    return [*summands(m.left), *summands(m.right)] if isinstance(m, Combine) and m.op == "sum" else [m]


def _one_field_over_years(m: Measure) -> tuple[Field, list[str]] | None:
    """A sum of one field in several of its years (「令和2年度〜令和6年度の事業費計」): the field and the years."""
    terms = summands(m)
    if len(terms) < 2 or not all(isinstance(t, Field) and t.year for t in terms):
        return None
    if len({(t.field, t.indicator) for t in terms}) != 1 or len({t.year for t in terms}) != len(terms):
        return None
    return terms[0], sorted((t.year for t in terms), key=western)


def _leaf_years(m: Measure, year: str | None) -> set[str | None]:
    if isinstance(m, Field):
        return {m.year or year} if catalogue()[m.field].yearly else set()
    return _leaf_years(m.left, year) | _leaf_years(m.right, year)


def _label(f: Field, lang: str) -> str:
    """The field as the sheet prints it; in English, its English name with the printed label beside it."""
    info = catalogue()[f.field]
    label = info.label_ja if lang == "ja" else f"{info.label_en} ({info.label_ja})"
    return label if f.indicator is None else _say(lang, ops.INDICATOR_FIELD_WORDS).format(n=f.indicator, label=label)


def measure_text(m: Measure, lang: str, year: str | None = None, show_year: bool = True) -> str:
    """``m`` in words; ``year`` is the query's year for fields without their own."""
    if isinstance(m, Field):
        y = m.year or year
        if show_year and y and catalogue()[m.field].yearly:
            return _say(lang, ops.FIELD_WORDS).format(year=year_label(y, lang), label=_label(m, lang))
        return _label(m, lang)
    change = _change(m, year)
    if change:
        f, earlier, later = change
        y1, y2 = year_label(earlier, lang), year_label(later, lang)
        return _say(lang, ops.CHANGE_WORDS).format(y1=y1, y2=y2, label=_label(f, lang))
    summed = _one_field_over_years(m)
    if summed:
        f, years = summed
        said = (_say(lang, ops.YEAR_SPAN_WORDS).format(y1=year_label(years[0], lang), y2=year_label(years[-1], lang))
                if [western(y) for y in years] == list(range(western(years[0]), western(years[-1]) + 1))
                else _join([year_label(y, lang) for y in years], lang, ops.LIST_WORDS))  # fmt: skip
        return _say(lang, ops.YEARS_SUMMED_WORDS).format(years=said, label=_label(f, lang))
    years = _leaf_years(m, year)
    shared = next(iter(years)) if len(years) == 1 and show_year else None
    a, b = (_operand(x, lang, year, show_year and not shared) for x in (m.left, m.right))
    inner = _say(lang, (ops.MEASURE_OPS[m.op].ja, ops.MEASURE_OPS[m.op].en)).format(a=a, b=b)
    return _say(lang, ops.FIELD_WORDS).format(year=year_label(shared, lang), label=inner) if shared else inner


def _operand(m: Measure, lang: str, year: str | None, show_year: bool) -> str:
    text = measure_text(m, lang, year, show_year)
    return text if isinstance(m, Field) or _change(m, year) else _say(lang, ("（{}）", "({})")).format(text)


def value_text(value: object, m: Measure | None, lang: str) -> str:
    if isinstance(m, Field):
        info = catalogue()[m.field]
        if isinstance(value, str):
            return _say(lang, ("「{}」", "“{}”")).format(info.value_word(value, lang))
        if info.unit:  # (in English, the unit's English word: "1,000,000 thousand yen")
            unit = info.unit if lang == "ja" else UNIT_WORDS_EN.get(info.unit, (info.unit,))[0]
            return f"{number_text(value)}{'' if lang == 'ja' else ' '}{unit}"
    return number_text(value)


# ---- filters and subjects --------------------------------------------------------------------------------


def filter_text(f: Filter, lang: str, year: str | None = None, unit: str = ops.PROJECT) -> str:
    if isinstance(f, Compare) and isinstance(f.measure, Combine) and f.measure.op == "percent" and f.value == 100 \
            and f.op in ops.ALL_OF:  # "funded only by general funds" (or not): one figure all of another
        part, whole = measure_text(f.measure.left, lang, year, show_year=False), measure_text(f.measure.right, lang, year)
        return _say(lang, ops.ALL_OF[f.op]).format(part=part, whole=whole)
    if isinstance(f, Compare):
        comparison = ops.COMPARISONS[f.op]
        template = _say(lang, (comparison.ja, comparison.en))
        return template.format(m=measure_text(f.measure, lang, year), v=value_text(f.value, f.measure, lang))
    info = catalogue()[f.field]
    label = measure_text(Field(f.field, f.year), lang, year)
    words = [_value_word(info, v, lang) for v in f.values]
    shape = ("set" if info.kind == GOAL else "one") + ("_not" if f.negate else "")
    clause = _say(lang, ops.MEMBERSHIP_WORDS[shape]).format(label=label, values=_join(words, lang))
    if info.per_indicator and unit == ops.PROJECT:
        ja, en = ops.MEMBERSHIP_WORDS["some_indicator"]
        return _attach(clause, ja.removeprefix("{clause}")) if lang == "ja" else en.format(clause=clause)
    return clause


def _value_word(info, value: object, lang: str) -> str:
    if info.kind == GOAL:
        return _say(lang, ("目標{}", "goal {}")).format(value)
    return info.value_word(value, lang)


def _year(query: Query) -> str | None:
    return query.years[0] if len(query.years) == 1 else None


def subjects_text(query: Query, lang: str, unit: str, names: dict[str, str] | None = None) -> str:
    """The projects (or indicators) the query ranges over, with its filters."""
    _, singular, plural = ops.UNIT_WORDS[unit]
    noun = ops.UNIT_WORDS[unit][0] if lang == "ja" else plural
    if query.projects:
        shown = [f"{n} {names[n]}" if names and n in names else n for n in query.projects]
        named = ops.ASK_WORDS["named" if len(shown) > 1 else "named_one"]
        base = _say(lang, named).format(numbers=_join(shown, lang, ops.LIST_WORDS))
    else:
        base = _say(lang, ops.ASK_WORDS["all"]) + (ops.UNIT_WORDS[ops.PROJECT][0] if lang == "ja" else "projects")
    if unit == ops.INDICATOR:
        base = _say(lang, ops.ASK_WORDS["of_projects"]).format(projects=base)
    if not query.filters:
        return base
    clauses = [filter_text(f, lang, _year(query), unit) for f in query.filters]
    if lang == "ja":
        where = _attach(ops.AND_WORDS[0].join(clauses), noun)
        restricted = bool(query.projects) or unit == ops.INDICATOR
        return _say(lang, ops.ASK_WORDS["among"]).format(subjects=base) + where if restricted else where
    head = base if (query.projects or unit == ops.INDICATOR) else plural
    return ops.ASK_WORDS["where"][1].format(noun=head, clauses=" and ".join(clauses))


# ---- asks --------------------------------------------------------------------------------------------------


def reading(query: Query, lang: str | None = None, names: dict[str, str] | None = None) -> str:
    """How ``query`` was read, in ``lang`` (default: the query's). ``names``: number → project name, to show."""
    lang = lang or query.lang
    if isinstance(query.ask, Refusal):
        reason = _say(lang, ops.REFUSAL_REASONS[query.ask.reason])
        return _say(lang, ops.ASK_WORDS["refusal"]).format(reason=reason)
    unit = unit_of(query)
    text = _ASKS[type(query.ask)](query, lang, unit, names)
    if len(query.years) > 1 and not isinstance(query.ask, Attainment) and not getattr(query.ask, "peak", None):
        years = _join([year_label(y, lang) for y in query.years], lang, ops.LIST_WORDS)
        over = "over_years" if getattr(query.ask, "over_years", False) else "each_year"
        each = _say(lang, ops.ASK_WORDS[over]).format(years=years)
        text = each + text if lang == "ja" else text + each
    if query.sheet_year:
        note = _say(lang, ops.ASK_WORDS["sheet_year"]).format(year=year_label(query.sheet_year, lang))
        text = note + text if lang == "ja" else text + note
    return text


def _value(query: Query, lang: str, unit: str, names) -> str:
    m = measure_text(query.ask.measure, lang, _year(query))
    return _say(lang, ops.ASK_WORDS["value"]).format(subjects=subjects_text(query, lang, unit, names), m=m)


def _series(query: Query, lang: str, unit: str, names) -> str:
    ask: Series = query.ask
    m, subjects = measure_text(ask.measure, lang), subjects_text(query, lang, unit, names)
    if ask.peak is None:
        return _say(lang, ops.ASK_WORDS["series"]).format(subjects=subjects, m=m)
    direction = ops.DIRECTIONS[ask.peak]
    text = _say(lang, ops.ASK_WORDS["peak"]).format(subjects=subjects, m=m, direction=_say(lang, (direction.ja, direction.en)))
    if not query.years:
        return text
    among = _say(lang, ops.ASK_WORDS["among"]).format(subjects=_join([year_label(y, lang) for y in query.years], lang, ops.LIST_WORDS))
    return among + text if lang == "ja" else text + among


def _listing(query: Query, lang: str, unit: str, names) -> str:
    subjects = subjects_text(query, lang, unit, names)
    if query.ask.measure is None:
        return _say(lang, ops.ASK_WORDS["list"]).format(subjects=subjects)
    m = measure_text(query.ask.measure, lang, _year(query))
    return _say(lang, ops.ASK_WORDS["list_with"]).format(subjects=subjects, m=m)


def _ranking(query: Query, lang: str, unit: str, names) -> str:
    ask: Ranking = query.ask
    direction = ops.DIRECTIONS[ask.direction]
    ja_noun, singular, plural = ops.UNIT_WORDS[unit]
    noun = ja_noun if lang == "ja" else (singular if ask.top_k == 1 else plural)
    change = _change(ask.measure, _year(query))
    if not ask.top_k:  # every one, in order
        m, order = measure_text(ask.measure, lang, _year(query)), direction.ja if lang == "ja" else direction.en
        text = ops.RANKING_WORDS[f"all_{lang}"].format(m=m, noun=noun, order=order.removeprefix("最も"))
    elif change and lang == "en":
        f, earlier, later = change
        text = ops.RANKING_WORDS["change_en"].format(
            k=ask.top_k, noun=noun, label=_label(f, lang), best=direction.change_en,
            y1=year_label(earlier, lang), y2=year_label(later, lang), note=direction.change_en_note,
        )  # fmt: skip
    else:
        best = (direction.change_ja if change else direction.ja) if lang == "ja" else direction.en
        m = measure_text(ask.measure, lang, _year(query))
        m = m.removeprefix("the ") if lang == "en" else m  # ("the smallest change in …", not "the smallest the change")
        text = _say(lang, ops.RANKING_WORDS).format(m=m, best=best, noun=noun, k=ask.top_k)
    if not (query.projects or query.filters):
        return text
    among = _say(lang, ops.ASK_WORDS["among"]).format(subjects=subjects_text(query, lang, unit, names))
    return among + text if lang == "ja" else text + among


def _aggregate(query: Query, lang: str, unit: str, names) -> str:
    ask = query.ask
    aggregate = ops.AGGREGATES[ask.op]
    m = measure_text(ask.measure, lang, _year(query)) if ask.measure else ""
    template = _say(lang, ops.ASK_WORDS["rate_of_totals"] if ask.op == "total" and is_rate(ask.measure)
                    else (aggregate.ja, aggregate.en))  # fmt: skip
    text = template.format(subjects=subjects_text(query, lang, unit, names), m=m)
    if ask.by is None:
        return text
    by = _label(Field(ask.by), lang)
    words = ops.ASK_WORDS["by" if not ask.top_k else "by_top" if ask.top_k == 1 else "by_top_k"]
    return _say(lang, words).format(text=text, by=by, k=ask.top_k)


def _attainment(query: Query, lang: str, unit: str, names) -> str:
    years = [year_label(y, lang) for y in query.years] or [_say(lang, ops.ASK_WORDS["sheet_own_year"])]
    subjects = subjects_text(query, lang, unit, names)
    return _say(lang, ops.ASK_WORDS["attainment"]).format(subjects=subjects, years=_join(years, lang, ops.LIST_WORDS))


def _narrative(query: Query, lang: str, unit: str, names) -> str:
    ask: Narrative = query.ask
    titles = [BY_ID[s].heading if lang == "ja" else BY_ID[s].title_en for s in ask.sections] or ["…"]
    text = _say(lang, ops.ASK_WORDS["narrative"]).format(
        subjects=subjects_text(query, lang, unit, names), sections=_join(titles, lang, ("」「", " and "))
    )
    return text + _say(lang, ops.ASK_WORDS["topic"]).format(topic=ask.topic) if ask.topic else text


_ASKS = {
    Value: _value,
    Series: _series,
    Listing: _listing,
    Ranking: _ranking,
    Aggregate: _aggregate,
    Attainment: _attainment,
    Narrative: _narrative,
}
