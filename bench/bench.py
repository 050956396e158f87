"""City-scale benchmark: parse, build, index size, build memory, answer latency and engine memory per corpus size.

Each size gets a generated corpus (``jimuqa.bench.generate``, seed 0) and a fresh data folder whose ``models/``
and ``cache/`` are symlinks into one shared folder, so the model is dequantised once and embeddings
computed by an earlier run (or size) are reused. Builds and query runs happen in child processes, so
their peak RSS is theirs alone. Figures are printed, never asserted.

    jimuqa bench run --sheets 10 --sheets 1000 --queries 200 [--chroma-server]
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from jimuqa.bench.generate import add_sheets, generate, read_truth
from jimuqa.bench.measure import peak_rss_mb, percentiles, rss_mb
from jimuqa.index.search.vectors import chroma_server
from jimuqa.settings import Settings, cache_dir, current_build, models_dir, offline_environment

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS_DIR = ROOT / "corpus"
RETRIEVAL_QUERIES = ROOT / "eval" / "retrieval_queries.jsonl"
CACHE_FILE = "embeddings.sqlite"
KINDS = ("structured", "narrative")


# ---- questions from the generated truth ---------------------------------------------------------

STRUCTURED_LOOKUPS = (
    ("{number}の令和2年度の予算額はいくら?", None),
    ("事業{number}の令和元年度の決算額を教えてください。", None),
    ("{name}の平成30年度の決算額は?", None),
    ("{number}のR3予算額っていくらの予定?", None),
    ("{name}の令和2年度の正職員の時間外勤務は何時間でしたか", None),
    ("{number}の進捗状況の評価は何点?", None),
    ("{name}の担当係はどこ?", None),
    ("事業{number}の2020年度の指標の実績は?", None),
)
AGGREGATES = (
    "令和2年度の目標を達成できなかった事業はどれ?",
    "全部の事業のR2決算額を合計するといくら?",
    "2020年度の予算額がいちばん大きい事業は?",
    "令和2年度に新規で始まった事業はどれですか",
    "優先度が5の事業はいくつある?",
    "方向性が「終了」になっている事業はある?",
    "{section}が担当している事業の令和2年度決算額の合計は?",
    "令和２年度の決算額が多い順に上位3事業を教えて",
)
NARRATIVES = (
    "{name}は令和2年度にどんな成果を上げましたか",
    "{number}の課題は何ですか?",
    "{name}の改善目標を教えて",
    "{name}って、どういう目的でやってるの?",
    "「{sentence}」という取組をしている事業は?",
    "{sentence}について教えてください。",
)


def make_questions(truth: list[dict], n: int, seed: int = 0) -> list[dict]:
    """``n`` questions, half structured (lookups and aggregates over the table), half narrative.

    Questions that name a project by number use three-digit numbers only, as in the first runs, so that the
    figures stay comparable across runs (the engine has recognised four-digit numbers since).
    """
    rng = random.Random(seed)
    by_number = [s for s in truth if len(s["number"]) == 3] or truth
    questions = []
    for i in range(n):
        if i % 2 == 0:
            aggregate = rng.random() < 0.3
            template = rng.choice(AGGREGATES) if aggregate else rng.choice(STRUCTURED_LOOKUPS)[0]
            kind = "structured"
        else:
            template, kind = rng.choice(NARRATIVES), "narrative"
        sheet = rng.choice(by_number if "{number}" in template else truth)
        text = sheet["texts"][rng.choice(("results", "overview", "purpose", "issues_business"))]
        fields = {
            "number": sheet["number"],
            "name": sheet["name"],
            "section": sheet["section"],
            "sentence": text.split("。")[0][:40],
        }
        question = {"kind": kind, "question": template.format(**fields)}
        if "{number}" in template or "{name}" in template:
            question["sheets"] = [sheet["number"]]
        elif "{sentence}" in template:  # the seed's sentences recur, so every sheet that holds it is right
            question["sentence"] = fields["sentence"]
            question["sheets"] = [s["number"] for s in truth if any(fields["sentence"] in t for t in s["texts"].values())]
        questions.append(question)
    return questions


def cites_an_expected_sheet(question: dict, citations: list) -> bool | None:
    """Whether an answer cites a sheet the question asks about; None when the question names no sheet."""
    expected = question.get("sheets")
    if not expected:
        return None
    return bool({citation.sheet for citation in citations} & set(expected))


# ---- measurements run in child processes --------------------------------------------------------


def cached_embeddings(data_dir: Path) -> int:
    path = cache_dir(data_dir) / CACHE_FILE
    if not path.exists():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM embeddings").fetchone()[0]


class SyntheticPassages:
    """Stands in for the real embedder at build time only: hash-seeded random unit vectors, same id and width.

    The build keeps the real model's id and dimension, so the query side loads the real model and embeds
    every question for real; only the stored passage vectors are synthetic. Search cost does not depend on
    the vectors' values, so answer times stay representative; retrieval quality does not (never score it).
    Used when embedding a size for real would not fit the time available (about 2 chunks/s on a busy 2-core box).
    It wraps the real model, which the build loads (and times) only when some text is not yet cached, as it
    would for real; only the embedding itself becomes free.
    """

    def __init__(self, real):
        self.model_id, self.dimension = real.model_id, real.dimension
        self.query_prefix, self.passage_prefix = real.query_prefix, real.passage_prefix

    def embed_batch(self, texts):
        import hashlib

        import numpy as np

        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            row = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            rows.append(row / np.linalg.norm(row))
        return np.stack(rows) if rows else np.zeros((0, self.dimension), np.float32)

    def embed_passages(self, texts):
        return self.embed_batch(texts)


def child_build(corpus: Path, data: Path, chroma_url: str | None, synthetic: bool = False, full: bool = False) -> dict:
    """One ``jimuqa build``; ``full`` rebuilds every store even where the live build could be patched."""
    from functools import partial

    from jimuqa.index.build import build
    from jimuqa.index.search import search_index
    from jimuqa.index.search.search_index import write_indexes

    if synthetic:
        real_loader = search_index.load_embedder
        search_index.load_embedder = lambda *a, **k: SyntheticPassages(real_loader(*a, **k))
    before = cached_embeddings(data)
    started = time.perf_counter()
    settings = Settings(corpus_dir=corpus, data_dir=data, chroma_url=chroma_url)
    report = build(settings, index_step=partial(write_indexes, reuse=not full))
    indexes = report.manifest["indexes"]
    return {
        "seconds": time.perf_counter() - started,
        "timings": report.timings,
        "index_timings": indexes.get("timings", {}),
        "patched_from": indexes.get("patched_from"),
        "changes": indexes.get("changes"),
        "counts": report.manifest["counts"],
        "chunks": indexes.get("chunks"),
        "embedded": cached_embeddings(data) - before,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_queries(data: Path, questions_file: Path, warmup: int, chroma_url: str | None, profile: int) -> dict:
    from jimuqa.answering import answer, load_engine

    started = time.perf_counter()
    engine = load_engine(Settings(corpus_dir=SEED_CORPUS_DIR, data_dir=data, chroma_url=chroma_url))
    load_seconds = time.perf_counter() - started
    rss_loaded = rss_mb()
    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    for q in questions[:warmup]:
        answer(q["question"], engine=engine)
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    answer_kinds: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    sheet_cited: dict[str, list[bool]] = {kind: [] for kind in KINDS}
    for q in questions:
        started = time.perf_counter()
        result = answer(q["question"], engine=engine)
        samples[q["kind"]].append((time.perf_counter() - started) * 1000)
        answer_kinds[q["kind"]][result.kind] = answer_kinds[q["kind"]].get(result.kind, 0) + 1
        cited = cites_an_expected_sheet(q, result.citations)
        if cited is not None:
            sheet_cited[q["kind"]].append(cited)
    out = {
        "load_seconds": load_seconds,
        "rss_loaded_mb": rss_loaded,
        "rss_after_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
        "latency_ms": {kind: percentiles(values) for kind, values in samples.items()},
        "answer_kinds": answer_kinds,
        "sheet_cited": {kind: [sum(values), len(values)] for kind, values in sheet_cited.items()},
    }
    if profile:
        out["profile"] = profile_answers(engine, questions[:profile])
    return out


def profile_answers(engine, questions: list[dict]) -> str:
    from jimuqa.answering import answer

    profiler = cProfile.Profile()
    profiler.enable()
    for q in questions:
        answer(q["question"], engine=engine)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    return text.getvalue()


def child_retrieval(data: Path) -> dict:
    """Recall@5 and latency of our retriever and the llama-index baseline on the seed corpus."""
    from jimuqa.answering import load_engine, retrieve
    from jimuqa.eval.baseline import load_baseline
    from jimuqa.eval.retrieval import read_queries, score_queries

    settings = Settings(corpus_dir=SEED_CORPUS_DIR, data_dir=data)
    queries = read_queries(RETRIEVAL_QUERIES)
    engine = load_engine(settings)
    baseline = load_baseline(settings)
    systems = {"ours": lambda text, k: retrieve(text, engine, k=k), "baseline": baseline.search}
    out = {}
    for name, search in systems.items():
        for q in queries[:10]:
            search(q["query"], 30)  # warm-up
        times: list[float] = []

        def timed(text: str, k: int, search=search, times=times) -> list:
            started = time.perf_counter()
            hits = search(text, k)
            times.append((time.perf_counter() - started) * 1000)
            return hits

        scores = score_queries(queries, timed)
        out[name] = {"n": scores["n"], "recall@5": scores["recall@5"], "mrr": scores["mrr"], **percentiles(times)}
    return out


def run_child(*args: str) -> dict:
    env = {**os.environ, **offline_environment()}
    done = subprocess.run(
        [sys.executable, "-m", "jimuqa.bench.bench", "--child", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the parent: one size at a time ---------------------------------------------------------------


def fresh_data_dir(data: Path, shared: Path, share_cache: bool = True) -> Path:
    """An empty data folder using the shared model (and, unless synthetic vectors go in, the shared cache)."""
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    for name in ("models", "cache") if share_cache else ("models",):
        (shared / name).mkdir(parents=True, exist_ok=True)
        (data / name).symlink_to(shared / name)
    return data


def parse_rate(corpus: Path) -> dict:
    from jimuqa.index.parse import parse_file_lenient

    started = time.perf_counter()
    sheets = sum(len(parse_file_lenient(path)[0]) for path in sorted(corpus.glob("*.txt")))
    seconds = time.perf_counter() - started
    return {"sheets": sheets, "seconds": seconds, "sheets_per_s": sheets / seconds}


def disk_usage_mb(path: Path) -> float:
    """``du``: allocated blocks of every file under ``path`` (symlinks not followed)."""
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.lstat(os.path.join(folder, f)).st_blocks * 512 for f in files)
    return total / 2**20


def bench_size(n: int, args: BenchOptions, chroma_url: str | None) -> dict:
    root = args.work / "sizes" / str(n)
    corpus = generate(n, args.seed, root / "corpus")
    synthetic = args.synthetic_above is not None and n > args.synthetic_above
    flag = "synthetic" if synthetic else "real"
    shared = args.work / "shared"
    result: dict = {"sheets": n, "parse": parse_rate(corpus), "synthetic_vectors": synthetic}
    data = fresh_data_dir(root / "data", shared, share_cache=not synthetic)
    log(f"[{n}] building ({flag} passage vectors, {cached_embeddings(data)} embeddings cached so far)")
    result["build"] = run_child("build", str(corpus), str(data), "", flag, "full")
    result["index_mb"] = disk_usage_mb(current_build(data).resolve())
    questions_file = root / "questions.json"
    questions = make_questions(read_truth(corpus), args.queries + args.warmup, seed=args.seed)
    questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    profile = args.profile if n == args.profile_at else 0
    log(f"[{n}] answering {len(questions)} questions")
    result["queries"] = run_child("queries", str(data), str(questions_file), str(args.warmup), "", str(profile))
    if chroma_url:
        served = fresh_data_dir(root / "data_server", shared, share_cache=not synthetic)
        log(f"[{n}] building with vectors in the Chroma server")
        result["build_server"] = run_child("build", str(corpus), str(served), chroma_url, flag, "full")
        result["queries_server"] = run_child(
            "queries", str(served), str(questions_file), str(args.warmup), chroma_url, "0"
        )
    if n == args.incremental_at:
        # The first build embedded (or found cached) everything; a second full build is the fair baseline.
        result["rebuild"] = run_child("build", str(corpus), str(data), "", flag, "full")
        added = add_sheets(corpus, args.add, seed=args.seed + 1)
        log(f"[{n}] rebuilding with {args.add} added sheets ({added.name})")
        result["incremental"] = run_child("build", str(corpus), str(data), "", flag, "incremental")
    return result


# ---- reporting ------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def build_table(results: list[dict]) -> str:
    lines = [
        "| sheets | passage vectors | parse sheets/s | table build s | chunks | newly embedded | embedded chunks/s "
        "| index step s | full build s | index on disk MB | build peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b = r["build"]
        index_s = b["timings"].get("index", 0.0)
        rate = f"{b['embedded'] / index_s:.1f}" if b["embedded"] else "all cached"
        rate = "n/a (synthetic)" if r.get("synthetic_vectors") else rate
        lines.append(
            f"| {r['sheets']} | {_vectors(r)} | {r['parse']['sheets_per_s']:.0f} | {b['timings']['table']:.2f} | {b['chunks']} "
            f"| {b['embedded']} | {rate} | {index_s:.1f} | {b['seconds']:.1f} | {r['index_mb']:.1f} "
            f"| {b['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def query_table(results: list[dict], key: str = "queries") -> str:
    lines = [
        "| sheets | questions | structured p50 ms | structured p95 ms | narrative p50 ms | narrative p95 ms "
        "| engine load s | RSS loaded MB | RSS after answering MB | structured: asked-for sheet cited "
        "| narrative: asked-for sheet cited |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if key not in r:
            continue
        q = r[key]
        s, n = q["latency_ms"]["structured"], q["latency_ms"]["narrative"]
        cited = q.get("sheet_cited", {})
        lines.append(
            f"| {r['sheets']} | {s['n'] + n['n']} | {s['p50']:.0f} | {s['p95']:.0f} | {n['p50']:.0f} | {n['p95']:.0f} "
            f"| {q['load_seconds']:.1f} | {q['rss_loaded_mb']:.0f} | {q['rss_after_mb']:.0f} "
            f"| {_share(cited.get('structured'))} | {_share(cited.get('narrative'))} |"
        )
    return "\n".join(lines)


def _share(counts: list[int] | None) -> str:
    """``[right, asked]`` as "right/asked (percent)"; n/a for runs before the check existed."""
    if not counts or not counts[1]:
        return "n/a"
    right, asked = counts
    return f"{right}/{asked} ({100 * right / asked:.0f}%)"


def incremental_table(results: list[dict], added: int) -> str:
    """The rebuild with one added file against a full rebuild, in total and without loading the model and embedding.

    Loading the model and embedding the new file's chunks is work a full rebuild would do for them too; the rest
    is what patching saves. With synthetic vectors the embedding is free but the model still loads.
    """
    lines = []
    for r in results:
        if "incremental" not in r:
            continue
        first, full, inc = r["build"], r["rebuild"], r["incremental"]
        model = inc.get("index_timings", {}).get("model", 0.0)
        embed = inc.get("index_timings", {}).get("embed", 0.0)
        rest = inc["seconds"] - model - embed
        lines += [
            f"| {r['sheets']} + {added} | {_vectors(r)} | {first['seconds']:.1f} | {full['seconds']:.1f} "
            f"| {inc['seconds']:.1f} | {model:.1f} | {embed:.1f} | {rest:.1f} "
            f"| {100 * inc['seconds'] / first['seconds']:.1f}% | {100 * inc['seconds'] / full['seconds']:.0f}% "
            f"| {100 * rest / full['seconds']:.1f}% | {inc['embedded']} | {(inc.get('changes') or {}).get('tokenised', '?')} |"
        ]
    if not lines:
        return "(not run)"
    header = (
        "| corpus | passage vectors | first build s | full rebuild s (all cached) | rebuild with the added file s "
        "| of which model load s | of which embedding s | the rest s | vs first build | vs full rebuild "
        "| the rest vs full rebuild | chunks embedded | chunks tokenised |"
    )
    return "\n".join([header, "|---|---|---|---|---|---|---|---|---|---|---|---|---|", *lines])


BUILD_STEPS = (  # (name in the table, where the build's report keeps it, its key there)
    ("parse", "timings", "parse"),
    ("table", "timings", "table"),
    ("model load", "index_timings", "model"),
    ("embedding", "index_timings", "embed"),
    ("vector store", "index_timings", "vectors"),
    ("BM25", "index_timings", "keywords"),
)


def build_steps_table(results: list[dict]) -> str:
    """Where each build of the incremental comparison spent its time, step by step."""
    header = "| corpus | build | " + " | ".join(f"{name} s" for name, _, _ in BUILD_STEPS) + " | other s | total s |"
    lines = [header, "|---|---|" + "---|" * (len(BUILD_STEPS) + 2)]
    for r in results:
        if "incremental" not in r:
            continue
        for label, key in (("first", "build"), ("full rebuild", "rebuild"), ("with the added file", "incremental")):
            b = r[key]
            steps = [b.get(where, {}).get(name, 0.0) for _, where, name in BUILD_STEPS]
            cells = " | ".join(f"{seconds:.2f}" for seconds in steps)
            lines.append(f"| {r['sheets']} | {label} | {cells} | {b['seconds'] - sum(steps):.2f} | {b['seconds']:.1f} |")
    return "\n".join(lines) if len(lines) > 2 else "(not run)"


def _vectors(r: dict) -> str:
    return "synthetic" if r.get("synthetic_vectors") else "real e5-small"


def retrieval_table(side: dict) -> str:
    ours, base = side["ours"], side["baseline"]
    return "\n".join(
        [
            "| retriever | queries | recall@5 | MRR | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|",
            *(
                f"| {name} | {r['n']} | {r['recall@5']:.3f} | {r['mrr']:.3f} | {r['p50']:.1f} | {r['p95']:.1f} |"
                for name, r in side.items()
            ),
            f"| ratio ours/baseline | | {ours['recall@5'] / max(base['recall@5'], 1e-9):.2f}x | "
            f"{ours['mrr'] / max(base['mrr'], 1e-9):.2f}x | {ours['p50'] / max(base['p50'], 1e-9):.2f}x "
            f"| {ours['p95'] / max(base['p95'], 1e-9):.2f}x |",
        ]
    )


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["sheets"] for r in results]
    figure, axes = plt.subplots(figsize=(6, 4))
    for kind, marker in zip(KINDS, ("o", "s"), strict=True):
        for stat, style in (("p50", "-"), ("p95", "--")):
            values = [r["queries"]["latency_ms"][kind][stat] for r in results]
            axes.plot(sizes, values, style, marker=marker, label=f"{kind} {stat}")
    axes.set_xscale("log")
    axes.set_xlabel("sheets in the corpus")
    axes.set_ylabel("answer time (ms)")
    axes.set_title("jimuqa answer time against corpus size (2-core CPU)")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)


def report(results: list[dict], args: BenchOptions, side: dict | None, command: str) -> str:
    parts = [
        f"Command: `{command}`",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        "### Build",
        build_table(results),
        "",
        f"### Answer time ({args.queries} questions per size after {args.warmup} warm-up, embedded Chroma)",
        query_table(results),
    ]
    if any("queries_server" in r for r in results):
        parts += ["", "### Answer time with vectors in a `chroma run` server", query_table(results, "queries_server")]
    parts += ["", f"### Incremental: one new file of {args.add} sheets", incremental_table(results, args.add)]
    parts += ["", "Where each of those builds spent its time:", "", build_steps_table(results)]
    if side:
        parts += ["", "### Retrieval: ours against the naive llama-index baseline (seed corpus)", retrieval_table(side)]
    return "\n".join(parts)


@dataclass(frozen=True)
class BenchOptions:
    """What ``jimuqa bench run`` was asked for (see its --help)."""

    sheets: tuple[int, ...] = (10, 1000)
    queries: int = 200
    warmup: int = 20
    seed: int = 0
    work: Path = Path("/tmp/jimuqa-bench")
    chroma_server: bool = False
    add: int = 10
    incremental_at: int = 1000
    profile_at: int = 1000
    profile: int = 50
    synthetic_above: int | None = None
    no_baseline: bool = False
    json: Path | None = None
    plot: Path = ROOT / "docs" / "bench" / "answer_time.png"
    from_json: tuple[Path, ...] = ()


def run_bench(args: BenchOptions, command: str) -> int:
    """Benchmark every size in ``args.sheets`` and print the report (``command`` is quoted in it)."""
    if args.from_json:
        return report_saved(args, command)
    sizes = sorted(set(args.sheets))
    shared_models, project_models = args.work / "shared" / "models", models_dir(ROOT / "data")
    if not shared_models.exists() and project_models.is_dir():  # reuse the project's dequantised model
        shared_models.parent.mkdir(parents=True, exist_ok=True)
        shared_models.symlink_to(project_models)
    results = []
    with contextlib.ExitStack() as stack:
        if args.chroma_server:
            shutil.rmtree(args.work / "chroma", ignore_errors=True)  # a fresh server store per run
        url = stack.enter_context(chroma_server(args.work / "chroma")) if args.chroma_server else None
        for n in sizes:
            results.append(bench_size(n, args, url))
            if args.json:
                args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    side = None
    if not args.no_baseline:
        log("retrieval side-by-side on the seed corpus")
        seed_data = fresh_data_dir(args.work / "seed" / "data", args.work / "shared")
        run_child("build", str(SEED_CORPUS_DIR), str(seed_data), "", "real", "full")
        side = run_child("retrieval", str(seed_data))
    text = report(results, args, side, command)
    print(text)
    print_profiles(results, args.profile)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "retrieval": side}, indent=1, ensure_ascii=False))
    plot(results, args.plot)
    return 0


def report_saved(args: BenchOptions, command: str) -> int:
    """Re-print the report and redraw the plot from earlier runs' ``--json`` files (later sizes win)."""
    by_size: dict[int, dict] = {}
    side = None
    for path in args.from_json:
        saved = json.loads(path.read_text(encoding="utf-8"))
        results = saved["results"] if isinstance(saved, dict) else saved
        side = (saved.get("retrieval") if isinstance(saved, dict) else None) or side
        by_size.update({r["sheets"]: r for r in results})
    results = [by_size[n] for n in sorted(by_size)]
    print(report(results, args, side, command))
    print_profiles(results, args.profile)
    plot(results, args.plot)
    return 0


def print_profiles(results: list[dict], questions: int) -> None:
    for r in results:
        if "profile" in r["queries"]:
            print(f"\n### cProfile of {questions} answers at {r['sheets']} sheets\n```\n{r['queries']['profile']}```")


def _child(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "build":
        corpus, data, url, synthetic, mode = rest
        out = child_build(Path(corpus), Path(data), url or None, synthetic == "synthetic", mode == "full")
    elif kind == "queries":
        data, questions, warmup, url, profile = rest
        out = child_queries(Path(data), Path(questions), int(warmup), url or None, int(profile))
    elif kind == "retrieval":
        out = child_retrieval(Path(rest[0]))
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # the benchmark's own child processes (run_child), not a user entry point
    raise SystemExit(_child(sys.argv[2:]) if sys.argv[1:2] == ["--child"] else "use: jimuqa bench run --help")
