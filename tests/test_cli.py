"""One command for everything: exit statuses are passed on, and the same option means the same thing."""

import json
import subprocess
import sys

from click.testing import CliRunner

from jimuqa.settings import PROJECT_ROOT
from jimuqa.ui.cli import cli


def test_generate_check_exits_1_when_a_value_does_not_read_back(tmp_path, monkeypatch):
    ok = CliRunner().invoke(cli, ["bench", "generate", "--sheets", "5", "--out", str(tmp_path / "a"), "--check"])
    assert ok.exit_code == 0 and "every value reads back exactly" in ok.output

    monkeypatch.setattr("jimuqa.bench.generate.check", lambda folder: ["sheet 001: costs.R02.budget 1 != 2"])
    bad = CliRunner().invoke(cli, ["bench", "generate", "--sheets", "5", "--out", str(tmp_path / "b"), "--check"])
    assert bad.exit_code == 1 and "costs.R02.budget" in bad.output


def test_export_takes_data_and_reads_parsed_files_from_its_cache(corpus_dir, tmp_path):
    data = tmp_path / "data"
    args = ["export", "--corpus", str(corpus_dir), "--data", str(data)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert list((data / "cache" / "sheets").glob("*.json")), "the parsed file was not cached under --data"
    second = CliRunner().invoke(cli, args)
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert len(json.loads(first.stdout)) == 10


def test_python_m_and_app_py_are_the_same_command_and_pass_on_its_exit_status(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert "Commands:" in run("-m", "jimuqa.ui", "--help").stdout
    assert "--port" in run(str(PROJECT_ROOT / "app.py"), "--help").stdout
    missing = run("-m", "jimuqa.ui", "export", "--corpus", str(tmp_path / "nowhere"), "--data", str(tmp_path))
    assert missing.returncode == 1 and "nowhere" in missing.stderr
    assert run("-m", "jimuqa.ui", "no-such-command").returncode == 2
