"""How people word questions: the cue words for fields, operations and refusals, in one place.

Patterns are matched against the normalised question (NFKC, Latin lower-cased; see
``answering.normalise``). Each entry is data; the planner only looks them up.
"""

from __future__ import annotations

import re

# Common misspellings → the word meant. Applied before anything else reads the question.
TYPOS: dict[str, str] = {
    "決済額": "決算額",
    "決済": "決算",
    "overtme": "overtime",
    "overtim ": "overtime ",
    "budjet": "budget",
    "buget": "budget",
    "setlement": "settlement",
    "settelment": "settlement",
    "priorty": "priority",
    "indicater": "indicator",
}

# Cost columns of the table: field → patterns that ask for it.
COST_FIELDS: dict[str, str] = {
    "budget": r"予算額|予算(?!科目|執行|の執行)|budget(?! code)|budgeted|allocat",
    "settlement": r"決算|支出|使った|いくら使|実際.{0,4}(費用|お金|金額)|settle|spent|spend|expenditure|actual(ly)? (cost|spen)",
    "general_fund": r"一般財源|general fund",
    "national_prefectural": r"国庫|県支出金|地方債|国や県|国・県|(?<!inter)national|prefectur|subsid",
    "other": r"その他の財源|その他財源|other (source|fund)",
    "personnel_cost_total": r"人件費|personnel cost|staff cost|labou?r cost",
    "staff_ratio": r"従事割合|何人分|職員数|正職員.{0,6}(何人|人数)|(full[- ]time|regular) staff(?! work)|staff ratio|fte|how many staff",
    "overtime_hours": r"時間外|残業|overtime",
    "part_time": r"会計年度任用|part[- ]time",
}
# (「分野ごとの内訳」「地区別の内訳」: a breakdown by another thing than the money's sources)
FUNDING = r"財源|(?<!ごとの)(?<!別の)(?<!ごと)(?<!別)内訳|funded|funding|source of (the )?(money|fund)|paid for|まかな"
EXECUTION_RATE = r"執行率|execution rate|決算.{0,3}÷.{0,3}予算"

# Basic-info and other fields of the sheets table: field → patterns.
SHEET_FIELDS: dict[str, str] = {
    "section": r"(?<!関)係(?!数)|担当(係|部署|の係)|どこの部署|which (team|unit|section)|responsible (team|unit)",
    "department": r"担当部課|部課|department",
    "budget_code": r"予算科目|budget code",
    "mayor_pledge": r"市長公約|公約|pledge",
    "strategy_plan": r"戦略プラン|strategy plan|strategic plan",
    "new_or_continuing": r"新規|継続事業|新しい事業|\bnew\b.{0,20}(project|continuing)|(projects?|which|it) .{0,20}\bnew\b|"
    r"continuing",
    "category": r"事業分類|分類|category|classification",
    "structure": r"事業体制|体制|委託|職員だけ|職員のみ|outsourc|contract",
    "individual_plan": r"個別計画|individual plan|sector plan",
    "legal_basis": r"根拠法令|根拠|法令|legal basis|law",
    "period": r"事業期間|期間限定|毎年度|period|duration|how long",
    "sdgs": r"sdg|持続可能な開発目標",
    "target": r"対象|誰(を|が|の)|だれ|who (is|are) (it|the project) for|target (group|audience)|who does it serve|serves? whom|for whom|aimed at",
    "purpose": r"目的|何のため|なんのため|ねらい|purpose|what is it for|what.{0,20} for\?|aim(?!ed at)|goal of the project",
    "overview": r"概要|取組内容|どんな事業|どういう事業|what does (it|the project) do|overview|about the project",
    "direction": r"方向性|今後|継続するの|終了|廃止|direction|future|continue|discontinu|going forward",
    "reason": r"理由|なぜ|why|reason",
}
EVALUATION_CUES: dict[str, str] = {
    "citizen_needs": r"市民ニーズ|ニーズ|citizen needs|needs",
    "progress": r"進捗|progress",
    "city_involvement": r"市の関与|関与|city involvement|involvement",
    "priority": r"優先度|優先|priority",
}
# a score in 点 said with its number or asked (何点, 3点, 点数); 問題点, 利点 and 拠点 are no scores
EVALUATION_ANY = r"評価|score|rating|rated|何点|\d\s*点|点数"

INDICATOR = (
    r"指標|kpi|目標|達成|未達|実績|下回|上回|target|goal|achiev|missed|met |\bmet\b|indicator|actual (number|count)"
)
ATTAINMENT = r"達成|未達|届かな|下回|上回|クリア|missed|met\b|achiev|reach|fell short|hit (the|their|its) target"
MISSED = (
    r"未達|できなかった|届かな|下回|missed|fell short|not (meet|met|achiev|reach)|fail|未達成|達成していない|しなかった"
)

# Aggregate operations.
TOTAL = r"合計|総額|合わせ|足す|足し|total|\bsum\b|combined|altogether|in all"
AVERAGE = r"平均|average|mean"
LARGEST = r"いちばん(大き|多|高)|一番(大き|多|高)|最も(大き|多|高)|最大|最多|最高|多い順|大きい順|高い順|上位|トップ|largest|biggest|highest|\bmost\b|\btop\b|\bmax"
SMALLEST = r"いちばん(小さ|少な|低)|一番(小さ|少な|低)|最も(小さ|少な|低)|最小|最少|最低|少ない順|小さい順|smallest|\bleast\b|lowest|fewest|\bmin\b|\bminimum"
CHANGE = r"増え|減っ|減少|増加|変化|推移|変わ|差|比べ|比較|から.{0,12}(にかけて|まで|で)|increase|decrease|drop|fell|rise|rose|grew|change|differ|compare|from .{0,12} to"
PERCENT = r"割合|率|パーセント|%|percent"
COUNT = r"いくつ(?!もり)|何件|何事業|件数|数は|how many"
LIST = (
    r"どれ|どの事業|どこ|どんな事業がある|ある\?|ありますか|挙げ|一覧|全部|すべて|which|list|what projects|any project"
)
ALL_PROJECTS = r"全部|ぜんぶ|全て|すべて|全事業|各事業|\d+事業(全部|ぜんぶ|すべて)?|all (the )?(ten |10 )?projects|across all|every project|all of the"
# A derived figure: the part of the budget not spent (予算額 − 決算額).
UNSPENT = r"不用額|執行残|使い残|余った|残った予算|unspent|left over|budget minus|minus (the )?settle"
# Asking for an account rather than a figure, even where a field word appears ("予算面の課題").
NARRATIVE_STRONG = r"課題|問題|対応策|改善|成果|取組|取り組|工夫|issue|problem|challenge|accomplish|achieve"
AMOUNT = r"いくら|金額|額|千円|円|how much|amount"
NONZERO = r"ゼロじゃない|ゼロでない|0じゃない|0でない|0以外|ゼロ以外|non-?zero|excluding zero|more than zero"

# Narrative cues: the section a question is about.
NARRATIVE_SECTIONS: dict[str, str] = {
    "results_issues": r"成果|実績|取組|やった|行った|何をした|できた|どんな|課題|問題|改善|協定|合意|締結|achiev|result|accomplish|"
    r"did|done|issue|problem|challenge|improve|agreement|agree|sign",
    "overview": r"目的|概要|対象|何のため|どんな事業|what is .{0,40} for|purpose|aim|who",
    "participation": r"市民参加|参加|参画|participat|take part|involve (citizens|residents)|citizens? (can|could)",
    "evaluation": r"評価|ニーズ|進捗|関与|優先|evaluat|score|rating",
    "direction": r"方向性|今後|理由|direction|future|why",
}

# Refusals: questions the sheets cannot answer whatever the project.
_PERSON_EN = (r"\b(?:staff members?|employees?|workers?|chiefs?|heads?|directors?|managers?|mayor|officers?|members?|"
              r"volunteers?|teachers?|coordinators?|person|officials?)\b")
NOT_ON_SHEETS = (
    r"名前(?!に変わ|が変わ|を変え|の由来)|(?:課長|部長|係長|市長|担当者|職員)(?:さん)?(?:って|は)誰|氏名|担当者|職員の名|電話|メール|住所|連絡先|営業時間|phone|e-?mail|address|staff member'?s? name|"
    r"who is (the|in) charge|contact|who (heads|leads|manages) .{0,60}(division|section|department|office|team|cent(?:er|re))|"
    rf"\bwho(?: i|')s the .{{0,30}}{_PERSON_EN}|"  # a person's name ("who's the staff member in charge of …")
    r"(head|chief|director|manager) of the .{0,60}(division|section|department|office|team|cent(?:er|re))|"
    # a person's pay (the sheets give a project's personnel cost, 人件費, never what one person earns)
    rf"\b(?:salary|salaries|wages?|income|earnings|take-home pay)\b .{{0,12}}\b(?:of|for) (?:the|a|each|an|one) .{{0,30}}{_PERSON_EN}|"
    rf"\bhow much (?:does|do|did) (?:the|a|an|each|one) .{{0,30}}{_PERSON_EN} (?:earn|make|get paid)\b|"
    r"(?:課長|部長|係長|市長|職員|担当者|隊員|先生|スタッフ)(?:さん)?(?:の|って)(?:毎月の|月々の|年間の|1年の|一年の)?"
    r"(?:年収|給料|給与|月給|報酬|手取り|収入)"
)
# "think" and "should" ask for an opinion when the question asks the reader's ("do you think", "should the city"),
# not when the asker says what they think of doing ("I'm thinking of replacing my fridge"); 「…と思うけど」 is the
# asker's own belief, 「どう思う？」「…と思いますか」 ask for one. "A waste of money" is an opinion, "human waste" a thing;
# "can you recommend" asks the reader's choice, "did the section chiefs recommend" what the sheet says; 「どこまで関わる
# べきかの評価」 asks the score the sheet gave that item, not the reader's view.
OPINION = (r"思う[?？]|思います[?？か]|思われますか|思いませんか|あなたの意見|べき(?:か|だ|では|です|でしょう|と)(?!(?:の|という|って)?(?:評価|点|判断|判定))|どう思|賛成|反対|無駄|ムダ|おすすめ|良い事業|悪い|you think|your opinion|"
           r"^should\b|\bshould (?:the city|it|they|we|i)\b|\b(?:a|such a|total|complete) waste\b|\bwaste of\b|\bwasting\b|\bwasteful\b|"
           r"worth (?:it|the (?:[a-z']+ )?(?:money|cost))|good idea|agree\?|"
           r"your (?:own |personal )?(?:take|view)|\b(?:you|u) (?:personally )?(?:recommend|think)\b|"
           r"\bgood use of\b|\b(?:good|best|nice|great|decent) (?:[a-z]+ ){0,2}(?:place|spot|restaurant|shop|cafe)s?\b|"
           r"\bmore fun\b|\bworth (?:a )?visit|"
           # a guess asked of the assistant at what will come ("What's your guess?", 「達成できそう？」)
           r"\byour (?:best )?guess\b|\bguess\?|できそう(?:[?？]|ですか|かな)|"
           # a judgement between the city's work and another's ("better than what Kashiwa-no-ha is doing"), not a
           # figure against its target ("better than the target")
           r"\b(?:better|worse) than (?:what|how|other|those of|that of)\b")
# The days ahead (this weekend, tomorrow): the sheets report fiscal years past and planned, never a day to come.
# ("Will the project be continued?", "Is it going to be picked?" ask a prediction; "how many months will the city
# help me" a rule the sheets give)
FUTURE = (r"\bwhen will\b|(?:^|[.?!;,]\s*(?:and |but |so )?)(?:will \w+\b|(?:is|are) (?!there\b)(?:[\w'-]+ ){1,4}going to\b)[^?]{0,100}\?|いつ(頃|ごろ)?(に)?なる|いつ(?:から)?始まるの|見通し|予想|予測|"
          r"いつ.{0,10}(される|される予定)|\bthis weekend\b|\btomorrow\b|\bnext week\b|明日|あした|今週末|来週|"
          # whether an event will come, asked with no question word (「最終的に…選ばれるんでしょうか」)
          r"(?:将来|いずれ|最終的に)[^。？?何どいく]{0,30}る(?:ん|の)(?:でしょうか|ですか)")

# A reason asked: why something is held in the afternoon is what a sheet may say (its passages), no day's news
WHY = r"理由|なぜ|何故|なんで(?!す|しょ|も)|どうして|\bwhy\b|\breasons?\b"
# A day or an hour (right now, this afternoon, Saturday, 何時): the sheets record fiscal years, so what holds on a
# day (the weather, a timetable, a tide) is not on them, whatever the place said (``plan.refusal_of``: not of a
# count or an amount asked, which "right now" asks of the latest year).
A_DAY = (r"\bright now\b|\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|\bwhat time\b|o'clock|"
         r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|今日|今夜|今朝|午前|午後|何時(?!間)|曜日|今すぐ")
# A clause stating the circumstance a question is asked in ("…, given overseas travel is hard right now", 「今日は
# 雨だけど、…」): a day said in it is no day asked about. Before the day in English, after it in Japanese.
PREMISE_BEFORE = r"\b(?:given|since|because|now that)\b[^,?.;]*$"
PREMISE_AFTER = r"^[^。？?、,]*(?:けど|けれど|ので|から)[、,]"


# A fee, a price per use (「1時間いくら」), what a resident pays or gets (「いくらもらえる」; not what the city pays: a
# project's spending)
# ("in charge of" is who is responsible, no fee)
FEE = (r"(?:いくら|どれくらい|どのくらい|何円)(?:の?お金)?[がは]?もらえ|支給額|給付額|"
       r"\bhow much (?:do|does|did|would|will|can) (?:i|we|you|they|residents|people|families|parents|each \w+) "
       r"(?:get|receive)\b|"
       r"(?:使用|利用|手数|保育|入館|入場|授業|受講|参加|観覧|駐車)料|料金|運賃|(?:[1１一](?:時間|回|日|人|件)|月|毎月|月額)(?:あたり|当たり)?(?:は|に)?いくら|払えば|払わなければ|自己負担|利用者負担|"
       r"(?:保護者|利用者|住民|市民|親|家庭|家族|私|自分)(?:[はがも]|たち[はがも]?)[^。？?、]{0,8}払|"
       r"\b(?:fees?|(?<!\bin )charges?|prices?|fares?|tuition|rent)\b|\bper (?:hour|day|visit|use|person|child)\b|"
       r"\b(?:do|does|would|will) (?:i|we|you|parents|residents|users|families|people|visitors|patients|members) "
       r"(?:\w+ ){0,2}pay\b|\bhave to pay\b")

# Question words that mark a follow-up as elliptical ("and its overtime?", "その予算は?").
FOLLOW_UP = r"^(そ(の|れ|こ)|じゃあ|では|あと|and\b|what about|how about|its\b|それぞれ)"
# A word anywhere in a question that points back at what was asked before ("how much of it did the prefecture pay")
POINTS_BACK = r"\b(?:it|its|they|them|their|that program|that project|this program|this project)\b|その事業|それって"

# English words for the words of project names, so "the robot project" finds ロボット.
GLOSSARY: dict[str, str] = {
    # The sheets' words for what English questions ask about, so keyword search finds them too.
    "overtime": "時間外勤務 残業",
    "budget": "予算額",
    "settled": "決算額",
    "settlement": "決算額",
    "spent": "決算額",
    "spending": "決算額",
    "funding": "財源",
    "personnel": "人件費",
    "staff": "職員",
    "evaluation": "評価",
    "score": "評価",
    "citizen needs": "市民ニーズ",
    "priority": "優先度",
    "progress": "進捗状況",
    "involvement": "市の関与",
    "participant": "参加者",
    "participat": "参加",
    "target": "目標値",
    "actual": "実績",
    "indicator": "指標",
    "issues": "課題",
    "problem": "課題",
    "improvement": "改善目標",
    "achieve": "成果",
    "result": "成果",
    "purpose": "目的",
    "continu": "継続 方向性",
    "direction": "方向性",
    "agreement": "協定",
    "vote": "投票",
    "event": "イベント",
    "experiment": "実証実験",
    "ridership": "利用者 利用客",
}

# Phrases that name "a project" without naming which: "Xの事業", "the X project".
PROJECT_PHRASE_JA = re.compile(r"([^\s、。,?？!！「」]{2,24}?)(?:の)?(?:推進)?事業")
PROJECT_PHRASE_EN = re.compile(r"([^?,;]{2,80}?)\s+(?:project|program|programme|initiative)")
