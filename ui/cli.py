"""The ``jimuqa`` command: one click group, one small function per subcommand over the library.

Every option that is a setting comes from ``jimuqa.settings.SETTINGS`` (same flag, variable, default and
help everywhere); ``python -m jimuqa.ui`` and ``python app.py`` are the same command.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from jimuqa.bench.serving import WAYS as SERVING_WAYS
from jimuqa.settings import PROJECT_ROOT, SETTING, Setting, Settings, load_settings, set_offline_environment

EVAL_DIR = PROJECT_ROOT / "eval"
RETRIEVERS = ("hybrid", "bm25", "dense")
SYSTEMS = (*RETRIEVERS, "baseline", "generative")  # what `jimuqa eval` can score


def _setting_option(setting: Setting) -> Callable:
    default = setting.default
    if setting.choices:
        kind: object = click.Choice(setting.choices)
    elif isinstance(default, Path):
        kind = click.Path(path_type=Path)
    elif isinstance(default, int | float):
        kind = type(default)
    else:
        kind = str
    return click.option(
        setting.flag,
        setting.name,
        type=kind,
        default=None,
        help=f"{setting.help} [env {setting.env}; default {setting.default_text}]",
    )


def with_settings(*names: str) -> Callable:
    """Add the options of these settings and pass the resolved ``Settings`` as ``settings``."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args, **kwargs):
            overrides = {name: kwargs.pop(name) for name in names}
            return command(*args, settings=load_settings(**overrides), **kwargs)

        for name in reversed(names):
            run = _setting_option(SETTING[name])(run)
        return run

    return decorate


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
questions_option = click.option(
    "--questions", type=click.Path(exists=True, path_type=Path), help="JSONL file: answer every line's question."
)
out_option = click.option("--out", type=click.Path(path_type=Path), help="JSONL file to write (with --questions).")
retriever_option = click.option(
    "--mode", type=click.Choice(RETRIEVERS), default="hybrid", show_default=True, help="Which retriever to use."
)


def question_set_option(help: str) -> Callable:
    """``--questions``: a JSONL question set, the dev set unless given."""
    return click.option(
        "--questions",
        type=click.Path(exists=True, path_type=Path),
        default=EVAL_DIR / "questions.jsonl",
        show_default="eval/questions.jsonl",
        help=help,
    )


skip_bad_option = click.option("--skip-bad", is_flag=True, help="Go on without the sheets that fail, listing them.")


@click.group()
@click.version_option(package_name="jimuqa")
def cli() -> None:
    """Question answering over 事務事業マネジメントシート, with cited sources.

    Example: jimuqa build && jimuqa ask "ロボットの事業の予算は?"
    """


def main(argv: list[str] | None = None) -> None:
    """The console script: offline first, then the command; its exit status is the process's."""
    set_offline_environment()
    cli.main(args=argv, prog_name="jimuqa")


@cli.command()
@with_settings("corpus_dir", "data_dir", "embed_model", "chroma_url")
@skip_bad_option
@click.option("--full", is_flag=True, help="Rewrite the search indexes in full instead of patching the live build's.")
@click.option("--table-only", is_flag=True, help="Build only the structured table, without search indexes.")
def build(settings: Settings, skip_bad: bool, full: bool, table_only: bool) -> None:
    """Parse the corpus and build every store, then swap it in atomically. The search indexes of the live
    build are patched with what changed (only new text is embedded) unless --full is given.

    Example: jimuqa build --corpus corpus --data data
    """
    from jimuqa.index.build import build as run_build
    from jimuqa.index.search.search_index import write_indexes

    index_step = None if table_only else functools.partial(write_indexes, reuse=not full)
    with _build_errors():
        report = run_build(settings, skip_bad=skip_bad, progress=_echo, index_step=index_step)
    for problem in report.skipped:
        click.echo(f"skipped: {problem}", err=True)
    counts = report.manifest["counts"]
    steps = ", ".join(f"{step} {seconds:.2f}s" for step, seconds in report.timings.items())
    click.echo(
        f"built {counts['sheets']} sheets, {counts['indicators']} indicators, {counts['sections']} sections "
        f"into {report.build_dir} ({steps})"
    )


@cli.command()
@with_settings("corpus_dir", "data_dir")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True, help="Output format."
)
@click.option("--out", "-o", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@skip_bad_option
def export(settings: Settings, fmt: str, out: Path | None, skip_bad: bool) -> None:
    """Write every parsed sheet as JSON or CSV (not-reported cells are null). Files parsed before are read
    from the data folder's cache.

    Example: jimuqa export --format csv --out sheets.csv
    """
    from jimuqa.index.build import read_corpus
    from jimuqa.index.export import export_csv, export_json
    from jimuqa.index.sheet_cache import SHEETS_CACHE
    from jimuqa.settings import cache_dir

    with _build_errors():
        corpus = read_corpus(settings.corpus_dir, cache_dir(settings.data_dir) / SHEETS_CACHE)
    for problem in corpus.problems:
        click.echo(f"{'skipped' if skip_bad else 'error'}: {problem}", err=True)
    if corpus.problems and not skip_bad:
        raise click.ClickException(f"{len(corpus.problems)} problem(s) in the corpus; use --skip-bad to export the rest")
    text = export_json(corpus.sheets) if fmt == "json" else export_csv(corpus.sheets)
    _write(text, out, f"{len(corpus.sheets)} sheets")


@cli.command()
@click.argument("query", required=False)
@click.option("-k", default=5, show_default=True, help="How many sections to show.")
@retriever_option
@with_settings("data_dir", "chroma_url")
@json_option
@questions_option
@out_option
def search(query, k, mode, settings, as_json, questions, out) -> None:
    """Show the sections retrieval finds for a query, with each retriever's rank.

    Example: jimuqa search "JAXAとの協定" -k 3
    """
    from jimuqa.answering import retrieve

    engine = _engine(settings, mode)

    def run(text: str) -> list[dict]:
        return [hit.to_json() for hit in retrieve(text, engine, k=k, mode=mode)]

    if questions:
        _each_line(questions, out, lambda item: {**item, "results": run(item["question"])})
        return
    if not query:
        raise click.UsageError("give a QUERY or --questions FILE")
    hits = run(query)
    if as_json:
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    for rank, hit in enumerate(hits, start=1):
        ranks = ", ".join(f"{name} {r if r else '-'}" for name, r in hit["ranks"].items())
        click.echo(
            f"{rank}. {hit['sheet']} {hit['project']} / {hit['section']} {hit['heading']} "
            f"(score {hit['score']:.4f}; {ranks})"
        )


@cli.command()
@click.argument("question", required=False)
@retriever_option
@with_settings("data_dir", "chroma_url", "answer_mode", "query_model", "llm_url", "llm_model", "llm_timeout_s")
@json_option
@questions_option
@out_option
def ask(question, mode, settings, as_json, questions, out) -> None:
    """Answer a question in Japanese or English, with its sources.

    Example: jimuqa ask "令和2年度の目標を達成できなかった事業はどれ?"
    """
    from jimuqa.answering import answer

    engine = _engine(settings, mode)
    if questions:

        def handle(item: dict) -> dict:
            result = answer(item["question"], item.get("history"), engine=engine).to_json()
            return {**item, **result, "question": item["question"]}

        _each_line(questions, out, handle)
        return
    if not question:
        raise click.UsageError("give a QUESTION or --questions FILE")
    result = answer(question, engine=engine)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(result.text)
    if result.fallback:
        click.echo(f"\n(generative answer not used: {result.fallback})")
    if result.citations:
        click.echo("\n" + ("出典:" if result.lang == "ja" else "Sources:"))
    for c in result.citations:
        where = f"{c.file}:{c.first_line}-{c.last_line}" if c.worksheet is None else f"{c.file} {c.location}"
        city = f"{c.city} " if c.worksheet is not None else ""  # a text file's citation prints as it always has
        click.echo(f"[{c.n}] {city}{c.sheet} {c.project} / {c.heading} ({c.section}) {where}")


@cli.group("eval", invoke_without_command=True)
@question_set_option("The question set (JSONL; only id and question are required).")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=EVAL_DIR / "out",
    show_default="eval/out",
    help="Folder for answers.jsonl, report.json, report.md and the chart.",
)
@click.option(
    "--system",
    type=click.Choice(SYSTEMS),
    default="hybrid",
    show_default=True,
    help="The system to evaluate: a retriever, the llama-index baseline, or 'generative' (a model phrases answers).",
)
@click.option("--side-by-side", is_flag=True, help="Run several systems (--systems) and print one table.")
@click.option(
    "--systems",
    default="bm25,dense,hybrid,baseline",
    show_default=True,
    help="Systems for --side-by-side, comma-separated (e.g. hybrid,generative).",
)
@click.option(
    "--retrieval",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Also score recall@5 on a retrieval set (e.g. eval/retrieval_queries.jsonl).",
)
@with_settings("data_dir", "query_model")
@click.pass_context
def evaluate(ctx, questions, out, system, side_by_side, systems, retrieval, settings) -> None:
    """Answer the question set through answer() and score it (facts, citations, abstention, language, latency).

    Example: jimuqa eval --system hybrid --out eval/out   |   jimuqa eval compare eval/out/old eval/out/new
    """
    if ctx.invoked_subcommand:
        return
    from jimuqa.eval.report import render_markdown
    from jimuqa.eval.runner import run_eval, run_side_by_side

    if side_by_side:
        run_side_by_side(questions, out, settings, tuple(systems.split(",")), retrieval_path=retrieval)
        click.echo((out / "side_by_side.md").read_text(encoding="utf-8"))
        return
    click.echo(render_markdown(run_eval(questions, out, system, settings)))


@evaluate.command("retrieval")
@click.option(
    "--queries",
    type=click.Path(exists=True, path_type=Path),
    default=EVAL_DIR / "retrieval_queries.jsonl",
    show_default="eval/retrieval_queries.jsonl",
    help="Retrieval check set: JSONL with query and gold (sheet, section) pairs.",
)
@with_settings("data_dir", "chroma_url")
@json_option
def retrieval(queries: Path, settings: Settings, as_json: bool) -> None:
    """Print recall@1, recall@5 and MRR of BM25 alone, dense alone and hybrid on the retrieval check set.

    Example: jimuqa eval retrieval --queries eval/retrieval_queries.jsonl
    """
    from jimuqa.eval.retrieval import markdown, run

    results = run(queries, _engine(settings, "hybrid"))
    click.echo(json.dumps(results, ensure_ascii=False, indent=2) if as_json else markdown(results))


@evaluate.command("compare")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
def compare(old: Path, new: Path) -> None:
    """List the questions that got worse and better between two evaluation runs.

    Example: jimuqa eval compare eval/out/before eval/out/after
    """
    from jimuqa.eval.runner import compare_reports, format_comparison

    click.echo(format_comparison(compare_reports(old, new)))


@cli.group("bench")
def bench() -> None:
    """How fast and how big: timings, generated corpora, city-scale benchmarks and load tests.

    Example: jimuqa bench speed -n 200
    """


@bench.command("speed")
@question_set_option("Questions to time (repeated until there are -n of them).")
@click.option("-n", "count", default=200, show_default=True, help="How many timed questions (after warm-up).")
@with_settings("data_dir", "query_model")
def speed(questions: Path, count: int, settings: Settings) -> None:
    """Print p50/p95 of query embedding, BM25, vector search, fused retrieval and whole answers.

    Example: jimuqa bench speed -n 200
    """
    from jimuqa.bench.speed import embedding_rate, markdown, measure

    engine = _engine(settings, "hybrid")
    click.echo(markdown(measure(engine, questions, count), embedding_rate(engine)))


@bench.command("generate")
@click.option("--sheets", default=1000, show_default=True, help="Number of sheets to generate.")
@click.option("--seed", default=0, show_default=True, help="Random seed (same seed, same bytes).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder for the sheet files and truth.json.")
@click.option("--per-file", default=50, show_default=True, help="Sheets per file.")
@click.option("--check", is_flag=True, help="Parse the files back and compare with the truth; exit 1 if any differ.")
def generate(sheets: int, seed: int, out: Path, per_file: int, check: bool) -> None:
    """Write a generated corpus in the sheets' exact format, with its ground truth (truth.json).

    Example: jimuqa bench generate --sheets 1000 --seed 0 --out /tmp/gen --check
    """
    from jimuqa.bench.generate import check as check_corpus
    from jimuqa.bench.generate import generate as write_corpus

    folder = write_corpus(sheets, seed, out, per_file)
    click.echo(f"wrote {sheets} sheets to {folder}")
    if check:
        problems = check_corpus(folder)
        click.echo("\n".join(problems[:50]) or "check: every value reads back exactly")
        if problems:
            raise SystemExit(1)


@bench.command("run")
@click.option("--sheets", type=int, multiple=True, default=(10, 1000), show_default=True, help="Corpus size (repeat).")
@click.option("--queries", default=200, show_default=True, help="Timed questions per size.")
@click.option("--warmup", default=20, show_default=True, help="Untimed questions before timing.")
@click.option("--seed", default=0, show_default=True, help="Seed of the generated corpora and questions.")
@click.option(
    "--work", type=click.Path(path_type=Path), default=Path("/tmp/jimuqa-bench"), show_default=True, help="Scratch."
)
@click.option("--chroma-server", is_flag=True, help="Also time queries against `chroma run`.")
@click.option("--add", default=10, show_default=True, help="Sheets added for the incremental rebuild.")
@click.option("--incremental-at", default=1000, show_default=True, help="Size that gets the incremental rebuild.")
@click.option("--profile-at", default=1000, show_default=True, help="Size whose answers are profiled.")
@click.option("--profile", default=50, show_default=True, help="Questions under cProfile at --profile-at.")
@click.option("--synthetic-above", type=int, help="Sizes above this get synthetic passage vectors (real queries).")
@click.option("--no-baseline", is_flag=True, help="Skip the retrieval side-by-side with the llama-index baseline.")
@click.option("--out", type=click.Path(path_type=Path), help="Also write every measurement to this JSON file.")
@click.option(
    "--plot", type=click.Path(path_type=Path), default=None, help="PNG of answer time (default docs/bench/)."
)
@click.option(
    "--merge", type=click.Path(exists=True, path_type=Path), multiple=True, help="Only report earlier --out files."
)
def bench_run(**options) -> None:
    """Benchmark parse, build, index size, memory and answer time on generated corpora of several sizes.

    Example: jimuqa bench run --sheets 10 --sheets 1000 --queries 200 --out /tmp/run.json
    """
    from jimuqa.bench.bench import BenchOptions, run_bench

    options["json"], options["from_json"] = options.pop("out"), options.pop("merge")
    chosen = {name: value for name, value in options.items() if value is not None}
    command = "jimuqa bench run " + shlex.join(sys.argv[3:] if sys.argv[1:3] == ["bench", "run"] else [])
    raise SystemExit(run_bench(BenchOptions(**chosen), command.strip()))


@bench.command("answers")
@with_settings("data_dir")
@click.option("--rounds", default=5, show_default=True, help="Times each question is answered and timed.")
def bench_answers(settings: Settings, rounds: int) -> None:
    """Answer time (p50/p95) of structured and narrative questions over two cities, and the process's memory.

    Example: jimuqa bench answers --data /tmp/two-data
    """
    from jimuqa.bench.answers import markdown, measure_answers

    click.echo(markdown(measure_answers(settings, rounds)))


@bench.command("load")
@with_settings("data_dir")
@click.option("--url", help="An already-running server (loopback), instead of starting the app on --data.")
@click.option("--pid", type=int, help="With --url: the server's process id, to sample its memory.")
@click.option("--users", default=20, show_default=True, help="Simulated users at once.")
@click.option("--seconds", default=60.0, show_default=True, help="Time cap.")
@click.option("--max-requests", default=2000, show_default=True, help="Request cap.")
@click.option("--think", type=float, nargs=2, default=(0.2, 1.0), show_default=True, help="Think time MIN MAX, s.")
@click.option("--turns", default=5, show_default=True, help="Questions per conversation before a fresh one.")
@click.option("--rss-tolerance", default=0.10, show_default=True, help="Allowed last/first-quarter RSS growth.")
@click.option("--out", type=click.Path(path_type=Path), help="Also write the summary to this JSON file.")
def load(settings: Settings, out: Path | None, **options) -> None:
    """A bounded load test of the served app on loopback; exit 1 on a failed request or growing memory.

    Example: jimuqa bench load --data data --users 20 --seconds 60
    """
    from jimuqa.bench.load import LoadOptions, run_load

    data = None if options["url"] else settings.data_dir
    with _server_errors():
        status = run_load(LoadOptions(data=data, json=out, **options))
    raise SystemExit(status)


@bench.command("serving")
@with_settings("data_dir")
@click.option("--queries", default=200, show_default=True, help="Searches per process and way.")
@click.option(
    "--way", "ways", type=click.Choice(SERVING_WAYS), multiple=True, help="A way to measure (repeat; default: all)."
)
@click.option("--start-runs", default=3, show_default=True, help="Times `jimuqa serve` is started and timed (0: none).")
@click.option("--out", type=click.Path(path_type=Path), help="Also write every measurement to this JSON file.")
def bench_serving(settings: Settings, queries: int, ways: tuple[str, ...], start_runs: int, out: Path | None) -> None:
    """Compare the ways of searching a build's vectors (is the build written? open time, latency, memory),
    with two processes at once, then time `jimuqa serve` until the page and until a first answer.

    Example: jimuqa bench serving --data /tmp/srv-data --queries 200
    """
    from jimuqa.bench.serving import FIRST_QUESTION, compare_ways, measure_start, start_markdown, ways_markdown

    with _server_errors():
        results = compare_ways(settings.data_dir, queries, ways or SERVING_WAYS)
        click.echo(ways_markdown(results, queries))
        runs = [measure_start(settings.data_dir) for _ in range(start_runs)]
    if runs:
        click.echo("\n" + start_markdown(runs, FIRST_QUESTION))
    if out:
        out.write_text(json.dumps({"ways": results, "start": runs}, indent=2), encoding="utf-8")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only by default).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to listen on.")
@with_settings("corpus_dir", "data_dir", "answer_mode", "query_model", "max_question_chars")
def serve(host: str, port: int, settings: Settings) -> None:
    """Start the web app, building the data first when it is missing or older than the corpus.

    Example: jimuqa serve --port 7860 --data data
    """
    from jimuqa.ui.app import serve as serve_app

    with _build_errors():
        serve_app(settings, host=host, port=port)


@cli.group()
def feedback() -> None:
    """The ratings and comments people left on answers in the app.

    Example: jimuqa feedback export --out feedback.csv
    """


@feedback.command("export")
@with_settings("data_dir")
@click.option("--out", type=click.Path(path_type=Path), help="CSV file to write instead of stdout.")
def export_feedback(settings: Settings, out: Path | None) -> None:
    """Write every rating (question, answer, citations, rating, comment, UTC time) as CSV.

    Example: jimuqa feedback export --data data --out feedback.csv
    """
    from jimuqa.ui.feedback import export_csv, feedback_path, read_feedback

    path = feedback_path(settings.data_dir)
    _write(export_csv(path), out, f"{len(read_feedback(path))} rating(s)")


@contextlib.contextmanager
def _build_errors() -> Iterator[None]:
    """Turn a ``BuildError`` into a click error, listing each problem (file, sheet, line) first."""
    from jimuqa.index.build import BuildError

    try:
        yield
    except BuildError as err:
        for problem in err.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(str(err)) from None


@contextlib.contextmanager
def _server_errors() -> Iterator[None]:
    """A server the benchmark started (or was given) that failed: a click error, not a traceback."""
    try:
        yield
    except RuntimeError as err:
        raise click.ClickException(str(err)) from None


def _engine(settings: Settings, mode: str):
    from jimuqa.answering import load_engine

    try:
        return load_engine(settings, mode=mode)
    except FileNotFoundError as err:
        raise click.ClickException(str(err)) from None


def _each_line(questions: Path, out: Path | None, handle: Callable[[dict], dict]) -> None:
    """Run ``handle`` on every JSONL line (keeping its fields) and write one JSON object per line."""
    lines = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [handle(item) for item in lines]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(results)} lines to {out}", err=True)
    else:
        sys.stdout.write(text)


def _write(text: str, out: Path | None, what: str) -> None:
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {what} to {out}", err=True)
    else:
        sys.stdout.write(text + ("\n" if text and not text.endswith("\n") else ""))


def _echo(message: str) -> None:
    click.echo(message, err=True)
