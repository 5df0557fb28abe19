"""The classroom server's pieces that need no running hub: configuration, limits, cards."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hub_support import python_reachable
from traitlets.config import Config

from medsos.hub import accounts, config, spawner
from medsos.hub.layout import Kelas, load
from medsos.roster import Peserta


@pytest.fixture
def contoh(tmp_path):
    k = Kelas(
        folder=str(tmp_path / "kelas"),
        python=sys.executable,
        proxy="/usr/bin/configurable-http-proxy",
        db_url="postgresql+psycopg://medsos:rahasia@127.0.0.1:5432/medsos",
        instructors=["asn198503032010011003"],
    )
    k.save()
    return k


def test_settings_round_trip_and_are_root_only(contoh):
    assert load(contoh.folder) == contoh
    assert (contoh.hub_dir / "kelas.json").stat().st_mode & 0o077 == 0


def test_hub_config_formgrader_for_instructors_only(contoh):
    c = Config()
    config.configure(c, contoh.folder)
    services = {s["name"]: s for s in c.JupyterHub.services}
    grader = services["medsos-asn-jatim"]
    assert grader["user"] == "medsos-penilai" and grader["cwd"] == str(contoh.course_dir)
    assert grader["environment"]["MEDSOS_DB_URL"] == contoh.db_url
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["formgrader-kelas"]["groups"] == ["formgrade-medsos-asn-jatim"]
    assert "access:services!service=medsos-asn-jatim" in roles["formgrader-kelas"]["scopes"]
    assert c.JupyterHub.load_groups["formgrade-medsos-asn-jatim"]["users"] == contoh.instructors
    assert c.Authenticator.admin_users == set(contoh.instructors)
    # the trainees' servers never see the gradebook's address
    assert "MEDSOS_DB_URL" not in c.Spawner.environment
    assert c.Spawner.mem_limit == "2G"
    assert "pembersih-server-diam" in services


def test_trainee_jupyter_config_turns_off_instructor_tools(contoh):
    folder = config.write_trainee_config(contoh)
    text = (folder / "nbgrader_config.py").read_text()
    assert "medsos-asn-jatim" in text and str(contoh.exchange) in text
    assert "rahasia" not in text
    assert (
        '"nbgrader.server_extensions.formgrader": false'
        in (folder / "jupyter_server_config.json").read_text()
    )
    assert "@jupyter/nbgrader:formgrader" in (folder / "labconfig" / "page_config.json").read_text()


def test_spawner_follows_the_host():
    expected = (
        spawner.SYSTEMD_SPAWNER if os.path.isdir("/run/systemd/system") else (spawner.LOCAL_SPAWNER)
    )
    assert spawner.spawner_class() == expected


@pytest.mark.skipif(os.geteuid() != 0, reason="drops privileges to another account")
def test_trainee_process_gets_the_memory_limit():
    s = spawner.LimitedLocalProcessSpawner(mem_limit="512M")
    preexec = s.make_preexec_fn("nobody")
    code = (
        "import resource\n"
        "score = open('/proc/self/oom_score_adj').read().strip()\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[1], score)\n"
        "try:\n"
        "    b = bytearray(1024 ** 3)\n"
        "    print('ALLOCATED')\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    with python_reachable():  # "nobody" must be able to run this environment's Python
        out = subprocess.run(
            [sys.executable, "-c", code], preexec_fn=preexec, capture_output=True, text=True,
            cwd="/",
        )  # fmt: skip
    limit, score = out.stdout.split("\n")[0].split()
    assert int(limit) == 512 * 1024**2 and score == "1000"
    assert out.stdout.split("\n")[1] == "MemoryError", out.stdout + out.stderr


def test_passwords_are_distinct_and_readable():
    seen = {accounts.new_password() for _ in range(200)}
    assert len(seen) == 200
    for password in seen:
        assert len(password) == 11 and password[5] == "-"
        assert set(password) - {"-"} <= set(accounts.PASSWORD_ALPHABET)
        assert not set(password) & set("01lio")


def test_card_sheet_escapes_names(contoh):
    person = Peserta("asn199901012024011001", "199901012024011001", "<b>Siti</b>", "Dinas & Co")
    sheet = accounts.write_sheet(contoh, [accounts.Card(person, "abcde-fghjk", "peserta")])
    text = sheet.read_text()
    assert "&lt;b&gt;Siti&lt;/b&gt;" in text and "Dinas &amp; Co" in text
    assert "abcde-fghjk" in text and sheet.stat().st_mode & 0o077 == 0


def test_five_wrong_passwords_lock_the_account_for_five_minutes():
    """The README's promise: five wrong passwords, then five minutes' wait."""
    from jupyterhub import orm

    from medsos.hub.auth import KelasAuthenticator

    authenticator = KelasAuthenticator(db=orm.new_session_factory("sqlite://")())
    assert authenticator.seconds_before_next_try == 300
    for _ in range(4):
        authenticator.add_login_attempt("asn198503122010011002")
    assert not authenticator.is_blocked("asn198503122010011002")
    authenticator.add_login_attempt("asn198503122010011002")
    assert authenticator.is_blocked("asn198503122010011002")
