"""Every ``medsos`` command answers ``--help`` and is documented in the README."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from medsos.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_there_are_commands():
    assert "datasets" in _commands()


@pytest.mark.parametrize("command", _commands())
def test_command_has_help_in_indonesian(command):
    result = subprocess.run(
        [sys.executable, "-m", "medsos.cli", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"medsos {command}" in result.stdout
    assert len(result.stdout.strip().splitlines()) >= 2


ARGPARSE_ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "error:",
    "required:",
    "unrecognized arguments",
    "invalid choice",
)


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser and every sub-command's parser below it (``medsos hub tambah`` too)."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def test_argparse_own_words_are_indonesian_in_every_help_and_error(capsys):
    """argparse's own words ("usage:", "options", "show this help message and exit", its
    error messages) come out in Bahasa Indonesia on every command's help page."""
    parsers = _parsers(build_parser())
    assert len(parsers) > 10
    for parser in parsers:
        text = parser.format_help()
        assert text.startswith("cara pakai: "), text
        assert "tampilkan bantuan ini lalu keluar" in text, text
        for word in ARGPARSE_ENGLISH:
            assert word not in text, (parser.prog, word, text)
    for argv, expected in (
        (["grade"], "argumen berikut wajib diisi: tugas"),
        (["grade", "01-tujuan-publikasi", "--tidak-ada"], "argumen tidak dikenal: --tidak-ada"),
        (["tidak-ada"], "pilihan tidak dikenal: 'tidak-ada'"),
        (["grade", "x", "--workers"], "perlu diikuti satu nilai"),
    ):
        with pytest.raises(SystemExit) as stop:
            build_parser().parse_args(argv)
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert expected in err, (argv, err)
        assert "kesalahan:" in err and "--help' untuk melihat cara pakainya" in err, err
        for word in ARGPARSE_ENGLISH:
            assert word not in err, (argv, word, err)


@pytest.mark.parametrize("command", _commands())
def test_command_is_documented_in_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"medsos {command}" in readme, f"'medsos {command}' is missing from README.md"


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "medsos"  # the venv's console script
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "datasets" in result.stdout


def test_commands_find_their_own_environment_without_activating_it():
    """`.venv/bin/medsos build` on a server, venv not activated: nbgrader's `alembic` is found."""
    code = (
        "import shutil; from medsos import cli; cli.own_scripts_on_path(); "
        "print(shutil.which('alembic'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(Path(sys.executable).parent / "alembic")
