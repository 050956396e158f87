"""Serving never writes to a build, and the app serves its page before the engine and models are loaded.

docs/serving.md has the measurements behind both (``jimuqa bench serving``); nothing here asserts a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import jimuqa.ui.app as app
from jimuqa.answering import load_engine
from jimuqa.bench.serving import build_hash
from jimuqa.index.search import search_index
from jimuqa.index.search.retrieve import open_vectors
from jimuqa.index.search.vector_file import (
    IDS_FILE,
    MATRIX_FILE,
    ArraySearcher,
    ModelMismatchError,
    VectorStoreError,
    write_vector_file,
)
from jimuqa.index.search.vectors import VectorSearcher, open_client, write_vectors
from jimuqa.settings import MANIFEST_FILE, VECTORS_DIR, Settings, current_build, offline_environment
from jimuqa.ui.labels import LABELS
from tests.fakes import FakeEmbedder
from tests.test_app import free_port, last_answer
from tests.test_vectors import embed_all, fake_embed, make_chunks

ROOT = Path(__file__).resolve().parent.parent
BUDGET = "097の令和2年度の予算額は?"


# --------------------------------------------------------------------------- the build is never written


def test_two_processes_answering_100_questions_each_leave_the_build_untouched(built_settings, tmp_path):
    build_dir = current_build(built_settings.data_dir).resolve()
    lines = [line for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line]
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(lines[i % len(lines)] for i in range(100)) + "\n", encoding="utf-8")
    before = build_hash(build_dir)
    env = {**os.environ, **offline_environment()}
    command = [sys.executable, "-m", "jimuqa.ui", "ask", "--data", str(built_settings.data_dir), "--questions"]
    askers = [
        subprocess.Popen([*command, str(questions), "--out", str(tmp_path / f"{n}.jsonl")], env=env, cwd=tmp_path)
        for n in (1, 2)
    ]
    assert [asker.wait(timeout=600) for asker in askers] == [0, 0]
    for n in (1, 2):
        answers = [json.loads(line) for line in (tmp_path / f"{n}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert len(answers) == 100 and all(a["kind"] for a in answers)
    assert build_hash(build_dir) == before


def test_serving_searches_the_vector_file_and_never_imports_chroma(built_settings):
    code = f"""
import sys
import numpy as np
from jimuqa.answering import load_engine
from jimuqa.index.search.vector_file import ArraySearcher
from jimuqa.settings import load_settings

vectors = load_engine(load_settings(data_dir={str(built_settings.data_dir)!r})).retriever.vectors
assert isinstance(vectors, ArraySearcher), type(vectors)
assert vectors.search(np.asarray(vectors.matrix[0]), 3)[0][0] == vectors.ids[0]
assert "chromadb" not in sys.modules
"""
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **offline_environment()}, check=True, timeout=120)


def test_the_vector_file_finds_what_chroma_finds(tmp_path):
    chunks = make_chunks()
    vectors = embed_all(chunks)
    client = open_client(path=tmp_path / "chroma")
    write_vectors(client, "sections", chunks, vectors, "fake")
    write_vector_file(tmp_path / "vectors", [c.id for c in chunks], vectors, "fake")
    chroma, array = VectorSearcher(client, "fake"), ArraySearcher.open(tmp_path / "vectors", "fake")
    for text in ("研究機関と連携", "予算額と決算額", "R01 新規プロジェクトの創出"):
        for where in (None, {"sheet": "097"}, {"section": ["costs", "overview"]}, {"fiscal_year": "R02"}):
            found, expected = array.search(fake_embed(text), 5, where), chroma.search(fake_embed(text), 5, where)
            assert [chunk_id for chunk_id, _ in found] == [chunk_id for chunk_id, _ in expected]
            assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-5)
    assert array.allowed_ids({"sheet": "097", "fiscal_year": "R01"}) == chroma.allowed_ids(
        {"sheet": "097", "fiscal_year": "R01"}
    )
    assert array.search(fake_embed("予算"), 3, {"sheet": "999"}) == []


def test_a_vector_file_is_refused_for_another_model_or_when_unreadable(tmp_path):
    write_vector_file(tmp_path, ["R02-097-costs-0"], np.ones((1, 4), np.float32), "model-a")
    assert sorted(p.name for p in tmp_path.iterdir()) == [IDS_FILE, MATRIX_FILE]  # no temporary file left behind
    with pytest.raises(ModelMismatchError):
        ArraySearcher.open(tmp_path, "model-b")
    (tmp_path / MATRIX_FILE).write_bytes(b"not an array")
    with pytest.raises(VectorStoreError):
        ArraySearcher.open(tmp_path, "model-a")


def test_a_build_made_before_the_vector_file_is_still_served(tmp_path, corpus_dir, monkeypatch):
    from jimuqa.index.build import build

    monkeypatch.setattr(search_index, "load_embedder", lambda data_dir, model: FakeEmbedder(model_id=model))
    settings = Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data", embed_model="fake-hash")
    build_dir = build(settings, index_step=search_index.write_indexes).build_dir
    indexes = json.loads((build_dir / MANIFEST_FILE).read_text())["indexes"]
    assert isinstance(open_vectors(build_dir, indexes), ArraySearcher)
    for path in (build_dir / VECTORS_DIR).iterdir():
        path.unlink()
    (build_dir / VECTORS_DIR).rmdir()
    assert isinstance(open_vectors(build_dir, indexes), VectorSearcher)  # its Chroma store, until rebuilt


# --------------------------------------------------------------------------- the page first, the engine behind it


@pytest.fixture
def held_loading(built_settings, monkeypatch):
    """The app's engine loads only when the test sets the returned event (no retriever: no model to load)."""
    release = threading.Event()

    def slow_load_engine(settings):
        assert release.wait(timeout=120), "the test never released the engine"
        return load_engine(settings, with_retriever=False)

    monkeypatch.setattr(app, "load_engine", slow_load_engine)
    return release


def test_the_page_is_served_before_the_engine_is_loaded_and_an_early_question_waits(built_settings, held_loading):
    from gradio_client import Client

    loader = app.EngineLoader(built_settings)
    demo = app.create_app(built_settings, loader)
    port = free_port()
    app.launch(demo, "127.0.0.1", port, block=False)
    try:
        url = f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200 and b"jimuqa" in page.read()
        assert not loader.loaded()  # the page came first
        job = Client(url, verbose=False).submit(BUDGET, "ja", api_name="/chat")
        with pytest.raises(TimeoutError):
            job.result(timeout=1)  # the question waits for the engine …
        held_loading.set()
        assert "6,954" in last_answer(job.result(timeout=120))  # … and is answered once it is loaded
        assert loader.loaded() and loader.warm.wait(timeout=60)
    finally:
        held_loading.set()
        demo.close()


def test_a_question_asked_while_loading_is_answered_when_the_engine_is_ready(built_settings, held_loading):
    handlers = app.ChatApp(built_settings, None, False, loader=app.EngineLoader(built_settings).start())
    shown: list = []
    asking = threading.Thread(target=lambda: shown.extend(handlers.chat(BUDGET, None, "ja")))
    asking.start()
    asking.join(timeout=1)
    assert asking.is_alive() and not shown  # waiting, not failing
    assert handlers.sheets()  # the sheets tab does not wait for the engine
    held_loading.set()
    asking.join(timeout=120)
    assert "6,954" in shown[-1][0][-1]["content"]


def test_an_engine_that_cannot_load_gives_an_error_answer_not_a_hang(built_settings, monkeypatch):
    def broken(settings):
        raise FileNotFoundError("no build")

    monkeypatch.setattr(app, "load_engine", broken)
    handlers = app.ChatApp(built_settings, None, False, loader=app.EngineLoader(built_settings).start())
    final = list(handlers.chat(BUDGET, None, "ja"))[-1]
    assert LABELS["ja"]["error"] in final[0][-1]["content"]
