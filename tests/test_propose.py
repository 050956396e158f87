"""The model as a proposer: what it may be asked, what its decoding allows, and what of its proposal is kept.

No model runs here: the proposer is given a ``complete`` that returns a fixed JSON text, so the checks on a
proposal are tested on their own. The model itself is measured on the blind sets (docs/results.md).
"""

import json

import pytest

from jimuqa.answering import engine as engine_module
from jimuqa.answering.engine import answer, load_engine
from jimuqa.answering.propose import Proposer, grounded, grounds, proposable, schema
from jimuqa.answering.query import Combine, Compare, Field, Listing, Member, Query, Ranking, Value
from jimuqa.answering.reader import understand
from jimuqa.answering.understand import Words
from jimuqa.index.build import build
from jimuqa.index.table import open_table
from jimuqa.settings import LOCAL, TABLE_FILE, Settings, current_build
from tests.conftest import CORPUS_DIR

# Questions the rule parser recognises word by word but cannot read whole: a verb it has no cue for.
SPENT_ALL = "令和2年度に予算を使い切った事業は?"
MAYOR = "市長の年収は?"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    data = tmp_path_factory.mktemp("propose")
    settings = Settings(corpus_dir=CORPUS_DIR, data_dir=data, query_model=LOCAL)
    build(settings, index_step=None)
    db = open_table(current_build(data) / TABLE_FILE)
    yield settings, db, Words.from_db(db)
    db.close()


def only_parse(question, words):
    understood = understand(question, None, words)
    assert len(understood.parses) == 1
    return understood.parses[0]


def test_a_verb_the_parser_cannot_place_may_be_proposed_for(seed):
    parse = only_parse(SPENT_ALL, seed[2])
    assert parse.unplaced and proposable(parse)


def test_nouns_the_sheets_lack_are_never_proposed_for(seed):
    parse = only_parse(MAYOR, seed[2])
    assert parse.unplaced and not proposable(parse)


def test_an_english_word_left_over_is_not_proposed_for(seed):
    parse = only_parse("Which projects used up their FY2020 budget?", seed[2])
    assert parse.unplaced and not proposable(parse)


def test_the_schema_allows_only_what_the_question_named(seed):
    allowed = grounds(only_parse(SPENT_ALL, seed[2]), {}, None)
    tree = schema(allowed)
    assert allowed.fields == {"budget"} and allowed.years == {"R02"}
    measure = tree["properties"]["ask"]["anyOf"][0]["properties"]["measure"]["anyOf"][0]
    assert measure["properties"]["field"]["enum"] == ["budget"]
    assert tree["properties"]["years"]["items"] == {"enum": ["R02"]}
    assert "$ref" not in json.dumps(tree)  # llama.cpp reads no $defs
    compare = tree["properties"]["filters"]["items"]["anyOf"][0]
    assert compare["properties"]["value"] == {"enum": [0, None]}  # 0: two fields compared by their difference


SPENT = Combine("difference", Field("settlement"), Field("budget"))


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        (Query(Listing(), filters=(Compare(Field("budget"), "nonzero"),), years=("R02",)), True),
        (Query(Listing(), filters=(Compare(SPENT, "ge", 0),), years=("R02",)), False),  # settlement: not named
        (Query(Listing(), filters=(Compare(Field("budget"), "nonzero"),)), False),  # the year asked is dropped
        (Query(Ranking(Field("budget")), projects=("097",), years=("R02",)), False),  # a project not named
    ],
)
def test_a_proposal_uses_only_and_all_the_named_parts(seed, query, kept):
    parse = only_parse(SPENT_ALL, seed[2])
    assert grounded(query, grounds(parse, {}, None), parse) is kept


def fixed(query: Query):
    return Proposer(lambda prompt, json_schema: json.dumps(query.to_json(), ensure_ascii=False))


def test_a_checked_proposal_is_answered_from_the_table_and_says_it_was_proposed(seed, monkeypatch):
    settings, db, _ = seed
    proposal = Query(Value(Field("budget")), projects=("097",), years=("R02",))
    monkeypatch.setattr(engine_module, "load_proposer", lambda _: fixed(proposal))
    engine = load_engine(settings, with_retriever=False)
    sql = "SELECT budget FROM costs c JOIN sheets s ON s.id = c.sheet_id WHERE s.number = '097' AND c.year = 'R02'"
    budget = db.execute(sql).fetchone()[0]
    result = answer("097の令和2年度の予算額を教えてほしいとぼやいた", engine=engine)
    assert result.proposed and f"{budget:,}" in result.text
    assert "モデルの提案" in result.text and result.citations


def test_a_proposal_that_drops_a_named_part_is_not_answered(seed, monkeypatch):
    settings, *_ = seed
    dropped = Query(Listing(), filters=(Member("new_or_continuing", ("new",)),))
    monkeypatch.setattr(engine_module, "load_proposer", lambda _: fixed(dropped))
    engine = load_engine(settings, with_retriever=False)
    assert not answer(SPENT_ALL, engine=engine).proposed


def test_the_model_is_not_asked_when_the_setting_is_off(seed, monkeypatch):
    settings, *_ = seed
    monkeypatch.setattr(engine_module, "load_proposer", pytest.fail)
    engine = load_engine(Settings(corpus_dir=settings.corpus_dir, data_dir=settings.data_dir), with_retriever=False)
    assert not answer(SPENT_ALL, engine=engine).proposed


def test_a_measure_combined_with_itself_is_not_kept(seed):
    parse = only_parse(SPENT_ALL, seed[2])
    itself = Query(Listing(Combine("difference", Field("budget"), Field("budget"))), years=("R02",))
    assert grounded(itself, grounds(parse, {}, None), parse)  # named parts, all used: the check alone passes it
    assert fixed(itself).propose(SPENT_ALL, parse, {}, None) is None


def test_the_answer_is_in_the_questions_language_whatever_was_decoded(seed):
    parse = only_parse(SPENT_ALL, seed[2])
    english = Query(Listing(), filters=(Compare(Field("budget"), "nonzero"),), years=("R02",), lang="en")
    assert fixed(english).propose(SPENT_ALL, parse, {}, None).lang == "ja"


def test_which_of_several_projects_is_meant_is_never_proposed(seed):
    from jimuqa.answering.understand import Parse

    # (words several names hold, 「博物館の予算は?」 on a table of several museum projects, leave the parse so)
    parse = Parse("博物館の予算は?", "博物館の予算は?", "ja", reason="ambiguous_project")
    assert not proposable(parse)
