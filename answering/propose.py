"""The local model as a proposer of Queries for questions the rule parser recognises but cannot compose.

The model only arranges what the parser recognised. The JSON schema it decodes under (llama.cpp's grammar)
allows no field, project, value, year or number but those recognised in the question (and those a
follow-up inherits), so nothing comes from the model's memory. Its proposal is then checked like a parse:

- it is accepted only if it uses every project, field, value and year the question named (nothing dropped),
  runs on the catalogue (``query.problems``) and is not a refusal;
- the words the parser could not place must be words of an operation, never of a thing: in Japanese, verbs,
  adjectives, adverbs and verbal nouns (使い切った, 下回る, 削減), not plain nouns (「市長の年収」's 市長 and 年収,
  which the sheets do not hold). English words carry no part of speech here, so an English question is
  proposed for only when every word is placed (the parser found the parts but could not combine them).

The prompt's fixed prefix (the query language and its operators) is the same for every question, so llama.cpp
reuses its evaluated tokens; the question and its recognised parts follow it.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from jimuqa.answering import operators as ops
from jimuqa.answering.catalogue import catalogue
from jimuqa.answering.llm import CONTEXT_TOKENS, ModelUnavailable, assemble_model, chatml, load_once
from jimuqa.answering.query import Combine, Member, Query, Refusal, measure_fields, problems, query_schema
from jimuqa.answering.understand import Parse, unplaced_tokens
from jimuqa.index.japanese import morphemes
from jimuqa.settings import Settings, models_dir

MAX_QUERY_TOKENS = 200
# Sudachi parts of speech of words that name an operation rather than a thing (and the verbal noun: 削減する).
OPERATION_POS = ("動詞", "形容詞", "形状詞", "副詞", "助動詞", "接尾辞")
VERBAL_NOUN = "サ変可能"


@dataclass
class Grounds:
    """What a proposal may use: the question's recognised parts and what the conversation carries."""

    projects: dict[str, str] = field(default_factory=dict)  # number → name
    fields: set[str] = field(default_factory=set)
    values: dict[str, set] = field(default_factory=dict)  # field → values named
    years: set[str] = field(default_factory=set)
    numbers: set = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.projects or self.fields or self.values)


def grounds(parse: Parse, names: dict[str, str], context: Query | None) -> Grounds:
    """The parts of ``parse`` a query may be built from; a follow-up's context adds its projects and years."""
    found = Grounds()
    for part in parse.parts:
        if part.kind == "project":
            found.projects[part.value] = names.get(part.value, "")
        elif part.kind == "field":
            found.fields.add(part.value)
        elif part.kind == "value":
            for key, value in part.value:
                found.values.setdefault(key, set()).add(value)
        elif part.kind == "year":
            found.years.add(part.value)
        elif part.kind == "number":
            found.numbers.add(part.value)
    if context is not None:
        found.projects.update({n: names.get(n, "") for n in context.projects if not found.projects})
        found.years |= set(context.years) if not found.years else set()
    return found


def proposable(parse: Parse) -> bool:
    """Whether the model may arrange this parse: its unplaced words name operations, not things."""
    if parse.reason == "ambiguous_project":  # which project is meant is the reader's to say, not the model's
        return False
    if not parse.unplaced:
        return bool(parse.reason)
    if parse.lang != "ja":
        return False
    pos = {m.begin: m.pos for m in morphemes(parse.text)}  # each word's part of speech in its sentence
    return all(
        _is_operation(pos.get(start, ())) for start, _, _ in unplaced_tokens(parse.text, parse.lang, parse.parts)
    )


def _is_operation(pos: tuple[str, ...]) -> bool:
    return bool(pos) and (pos[0] in OPERATION_POS or (pos[0] == "名詞" and pos[2] == VERBAL_NOUN))


def schema(allowed: Grounds, lang: str = "ja") -> dict:
    """The Query schema with every open slot narrowed to ``allowed``: fields, projects, values, years, numbers."""
    tree = copy.deepcopy(query_schema())
    every_field = set(catalogue())
    fields = sorted(allowed.fields | set(allowed.values)) or ["number"]
    defs = tree["$defs"]

    def narrow(node):
        if isinstance(node, dict):
            if set(node.get("enum", ())) == every_field:
                node["enum"] = fields
            for value in node.values():
                narrow(value)
        elif isinstance(node, list):
            for value in node:
                narrow(value)

    narrow(tree)
    query = defs["Query"]["properties"]
    query["projects"]["items"] = {"enum": sorted(allowed.projects) or [""]}
    query["years"]["items"] = {"enum": sorted(allowed.years) or ["R02"]}
    query["projects"]["maxItems"] = len(allowed.projects)
    query["years"]["maxItems"] = len(allowed.years)
    query["sheet_year"] = {"type": "null"}
    query["lang"] = {"enum": [lang]}
    values = sorted({v for vs in allowed.values.values() for v in vs}, key=str)
    defs["Member"]["properties"]["values"]["items"] = {"enum": values or [""]}
    # the numbers named, and 0: two fields are compared by their difference with 0
    defs["Compare"]["properties"]["value"] = {"enum": [*sorted(allowed.numbers | {0}, key=float), None]}
    for name in ("Field", "Member"):  # a year named in the question, or none (llama.cpp reads no \d patterns)
        defs[name]["properties"]["year"] = {"anyOf": [{"enum": sorted(allowed.years) or ["R02"]}, {"type": "null"}]}
    return _inlined(defs["Query"], defs)


MAX_NESTING = 2  # combinations of combinations at most: (決算 − 予算) ÷ 予算


def _inlined(node, defs: dict, depth: int = 0):
    """``node`` with every ``$ref`` replaced by its definition (llama.cpp's grammar reads no ``$defs``); a
    measure nests ``Combine`` at most ``MAX_NESTING`` deep, so the recursive type has a finite grammar."""
    if isinstance(node, list):
        return [_inlined(item, defs, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _inlined(defs[name], defs, depth + (name == "Combine"))
    if "anyOf" in node and depth >= MAX_NESTING:
        kept = [alt for alt in node["anyOf"] if alt.get("$ref", "").rsplit("/", 1)[-1] != "Combine"]
        node = {**node, "anyOf": kept}
    return {key: _inlined(value, defs, depth) for key, value in node.items()}


def grounded(query: Query, allowed: Grounds, parse: Parse) -> bool:
    """Whether ``query`` uses only what ``allowed`` holds, and every project, field, value and year the question
    itself named (a value word of several fields, one of them)."""
    used_fields = {leaf.field for m in _measures(query) for leaf in measure_fields(m)}
    used_fields |= {f.field for f in query.filters if isinstance(f, Member)}
    used_fields |= {query.ask.by} if getattr(query.ask, "by", None) else set()
    used_years = set(query.years) | {leaf.year for m in _measures(query) for leaf in measure_fields(m) if leaf.year}
    only_allowed = (
        used_fields <= allowed.fields | set(allowed.values)
        and set(query.projects) <= set(allowed.projects)
        and used_years <= allowed.years
        and all(set(f.values) <= allowed.values.get(f.field, set()) for f in query.filters if isinstance(f, Member))
    )
    used = {
        "project": lambda value: value in query.projects,
        "field": lambda value: value in used_fields,
        "value": lambda pairs: any(key in used_fields for key, _ in pairs),
        "year": lambda value: value in used_years,
    }
    return only_allowed and all(used[p.kind](p.value) for p in parse.parts if p.kind in used)


def _degenerate(measure) -> bool:
    """A combination of a measure with itself (予算額 − 予算額): no question asks it."""
    if not isinstance(measure, Combine):
        return False
    return measure.left == measure.right or _degenerate(measure.left) or _degenerate(measure.right)


def _measures(query: Query) -> list:
    return [getattr(query.ask, "measure", None), *(getattr(f, "measure", None) for f in query.filters)]


# ---- the prompt ------------------------------------------------------------------------------------------


def prefix() -> str:
    """The instructions every proposal shares: the query language, its operations, and how to read years."""
    comparisons = "; ".join(f"{c.key} ({c.en.format(m='measure', v='value')})" for c in ops.COMPARISONS.values())
    measure_ops = "; ".join(f"{m.key} ({m.en.format(a='left', b='right')})" for m in ops.MEASURE_OPS.values())
    field = '{{"kind":"field","field":"{}","year":{},"indicator":null}}'
    examples = {"FIELD_A": field.format("a", "null"), "FIELD_B": field.format("b", "null"),
                "FIELD_A_Y2": field.format("a", '"Y2"'), "FIELD_A_Y1": field.format("a", '"Y1"')}  # fmt: skip
    return f"""You turn a question about municipal project evaluation sheets into one JSON query.
The query has: "ask" (what is asked), "projects" (sheet numbers; [] = every project), "filters" (all must hold),
"years" (year codes the fields are read in, e.g. R02 = 令和2年度 = FY2020; [] = the sheet's own year), "lang".
A measure is {{"kind":"field","field":KEY,"year":YEAR or null,"indicator":null}} or
{{"kind":"combine","op":OP,"left":MEASURE,"right":MEASURE}}. OP: {measure_ops}.
Asks: {{"kind":"value","measure":M}} one figure per project; {{"kind":"series","measure":M}} every year;
{{"kind":"list","measure":M or null}} the projects passing the filters; {{"kind":"ranking","measure":M,
"direction":"desc" (largest first) or "asc" (smallest first),"top_k":N}};
{{"kind":"aggregate","op":"total"|"average"|"count","measure":M or null,"of":"project","by":KEY or null,"top_k":0}};
{{"kind":"attainment","indicator":null}} whether indicators met their targets;
{{"kind":"narrative","sections":[],"topic":""}} prose from the sheet.
Filters: {{"kind":"compare","measure":M,"op":CMP,"value":NUMBER or null}} with CMP: {comparisons};
{{"kind":"member","field":KEY,"values":[...],"negate":false,"year":null}} (negate: none of the values).
A fall or cut is a difference (later year − earlier year) ranked "asc"; "not"/"ない" negates a member filter
or turns a comparison round.
Use only the fields, projects, values, years and numbers listed as recognised; use every one of them.
Examples (fields a, b; years Y1 earlier than Y2):
- which projects had a larger than b in Y2 → {{"ask":{{"kind":"list","measure":null}},"filters":[{{"kind":"compare",
"measure":{{"kind":"combine","op":"difference","left":{examples["FIELD_A"]},"right":{examples["FIELD_B"]}}},"op":"gt","value":0}}],"years":["Y2"]}}
  (a comparison of two fields compares their difference with 0)
- the project whose a fell most from Y1 to Y2 → {{"ask":{{"kind":"ranking","measure":{{"kind":"combine","op":"difference",
"left":{examples["FIELD_A_Y2"]},"right":{examples["FIELD_A_Y1"]}}},"direction":"asc","top_k":1}}}}
- how many projects have value v of field c → {{"ask":{{"kind":"aggregate","op":"count","measure":null,"of":"project",
"by":null,"top_k":0}},"filters":[{{"kind":"member","field":"c","values":["v"],"negate":false,"year":null}}]}}
"""


def prompt(question: str, allowed: Grounds, parse: Parse, lang: str) -> str:
    lines = [f"Question: {question}", "Recognised in the question:"]
    if allowed.projects:
        lines.append("- projects: " + "; ".join(f"{n} ({name})" for n, name in sorted(allowed.projects.items())))
    info = catalogue()
    for key in sorted(allowed.fields | set(allowed.values)):
        unit = f", {info[key].unit}" if info[key].unit else ""
        yearly = ", one value per year" if info[key].yearly else ""
        per = ", one per indicator" if info[key].per_indicator else ""
        lines.append(f"- field {key}: {info[key].label_ja} / {info[key].label_en}{unit}{yearly}{per}")
    for key, values in sorted(allowed.values.items()):
        lines.append(f"- values of {key}: " + ", ".join(map(str, sorted(values, key=str))))
    if allowed.years:
        lines.append("- years: " + ", ".join(sorted(allowed.years)))
    if allowed.numbers:
        lines.append("- numbers: " + ", ".join(map(str, sorted(allowed.numbers, key=float))))
    if parse.unplaced:
        lines.append("- words to interpret: " + ", ".join(parse.unplaced))
    lines.append(f'Answer with the JSON query only, "lang": "{lang}".')
    return "\n".join(lines)


# ---- the model -------------------------------------------------------------------------------------------


@dataclass
class Proposer:
    """``complete(prompt, schema)``: the model's text for ``prompt``, decoded under the JSON ``schema``."""

    complete: Callable[[str, dict], str]

    def propose(self, question: str, parse: Parse, names: dict[str, str], context: Query | None) -> Query | None:
        """A checked Query for ``parse``, or None (not proposable, nothing grounded, or the proposal fails)."""
        if not proposable(parse):
            return None
        allowed = grounds(parse, names, context)
        if allowed.empty:
            return None
        text = self.complete(
            _chatml(prefix(), prompt(question, allowed, parse, parse.lang)), schema(allowed, parse.lang)
        )
        try:
            query = Query.from_json(json.loads(text))
        except (ValueError, TypeError):
            return None
        if isinstance(query.ask, Refusal) or problems(query) or not grounded(query, allowed, parse):
            return None
        if any(_degenerate(m) for m in _measures(query)):
            return None
        return replace(query, lang=parse.lang)  # the answer's language is the question's, whatever was decoded


def _chatml(system: str, user: str) -> str:
    from llama_index.core.llms import ChatMessage

    return chatml([ChatMessage(role="system", content=system), ChatMessage(role="user", content=user)])


_loaded: dict[str, Proposer | ModelUnavailable] = {}
_loading = threading.Lock()


def load_proposer(settings: Settings) -> Proposer:
    """The process's proposer (the local GGUF of the ``[llm]`` extra), loaded once; ModelUnavailable if absent."""
    return load_once(_loaded, _loading, str(settings.data_dir), lambda: Proposer(_local_completion(settings)))


def _local_completion(settings: Settings) -> Callable[[str, dict], str]:
    try:
        from llama_cpp import Llama, LlamaGrammar
    except ImportError as err:
        raise ModelUnavailable("llama-cpp-python is not installed: `pip install -e '.[llm]'`") from err
    path = assemble_model(models_dir(settings.data_dir))
    model = Llama(model_path=str(path), n_ctx=CONTEXT_TOKENS, n_threads=os.cpu_count() or 1, verbose=False)
    lock = threading.Lock()  # llama.cpp evaluates one prompt at a time

    def complete(text: str, json_schema: dict) -> str:
        grammar = LlamaGrammar.from_json_schema(json.dumps(json_schema, ensure_ascii=False), verbose=False)
        with lock:
            out = model.create_completion(
                text, grammar=grammar, max_tokens=MAX_QUERY_TOKENS, temperature=0.0, stop=["<|im_end|>"]
            )
        return out["choices"][0]["text"]

    return complete
