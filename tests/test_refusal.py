"""Questions nobody here wrote: off-topic questions, other cities and absent details get honest refusals that
say what the sheets cover, from the table (``answering.refusal``)."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from jimuqa.answering import answer, refusal
from jimuqa.answering.normalise import parse_query
from jimuqa.answering.types import NARRATIVE, UNANSWERABLE
from jimuqa.answering.understand import Words
from jimuqa.answering.verify import check
from jimuqa.index.build import build
from jimuqa.index.ofunato_form import CITY as OFUNATO
from jimuqa.index.table import SCHEMA
from jimuqa.index.years import label
from jimuqa.settings import TABLE_FILE, Settings
from tests.test_two_cities import two_city_corpus


def ask(engine, question, history=None):
    result = answer(question, history, engine=engine)
    assert check(result, engine.db, question) == [], result.notes
    return result


def table_facts(db) -> tuple[list[str], list[str], int]:
    cities = [r[0] for r in db.execute("SELECT DISTINCT city FROM sheets")]
    years = [r[0] for r in db.execute("SELECT DISTINCT fiscal_year FROM sheets")]
    return cities, years, db.execute("SELECT count(*) FROM sheets").fetchone()[0]


# ---- off-topic questions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("今日の天気は?", "天気"),
        ("つくば市の人口", "人口"),
        ("what's the weather", "weather"),
        ("What is the population of Tsukuba?", "population"),
        ("How do I get a passport?", "passport"),
    ],
)
def test_off_topic_questions_are_refused_with_what_the_sheets_cover(engine, question, absent):
    result = ask(engine, question)
    assert result.kind == UNANSWERABLE and not result.citations
    assert "refused: off_topic" in result.notes
    # The words the sheets do not have are named …
    assert (f"『{absent}』はシートに載っていません" if result.lang == "ja" else f'"{absent}"') in result.text
    # … and what they do cover comes from the table: its cities, years, departments, count and sections.
    cities, years, sheets = table_facts(engine.db)
    for city in cities:
        assert city in result.text
    for year in years:
        assert label(year, result.lang) in result.text
    assert (f"{sheets}事業" if result.lang == "ja" else f"{sheets} project sheets") in result.text
    department = engine.db.execute("SELECT department FROM sheets LIMIT 1").fetchone()[0]
    assert department in result.text
    for (heading,) in engine.db.execute("SELECT DISTINCT heading FROM sections"):
        assert heading in result.text


def test_a_word_the_parser_left_unplaced_is_named(engine):
    result = ask(engine, "市役所の開庁時間は?")
    assert result.kind == UNANSWERABLE and "『開庁』" in result.text


@pytest.mark.parametrize(
    "question",
    [
        "グルノーブルとの取り決めは?",  # 取り決め is not on the sheets, but グルノーブル is, in one passage
        "JAXAとの関係は?",
        "コロナの影響は?",
        "ロボットの安全性は?",
    ],
)
def test_a_question_with_a_word_specific_to_some_passages_is_not_refused(engine, question):
    result = ask(engine, question)
    assert result.kind == NARRATIVE and result.citations


# ---- other cities -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("水戸市のロボット関連事業の予算はどれくらい?", "水戸市"),
        ("土浦市長は何と言った?", "土浦市"),
        ("What was Mito City's robot budget?", "Mito City"),
    ],
)
def test_a_city_the_table_does_not_hold_is_refused_by_name(engine, question, city):
    result = ask(engine, question)
    assert result.kind == UNANSWERABLE and "refused: other_city" in result.notes
    assert city in result.text
    held = table_facts(engine.db)[0]
    assert all(c in result.text for c in held)


@pytest.mark.parametrize(
    "question",
    [
        "つくば市の科学教育推進事業の令和2年度の決算額は?",
        "What did Tsukuba City agree with Grenoble?",
        "グルノーブル市との合意は?",  # not a city of the table, but one the sheets write about
        "国際科学技術都市「つくば」の推進事業の令和2年度の予算は?",  # 都市 is no city
    ],
)
def test_a_city_the_table_holds_or_the_sheets_mention_is_not_refused(engine, question):
    result = ask(engine, question)
    assert "refused: other_city" not in result.notes and result.kind != UNANSWERABLE


def test_city_mentions_come_from_place_names_not_a_list():
    assert refusal.city_mentions("横浜市と川崎市の予算") == ["横浜市", "川崎市"]
    assert refusal.city_mentions("市の関与と都市の課題、市内の大学") == []
    assert refusal.held("Ōfunato City", (OFUNATO,)) and refusal.held("Tsukuba City", ("つくば市",))
    assert not refusal.held("つくばみらい市", ("つくば市",))


# ---- coverage from the table, whatever its city and years ---------------------------------------------------


def test_the_coverage_sentence_takes_city_year_and_departments_from_the_table(tmp_path):
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for i, department in enumerate(["総務部企画課", "総務部財政課", "市民部市民課", "教育部学務課"]):
        db.execute(
            "INSERT INTO sheets (number, name, fiscal_year, department, file, first_line, last_line, city, form) "
            "VALUES (?, ?, 'R05', ?, 'x.txt', 1, 2, '架空市', 'tsukuba')",
            (f"{i:03d}", f"事業{i}", department),
        )
        db.execute(
            "INSERT INTO sections (sheet_id, section, heading, file, first_line, last_line, text) "
            "VALUES (?, 'costs', 'コストの推移', 'x.txt', 1, 2, '')",
            (i + 1,),
        )
    fake = SimpleNamespace(db=db, build_dir=tmp_path, retriever=None)
    ja = refusal.refuse(parse_query("今日の天気は?"), "off_topic", engine=fake, words=["天気"])
    assert "『天気』はシートに載っていません" in ja.text
    assert "架空市の令和5年度の4事業" in ja.text and "コストの推移" in ja.text and "ほか1部課" in ja.text
    assert "つくば" not in ja.text and "令和2年度" not in ja.text
    future = refusal.refuse(parse_query("When will it end?"), "future", engine=fake)
    assert "up to FY2023" in future.text and "FY2020" not in future.text
    other = refusal.other_city(parse_query("水戸市の予算は?"), fake)
    assert other is not None and "架空市" in other.text and "水戸市" in other.text
    assert refusal.other_city(parse_query("架空市の予算は?"), fake) is None


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory):
    root = tmp_path_factory.mktemp("refusal-two")
    settings = Settings(corpus_dir=two_city_corpus(root / "corpus"), data_dir=root / "data")
    build(settings)
    db = sqlite3.connect(settings.data_dir / "current" / TABLE_FILE)
    return SimpleNamespace(db=db, build_dir=root / "data" / "two", retriever=None, words=Words.from_db(db))


def test_with_two_cities_both_are_covered_and_neither_is_refused(two_cities):
    cover = refusal.coverage(two_cities.db)
    assert set(cover.names) == {"つくば市", OFUNATO}
    text = cover.covered("ja")
    assert "つくば市の令和2年度の10事業" in text and f"{OFUNATO}の令和7年度の407事業" in text
    assert refusal.other_city(parse_query(f"{OFUNATO}の事業の予算は?"), two_cities) is None
    refused = refusal.other_city(parse_query("札幌市の事業の予算は?"), two_cities)
    assert refused is not None and "札幌市" in refused.text and OFUNATO in refused.text
    # A neighbouring city 大船渡's sheets write about is a topic of the sheets, not another corpus.
    assert refusal.other_city(parse_query("陸前高田市との連携は?"), two_cities) is None


def test_a_noun_said_as_an_adverb_of_time_names_no_topic(two_cities):
    # 大船渡's sheets print 今日 (「今日の少子化」) in a few passages: it must not make 「今日の天気」 a question about them
    cover = refusal.coverage(two_cities.db)
    assert refusal.content_words(parse_query("今日の天気は?"), cover) == ["天気"]
    assert refusal.content_words(parse_query("最近の事業費の課題は?"), cover) == ["課題"]


# ---- absent details ------------------------------------------------------------------------------------------


def test_a_date_the_sheet_does_not_give_is_said_to_be_absent_with_the_closest_passage(engine):
    result = ask(engine, "スーパーシティの公募はいつ?")
    # a decline (no date is stated), with the closest passage as context
    assert result.kind == UNANSWERABLE and "detail not given: date" in result.notes
    assert result.text.startswith("シートには日付は書かれていません")
    assert result.citations and "スーパーシティ公募" in result.citations[0].quote
    assert result.citations[0].quote in result.text


def test_a_date_beside_another_matter_does_not_date_the_one_asked_about(engine):
    # 094's sentence dates its agreements with 国土地理院 and JAXA; the Grenoble agreement (096) has no date.
    result = ask(engine, "On what date did Tsukuba sign its agreement with Grenoble?")
    assert result.kind == UNANSWERABLE and "detail not given: date" in result.notes
    assert "グルノーブル" in result.citations[0].quote


def test_a_detail_asked_of_a_described_matter_is_not_found_by_meaning(engine):
    # 「連携合意書」 describes no project to search for: the passages about Grenoble's agreement answer, and give no date
    result = ask(engine, "グルノーブル市との連携合意書って何月何日に結んだんですか？")
    assert result.kind == UNANSWERABLE and "detail not given: date" in result.notes
    assert "グルノーブル" in result.citations[0].quote


def test_a_detail_asked_in_words_a_project_was_found_by_is_still_asked(engine):
    # "people" helps find the science education project by meaning; the question still asks how many people.
    result = ask(engine, "How many people took part in the hands-on science education events in FY2021?")
    assert result.kind == UNANSWERABLE and "detail not given: people" in result.notes


def test_a_figure_for_a_question_read_in_part_does_not_answer_a_detail_it_lacks(engine):
    # 「試乗会」 is not read; 参加 finds the participation field, which holds no number of people.
    result = ask(engine, "ロボットの試乗会って、何人ぐらい参加したんですか？")
    assert result.kind == UNANSWERABLE and result.text.startswith("シートには人数は書かれていません")


def test_a_date_the_sheet_gives_is_answered_as_usual(engine):
    result = ask(engine, "JAXAと協定を結んだのはいつ?")
    assert result.kind == NARRATIVE and not any(n.startswith("detail not given") for n in result.notes)
    assert "6月25日" in result.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("いつ締結した?", "date"),
        ("When did they sign it?", "date"),
        ("イベントには何人参加した?", "people"),
        ("How many people took part?", "people"),
        ("誰が委員になった?", "name"),
        ("Which company was chosen?", "name"),
        ("防犯灯の工事はどこの電気工事業者に発注してるの？業者名を教えて。", "name"),
        ("What dates is the festival going to be held?", "date"),
        ("What are the exact dates of next spring's festival?", "date"),
        ("100歳になったときのお祝い金っていくらもらえるの？", "price"),  # what a resident gets, not the project's cost
        ("科学教育推進事業は誰を対象にしているの?", None),  # the 対象 field, not a person's name
        ("どんな成果があった?", None),
    ],
)
def test_detail_kinds_are_read_from_their_cue_words(question, kind):
    asked = refusal.asked_detail(parse_query(question))
    assert (asked.key if asked else None) == kind


def test_an_english_question_is_given_the_detail_a_sentence_on_its_matter_holds():
    asked = parse_query("How many people does the city have patrolling as sanitation monitors?")
    shown = [SimpleNamespace(text="不法投棄の通報件数は多い。", overlap=1.0)]
    aside = SimpleNamespace(text="延べ120人が参加した。", overlap=0.0)  # a count of people on another matter
    monitors = SimpleNamespace(text="衛生監視員（34人）を配置し、監視にあたる。", overlap=0.8)
    assert refusal.giving_the_detail(asked, shown, [aside, monitors]) is monitors
    # a date beside another matter is no date of the one asked about
    asked = parse_query("On what exact date was the ceremony held?")
    law = SimpleNamespace(text="令和4年4月1日から成年年齢が18歳に引き下げられた。", overlap=0.6)
    assert refusal.giving_the_detail(asked, shown, [law]) is None


def test_detail_detectors():
    by_key = {kind.key: kind.detects for kind in refusal.DETAIL_KINDS}
    assert by_key["date"]("6月25日には協定を締結した。") and not by_key["date"]("公募への参加に向け検討した。")
    assert by_key["people"]("延べ120人が参加した。") and not by_key["people"]("正職員が担当した。")
    assert by_key["name"]("国立研究開発法人宇宙航空研究開発機構（JAXA）と締結") and not by_key["name"]("検討を進めた。")


def test_a_person_asked_for_is_refused_whatever_else_the_parser_reads(engine):
    result = answer("Who is the section chief in charge of the robot project, and what's their phone number?", None,
                    engine=engine)  # fmt: skip
    assert result.kind == UNANSWERABLE


def test_when_something_will_start_is_the_future():
    from jimuqa.answering.plan import FUTURE, refusal_of

    assert refusal_of(parse_query("給食費の無償化っていつから始まるの？")).reason == FUTURE
    assert refusal_of(parse_query("この事業はいつから始まったの？")) is None  # begun: the sheet may say


def test_a_day_asked_is_not_given_by_a_fiscal_year():
    assert refusal.asked_detail(parse_query("On what exact date was the ceremony held?")).key == "date"
    asked = refusal.asked_detail(parse_query("What date is the summer festival going to be held next year?"))
    assert asked.key == "date" and asked.detects("6月19日に締結した。")
    assert not asked.detects("令和6年度から減免基準の見直しをした。")
    assert refusal.absent_detail(parse_query("What date is the festival?"), ["令和6年度から見直した。"]) is not None
    # "when" may be answered by a year
    assert refusal.absent_detail(parse_query("いつから始まったの?"), ["平成21年度から設置している。"]) is None


def test_an_answer_to_part_of_a_question_says_which_words_it_left(engine):
    result = ask(engine, "事業097の予算額と天気は?")
    assert "6,954" in result.text  # the part the sheets hold is answered (予算額 R02, corpus line 292)
    assert "『天気』はシートに載っていません。その部分には答えていません。" in result.text
    assert any(n.startswith("left unanswered") for n in result.notes)
    english = ask(engine, "What was 097's FY2020 budget and the mayor's salary?")
    assert '"salary"' in english.text and "That part is not answered." in english.text


def test_a_question_read_whole_has_no_such_line(engine):
    result = ask(engine, "事業097の令和2年度の予算額は?")
    assert "シートに載っていません" not in result.text
    assert not any(n.startswith("left unanswered") for n in result.notes)


def test_no_figure_is_given_for_a_name_the_sheets_lack(engine):
    # Capitalised mid-sentence, "Yokohama" is a name; the sheets hold no word of it, so the smart city figure
    # of this corpus is not the answer.
    result = ask(engine, "How much does Yokohama spend on its smart city program?")
    assert result.kind == UNANSWERABLE and '"Yokohama"' in result.text and not result.citations
    # asked as a figure, a name the sheets lack is refused even when no figure could be read and passages were found
    passages = ask(engine, "How much did Kawasaki pay for the disinfecting robots?")
    assert passages.kind == UNANSWERABLE and '"Kawasaki"' in passages.text
    assert refusal.proper_names("What about yokohama and Nagoya? Budget?", ["yokohama", "nagoya", "budget"]) == [
        "Nagoya"
    ]
    assert refusal.proper_names("How did the Robot Town project do?", ["robot", "town"]) == []  # a title


def test_a_project_described_rather_than_named_is_answered_from_its_passages(engine):
    # The words taken for a name hold verbs (試してもらう): they describe a project, and its sheet answers (its
    # citizen participation). A description with a word no sheet has (道路) is still refused as a project not found.
    described = ask(engine, "新しい技術の製品を安く試してもらう事業では、市民や事業者はどのような形で参加できたのでしょうか。")
    assert described.kind != UNANSWERABLE and described.projects == ["010"]
    absent = ask(engine, "市内の道路を直す事業の予算は?")
    assert absent.kind == UNANSWERABLE and "道路" in absent.text


def test_saying_what_one_thinks_of_doing_is_no_request_for_an_opinion():
    from jimuqa.answering.normalise import parse_query
    from jimuqa.answering.plan import OPINION, refusal_of

    assert refusal_of(parse_query("I'm thinking of joining a robot event. What does the robot project do?")) is None
    assert refusal_of(parse_query("Do you think the robot project is a good idea?")).reason == OPINION
    assert refusal_of(parse_query("Should the city keep the robot project?")).reason == OPINION
    assert refusal_of(parse_query("Honestly, is the city wasting taxpayers' money on the robot project?")).reason == OPINION


def test_a_day_to_come_is_not_on_the_sheets():
    from jimuqa.answering.normalise import parse_query
    from jimuqa.answering.plan import FUTURE, refusal_of

    for question in ("Will it rain in Tsukuba this weekend?", "明日のつくばの天気は？"):
        assert refusal_of(parse_query(question)).reason == FUTURE


def test_amounts_a_question_says_in_other_units_are_what_its_reading_repeats():
    from jimuqa.answering.verify import amounts_in

    assert amounts_in("事業費が10億円を超える事業") == {1_000_000.0}
    assert amounts_in("more than 50 million yen, or 3,000万円") == {50_000.0, 30_000.0}
    assert amounts_in("令和7年度の事業は?") == set()


def test_a_project_of_a_city_the_sheets_only_mention_is_another_citys(two_cities):
    # 大船渡's sheets write about 陸前高田市 (a partner): a topic of theirs, but its own projects are not here.
    assert refusal.other_city(parse_query("陸前高田市との連携は?"), two_cities) is None
    for question in ("陸前高田市の結婚支援事業って年間どれくらい予算使ってる？", "陸前高田市のふるさと納税っていくら集まった？"):
        refused = refusal.other_city(parse_query(question), two_cities)
        assert refused is not None and "陸前高田市" in refused.text


def test_a_day_of_the_week_and_a_company_name_are_details_the_sheets_may_lack(engine):
    assert ask(engine, "うちの地区のごみ収集って何曜日？").kind == UNANSWERABLE
    # 009's sentences name no company (市HP and 事業PR are no company's names)
    result = ask(engine, "未来共創プロジェクトで採択された実証実験って、どこの会社のものですか？")
    assert result.kind == UNANSWERABLE and "detail not given: name" in result.notes


def test_when_as_a_conjunction_asks_for_no_date():
    question = "For the city's gift to families when a baby is born: how many children qualified in FY2024?"
    assert refusal.asked_detail(parse_query(question)) is None
    assert refusal.asked_detail(parse_query("When did the city sign it?")).key == "date"


def test_a_declined_count_names_the_indicators_counting_in_its_counter(engine):
    from jimuqa.answering.engine import _counting

    assert refusal.asked_counter(parse_query("実証実験って何件採択された？")) == "件"
    assert refusal.asked_counter(parse_query("How many trials?")) is None
    counted = {n: u for n, u in engine.db.execute(
        "SELECT i.name, i.unit FROM indicators i JOIN sheets s ON s.id = i.sheet_id WHERE s.number = '009'")}  # fmt: skip
    named = _counting(engine, (), ["009"], "件")
    assert named == [f"009「{n}」" for n, u in counted.items() if u == "件"] and named


def test_a_count_of_things_the_passages_do_not_give_is_declined(engine):
    result = ask(engine, "つくばチャレンジって何台のロボットが走ったんですか？")
    assert result.kind == UNANSWERABLE and "detail not given: count" in result.notes
    assert refusal.asked_detail(parse_query("連携企業は何社？")).key == "count"
    assert refusal.asked_detail(parse_query("事業は何件ある？")) is None  # a count of the sheets' projects


def test_a_number_of_people_printed_with_an_indicators_unit_is_given():
    figure = "指標2「新規就職者数」（人） 令和2年度: 目標値 5、実績 11"
    assert refusal.absent_detail(parse_query("就職者は何人?"), [figure]) is None
    assert refusal.absent_detail(parse_query("就職者は何人?"), ["指標1「製品等の試用件数」（件） 実績 7"]) is not None


def test_a_refusal_names_no_word_the_parser_reads_as_missing(engine):
    result = refusal.refuse(parse_query("What was the combined largest spending of the aquarium's programs?"), "not_found",
                            engine=engine)  # fmt: skip
    said = next((n for n in result.notes if n.startswith("not on the sheets")), "")
    assert "aquarium" in said and "combined" not in said and "largest" not in said


def test_a_count_of_people_the_passages_lack_points_at_the_indicators_that_count_people(engine):
    result = ask(engine, "How many people took part in the hands-on science education events in FY2021?")
    assert "体験型科学教育事業の延べ参加者数" in result.text.splitlines()[0]  # the sheet counts them there


def test_contact_details_asked_beside_a_project_described_are_refused(engine):
    result = ask(engine, "What's the phone number of whoever runs the project making Tsukuba a robot town?")
    assert result.kind == UNANSWERABLE and "refused: not_on_sheets" in result.notes


def test_a_take_on_whether_it_is_worth_the_money_is_an_opinion_and_which_company_a_name():
    from jimuqa.answering.plan import OPINION, refusal_of

    asked = "Honestly, is the ILC campaign worth the taxpayers' money? What's your take?"
    assert refusal_of(parse_query(asked)).reason == OPINION
    assert refusal.asked_detail(parse_query("Which bus company is contracted to run the school buses?")).key == "name"
    assert refusal.asked_detail(parse_query("Which bus routes does the city support?")) is None


def test_what_holds_on_a_day_or_at_an_hour_is_not_on_the_sheets_but_a_count_right_now_is_of_the_latest_year():
    from jimuqa.answering.plan import A_DAY, refusal_of

    for question in ("Is it raining at the coast right now? Thinking of heading out this afternoon.",
                     "What time does the first train leave the station?", "図書館は何時から開いていますか？"):  # fmt: skip
        assert refusal_of(parse_query(question)).reason == A_DAY, question
    assert refusal_of(parse_query("How many ambassadors does the city have right now?")) is None
    assert refusal_of(parse_query("みらいきょうそうプロジェクトの申請件数は？")) is None  # きょう in kana is no day


def test_a_personal_take_and_a_heads_pay_are_refused():
    from jimuqa.answering.plan import NOT_ON_SHEETS, OPINION, refusal_of

    assert refusal_of(parse_query("Honestly, what's your personal take: will the robot project last?")).reason == OPINION
    assert refusal_of(parse_query("予算をこんなに使うのって、正直ムダだと思いませんか？")).reason == OPINION
    assert refusal_of(parse_query("What's the annual salary of the person who heads the science center?")).reason == (
        NOT_ON_SHEETS
    )


def test_what_one_person_is_paid_is_not_on_the_sheets_but_a_projects_salaries_are_its_personnel_cost():
    from jimuqa.answering.plan import NOT_ON_SHEETS, refusal_of

    for question in ("What's the annual salary of the staff member who runs the robot project?",
                     "How much does a coordinator earn?", "市長の年収は?",
                     "地域おこし協力隊の隊員の毎月の報酬（給料）はいくらもらえるんですか？", "課長さんって年収いくら？"):  # fmt: skip
        assert refusal_of(parse_query(question)).reason == NOT_ON_SHEETS, question
    for question in ("How much did the robot project spend on salaries in FY2020?",
                     "How much did each low-income household get?", "委員報酬はいくら？"):  # fmt: skip
        assert refusal_of(parse_query(question)) is None, question


def test_an_amount_asked_of_a_thing_the_sheets_never_name_is_refused_by_that_word(engine):
    result = ask(engine, "科学技術振興課の課長さんって貯金いくらあるの？")
    assert result.kind == UNANSWERABLE and "貯金" in result.text, result.text
    # a noun said as an adverb asks no amount of its own
    assert refusal.amount_of_absent(["結局"], parse_query("ロボットの事業は結局いくら使ったの？"), engine) == []


def test_an_amount_asked_of_a_topic_the_sheets_never_name_is_refused_by_that_word(engine):
    # the topic is set off first (「…って、」) and the amount asked after it, with a counter of its own
    result = ask(engine, "つくばの花火大会って、毎年何発くらい打ち上げてるの？")
    assert result.kind == UNANSWERABLE and "花火" in result.text, result.text
    # the topic is a noun run: 「ちなみに」 (by the way) sets off nothing, 職員 is the topic and the sheets give it
    history = [{"role": "user", "content": "ロボットの街つくば推進事業の令和2年度予算っていくら？"},
               {"role": "assistant", "content": "097の令和2年度予算額は6,954千円です。"}]
    result = ask(engine, "ちなみに職員は何人分くらいで回してたの？", history)
    assert result.kind != UNANSWERABLE and "1.20人" in result.text and "ちなみ" not in result.text, result.text


def test_a_relative_who_and_how_far_below_ask_no_detail():
    assert refusal.asked_detail(parse_query("How much did the after-school clubs for kids whose parents work cost?")) is None
    assert refusal.asked_detail(parse_query("How is the city changing how it helps people who want to move here?")) is None
    assert refusal.asked_detail(parse_query("Who runs the robot project?")).key == "name"
    assert refusal.asked_detail(parse_query("この事業は誰のための事業で、何を目指してるの？")) is None  # whom it serves
    assert refusal.asked_detail(parse_query("How far was the FY2020 result below the target?")) is None
    assert refusal.asked_detail(parse_query("How far is the science hall from the station?")).key == "duration"


def test_a_fee_the_passages_do_not_give_is_said_to_be_absent():
    assert refusal.asked_detail(parse_query("火葬場の使用料っていくら払えばいいの？")).key == "price"
    assert refusal.asked_detail(parse_query("盛岡まで高速バスで行くと運賃いくら？")).key == "price"  # a fare
    assert refusal.asked_detail(parse_query("How much did the city pay for the school buses?")) is None
    assert refusal.asked_detail(parse_query("Which team is in charge of the data platform?")) is None  # who, no fee
    assert refusal.asked_detail(parse_query("Who is the special zone project aimed at?")) is None  # its 対象
    assert refusal.asked_detail(parse_query("who is the after school club for, and how is it run?")) is None
    assert refusal.asked_detail(parse_query("Who is responsible for the after school club?")).key == "name"
    lacking = refusal.absent_detail(parse_query("保育料はいくら？"), ["保育所を運営する。"])
    assert lacking is not None and lacking.note == "detail not given: price"
    assert refusal.absent_detail(parse_query("保育料はいくら？"), ["保育料は月額5,000円。"]) is None
    # a place said in the asker's situation (「東京から…移住したら、」) is no topic the amount must stand beside
    moved = parse_query("東京から単身で移住したら、支援金っていくらもらえるの？")
    passages = ["東京23区内に在住していた方", "移住者に対し、単身60万円の支援金を交付する。"]
    assert refusal.absent_detail(moved, passages, moved.text) is None
    said = "東京の人は支援金いくらもらえる？"  # (a place said as the matter: the amount must stand beside it)
    assert refusal.absent_detail(parse_query(said), passages, said) is not None


def test_a_sentence_giving_the_detail_asked_is_found_among_the_others():
    shown = [SimpleNamespace(text="放課後児童クラブを運営する。")]
    others = [SimpleNamespace(text="父母会に委託する。"), SimpleNamespace(text="保護者は月12,000円を上限に利用料を負担する。")]
    assert refusal.giving_the_detail(parse_query("利用料はどのくらいかかる？"), shown, others) is others[1]
    assert refusal.giving_the_detail(parse_query("事業の目的は？"), shown, others) is None
    # 「何人」 is in no sentence: a count of people is given by one that shares the question's words
    shown = [SimpleNamespace(text="・衛生監視員によるパトロールを行った。", overlap=2.0, section="means")]
    others = [SimpleNamespace(text="職員2人が担当する。", overlap=0.0, section="overview"),
              SimpleNamespace(text="衛生監視員（34人）を配置する。", overlap=2.0, section="overview")]  # fmt: skip
    assert refusal.giving_the_detail(parse_query("衛生監視員は何人いるの？"), shown, others) is others[1]
    # a count of people printed in ten thousands is a number of people
    assert refusal.absent_detail(parse_query("How many people rode it?"), ["60 ten thousand people"]) is None


def test_a_view_a_recommendation_and_which_is_more_fun_are_opinions_but_a_use_of_the_money_is_not():
    from jimuqa.answering.plan import OPINION, refusal_of

    for asked in ("Honestly, is the hometown-tax program a good use of taxpayers' money? What's your view?",
                  "What's a good place to eat near the station?", "Any good ramen places near the station?",
                  "Which is more fun to go to, the camellia festival or the industry fair?"):  # fmt: skip
        assert refusal_of(parse_query(asked)).reason == OPINION, asked
    assert refusal_of(parse_query("What is the money used for in the hometown-tax program?")) is None
    assert refusal_of(parse_query("What did the festival spend on its venue in FY2024?")) is None
    assert refusal_of(parse_query("How many places did the after-school clubs run at in FY2024?")) is None


def test_the_sheets_judgement_of_what_the_city_should_do_is_asked_not_an_opinion(engine):
    # 「市がどこまで関わるべきかの評価」: the score given the item 市の関与, which 関わるべき names; 「関わるべきだと思う？」 asks a
    # view, and 「…に関わる事業」 is only "related to"
    from jimuqa.answering.plan import OPINION, refusal_of

    result = ask(engine, "科学教育推進事業について、市がどこまで関わるべきかの評価って何点になってますか？")
    assert result.kind != UNANSWERABLE and "市の関与" in result.text and "[1]" in result.text
    assert check(result, engine.db, result.question) == []
    assert refusal_of(parse_query("市はこの事業にもっと関わるべきだと思う？")).reason == OPINION
    related = ask(engine, "SDGsの目標11に関わる事業を全部挙げて")
    assert related.reading and "関与" not in related.reading


def test_who_the_person_in_charge_is_is_not_on_the_sheets_but_who_a_project_is_for_is():
    from jimuqa.answering.plan import NOT_ON_SHEETS, refusal_of

    for question in ("Who's the staff member in charge of the marriage support program?",
                     "Who is the coordinator of the after-school clubs?"):  # fmt: skip
        assert refusal_of(parse_query(question)).reason == NOT_ON_SHEETS, question
    assert refusal_of(parse_query("Who is the marriage support program aimed at?")) is None


def test_whether_an_event_will_eventually_come_is_a_prediction_but_what_is_planned_is_not():
    from jimuqa.answering.plan import FUTURE, refusal_of

    assert refusal_of(parse_query("つくば市って、最終的にスーパーシティに選ばれるんでしょうか？")).reason == FUTURE
    for question in ("この事業は将来どうなるんですか？", "最終的にいくらかかったの？", "最終的な予算はいくらですか？"):
        assert refusal_of(parse_query(question)) is None, question


def test_a_yes_or_no_will_asks_a_prediction_but_a_question_word_before_will_asks_a_rule_or_plan():
    from jimuqa.answering.plan import FUTURE, refusal_of

    for question in ("Will the robot project be continued?", "OK. And will they keep the robot project going?",
                     "Will Tsukuba be selected by the Cabinet Office as a Super City?"):  # fmt: skip
        assert refusal_of(parse_query(question)).reason == FUTURE, question
    for question in ("If I take a job here, for how many months at most will the city help me pay back my loan?",
                     "What will the city do about the deer next year?"):  # fmt: skip
        assert refusal_of(parse_query(question)) is None, question


def test_a_name_asked_of_what_a_figure_counts_is_not_given(engine):
    # "which companies were they?" after a count: the figure is context, the names are not on the sheets
    history = [{"role": "user", "content": "How many field experiments did project 093 pick in 2020?"},
               {"role": "assistant", "content": "093 supported 5 field experiments in FY2020."}]  # fmt: skip
    result = ask(engine, "cool, which companies were they?", history)
    assert result.kind == UNANSWERABLE and "detail not given: name" in result.notes
    assert "5" in result.text  # the count, shown as the closest figure


def test_a_count_asked_that_the_answer_gives_only_as_citation_marks_and_project_numbers_is_not_given(engine):
    # 「何校くらい参加した」 answered from 095's sheet with no number of schools: 「[1]」 and 「095」 give none
    result = ask(engine, "科学の甲子園全国大会をつくばでやったとき、何校くらい参加したんですか？")
    assert result.kind == UNANSWERABLE and "detail not given: count" in result.notes
