"""The ``jimuqa`` command: one small function per subcommand over the library."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from jimuqa.settings import ANSWER_MODES, AUTO, ENV_VARS, load_settings, set_offline_environment

set_offline_environment()

corpus_option = click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    envvar=ENV_VARS["corpus_dir"],
    help="Folder of sheet text files (default: corpus).",
)
data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    envvar=ENV_VARS["data_dir"],
    help="Data directory for the built stores (default: data).",
)


@click.group()
@click.version_option(package_name="jimuqa")
def cli() -> None:
    """Question answering over 事務事業マネジメントシート, with cited sources.

    Example: jimuqa build && jimuqa ask "ロボットの事業の予算は?"
    """


@cli.command()
@corpus_option
@data_option
@click.option("--skip-bad", is_flag=True, help="Build the sheets that parse and list the ones skipped.")
@click.option("--full", is_flag=True, help="Rewrite the search indexes in full instead of patching the live build's.")
@click.option("--table-only", is_flag=True, help="Build only the structured table, without search indexes.")
def build(corpus_dir: Path | None, data_dir: Path | None, skip_bad: bool, table_only: bool, full: bool) -> None:
    """Parse the corpus and build every store, then swap it in atomically. The search indexes of the live
    build are patched with what changed (only new text is embedded) unless --full is given.

    Example: jimuqa build --corpus corpus --data data
    """
    from index.build import BuildError
    from index.build import build as run_build

    settings = load_settings(corpus_dir=corpus_dir, data_dir=data_dir)
    index_step = None if table_only else _index_step(full)
    try:
        report = run_build(settings, skip_bad=skip_bad, progress=_echo, index_step=index_step)
    except BuildError as err:
        for problem in err.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(str(err)) from None
    for problem in report.skipped:
        click.echo(f"skipped: {problem}", err=True)
    counts = report.manifest["counts"]
    steps = ", ".join(f"{step} {seconds:.2f}s" for step, seconds in report.timings.items())
    click.echo(
        f"built {counts['sheets']} sheets, {counts['indicators']} indicators, {counts['sections']} sections "
        f"into {report.build_dir} ({steps})"
    )


def _index_step(full: bool = False):
    try:
        from index.search_index import write_indexes
    except ImportError:  # search indexes come with the retrieval layer
        return None
    return functools.partial(write_indexes, reuse=not full)


@cli.command()
@corpus_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True, help="Output format."
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--skip-bad", is_flag=True, help="Export the sheets that parse and list the ones skipped.")
def export(corpus_dir: Path | None, fmt: str, output: Path | None, skip_bad: bool) -> None:
    """Write every parsed sheet as JSON or CSV (not-reported cells are null).

    Example: jimuqa export --format csv -o sheets.csv
    """
    from index.build import BuildError, read_corpus
    from index.export import export_csv, export_json

    settings = load_settings(corpus_dir=corpus_dir)
    try:
        corpus = read_corpus(settings.corpus_dir)
    except BuildError as err:
        raise click.ClickException(str(err)) from None
    for problem in corpus.problems:
        click.echo(f"{'skipped' if skip_bad else 'error'}: {problem}", err=True)
    if corpus.problems and not skip_bad:
        raise click.ClickException(
            f"{len(corpus.problems)} problem(s) in the corpus; use --skip-bad to export the rest"
        )
    text = export_json(corpus.sheets) if fmt == "json" else export_csv(corpus.sheets)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(corpus.sheets)} sheets to {output}", err=True)
    else:
        sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))


chroma_option = click.option(
    "--chroma-url", envvar=ENV_VARS["chroma_url"], help="Chroma server URL (http://127.0.0.1:PORT) instead of embedded."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
questions_option = click.option(
    "--questions", type=click.Path(exists=True, path_type=Path), help="JSONL file: answer every line's question."
)
out_option = click.option("--out", type=click.Path(path_type=Path), help="JSONL file to write (with --questions).")


@cli.command()
@click.argument("query", required=False)
@click.option("-k", default=5, show_default=True, help="How many sections to show.")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Which retriever to use.",
)
@data_option
@chroma_option
@json_option
@questions_option
@out_option
def search(query, k, mode, data_dir, chroma_url, as_json, questions, out) -> None:
    """Show the sections retrieval finds for a query, with each retriever's rank.

    Example: jimuqa search "JAXAとの協定" -k 3
    """
    from answering import retrieve

    engine = _engine(data_dir, chroma_url, mode)

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
@data_option
@chroma_option
@json_option
@questions_option
@out_option
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Which retriever narrative answers use.",
)
@click.option(
    "--answer-mode",
    type=click.Choice(ANSWER_MODES),
    envvar=ENV_VARS["answer_mode"],
    default=AUTO,
    show_default=True,
    help="'generative': a language model phrases the answer (the [llm] extra), checked against its evidence.",
)
def ask(question, data_dir, chroma_url, as_json, questions, out, mode, answer_mode) -> None:
    """Answer a question in Japanese or English, with its sources.

    Example: jimuqa ask "令和2年度の目標を達成できなかった事業はどれ?"
    """
    from answering import answer

    engine = _engine(data_dir, chroma_url, mode, answer_mode=answer_mode)
    if questions:
        _each_line(
            questions,
            out,
            lambda item: {
                **item,
                **answer(item["question"], item.get("history"), engine=engine).to_json(),
                "question": item["question"],
            },
        )
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
        click.echo(f"[{c.n}] {c.sheet} {c.project} / {c.heading} ({c.section}) {c.file}:{c.first_line}-{c.last_line}")


@cli.group("eval", invoke_without_command=True)
@click.option(
    "--questions",
    type=click.Path(exists=True, path_type=Path),
    default=Path("eval/questions.jsonl"),
    show_default=True,
    help="The question set (JSONL; only id and question are required).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("eval/out"),
    show_default=True,
    help="Folder for answers.jsonl, report.json, report.md and the chart.",
)
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense", "baseline", "generative"]),
    default="hybrid",
    show_default=True,
    help="The system to evaluate; 'generative' has the language model phrase every answer it can.",
)
@click.option("--side-by-side", is_flag=True, help="Run several systems (--modes) and print one table.")
@click.option(
    "--modes",
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
@data_option
@click.pass_context
def evaluate(ctx, questions, out, mode, side_by_side, modes, retrieval, data_dir) -> None:
    """Answer the question set through answer() and score it (facts, citations, abstention, language, latency).

    Example: jimuqa eval --mode hybrid --out eval/out   |   jimuqa eval compare eval/out/old eval/out/new
    """
    if ctx.invoked_subcommand:
        return
    from eval.report import render_markdown
    from eval.runner import run_eval, run_side_by_side

    settings = load_settings(data_dir=data_dir)
    if side_by_side:
        run_side_by_side(questions, out, settings, tuple(modes.split(",")), retrieval_path=retrieval)
        click.echo((out / "side_by_side.md").read_text(encoding="utf-8"))
        return
    click.echo(render_markdown(run_eval(questions, out, mode, settings)))


@evaluate.command("retrieval")
@click.option(
    "--queries",
    type=click.Path(exists=True, path_type=Path),
    default=Path("eval/retrieval_queries.jsonl"),
    show_default=True,
    help="Retrieval check set: JSONL with query and gold (sheet, section) pairs.",
)
@data_option
@chroma_option
@json_option
def retrieval(queries: Path, data_dir, chroma_url, as_json: bool) -> None:
    """Print recall@1, recall@5 and MRR of BM25 alone, dense alone and hybrid on the retrieval check set.

    Example: jimuqa eval retrieval --queries eval/retrieval_queries.jsonl
    """
    from eval.retrieval import markdown, run

    results = run(queries, _engine(data_dir, chroma_url, "hybrid"))
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        click.echo(markdown(results))


@evaluate.command("speed")
@click.option(
    "--questions",
    type=click.Path(exists=True, path_type=Path),
    default=Path("eval/questions.jsonl"),
    show_default=True,
    help="Questions to time (repeated until there are -n of them).",
)
@click.option("-n", "count", default=200, show_default=True, help="How many timed questions (after warm-up).")
@data_option
def speed(questions: Path, count: int, data_dir) -> None:
    """Print p50/p95 of query embedding, BM25, vector search, fused retrieval and whole answers.

    Example: jimuqa eval speed -n 200
    """
    from eval.speed import embedding_rate, markdown, measure

    engine = _engine(data_dir, None, "hybrid")
    click.echo(markdown(measure(engine, questions, count), embedding_rate(engine)))


@evaluate.command("generate", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def generate(ctx) -> None:
    """Write a generated corpus in the sheets' exact format, with its ground truth (see --help of the module).

    Example: jimuqa eval generate --sheets 1000 --seed 0 --out /tmp/gen
    """
    from eval.generate import main

    main(ctx.args)


@evaluate.command("bench", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def bench(ctx) -> None:
    """Benchmark builds and answers on generated corpora of several sizes (options as in eval/bench.py).

    Example: jimuqa eval bench --sheets 10 --sheets 1000 --queries 200
    """
    from eval.bench import main

    main(ctx.args)


@evaluate.command("compare")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
def compare(old: Path, new: Path) -> None:
    """List the questions that got worse and better between two evaluation runs.

    Example: jimuqa eval compare eval/out/before eval/out/after
    """
    from eval.runner import compare_reports, format_comparison

    click.echo(format_comparison(compare_reports(old, new)))


def _engine(data_dir, chroma_url, mode, **overrides):
    from answering import load_engine

    settings = load_settings(data_dir=data_dir, chroma_url=chroma_url, **overrides)
    try:
        return load_engine(settings, mode=mode)
    except FileNotFoundError as err:
        raise click.ClickException(str(err)) from None


def _each_line(questions: Path, out: Path | None, handle) -> None:
    """Run ``handle`` on every JSONL line (keeping its fields) and write one JSON object per line."""
    lines = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [handle(item) for item in lines]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(results)} lines to {out}", err=True)
    else:
        sys.stdout.write(text)


def _echo(message: str) -> None:
    click.echo(message, err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only by default).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to listen on.")
@corpus_option
@data_option
def serve(host: str, port: int, corpus_dir: Path | None, data_dir: Path | None) -> None:
    """Start the web app, building the data first when it is missing or older than the corpus.

    Example: jimuqa serve --port 7860 --data data
    """
    from app import serve as serve_app
    from index.build import BuildError

    settings = load_settings(corpus_dir=corpus_dir, data_dir=data_dir)
    try:
        serve_app(settings, host=host, port=port)
    except BuildError as err:
        for problem in err.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(str(err)) from None


@cli.group()
def feedback() -> None:
    """The ratings and comments people left on answers in the app.

    Example: jimuqa feedback export --out feedback.csv
    """


@feedback.command("export")
@data_option
@click.option("--out", type=click.Path(path_type=Path), help="CSV file to write instead of stdout.")
def export_feedback(data_dir: Path | None, out: Path | None) -> None:
    """Write every rating (question, answer, citations, rating, comment, UTC time) as CSV.

    Example: jimuqa feedback export --data data --out feedback.csv
    """
    from jimuqa.feedback import export_csv, feedback_path, read_feedback

    path = feedback_path(load_settings(data_dir=data_dir).data_dir)
    text = export_csv(path)
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(read_feedback(path))} rating(s) to {out}", err=True)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    cli()
