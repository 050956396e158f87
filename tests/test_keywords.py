"""The keyword index: how Japanese (and English) text becomes BM25 tokens, and how search behaves."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from jimuqa.index.search.keywords import KeywordIndex, _pieces, tokenise

SHEETS = {
    "jaxa": "国立研究開発法人宇宙航空研究開発機構（JAXA）と相互協力の促進に関する基本協定を締結した。",
    "robot": "搭乗型移動支援ロボットに関する実証実験を市内の公道で実施した。",
    "smartcity": "つくばスマートシティ協議会の機能強化を行い、Society 5.0の実現に向けてMaaSの実証を進めた。",
    "science": "体験型科学教育事業のイベントをすべてオンラインで行った。",
    "costs": "令和2年度の予算額は5,000千円、決算額は4,321千円であった。",
    "sdgs": "SDGsの理念を踏まえ、AIとIoTを活用した行政サービスの向上に取り組んだ。",
}


@pytest.fixture(scope="module")
def index() -> KeywordIndex:
    return KeywordIndex.build(list(SHEETS), list(SHEETS.values()))


def top_id(index: KeywordIndex, query: str, **kwargs) -> str | None:
    hits = index.search(query, **kwargs)
    return hits[0][0] if hits else None


# Tokenisation


def test_particles_are_dropped_and_content_words_kept():
    tokens = tokenise("ロボットの事業の予算は?")
    assert tokens == ["ロボット", "事業", "予算"]


def test_auxiliary_verbs_and_punctuation_are_dropped():
    tokens = tokenise("イベントをすべてオンラインで行った。")
    assert "た" not in tokens and "。" not in tokens and "を" not in tokens
    # Words come back in their normalised form: すべて → 全て, 行っ → 行う.
    assert tokens == ["イベント", "全て", "オンライン", "行う"]


def test_compounds_are_cut_into_short_units():
    # Split mode A: a question about 研究 or 機構 finds the long official name.
    assert tokenise("宇宙航空研究開発機構") == ["宇宙", "航空", "研究", "開発", "機構"]


def test_full_width_and_half_width_give_the_same_tokens():
    assert tokenise("ＪＡＸＡと令和２年度の予算５，０００千円") == tokenise("JAXAと令和2年度の予算5,000千円")


def test_latin_words_are_kept_and_lowercased():
    assert tokenise("SDGs、AI、IoT、MaaS、JAXA") == ["sdgs", "ai", "iot", "maas", "jaxa"]


def test_some_english_words_meet_their_katakana():
    # Sudachi's normalised form maps loanwords it knows, so these English queries reach Japanese text.
    assert tokenise("robot") == tokenise("ロボット")
    assert tokenise("Society") == tokenise("ソサエティー")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("令和2年度", "2"),  # the year number stands alone, between 令和 and 年度
        ("令和２年度", "2"),
        ("5,000千円", "5000000"),  # digits, separators and 千/万 become one value
        ("１０万人", "100000"),
        ("100,000人", "100000"),
        ("Society 5.0", "5"),  # decimals lose trailing zeros, on both sides of a search alike
        ("3.14%", "3.14"),
    ],
)
def test_numbers_become_one_token_with_their_value(text, number):
    assert number in tokenise(text)


@pytest.mark.parametrize("text", ["", "   ", "。、！？「」（）", "😀🎉👍", "\x00\x01\x07\t\n"])
def test_empty_symbol_emoji_and_control_input_gives_no_tokens(text):
    assert tokenise(text) == []


def test_a_lone_surrogate_from_a_bad_decode_is_skipped():
    assert tokenise("a\ud800b") == ["a", "b"]


def test_text_beyond_sudachis_size_limit_is_tokenised_in_full():
    sentence = "体験型科学教育事業のイベントをすべてオンラインで行った。"
    text = sentence * 3_000  # about 250,000 bytes; Sudachi alone refuses more than 49,149
    assert tokenise(text) == tokenise(sentence) * 3_000


def test_long_text_is_cut_without_losing_characters():
    text = ("あ" * 7_000 + "。") * 5 + "い" * 25_000
    pieces = list(_pieces(text))
    assert "".join(pieces) == text
    assert all(len(piece.encode("utf-8")) <= 49_149 for piece in pieces)
    assert pieces[0].endswith("。")


def test_tokenise_can_be_called_from_many_threads_at_once():
    # A Sudachi Tokenizer refuses concurrent use; each thread must get its own.
    errors: list[Exception] = []

    def work() -> None:
        try:
            for _ in range(50):
                tokenise(SHEETS["jaxa"] * 20)
        except Exception as error:  # whatever goes wrong, the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# Search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("JAXAとの協定はいつ締結しましたか？", "jaxa"),
        ("宇宙航空研究開発機構", "jaxa"),
        ("ロボットの実証実験", "robot"),
        ("スマートシティ協議会", "smartcity"),
        ("科学教育のイベントはオンラインでしたか", "science"),
        ("令和２年度の決算額", "costs"),
        ("SDGs", "sdgs"),
        ("AI", "sdgs"),
        ("Society 5.0", "smartcity"),
        ("robot", "robot"),
    ],
)
def test_a_question_finds_the_right_sheet(index, query, expected):
    assert top_id(index, query) == expected


def test_results_are_best_first_with_positive_scores(index):
    hits = index.search("実証実験")
    # Both sheets mention 実証; only the robot sheet also says 実験.
    assert [doc_id for doc_id, _ in hits] == ["robot", "smartcity"]
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_documents_without_a_query_word_are_not_returned(index):
    assert {doc_id for doc_id, _ in index.search("オンライン")} == {"science"}


def test_k_limits_the_number_of_hits(index):
    assert len(index.search("事業 実証 予算 協定 AI", k=2)) == 2
    assert index.search("ロボット", k=0) == []


def test_allowed_restricts_results_to_those_ids(index):
    assert top_id(index, "実証実験", allowed={"smartcity", "science"}) == "smartcity"
    assert index.search("ロボット", allowed={"jaxa", "science"}) == []
    assert index.search("ロボット", allowed=set()) == []
    # Ids the index does not know are ignored rather than an error.
    assert top_id(index, "ロボット", allowed={"robot", "no-such-sheet"}) == "robot"


def test_allowed_gives_the_same_scores_as_an_unfiltered_search(index):
    everything = dict(index.search("実証実験"))
    filtered = index.search("実証実験", allowed={"smartcity"})
    assert filtered == [("smartcity", everything["smartcity"])]


@pytest.mark.parametrize("query", ["", "   ", "？！。", "😀", "の は を", "xyzzy"])
def test_queries_without_known_words_return_nothing(index, query):
    assert index.search(query) == []


def test_a_100000_character_query_finishes(index):
    query = ("ロボットの実証実験について教えてください。" * 5_000)[:100_000]
    started = time.perf_counter()
    hits = index.search(query)
    assert time.perf_counter() - started < 10
    assert hits[0][0] == "robot"


def test_equal_scores_keep_the_indexing_order():
    index = KeywordIndex.build(["b", "a", "c"], ["ロボット", "ロボット", "ロボット"])
    assert [doc_id for doc_id, _ in index.search("ロボット", k=2)] == ["b", "a"]


# Building, saving and loading


def test_save_and_load_give_identical_results(index, tmp_path: Path):
    index.save(tmp_path / "keywords")
    loaded = KeywordIndex.load(tmp_path / "keywords")
    assert loaded.ids == index.ids
    for query in ["JAXA", "実証実験", "令和2年度の予算", "オンライン イベント"]:
        assert loaded.search(query) == index.search(query)
        assert loaded.search(query, allowed={"robot", "science"}) == index.search(query, allowed={"robot", "science"})


def test_saved_index_is_plain_numpy_arrays_and_json(index, tmp_path: Path):
    index.save(tmp_path)
    assert {path.suffix for path in tmp_path.iterdir()} == {".npy", ".json"}


def test_a_sheet_without_words_can_be_indexed_but_never_matches():
    index = KeywordIndex.build(["empty", "robot"], ["。", "ロボット"])
    assert len(index) == 2
    assert [doc_id for doc_id, _ in index.search("ロボット")] == ["robot"]


@pytest.mark.parametrize(
    ("ids", "texts", "message"),
    [
        (["a"], ["ロボット", "予算"], "1 ids for 2 texts"),
        (["a", "a"], ["ロボット", "予算"], "unique"),
        ([], [], "nothing to index"),
        (["a"], ["。？"], "nothing to index"),
    ],
)
def test_build_rejects_mismatched_duplicate_or_empty_input(ids, texts, message):
    with pytest.raises(ValueError, match=message):
        KeywordIndex.build(ids, texts)


# English words in the documents' own Japanese (JMdict; no word list)


@pytest.fixture(scope="module")
def translated(index, tmp_path_factory) -> KeywordIndex:
    from jimuqa.index.glosses import Dictionary, dictionary_path
    from jimuqa.index.search.keywords import japanese_terms

    texts = {**SHEETS, "crematorium": "火葬場の管理運営を行う。", "dumping": "不法投棄の監視員を委嘱した。",
             "partner": "グルノーブル市と経済交流の合意書を締結した。", "clubs": "放課後児童クラブを運営する。"}  # fmt: skip
    built = KeywordIndex.build(list(texts), list(texts.values()))
    built.english = japanese_terms(built.tokens, Dictionary(dictionary_path(tmp_path_factory.mktemp("cache"))))
    return built


def test_english_words_become_the_japanese_words_the_documents_use(translated):
    assert "火葬場" in translated.japanese_for("crematorium")
    assert "不法投棄" in translated.japanese_for("unlawful dumping")  # a two-word gloss, read as one
    assert {"不法", "投棄"} <= set(tokenise(translated.japanese_for("illegal dumping")))  # word by word
    assert "ロボット" in translated.japanese_for("robots")
    assert translated.japanese_for("weather forecast") == ""  # nothing the documents say
    assert "グルノーブル" in translated.japanese_for("Grenoble")  # a place JMnedict writes in katakana only
    # every writing of a word: Sudachi reads クラブ as 倶楽部, and the sheet prints クラブ
    assert {"倶楽部", "クラブ"} <= set(translated.english["club"])


def test_an_english_question_finds_japanese_passages_by_their_translations(translated):
    assert top_id(translated, translated.japanese_for("What does the crematorium cost?")) == "crematorium"
    assert top_id(translated, translated.japanese_for("How is illegal dumping watched?")) == "dumping"


def test_the_translations_are_saved_with_the_index(translated, tmp_path):
    from jimuqa.index.search.keywords import RULES_FILE, saved_english

    translated.save(tmp_path)
    assert KeywordIndex.load(tmp_path).japanese_for("crematorium") == translated.japanese_for("crematorium")
    # a later build reuses them only when they were made by today's rules
    assert saved_english(tmp_path, current=True) == translated.english
    (tmp_path / RULES_FILE).write_text("1", encoding="utf-8")
    assert saved_english(tmp_path, current=True) == {} and saved_english(tmp_path) == translated.english
