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
