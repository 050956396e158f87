"""Settings are one table: it drives the CLI's options and the README's configuration table."""

import os
import subprocess
import sys
from pathlib import Path

import click

from jimuqa.settings import (
    PROJECT_ROOT,
    SETTINGS,
    Settings,
    load_settings,
    offline_environment,
    settings_markdown,
)
from jimuqa.ui.cli import cli

README = PROJECT_ROOT / "README.md"


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_the_readme_table_is_the_settings_table():
    text = README.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- settings table")) + len("-->\n")
    table = text[start : text.index("<!-- end settings table -->")].strip()
    assert table == settings_markdown(), "README's table differs: paste settings_markdown() between the markers"


def test_every_setting_with_a_flag_is_an_option_with_the_same_flag_help_and_variable():
    seen = set()
    for _, command in _commands(cli):
        for param in command.params:
            for setting in SETTINGS:
                if param.name == setting.name:
                    assert param.opts == [setting.flag]
                    assert param.help.startswith(setting.help) and setting.env in param.help
                    seen.add(setting.name)
    assert seen == {s.name for s in SETTINGS if s.flag}


def test_no_command_invents_its_own_flag_for_a_setting():
    flags = {s.flag for s in SETTINGS if s.flag}
    for path, command in _commands(cli):
        for param in command.params:
            if set(getattr(param, "opts", [])) & flags:
                assert param.name in {s.name for s in SETTINGS}, f"{path}: {param.opts} is not the setting"


def test_every_command_has_help_with_an_example_and_every_option_help():
    for path, command in _commands(cli):
        assert "Example: jimuqa " in (command.help or ""), path
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"jimuqa {path} {param.opts} has no help"


def test_environment_then_flags(monkeypatch, tmp_path):
    monkeypatch.setenv("JIMUQA_DATA", str(tmp_path / "from-env"))
    monkeypatch.setenv("JIMUQA_LLM_TIMEOUT", "7.5")
    assert load_settings().data_dir == tmp_path / "from-env"
    assert load_settings().llm_timeout_s == 7.5
    assert load_settings(data_dir=tmp_path / "flag").data_dir == tmp_path / "flag"
    assert load_settings(data_dir=None).data_dir == tmp_path / "from-env"


def test_settings_know_which_were_given(monkeypatch, tmp_path):
    # A default may be read from elsewhere only when the setting was not given (index.build.corpus_folder).
    monkeypatch.delenv("JIMUQA_CORPUS", raising=False)
    monkeypatch.setenv("JIMUQA_DATA", str(tmp_path))
    assert load_settings().given == {"data_dir"} and not load_settings().is_given("corpus_dir")
    assert load_settings(corpus_dir=tmp_path, answer_mode=None).given == {"data_dir", "corpus_dir"}
    monkeypatch.setenv("JIMUQA_CORPUS", str(tmp_path))
    assert load_settings().is_given("corpus_dir")
    assert Settings().is_given("corpus_dir")  # made directly: the caller chose every field


def test_default_paths_do_not_depend_on_the_working_directory(tmp_path):
    code = "from jimuqa.settings import Settings; s = Settings(); print(s.corpus_dir); print(s.data_dir)"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    corpus, data = (Path(line) for line in done.stdout.splitlines())
    assert corpus == PROJECT_ROOT / "corpus" and corpus.is_absolute() and (corpus / "README.md").exists()
    assert data == PROJECT_ROOT / "data" == Settings().data_dir


def test_the_offline_environment_is_defined_once_and_set_by_the_entry_points(tmp_path):
    wanted = offline_environment()
    assert {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED", "ANONYMIZED_TELEMETRY"} <= set(wanted)
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "include jimuqa/offline.env" in makefile and "HF_HUB_OFFLINE=" not in makefile
    # the console entry point sets them before any command runs, whatever the caller's environment
    env = {k: v for k, v in os.environ.items() if k not in wanted}
    code = "import os, sys; from jimuqa.ui.cli import cli, main\n"
    code += "@cli.command('print-env')\ndef _p():\n    '''Example: jimuqa print-env'''\n"
    code += f"    print(','.join(f'{{k}}={{os.environ.get(k)}}' for k in {sorted(wanted)!r}))\n"
    code += "main(['print-env'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.stdout.strip() == ",".join(f"{k}={wanted[k]}" for k in sorted(wanted))
