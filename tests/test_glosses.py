"""English words for project names, from JMdict/JMnedict (``index.glosses``), and the parser reading them.

A question in English names a project by what its Japanese name says or by its place names in romaji; no word
list of a corpus is involved: the words come from the dictionary and from Sudachi's readings.
"""

import pytest

from jimuqa.answering.reader import understand
from jimuqa.answering.understand import Words
from jimuqa.index.glosses import Dictionary, dictionary_path, english_stem, english_words, name_words, romaji


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory):
    return Dictionary(dictionary_path(tmp_path_factory.mktemp("jmdict")))


@pytest.mark.parametrize(
    ("word", "stem"),
    [("Clinics", "clinic"), ("buses", "bus"), ("libraries", "library"), ("Ōfunato", "ofunato"),
     ("Oofunato", "ofunato"), ("city's", "city"), ("Ryouri", "ryori"), ("boxes", "box"), ("status", "status"),
     ("children", "child"), ("people", "person"), ("women", "woman")],
)  # fmt: skip
def test_one_normal_form_for_plurals_possessives_and_long_vowels(word, stem):
    assert english_stem(word) == stem


def test_a_gloss_loses_its_comments_and_small_words():
    assert english_words("provision of lunch (e.g. at office, school, etc.)") == [english_stem("provision"), "lunch"]


@pytest.mark.parametrize(
    ("reading", "written"),
    [("ヨシハマ", "yoshihama"), ("ケセン", "kesen"), ("キュウショク", "kyuushoku"), ("ジョウカ", "jouka"),
     ("ガッコウ", "gakkou"), ("シャカイ", "shakai")],
)  # fmt: skip
def test_readings_in_hepburn_romaji(reading, written):
    assert romaji(reading) == written


def test_a_name_is_glossed_word_by_word_and_by_runs_of_words(dictionary):
    glossed, read = name_words("三陸鉄道支援事業", dictionary)
    assert {"railway", "support"} <= glossed and "sanriku" in read
    glossed, read = name_words("国保診療所事業（越喜来診療所）", dictionary)
    assert "clinic" in glossed and "okirai" in read  # 診療 + 所 looked up together; 越喜来 from the place names
    glossed, read = name_words("ふるさと納税事務", dictionary)
    assert {"hometown", "tax"} <= glossed and {"furusato", "nozei"} <= read


def _bag(name, dictionary):
    glossed, own = name_words(name, dictionary)
    return frozenset(glossed | own)


def _words(dictionary, names, indicators=None, cities=()):
    english = {n: {0: _bag(name, dictionary)} for n, name in names.items()}
    for number, found in (indicators or {}).items():
        english[number].update({no: _bag(name, dictionary) for no, name in found})
    own = {n: frozenset(name_words(name, dictionary)[1]) for n, name in names.items()}
    listed = {number: [(no, name) for no, name in found] for number, found in (indicators or {}).items()}
    return Words([(n, name, None) for n, name in names.items()], {}, indicators=listed, english=english,
                 own_english=own, cities=cities)  # fmt: skip


NAMES = {"0101": "三陸鉄道支援事業", "0102": "ふるさと納税事務", "0103": "企業版ふるさと納税事務",
         "0104": "学校給食事業", "0105": "図書館運営事業", "0106": "市立図書館整備事業"}  # fmt: skip


def _project(question, words):
    parse = understand(question, None, words).parses[0]
    return {p.value for p in parse.of("project")}


def test_an_english_question_names_a_project_by_its_names_words(dictionary):
    words = _words(dictionary, NAMES)
    assert _project("How much did the Sanriku Railway support project cost?", words) == {"0101"}
    assert _project("What is the school lunch program for?", words) == {"0104"}


def test_of_names_saying_as_much_the_one_saying_least_besides(dictionary):
    words = _words(dictionary, NAMES)
    assert _project("How much did the hometown tax program cost?", words) == {"0102"}
    assert _project("How much did the company hometown tax program cost?", words) == {"0103"}


def test_one_word_alone_names_a_project_only_as_its_own_reading(dictionary):
    words = _words(dictionary, {**NAMES, "0107": "国際戦略総合特区推進事業", "0108": "越喜来診療所運営事業"})
    assert _project("How much did the library cost?", words) == set()  # 図書館: two names
    assert _project("Which projects serve economic growth?", words) == set()  # 特区 glossed "economic zone" only
    assert _project("What did Okirai spend?", words) == {"0108"}


def test_an_indicator_named_in_english(dictionary):
    words = _words(dictionary, {"0201": "越喜来診療所運営事業"}, {"0201": [(1, "診療日数"), (2, "延べ患者数")]})
    parse = understand("How many patients did the Okirai clinic see in R6?", None, words).parses[0]
    assert {p.value for p in parse.of("project")} == {"0201"} and {p.value for p in parse.of("indicator")} == {2}


def test_the_citys_own_name_names_none_of_its_projects(dictionary):
    words = _words(dictionary, {**NAMES, "0109": "国際科学技術都市「つくば」の推進事業"}, cities=("つくば市",))
    assert _project("Will Tsukuba become a Super City next year?", words) == set()
    assert _project("What did the international science city project do?", words) == {"0109"}


def test_a_general_word_alone_names_a_project_only_said_before_project(dictionary):
    words = _words(dictionary, {**NAMES, "0110": "未来共創プロジェクトの実施"})
    assert _project("What was the budget of the support project?", words) == {"0101"}  # 支援: one name's
    assert _project("Which support had the biggest budget?", words) == set()  # "support" glosses 40-odd words
    assert _project("How many hours did staff work in FY2020?", words) == set()  # 実施: "working", as general


def test_a_specific_word_alone_names_the_one_name_it_translates(dictionary):
    words = _words(dictionary, {**NAMES, "0111": "火葬場管理運営事業", "0112": "ロボットの街つくば推進事業"})
    assert _project("By what percentage does the crematorium budget jump?", words) == {"0111"}  # 火葬場
    assert _project("Which robot had the biggest budget?", words) == {"0112"}


def test_a_katakana_word_the_dictionary_lacks_is_read_as_the_two_it_has(dictionary):
    glossed, own = name_words("国際リニアコライダー誘致促進事業", dictionary)  # リニア + コライダー
    assert {"linear", "collider"} <= glossed and "collider" in own


@pytest.mark.parametrize(("words", "stem"), [(("promoting", "promote", "promotion"), "promot"),
                                             (("registered", "register"), "register"),
                                             (("agricultural", "agriculture"), "agricultur"),
                                             (("lent", "lend", "lending"), "lend"),
                                             (("spent", "spend", "spending"), "spend")])  # fmt: skip
def test_one_normal_form_for_a_words_endings(words, stem):
    assert {english_stem(w) for w in words} == {stem}


def test_a_word_of_the_forms_fields_names_no_project_alone(dictionary):
    words = _words(dictionary, {**NAMES, "0113": "次代を担う人材育成事業"})  # 人材: "personnel", as in personnel costs
    assert _project("Leaving personnel aside, which project left the most of its budget unspent?", words) == set()


def test_a_run_ending_in_a_suffix_that_makes_a_noun_is_the_names_own(dictionary):
    assert "raby" in name_words("狂犬病予防事業", dictionary)[1]  # 狂犬 + 病: "rabies"
    assert "library" in name_words("図書館運営事業", dictionary)[1]  # 図書 + 館
    assert "hall" not in name_words("図書館運営事業", dictionary)[1]  # 館 alone is any hall


def test_clipped_words_are_the_whole_word():
    assert english_stem("tech") == english_stem("technology") and english_stem("Dept.") == english_stem("department")
