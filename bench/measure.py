"""What every benchmark here needs: percentiles of timings, a free loopback port, waiting for a server."""

from __future__ import annotations

import resource
import socket
import statistics
import subprocess
import time
import urllib.request
from contextlib import closing
from pathlib import Path


def percentiles(samples_ms: list[float]) -> dict:
    """n, p50, p95 and mean of ``samples_ms`` (nearest rank; an empty list gives zeros)."""
    ordered = sorted(samples_ms) or [0.0]
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"n": len(samples_ms), "p50": pick(0.5), "p95": pick(0.95), "mean": statistics.fmean(ordered)}


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, timeout_s: float, process: subprocess.Popen | None = None, poll_s: float = 0.5) -> None:
    """Return once GET ``url`` answers 200; RuntimeError if ``process`` exits or ``timeout_s`` passes first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(poll_s)
    raise RuntimeError(f"the server at {url} did not answer within {timeout_s:.0f}s")


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default), MB, from Linux ``/proc``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """The most resident memory this process has held, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
