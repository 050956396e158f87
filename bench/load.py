"""A bounded load test of the served app, on loopback only.

    jimuqa bench load --data DIR --users 20 --seconds 60 [--max-requests 2000] [--url URL --pid PID]

Starts the app (``jimuqa serve`` in a child process, so that the memory sampled is the server's alone;
or connects to ``--url``), then runs ``--users`` simulated users: threads, each with
its own ``gradio_client.Client``, asking questions drawn from ``eval/questions.jsonl`` through the chat
endpoint in a loop with a short think time, starting a fresh conversation every ``--turns`` questions.
It stops at the time cap or after ``--max-requests`` requests and prints: requests, failures (with the
requests the queue turned away, and when), latency p50/p95/max, throughput, and the server's resident
memory sampled every second, with the means of the first and last quarter of the run.

Exit status 1 when any request failed or memory grew by more than ``--rss-tolerance``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jimuqa.bench.measure import free_port, wait_until_up
from jimuqa.settings import offline_environment

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"


@dataclass
class Outcome:
    started: float  # seconds since the run began
    latency_s: float
    ok: bool
    error: str = ""
    queue_full: bool = False


@dataclass
class Run:
    deadline: float
    max_requests: int
    t0: float
    outcomes: list[Outcome] = field(default_factory=list)
    issued: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self) -> bool:
        """One more request, if neither the time cap nor the request cap is reached."""
        with self.lock:
            if time.monotonic() >= self.deadline or self.issued >= self.max_requests:
                return False
            self.issued += 1
            return True

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def load_questions(path: Path = QUESTIONS) -> list[tuple[str, str]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(item["question"], item.get("lang", "ja")) for item in items]


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise SystemExit(f"error: {url} is not a loopback address; this load test runs on loopback only")


def start_child(data: Path, port: int, log_path: Path) -> subprocess.Popen:
    """``jimuqa serve`` on loopback in a child process; its output goes to ``log_path``."""
    command = [sys.executable, "-m", "jimuqa.ui", "serve", "--host", "127.0.0.1", "--port", str(port), "--data", str(data)]
    log = log_path.open("w", encoding="utf-8")
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **offline_environment()}, stdout=log, stderr=subprocess.STDOUT, text=True
    )


def rss_bytes(pid: int) -> int | None:
    """Resident memory of ``pid`` and its children (Linux ``/proc``)."""
    total, seen = 0, False
    for one in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    seen = True
        except OSError:
            continue
    return total if seen else None


def children(pid: int) -> list[int]:
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return found + [g for c in found for g in children(c)]


def sample_rss(pid: int, stop: threading.Event, samples: list[tuple[float, int]], t0: float) -> None:
    while not stop.is_set():
        value = rss_bytes(pid)
        if value is not None:
            samples.append((time.monotonic() - t0, value))
        stop.wait(1.0)


def is_queue_full(error: BaseException) -> bool:
    text = f"{type(error).__name__} {error}".lower()
    return "queue is full" in text or "queue full" in text


def answer_text(result) -> str:
    chat = result[0]
    message = chat[-1]
    if message.get("role") != "assistant":
        raise ValueError("the last message is not the answer")
    content = message["content"]
    text = content if isinstance(content, str) else "".join(part.get("text", "") for part in content)
    if not text.strip():
        raise ValueError("empty answer")
    return text


def user(
    number: int, url: str, questions: list, run: Run, start: threading.Barrier, think: tuple[float, float], turns: int
):
    from gradio_client import Client

    rng = random.Random(number)
    try:
        client = Client(url, verbose=False, download_files=False)
    except Exception as err:  # a user who cannot even connect fails one request
        start.wait()
        run.record(Outcome(0.0, 0.0, False, f"connect: {type(err).__name__}: {err}", is_queue_full(err)))
        return
    start.wait()
    asked = 0
    while run.reserve():
        question, lang = rng.choice(questions)
        began = time.monotonic()
        try:
            answer_text(client.predict(question, lang, api_name="/chat"))
            outcome = Outcome(began - run.t0, time.monotonic() - began, True)
        except Exception as err:
            message = f"{type(err).__name__}: {err}"[:300]
            outcome = Outcome(began - run.t0, time.monotonic() - began, False, message, is_queue_full(err))
        run.record(outcome)
        asked += 1
        if turns and asked % turns == 0:
            client.reset_session()  # a new visitor's conversation: the history does not grow without end
        time.sleep(rng.uniform(*think))


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def quarter_means(samples: list[tuple[float, int]], start_s: float, end_s: float) -> tuple[float, float]:
    span = end_s - start_s
    first = [v for t, v in samples if start_s <= t <= start_s + span / 4]
    last = [v for t, v in samples if end_s - span / 4 <= t <= end_s]
    mean = lambda xs: statistics.fmean(xs) if xs else float("nan")  # noqa: E731
    return mean(first), mean(last)


def summarise(run: Run, elapsed_s: float, samples: list[tuple[float, int]], tolerance: float) -> dict:
    outcomes = sorted(run.outcomes, key=lambda o: o.started)
    ok = [o for o in outcomes if o.ok]
    failed = [o for o in outcomes if not o.ok]
    full = [o for o in failed if o.queue_full]
    latencies = sorted(o.latency_s for o in ok)
    first_q, last_q = quarter_means(samples, 0.0, elapsed_s)
    growth = (last_q - first_q) / first_q if first_q == first_q and first_q else float("nan")
    errors: dict[str, int] = {}
    for o in failed:
        errors[o.error] = errors.get(o.error, 0) + 1
    return {
        "requests": len(outcomes),
        "succeeded": len(ok),
        "failures": len(failed),
        "queue_full": len(full),
        "first_queue_full_at_s": round(full[0].started, 1) if full else None,
        "requests_before_first_queue_full": outcomes.index(full[0]) if full else None,
        "errors": errors,
        "elapsed_s": round(elapsed_s, 1),
        "latency_p50_s": round(percentile(latencies, 0.50), 3),
        "latency_p95_s": round(percentile(latencies, 0.95), 3),
        "latency_max_s": round(latencies[-1], 3) if latencies else float("nan"),
        "latency_mean_s": round(statistics.fmean(latencies), 3) if latencies else float("nan"),
        "throughput_rps": round(len(ok) / elapsed_s, 2) if elapsed_s else float("nan"),
        "rss_samples": len(samples),
        "rss_min_mb": round(min(v for _, v in samples) / 2**20, 1) if samples else None,
        "rss_max_mb": round(max(v for _, v in samples) / 2**20, 1) if samples else None,
        "rss_first_quarter_mean_mb": round(first_q / 2**20, 1),
        "rss_last_quarter_mean_mb": round(last_q / 2**20, 1),
        "rss_growth_pct": round(100 * growth, 1),
        "rss_stable": bool(growth == growth and abs(growth) <= tolerance),
        "rss_tolerance_pct": round(100 * tolerance, 1),
        "rss_series_mb": [(round(t, 1), round(v / 2**20, 1)) for t, v in samples],
    }


def print_report(summary: dict, users: int, url: str) -> None:
    rows = [
        ("server", url),
        ("users", users),
        ("elapsed", f"{summary['elapsed_s']} s"),
        ("requests", summary["requests"]),
        ("succeeded", summary["succeeded"]),
        ("failures", summary["failures"]),
        ("  of which queue full", summary["queue_full"]),
        ("latency p50", f"{summary['latency_p50_s']} s"),
        ("latency p95", f"{summary['latency_p95_s']} s"),
        ("latency max", f"{summary['latency_max_s']} s"),
        ("throughput", f"{summary['throughput_rps']} answers/s"),
        (
            "server RSS min / max",
            f"{summary['rss_min_mb']} / {summary['rss_max_mb']} MB ({summary['rss_samples']} samples)",
        ),
        ("RSS first-quarter mean", f"{summary['rss_first_quarter_mean_mb']} MB"),
        ("RSS last-quarter mean", f"{summary['rss_last_quarter_mean_mb']} MB"),
        (
            "RSS growth",
            f"{summary['rss_growth_pct']:+} % ({'stable' if summary['rss_stable'] else 'NOT stable'}, "
            f"tolerance ±{summary['rss_tolerance_pct']} %)",
        ),
    ]
    if summary["queue_full"]:
        rows.append(
            (
                "first queue-full",
                f"at {summary['first_queue_full_at_s']} s, after {summary['requests_before_first_queue_full']} requests",
            )
        )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    for error, count in sorted(summary["errors"].items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {count} × {error}")


@dataclass(frozen=True)
class LoadOptions:
    """What ``jimuqa bench load`` was asked for (see its --help)."""

    data: Path | None = None
    url: str | None = None
    pid: int | None = None
    users: int = 20
    seconds: float = 60.0
    max_requests: int = 2000
    think: tuple[float, float] = (0.2, 1.0)
    turns: int = 5
    rss_tolerance: float = 0.10
    json: Path | None = None


def run_load(args: LoadOptions) -> int:
    """Run the load test; 0 when every request succeeded and memory stayed flat, else 1."""
    child = None
    if args.url:
        url = args.url.rstrip("/") + "/"
        require_loopback(url)
        pid = args.pid
        wait_until_up(url + "gradio_api/info", 30)
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        started = time.monotonic()
        log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"jimuqa-load-server-{port}.log"
        child = start_child(args.data, port, log_path)
        pid = child.pid
        print(f"server: pid {pid}, log {log_path}", flush=True)
        wait_until_up(url + "gradio_api/info", 600, child)
        print(f"server up at {url} in {time.monotonic() - started:.1f}s", flush=True)

    try:
        questions = load_questions()
        run = Run(deadline=float("inf"), max_requests=args.max_requests, t0=0.0)

        def go() -> None:  # runs once, before any user is released: the clock starts now
            run.t0 = time.monotonic()
            run.deadline = run.t0 + args.seconds

        start = threading.Barrier(args.users + 1, action=go)
        threads = [
            threading.Thread(
                target=user,
                args=(n, url, questions, run, start, tuple(args.think), args.turns),
                name=f"user-{n}",
                daemon=True,
            )
            for n in range(args.users)
        ]
        for thread in threads:
            thread.start()
        start.wait()  # every client connected
        samples: list[tuple[float, int]] = []
        stop = threading.Event()
        sampler = None
        if pid:
            sampler = threading.Thread(target=sample_rss, args=(pid, stop, samples, run.t0), daemon=True)
            sampler.start()
        print(f"{args.users} users for {args.seconds:.0f}s (at most {args.max_requests} requests)…", flush=True)
        for thread in threads:
            thread.join(timeout=args.seconds + 600)
        elapsed = time.monotonic() - run.t0
        stop.set()
        if sampler:
            sampler.join()
        summary = summarise(run, elapsed, samples, args.rss_tolerance)
        summary.update(users=args.users, seconds=args.seconds, max_requests=args.max_requests, url=url)
        print_report(summary, args.users, url)
        if args.json:
            args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0 if summary["failures"] == 0 and (summary["rss_stable"] or not samples) else 1
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()

