"""The served app: no file route serves a file the app does not mean to, it listens on loopback, and a
too-long question is refused with a clear message through the API.

Gradio 6 (``gradio/routes.py``) exposes these routes that read files or fetch URLs; each is probed below:

* ``/gradio_api/file={path_or_url}`` and the deprecated ``/gradio_api/file/{path}``: uploads, the cache
  and ``allowed_paths`` only (this app allows none); an http URL is fetched only if it is not private;
* ``/static/{path}`` (gradio's own templates), ``/assets/{path}`` (the built frontend),
  ``/svelte/{path}`` (the Svelte runtime): each joined safely under its own folder;
* ``/gradio_api/custom_component/{id}/{environment}/{type}/{file_name}``: a component's template files;
* ``/gradio_api/proxy={url}``: a reverse proxy to Hugging Face Spaces only;
* ``/gradio_api/stream/{session}/{run}/{component}/…``: media streams held in memory;
* ``/favicon.ico``, ``/manifest.json``, ``/pwa_icon``, ``/robots.txt``, ``/theme.css``: fixed content;
* ``/monitoring/{key}``: off here (``enable_monitoring=False``).

Requests go out with ``http.client`` so that ``..`` and ``%2e%2e`` reach the server as written (httpx and
browsers would normalise the dot segments away before sending).
"""

from __future__ import annotations

import http.client
import ipaddress
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import jimuqa.ui.app as app
from jimuqa.settings import TABLE_FILE, current_build, set_offline_environment
from jimuqa.ui.feedback import feedback_path, record_feedback
from tests.test_app import ROOT, app_settings, last_answer, served  # noqa: F401  (fixtures, reused)

set_offline_environment()

PASSWD_MARK = b"root:x:0:0"
SQLITE_MARK = b"SQLite format 3\x00"
PYPROJECT = ROOT / "pyproject.toml"
PYPROJECT_MARK = b'name = "jimuqa"'
# How each route refuses (gradio 6): the file route a path off its allow-list ("File not allowed"), the folder
# routes a path outside their folder ("Forbidden"), the proxy a URL off Hugging Face ("This URL cannot be
# proxied."); any other path reaches no route. A 200, a redirect or a 500 fails even without the file in the body:
# the route answered instead of refusing.
REFUSALS = {"/gradio_api/file": 403, "/static/": 403, "/assets/": 403, "/svelte/": 403, "/gradio_api/proxy=": 400}
NOT_A_ROUTE = 404

PASSWD_PATHS = [
    "/file=../../etc/passwd",
    "/file=/etc/passwd",
    "/file=..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/gradio_api/file=/etc/passwd",
    "/gradio_api/file=//etc/passwd",
    "/gradio_api/file=../../../../etc/passwd",
    "/gradio_api/file=..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/gradio_api/file=%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/gradio_api/file=%2Fetc%2Fpasswd",
    "/gradio_api/file=%252e%252e/%252e%252e/etc/passwd",
    "/gradio_api/file=....//....//....//etc/passwd",
    "/gradio_api/file=..\\..\\..\\..\\etc\\passwd",
    "/gradio_api/file=file:///etc/passwd",
    "/gradio_api/file/etc/passwd",
    "/gradio_api/file//etc/passwd",
    "/gradio_api/file/../../../../etc/passwd",
    "/gradio_api/file/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static//etc/passwd",
    "/assets/../../../etc/passwd",
    "/assets/..%2f..%2f..%2fetc/passwd",
    "/assets/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets//etc/passwd",
    "/svelte/../../../../etc/passwd",
    "/svelte/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/svelte//etc/passwd",
    "/gradio_api/custom_component/x/client/../../../../etc/passwd",
    "/gradio_api/custom_component/x/client/..%2f..%2f..%2f..%2fetc/passwd",
    "/gradio_api/proxy=file:///etc/passwd",
    "/gradio_api/stream/x/y/0/playlist-file",
    "/monitoring/..%2f..%2f..%2fetc%2fpasswd",
    "/favicon.ico/../../etc/passwd",
]


def get(base_url: str, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no normalisation), following no redirect."""
    where = urlsplit(base_url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def refusal(path: str) -> int:
    """The status the route that ``path`` reaches refuses with."""
    return next((status for prefix, status in REFUSALS.items() if path.startswith(prefix)), NOT_A_ROUTE)


def assert_not_served(base_url: str, path: str, mark: bytes) -> None:
    status, body = get(base_url, path)
    assert mark not in body, f"{path} served the file (HTTP {status})"
    assert status == refusal(path), f"{path}: HTTP {status}, expected {refusal(path)}"


def variants(file: Path) -> list[str]:
    """Every way of naming ``file`` on the file-serving routes: absolute, relative to the server's working
    directory and to gradio's folders, and URL-encoded."""
    absolute = str(file.resolve())
    relative = str(file.resolve().relative_to(ROOT)) if file.resolve().is_relative_to(ROOT) else None
    up = "../" * 12 + absolute.lstrip("/")
    paths = []
    for name in filter(None, [absolute, relative, up]):
        paths += [
            f"/gradio_api/file={name}",
            f"/gradio_api/file={quote(name, safe='')}",
            f"/gradio_api/file/{name.lstrip('/')}",
            f"/file={name}",
        ]
    paths += [
        f"/static/{up}",
        f"/static/{quote(up, safe='')}",
        f"/assets/{up}",
        f"/assets/{quote(up, safe='')}",
        f"/svelte/{quote(up, safe='')}",
    ]
    return paths


@pytest.fixture(scope="module")
def secrets(app_settings):  # noqa: F811
    """The files a leak would expose: the answer table, the feedback store (with one row), the project file."""
    table = current_build(app_settings.data_dir) / TABLE_FILE
    feedback = feedback_path(app_settings.data_dir)
    if not feedback.exists():
        record_feedback(feedback, question="秘密の質問", answer="a", rating="up")
    assert table.read_bytes().startswith(SQLITE_MARK) and feedback.read_bytes().startswith(SQLITE_MARK)
    assert PYPROJECT_MARK in PYPROJECT.read_bytes()
    return {"table": table, "feedback": feedback}


# --------------------------------------------------------------------------- (a) file routes


def test_the_server_is_up_and_serves_what_it_means_to(served):  # noqa: F811
    # A control: the routes work, so the refusals below are refusals, not a dead server.
    status, body = get(served, "/")
    assert status == 200 and b"<html" in body.lower()
    status, _ = get(served, "/gradio_api/info")
    assert status == 200
    status, _ = get(served, "/favicon.ico")
    assert status in (200, 404)


@pytest.mark.parametrize("path", PASSWD_PATHS)
def test_no_route_serves_etc_passwd(served, path):  # noqa: F811
    assert Path("/etc/passwd").read_bytes().find(PASSWD_MARK) >= 0  # the probe would notice a leak
    assert_not_served(served, path, PASSWD_MARK)


@pytest.mark.parametrize("which", ["table", "feedback"])
def test_no_route_serves_the_data_stores(served, secrets, which):  # noqa: F811
    for path in variants(secrets[which]):
        assert_not_served(served, path, SQLITE_MARK)


def test_no_route_serves_the_project_files(served):  # noqa: F811
    for name in ("pyproject.toml", "app.py"):
        mark = PYPROJECT_MARK if name == "pyproject.toml" else b"def create_app"
        for path in variants(ROOT / name):
            assert_not_served(served, path, mark)


def test_the_proxy_and_url_fetch_reach_no_local_address(served):  # noqa: F811
    # ``proxy=`` goes to Hugging Face Spaces only; ``file=<url>`` refuses private addresses (SSRF).
    port = urlsplit(served).port
    for target in (f"http://127.0.0.1:{port}/gradio_api/info", "http://localhost/", "http://169.254.169.254/"):
        for route in ("/gradio_api/proxy=", "/gradio_api/file="):
            status, body = get(served, route + target)
            assert status == refusal(route + target), (route + target, status)
            assert b'"named_endpoints"' not in body


# --------------------------------------------------------------------------- (b) loopback only


def test_loopback_is_the_default_host(served):  # noqa: F811
    assert app.DEFAULT_HOST == "127.0.0.1"
    assert ipaddress.ip_address(urlsplit(served).hostname).is_loopback
    import inspect

    for function in (app.launch, app.serve):
        assert inspect.signature(function).parameters["host"].default == "127.0.0.1"


def test_a_default_launch_listens_on_loopback_only(app_settings, monkeypatch):  # noqa: F811
    """``launch`` with no host: gradio reports a loopback URL and nothing answers on another address."""
    import socket

    import gradio as gr

    from tests.test_app import free_port

    demo = gr.Blocks()
    with demo:
        gr.Markdown("probe")
    port = free_port()
    monkeypatch.setattr(app, "DEFAULT_PORT", port)
    app.launch(demo, port=port, block=False)  # host left to its default
    try:
        assert demo.server_name == "127.0.0.1"
        assert ipaddress.ip_address(urlsplit(demo.local_url).hostname).is_loopback
        assert get(f"http://127.0.0.1:{port}/", "/")[0] == 200
        others = [
            address
            for *_, (address, *_) in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
            if not ipaddress.ip_address(address).is_loopback
        ]
        for address in others:
            with socket.socket() as probe:
                probe.settimeout(2)
                assert probe.connect_ex((address, port)) != 0, f"listening on {address}:{port}"
    finally:
        demo.close()


# --------------------------------------------------------------------------- (c) long questions


def test_a_too_long_question_gets_the_clear_message_through_the_api(served, app_settings):  # noqa: F811
    from gradio_client import Client

    limit = app_settings.max_question_chars
    client = Client(served, verbose=False)
    text = last_answer(client.predict("あ" * (limit + 1), "ja", api_name="/chat"))
    assert f"{limit:,}" in text and "長すぎ" in text
    english = last_answer(client.predict("a" * (limit + 500), "en", api_name="/chat"))
    assert f"{limit:,}" in english and "too long" in english.lower()
    # The limit itself is accepted: it is answered, not refused.
    at_limit = last_answer(client.predict("ロボットの事業の予算は?".ljust(limit), "ja", api_name="/chat"))
    assert "長すぎ" not in at_limit
