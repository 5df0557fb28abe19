"""``medsos lab``: the Bahasa Indonesia override and the command line."""

from __future__ import annotations

import json
from pathlib import Path

from jupyterlab_server.settings_utils import _get_overrides

from medsos import lab

ROOT = Path(__file__).resolve().parents[1]


def test_locale_override_is_read_by_jupyterlab(tmp_path):
    path = lab.write_locale_override(tmp_path)
    assert json.loads(path.read_text(encoding="utf-8")) == lab.LOCALE_OVERRIDE
    overrides, error = _get_overrides(str(tmp_path))
    assert error == ""
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "id_ID"


def test_override_leaves_a_users_overrides_json_alone(tmp_path):
    own = tmp_path / "overrides.json"
    own.write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}')
    lab.write_locale_override(tmp_path)
    overrides, _ = _get_overrides(str(tmp_path))
    assert overrides["@jupyterlab/apputils-extension:themes"]["theme"] == "JupyterLab Dark"
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "id_ID"


def test_settings_dir_is_this_environments_jupyterlab():
    assert lab.settings_dir().parts[-3:] == ("jupyter", "lab", "settings")


def test_allow_root_only_when_running_as_root(monkeypatch):
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0)
    as_root = lab.lab_command(ROOT, "release", ["--no-browser"])
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000)
    as_user = lab.lab_command(ROOT, "release")
    assert "--allow-root" in as_root and "--allow-root" not in as_user
    assert f"--ServerApp.root_dir={ROOT}" in as_user
    assert "--LabApp.default_url=/lab/tree/release" in as_user
    assert as_root[-1] == "--no-browser"
