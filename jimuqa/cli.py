"""The ``jimuqa`` command: one small function per subcommand over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jimuqa.settings import ENV_VARS, load_settings, set_offline_environment

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
@click.option("--table-only", is_flag=True, help="Build only the structured table, without search indexes.")
def build(corpus_dir: Path | None, data_dir: Path | None, skip_bad: bool, table_only: bool) -> None:
    """Parse the corpus and build every store, then swap it in atomically.

    Example: jimuqa build --corpus corpus --data data
    """
    from index.build import BuildError
    from index.build import build as run_build

    settings = load_settings(corpus_dir=corpus_dir, data_dir=data_dir)
    index_step = None if table_only else _index_step()
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


def _index_step():
    try:
        from index.search_index import write_indexes
    except ImportError:  # search indexes come with the retrieval layer
        return None
    return write_indexes


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


def _echo(message: str) -> None:
    click.echo(message, err=True)
