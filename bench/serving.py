"""How a build is served: which way of searching its vectors leaves it untouched, and how fast the app starts.

    jimuqa bench serving --data DIR [--queries 200] [--start-runs 3]

First the ways of searching the vectors, side by side; then ``--start-runs`` starts of ``jimuqa serve``, each
timed until ``GET /`` answers and until a first answer.

For each way, the live build is hashed (every file's name and bytes), two child processes open it at once
and each runs ``--queries`` searches, and the build is hashed again; each child reports its open time,
search latency p50/p95 and resident memory. The searches are the retriever's (30 nearest, a third of them
narrowed to one sheet, a third to the narrative sections), with stored chunk vectors as queries, so that no
child loads the embedding model. The ways:

* ``chroma-embedded``: Chroma's HNSW index in the build's embedded store (what serving did before).
* ``chroma-in-memory``: the vectors read out of that store once, then searched with numpy.
* ``vector-file``: the build's read-only ``.npy`` copy (``index.search.vector_file``), what serving does now.
* ``chroma-server``: a ``chroma run`` server holding the same collection in its own folder.

Results are in docs/serving.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from jimuqa.bench.measure import free_port, percentiles, rss_mb, wait_until_up
from jimuqa.settings import (
    CHROMA_DIR,
    MANIFEST_FILE,
    PROJECT_ROOT,
    VECTORS_DIR,
    current_build,
    offline_environment,
)

WAYS = ("chroma-embedded", "chroma-in-memory", "vector-file", "chroma-server")
DEPTH = 30  # the retriever's depth (index.search.retrieve.DEPTH)
NARRATIVE = ["overview", "participation", "indicators", "results_issues", "evaluation", "direction"]
# A narrative question: its answer needs the embedding model, the last thing a starting app loads.
FIRST_QUESTION = "JAXAと協定を結んだ事業は?"


def build_hash(build_dir: Path) -> str:
    """sha256 over every file's path (relative to ``build_dir``) and bytes: equal exactly when nothing changed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in build_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(build_dir)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# ---- the ways of searching the vectors ---------------------------------------------------------------


def open_way(way: str, build_dir: Path, url: str | None = None):
    """A searcher over ``build_dir``'s vectors, opened the way ``way`` says (``url``: the server's)."""
    import numpy as np

    from jimuqa.index.search.vector_file import ArraySearcher

    indexes = json.loads((build_dir / MANIFEST_FILE).read_text())["indexes"]
    model_id = indexes["embed_model"]
    if way == "vector-file":
        return ArraySearcher.open(build_dir / VECTORS_DIR, model_id)
    from jimuqa.index.search.vectors import COLLECTION, VectorSearcher, open_client

    if way == "chroma-server":
        return VectorSearcher(open_client(url=url), model_id, COLLECTION)
    client = open_client(path=build_dir / CHROMA_DIR)
    if way == "chroma-embedded":
        return VectorSearcher(client, model_id, indexes["collection"])
    if way == "chroma-in-memory":
        records = client.get_collection(indexes["collection"]).get(include=["embeddings"])
        return ArraySearcher(list(records["ids"]), np.asarray(records["embeddings"], np.float32), model_id)
    raise ValueError(f"unknown way {way!r}; ways are {', '.join(WAYS)}")


def search_load(build_dir: Path, count: int) -> list[tuple]:
    """``count`` (vector, filter) searches like the retriever's: stored vectors as queries, a third per filter."""
    import numpy as np

    from jimuqa.index.search.chunks import parse_chunk_id
    from jimuqa.index.search.vector_file import read_vector_file

    ids, matrix, _ = read_vector_file(build_dir / VECTORS_DIR)
    rows = np.random.default_rng(0).permutation(len(ids))
    searches = []
    for n in range(count):
        row = int(rows[n % len(rows)])
        where = [None, {"sheet": [parse_chunk_id(ids[row])["sheet"]]}, {"section": NARRATIVE}][n % 3]
        searches.append((np.array(matrix[row]), where))
    return searches


def time_way(way: str, build_dir: Path, count: int, url: str | None = None) -> dict:
    """In a child process: open ``way``, run ``count`` searches; seconds to open, ms per search, MB resident."""
    searches = search_load(build_dir, count)
    started = time.perf_counter()
    searcher = open_way(way, build_dir, url)
    opened = time.perf_counter() - started
    times = []
    for vector, where in searches:
        started = time.perf_counter()
        searcher.search(vector, DEPTH, where)
        times.append((time.perf_counter() - started) * 1000)
    return {"open_s": opened, **percentiles(times), "rss_mb": rss_mb()}


def run_way(way: str, build_dir: Path, count: int, url: str | None = None, processes: int = 2) -> dict:
    """``processes`` children search ``build_dir`` the way ``way`` says at the same time; was the build written?"""
    before = build_hash(build_dir)
    with ThreadPoolExecutor(processes) as pool:
        results = list(pool.map(lambda _: _child(way, build_dir, count, url), range(processes)))
    merged = {key: statistics.fmean(r[key] for r in results) for key in results[0]}
    return {"way": way, "build_unchanged": build_hash(build_dir) == before, **merged}


def _child(way: str, build_dir: Path, count: int, url: str | None) -> dict:
    command = [sys.executable, "-m", "jimuqa.bench.serving", "--child", way, str(build_dir), str(count), url or ""]
    env = {**os.environ, **offline_environment()}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{way} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare_ways(data_dir: Path, count: int = 200, ways: tuple[str, ...] = WAYS) -> list[dict]:
    """Every way over the live build of ``data_dir``; the server gets a copy of the collection in its own folder."""
    build_dir = current_build(data_dir).resolve()
    results = []
    for way in ways:
        if way != "chroma-server":
            results.append(run_way(way, build_dir, count))
            continue
        with (
            tempfile.TemporaryDirectory(prefix="jimuqa-chroma-") as folder,
            _served_copy(build_dir, Path(folder)) as url,
        ):
            result = run_way(way, build_dir, count, url)
            result["server_rss_mb"] = _server_rss_mb()
            results.append(result)
    return results


@contextmanager
def _served_copy(build_dir: Path, folder: Path) -> Iterator[str]:
    """A ``chroma run`` server in ``folder`` holding the build's chunks and vectors; yields its URL."""
    import numpy as np

    from jimuqa.index.search.search_index import read_chunks
    from jimuqa.index.search.vector_file import read_vector_file
    from jimuqa.index.search.vectors import COLLECTION, chroma_server, open_client, write_vectors

    with chroma_server(folder) as url:
        ids, matrix, model_id = read_vector_file(build_dir / VECTORS_DIR)
        chunks = {chunk.id: chunk for chunk in read_chunks(build_dir)}
        write_vectors(open_client(url=url), COLLECTION, [chunks[i] for i in ids], np.array(matrix), model_id)
        yield url


def _server_rss_mb() -> float:
    """Resident memory of this process's ``chroma run`` children (the server the last way used)."""
    total = 0.0
    for child in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split():
        total += rss_mb(child)
    return total


def ways_markdown(results: list[dict], count: int) -> str:
    lines = [
        f"Two processes at once, each opening the live build and running {count} searches (30 nearest; "
        "a third narrowed to a sheet, a third to the narrative sections). Means of the two.",
        "",
        "| way | build unchanged | open (s) | p50 (ms) | p95 (ms) | RSS per process (MB) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        memory = f"{r['rss_mb']:.0f}" + (f" + server {r['server_rss_mb']:.0f}" if "server_rss_mb" in r else "")
        lines.append(
            f"| {r['way']} | {'yes' if r['build_unchanged'] else '**no**'} | {r['open_s']:.3f} | "
            f"{r['p50']:.2f} | {r['p95']:.2f} | {memory} |"
        )
    return "\n".join(lines)


# ---- how fast the app starts -------------------------------------------------------------------------


def measure_start(
    data_dir: Path, question: str = FIRST_QUESTION, env: dict | None = None, timeout_s: float = 120
) -> dict:
    """Start ``jimuqa serve`` on an existing build; seconds until GET / answers 200, and until a first answer.

    ``env`` adds variables to the server's environment (e.g. ``PYTHONPATH`` to time another checkout).
    """
    from gradio_client import Client  # imported before the clock starts: it is the client's cost, not the server's

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "jimuqa.ui", "serve", "--data", str(data_dir.resolve()), "--port", str(port)]
    environment = {**os.environ, **offline_environment(), **(env or {})}
    # Outside the checkout: ``python -m`` puts the working folder first on the path, ahead of ``PYTHONPATH``.
    with tempfile.TemporaryFile("w+") as log, tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        server = subprocess.Popen(command, cwd=folder, env=environment, stdout=log, stderr=log)
        try:
            try:
                wait_until_up(url, timeout_s, server, poll_s=0.05)
            except RuntimeError as err:
                log.seek(0)
                raise RuntimeError(f"{err}:\n{log.read()[-3000:]}") from None
            page = time.monotonic() - started
            result = Client(url, verbose=False).predict(question, "ja", api_name="/chat")
            first = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"page_s": page, "first_answer_s": first, "answered": bool(result and result[0])}


def start_markdown(runs: list[dict], question: str) -> str:
    lines = [
        f"`jimuqa serve` on an existing build; first question: {question}",
        "",
        "| run | page answers (s) | first answer (s) |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {n} | {r['page_s']:.2f} | {r['first_answer_s']:.2f} |" for n, r in enumerate(runs, start=1)]
    median = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    lines.append(f"| median | {median('page_s'):.2f} | {median('first_answer_s'):.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":  # the children of run_way, not a user entry point
    if sys.argv[1:2] != ["--child"]:
        raise SystemExit("use: jimuqa bench serving --help")
    way, build, count, server_url = sys.argv[2:6]
    print(json.dumps(time_way(way, Path(build), int(count), server_url or None)))
