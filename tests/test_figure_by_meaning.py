"""A figure asked in words no field or indicator of the form carries: what is asked, in what unit, and which of
a sheet's figures is closest in meaning (``answering.figure_by_meaning``).

The embedder is the fake bag-of-bigrams one (``tests/fakes.py``): texts sharing characters are close.
"""

from __future__ import annotations

import numpy as np

from jimuqa.answering.catalogue import catalogue
from jimuqa.answering.figure_by_meaning import (
    AMOUNT,
    ANY,
    COUNT,
    MONEY,
    SHARE,
    Ask,
    Figure,
    asked_figures,
    asks_other_things,
    closest,
    counted_in,
    gives_a_number,
    names,
    sheet_figures,
    telling,
    told_in_its_translation,
)
from jimuqa.answering.understand import Words
from jimuqa.index.ofunato_form import FORM as OFUNATO
from tests.fakes import FakeEmbedder

VALUE = catalogue()["ofunato_indicator_value"]
COST = catalogue()["ofunato_project_cost"]
HOURS = catalogue()["ofunato_work_hours"]
NATIONAL = catalogue()["ofunato_national"]


def indicator(no: int, name: str, unit: str) -> Figure:
    return Figure(VALUE, name, unit, no)


def kinds(text: str, lang: str) -> list[str]:
    return [ask.kind for ask in asked_figures(text, lang)]


def test_what_a_question_asks_a_figure_in():
    assert kinds("令和6年度は何人が登録したの?", "ja") == ["人"]
    assert kinds("補助は何基分出たんですか?", "ja") == ["基"]
    assert kinds("ふるさと納税はいくら集まった?", "ja") == [MONEY]
    assert kinds("取扱量はどれくらいだった?", "ja") == [ANY]
    assert kinds("What share of registered dogs got their shot?", "en") == [SHARE]
    assert kinds("what % of registered dogs got their rabies shots?", "en") == [SHARE]
    assert kinds("How many deer did they take?", "en") == [COUNT]
    assert kinds("How many people came?", "en") == ["人"]
    assert kinds("How many elementary and junior high kids did it cover?", "en") == ["人"]  # people in a role
    assert kinds("How many households got the oil?", "en") == ["世帯"]
    assert kinds("How much did the city spend?", "en") == [MONEY]
    assert kinds("How much garbage did the boat pick up?", "en") == [AMOUNT]  # an amount of a thing, not money
    assert kinds("What did the project do for families?", "en") == []
    assert kinds("事業の目的は?", "ja") == []


def test_each_figure_asked_has_its_own_clause():
    asks = asked_figures("How much did the city receive, and from how many donors?", "en")
    assert [(a.kind, a.text) for a in asks] == [(MONEY, "How much did the city receive"),
                                                (COUNT, "from how many donors")]  # fmt: skip
    # one ask: the whole question says what it is of, the subject before the ask too
    (one,) = asked_figures("大船渡港のコンテナ貨物の取扱量、令和6年度はどれくらいだった?", "ja")
    assert "コンテナ貨物の取扱量" in one.text


def test_a_figure_is_counted_in_the_unit_asked():
    assert counted_in(indicator(1, "登録児童数", "人"), "人")
    assert counted_in(indicator(1, "三陸鉄道乗車人数", "万人"), "人")  # a magnitude counts in the counter all the same
    assert not counted_in(indicator(1, "登録児童数", "人"), "件")
    assert counted_in(Figure(COST, "事業費計", "千円"), MONEY)
    assert not counted_in(indicator(1, "予防接種率", "%"), MONEY)
    assert counted_in(indicator(1, "予防接種率", "%"), SHARE)
    assert counted_in(indicator(1, "ごみ回収量", "t"), AMOUNT) and not counted_in(indicator(1, "運航日数", "日"), AMOUNT)
    # "how many", its counter unsaid: a count, not a measure
    assert counted_in(indicator(1, "申請件数", "件"), COUNT)
    assert not counted_in(indicator(1, "温室効果ガスの削減効果", "kg/年"), COUNT)
    assert not counted_in(Figure(COST, "事業費計", "千円"), COUNT)


def test_a_sheets_figures_are_its_cost_rows_and_its_indicators():
    words = Words([], {}, indicators={"0231": [(1, "運営箇所数"), (2, "登録児童数\n（※各年5月1日現在）")]},
                  indicator_units={"0231": {1: "箇所", 2: "人"}})  # fmt: skip
    figures = sheet_figures("0231", OFUNATO, words)
    assert Figure(COST, "事業費計", "千円") in figures and Figure(HOURS, HOURS.label_ja, HOURS.unit) in figures
    # an indicator's name without the note printed below it
    assert indicator(2, "登録児童数", "人") in figures and indicator(1, "運営箇所数", "箇所") in figures


FIGURES = [
    Figure(COST, "事業費計", "千円"),
    Figure(NATIONAL, "国庫支出金", "千円"),
    Figure(HOURS, HOURS.label_ja, HOURS.unit),
    indicator(1, "補助金交付基数", "基"),
    indicator(2, "浄化槽設置相談件数", "件"),
    indicator(3, "寄附金額", "円"),
    indicator(4, "寄附件数", "件"),
]


def test_the_closest_figure_counted_in_the_unit_asked():
    embedder = FakeEmbedder()
    assert closest(Ask("相談は何件あった", "件"), FIGURES, embedder, set()) == [FIGURES[4]]
    assert closest(Ask("補助金は何基交付した", "基"), FIGURES, embedder, set()) == [FIGURES[3]]
    # nothing on the sheet counts in the unit asked: nothing is chosen
    assert closest(Ask("何頭とった", "頭"), FIGURES, embedder, set()) == []


def test_money_is_the_forms_own_money_or_an_indicator_in_yen_never_an_unnamed_cost_row():
    embedder = FakeEmbedder()
    money = closest(Ask("寄附金額はいくら", MONEY), FIGURES, embedder, set())
    assert money == [FIGURES[5]]
    assert FIGURES[1] not in closest(Ask("国からいくら", MONEY), FIGURES, embedder, set())


def test_a_field_the_parser_read_is_the_one_asked():
    embedder = FakeEmbedder()
    asked = Ask("how many total staff hours went into the newsletter", COUNT)
    assert closest(asked, FIGURES, embedder, {HOURS.key}) == [FIGURES[2]]
    assert closest(Ask("事業費はいくら", MONEY), FIGURES, embedder, {COST.key}) == [FIGURES[0]]


def test_an_indicator_the_parser_read_by_a_run_of_its_name_is_the_one_asked():
    # 「修繕着手率」 is a run of the % indicator's name; more of the count's characters are said, but not as a run
    figures = [indicator(3, "修繕着手橋梁数", "橋"), indicator(9, "修繕を要する橋梁（判定Ⅲ以上）の修繕着手率", "％")]
    asked = Ask("直さなきゃいけない橋の修繕着手率はどれくらい", ANY)
    assert closest(asked, figures, FakeEmbedder(), set()) == [figures[0]]
    assert closest(asked, figures, FakeEmbedder(), set(), indicators=frozenset({9})) == [figures[1]]


def test_a_question_that_says_a_figures_own_name_names_it():
    asked = "ふるさと納税って大船渡にはどのくらい集まったの？令和6年度の寄附金額を教えて。"
    assert names(indicator(6, "「ふるさと大船渡応援寄附」金額", "円"), asked, "ふるさと納税事務")
    assert not names(indicator(5, "返礼品の数", "件"), asked, "ふるさと納税事務")


def test_every_indicator_an_ask_says_by_its_own_name_is_asked():
    figures = [indicator(1, "運行日数", "日"), indicator(2, "営業係数", ""), indicator(3, "三陸鉄道乗車人数", "万人")]
    asked = Ask("三陸鉄道ってどのくらい赤字なの？令和6年度の営業係数と、乗った人の数を教えて。", ANY)
    # by meaning alone one figure is closest; the two the ask says are both given, whichever is closer
    assert closest(asked, figures, EvenEmbedder(), set(), project="三陸鉄道支援事業") == figures[1:]
    assert closest(Ask("令和6年度の営業係数は？", ANY), figures, EvenEmbedder(), set()) == [figures[1]]


def test_an_ask_said_twice_in_one_clause_is_one_ask():
    assert kinds("ふるさと納税は何件きて、金額はいくら集まったの？", "ja") == ["件", MONEY]


def test_the_passages_that_give_a_number_of_what_is_asked():
    (asked,) = asked_figures("相談対応やマッチングはどのくらいやったの?", "ja")
    consults = indicator(1, "相談件数", "件")
    passages = ["技術相談窓口にて47件の相談対応を行い、9件のマッチングを実現した。", "令和2年度に窓口を開設した。"]
    assert telling(asked, [consults], passages) == passages[:1]  # a year is no count
    (money,) = asked_figures("いくら集まった?", "ja")
    assert telling(money, [FIGURES[5]], ["寄附は62,075件あった。", "寄附は約9億円集まった。"]) == ["寄附は約9億円集まった。"]
    # "how many", its counter unsaid: given by a number in the unit of the figure chosen, not by any number
    (deer,) = asked_figures("How many deer did the squad cull?", "en")
    chosen = [indicator(1, "有害捕獲実施日数", "日"), indicator(2, "推定生息頭数", "頭")]
    assert telling(deer, chosen, ["シカ1,240頭を捕獲した。"])  # (in the unit of either figure chosen)
    (kids,) = asked_figures("How many kids ate school lunch?", "en")
    assert not telling(kids, [indicator(1, "対象となる児童生徒数", "人")], ["学校給食実施回数：小学校180日"])


def test_a_question_that_also_asks_an_account_is_left_to_the_passages():
    def names_cost(clause: str) -> bool:
        return "cost" in clause

    assert asks_other_things("What does the program do, and how many staff are there?", "en", names_cost)
    assert asks_other_things("奨学金の返済を支援する制度、どうして始めたの？どのくらい支援してもらえる？", "ja", names_cost)
    # a clause asking a figure of the form by its word is a figure asked too
    assert not asks_other_things("How many of us are there, and what did that program cost?", "en", names_cost)
    assert not asks_other_things("How many kids were registered in R6?", "en", names_cost)
    # "how" before an adjective asks a measure, before a verb an account
    assert not asks_other_things("How many children used them, and how full were they?", "en", names_cost)
    assert asks_other_things("How is the bus service run, and how many buses are there?", "en", names_cost)


class EvenEmbedder:
    """A model that finds every text as close as every other: what the characters said decide alone."""

    def embed_passages(self, texts):
        return np.full((len(texts), 4), 0.5)

    def embed_queries(self, texts):
        return self.embed_passages(texts)


def test_the_labels_characters_the_ask_says_decide_what_meaning_leaves_even():
    figures = [indicator(1, "タクシー券の発行枚数", "枚"), indicator(2, "タクシー券の使用枚数", "枚")]
    # the characters both labels hold tell neither apart (タクシー券); 「使われた」 says 使
    asked = Ask("福祉タクシーの券は何枚使われた", "枚")
    assert closest(asked, figures, EvenEmbedder(), set()) == [figures[1]]
    # an English ask, by its words in the sheets' Japanese (``keywords.japanese_for``): "lend out" 貸出
    figures = [indicator(1, "図書館情報提供回数", "回"), indicator(2, "図書館資料の貸出点数", "点")]
    asked = Ask("how many items did the library lend out", COUNT)
    said = "how many items did the library lend out 項目 図書館 貸出 貸し出す"
    assert closest(asked, figures, EvenEmbedder(), set(), said) == [figures[1]]


def test_how_many_without_a_counter_in_japanese_asks_a_count():
    assert kinds("市は去年度いくつ防犯灯を設置したの？", "ja") == [COUNT]


def test_a_fee_a_resident_pays_is_no_projects_spending():
    embedder = FakeEmbedder()
    # 事業費 read or not, a fee (使用料, 「1時間いくら」) is not the project's cost; an indicator in 円 may be it
    for asked in ("使用料は市内の人だといくら払えばいいの", "1時間いくらかかるの", "what do parents pay?"):
        chosen = closest(Ask(asked, MONEY), FIGURES, embedder, {COST.key})
        assert FIGURES[0] not in chosen and all(f.indicator is not None for f in chosen), asked
    assert closest(Ask("事業費はいくら", MONEY), FIGURES, embedder, {COST.key}) == [FIGURES[0]]


def test_a_figure_counted_per_day_is_asked_only_by_saying_so():
    figures = [indicator(4, "つばきまつり期間中の入館者数", "人"), indicator(5, "つばきまつり時の1日当たり世界の椿館入館者数", "人/日")]
    # a model that finds the per-day one closest: the question asks no rate, and its count is the answer
    asked = Ask("During the camellia festival, how many visitors came into the World Camellia Hall?", ANY)
    assert closest(asked, figures, PerDayEmbedder(), set()) == [figures[0]]
    asked_per_day = Ask("During the camellia festival, how many visitors a day came into the hall?", ANY)
    assert closest(asked_per_day, figures, PerDayEmbedder(), set()) == [figures[1]]


class PerDayEmbedder:
    """A model that finds a question closest to the figure counted per day."""

    def embed_passages(self, texts):
        return np.array([[1.0, 0.0] if "当たり" in t else [0.0, 1.0] for t in texts])

    def embed_queries(self, texts):
        return np.array([[1.0, 0.0] for _ in texts])


def test_a_passage_tells_a_count_asked_in_english_by_the_sheets_words_for_it_right_before_its_number():
    ask = Ask("how many sanitation monitors does it have?", COUNT)
    monitors = [{"衛生", "公衆衛生"}, {"監視", "モニター"}]
    said = "また、衛生監視員（34人）を配置し、不法投棄に関する監視にあたる。"
    assert gives_a_number(ask, said, monitors)
    # a number after other words counts something else: 2回 are the injection days, not the dogs
    assert not gives_a_number(ask, "狂犬病予防集合注射の実施（春季、秋季の2回実施）", [{"犬"}, {"注射"}])
    places = [indicator(3, "不法投棄廃棄物の発見箇所数", "件")]
    assert told_in_its_translation(monitors, places, [said])
    # words a figure chosen names, or the project's name, say which figure or project, not what is counted
    assert not told_in_its_translation([{"不法"}, {"投棄"}], places, ["不法投棄の通報が12件あった。"])
    assert not told_in_its_translation([{"衛生"}, {"監視"}], places, [said], name="衛生監視事業")
