"""The build: corpus → a fresh build directory → one atomic swap of ``data/current``.

Readers resolve ``current`` once when they open the stores, so a build never changes data
under a running query, and a failed or killed build leaves the previous data untouched.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jimuqa.index.glosses import Dictionary, dictionary_path
from jimuqa.index.importers import AnySheet, Problem, importer_for, is_documentation, location, problem_at, unknown_file
from jimuqa.index.sheet_cache import SHEETS_CACHE, prune, read_cached
from jimuqa.index.table import write_table
from jimuqa.settings import MANIFEST_FILE, TABLE_FILE, Settings, builds_dir, cache_dir, current_build

MANIFEST_VERSION = 3  # 2: the English words of names (english_names, english_values); 3: their own_words
Progress = Callable[[str], None]


class BuildError(RuntimeError):
    """The build stopped; the previous data is untouched."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Corpus:
    files: list[Path]
    sheets: list[AnySheet]  # records of every form (``index.importers``), in file order
    problems: list[Problem] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    cache_keys: set[str] = field(default_factory=set)  # the entries of the parsed-sheet cache this corpus used
    forms: dict[str, str] = field(default_factory=dict)  # file name → the form its importer reads


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file of the folder (not its subfolders) but documentation (``importers.is_documentation``).

    Files of no known form are listed too: reading them reports them.
    """
    if not corpus_dir.is_dir():
        raise BuildError(f"corpus folder not found: {corpus_dir}")
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and not is_documentation(p))
    if not files:
        raise BuildError(f"no sheet files in {corpus_dir}")
    return files


def corpus_hashes(corpus_dir: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus_files(corpus_dir)}


def read_corpus(corpus_dir: Path, cache: Path | None = None) -> Corpus:
    """Read every file with its form's importer; problems are collected, not raised, so all can be reported.

    A file no importer reads is a problem. With ``cache`` (a folder), files whose bytes an earlier build
    read are read from it (``index.sheet_cache``).
    """
    files = corpus_files(corpus_dir)
    corpus = Corpus(files=files, sheets=[])
    for path in files:
        data = path.read_bytes()
        corpus.hashes[path.name] = hashlib.sha256(data).hexdigest()
        importer = importer_for(path)
        if importer is None:
            corpus.problems.append(unknown_file(path))
            continue
        corpus.forms[path.name] = importer.form
        if cache is None:
            sheets, problems = importer.read(path, data)
        else:
            sheets, problems, key = read_cached(importer, path, data, cache)
            corpus.cache_keys.add(key)
        corpus.sheets.extend(sheets)
        corpus.problems.extend(problems)
    corpus.sheets, duplicates = _drop_duplicates(corpus.sheets)
    corpus.problems.extend(duplicates)
    return corpus


def sheet_key(sheet: AnySheet) -> tuple[str, str, str]:
    """A sheet's identity: numbers are unique only within a city and a year."""
    return (sheet.city, sheet.fiscal_year, sheet.number)


def _drop_duplicates(sheets: list[AnySheet]) -> tuple[list[AnySheet], list[Problem]]:
    kept: dict[tuple[str, str, str], AnySheet] = {}
    problems = []
    for sheet in sheets:
        first = kept.setdefault(sheet_key(sheet), sheet)
        if first is sheet:
            continue
        problems.append(
            problem_at(
                sheet,
                f"duplicated sheet number {sheet.number} ({sheet.city}, {sheet.fiscal_year}); first seen in "
                f"{first.file} {location(first)}",
            )
        )
    return list(kept.values()), problems


@dataclass
class BuildReport:
    build_dir: Path
    manifest: dict
    skipped: list[Problem]
    timings: dict[str, float]


IndexStep = Callable[[Path, list[AnySheet], Settings, Progress], dict]


def build(
    settings: Settings,
    skip_bad: bool = False,
    progress: Progress = lambda message: None,
    index_step: IndexStep | None = None,
) -> BuildReport:
    """Build every store into a fresh directory, then make it ``current``.

    ``index_step`` writes the search indexes into the build directory and returns what the
    manifest should record about them; the table alone is built without it.
    """
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with _build_lock(data_dir):
        _remove_abandoned_builds(data_dir)
        started = time.perf_counter()
        sheet_cache = cache_dir(data_dir) / SHEETS_CACHE
        corpus = read_corpus(settings.corpus_dir, sheet_cache)
        timings["parse"] = time.perf_counter() - started
        if corpus.problems and not skip_bad:
            raise BuildError(f"{len(corpus.problems)} problem(s) in the corpus; nothing was changed", corpus.problems)
        if not corpus.sheets:
            raise BuildError("no sheet could be read; nothing was changed", corpus.problems)
        progress(
            f"read {len(corpus.files)} file(s), {len(corpus.sheets)} sheet(s), "
            f"{sum(len(s.indicators) for s in corpus.sheets)} indicator(s) in {timings['parse']:.2f}s"
        )
        builds_dir(data_dir).mkdir(exist_ok=True)
        build_dir = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=builds_dir(data_dir)))
        started = time.perf_counter()
        dictionary = Dictionary(dictionary_path(cache_dir(data_dir)))
        counts = write_table(build_dir / TABLE_FILE, corpus.sheets, dictionary)
        timings["table"] = time.perf_counter() - started
        progress(f"table: {counts['sheets']} sheets, {counts['sections']} sections in {timings['table']:.2f}s")
        indexes = {}
        if index_step is not None:
            started = time.perf_counter()
            indexes = index_step(build_dir, corpus.sheets, settings, progress)
            timings["index"] = time.perf_counter() - started
        manifest = {
            "version": MANIFEST_VERSION,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus_dir": str(settings.corpus_dir.resolve()),
            "corpus": corpus.hashes,
            "forms": corpus.forms,
            "counts": counts,
            "skipped": [str(problem) for problem in corpus.problems],
            "indexes": indexes,
            "timings": {step: round(seconds, 3) for step, seconds in timings.items()},
        }
        _write_json(build_dir / MANIFEST_FILE, manifest)
        _swap_current(data_dir, build_dir)
        _remove_old_builds(data_dir, keep=build_dir)
        prune(sheet_cache, keep=corpus.cache_keys)
    return BuildReport(build_dir, manifest, corpus.problems, timings)


def read_manifest(data_dir: Path) -> dict | None:
    """The live build's manifest, or None when nothing has been built."""
    path = current_build(data_dir) / MANIFEST_FILE
    return json.loads(path.read_text()) if path.exists() else None


def corpus_folder(settings: Settings) -> Path:
    """The corpus folder the data directory is kept up to date with: the one given (flag, ``JIMUQA_CORPUS`` or
    the caller), else the one the live build was made from, else the default. A build of another folder (two
    cities, say) is then checked against that folder, not rebuilt from the default one."""
    manifest = read_manifest(settings.data_dir)
    if settings.is_given("corpus_dir") or manifest is None or "corpus_dir" not in manifest:
        return settings.corpus_dir
    return Path(manifest["corpus_dir"])


def is_stale(settings: Settings) -> bool:
    """True when there is no build, the corpus (``corpus_folder``) changed since the live build, or the live
    build's table is of an older layout than this code reads (``MANIFEST_VERSION``)."""
    manifest = read_manifest(settings.data_dir)
    return (
        manifest is None
        or manifest.get("version") != MANIFEST_VERSION
        or manifest.get("corpus") != corpus_hashes(corpus_folder(settings))
    )


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _swap_current(data_dir: Path, build_dir: Path) -> None:
    # rename(2) of a symlink over another is atomic: readers see the old build or the new one.
    link = current_build(data_dir)
    temporary = data_dir / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(build_dir.relative_to(data_dir))
    os.replace(temporary, link)
    directory = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_old_builds(data_dir: Path, keep: Path) -> None:
    """Keep the new build and the one before it (a reader may still have it open)."""
    finished = sorted(
        (p for p in builds_dir(data_dir).iterdir() if (p / MANIFEST_FILE).exists() and p != keep),
        key=lambda p: (p / MANIFEST_FILE).stat().st_mtime_ns,
    )
    for old in finished[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned_builds(data_dir: Path) -> None:
    """Directories of builds that were killed before their swap (we hold the lock: none is running)."""
    root = builds_dir(data_dir)
    if not root.exists():
        return
    live = current_build(data_dir).resolve() if current_build(data_dir).exists() else None
    for path in root.iterdir():
        if path.resolve() != live and not (path / MANIFEST_FILE).exists():
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _build_lock(data_dir: Path) -> Iterator[None]:
    with open(data_dir / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build is running in {data_dir}") from None
        yield
