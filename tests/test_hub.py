"""End to end: a class on one server, with real PostgreSQL, JupyterHub and proxy.

One hub for the session (the ``kelas`` fixture of tests/conftest.py: ``medsos hub siapkan``
from a small roster, ``medsos hub mulai``), shared with tests/test_hub_browser.py, which runs
after this file; the tests run in file order, as a class would: first logins,
fetch and submit through each trainee's own server, isolation between trainees, grading with
``medsos grade`` on PostgreSQL, manual grading in the formgrader, feedback, a kernel eating
memory, and restarts. Needs root (Unix accounts), Debian's PostgreSQL, configurable-http-proxy
and bubblewrap; under CI=true a missing one fails (see tests/hub_support.py).
"""

from __future__ import annotations

import json
import pwd
import time

import nbformat
import pytest
from hub_support import (
    ASSIGNMENT,
    COURSE,
    NEW_PASSWORD,
    NOTEBOOK,
    ROOT,
    WRITTEN_ID,
    Browserless,
    as_user,
    client,
    gradebook_scores,
    medsos,
)

pytestmark = pytest.mark.slow

AUTO_POINTS, WRITTEN_POINTS = 6.0, 2.0


# --------------------------------------------------------------------------- accounts


def test_setup_makes_cards_accounts_and_private_course(kelas):
    assert set(kelas.cards) == {kelas.a, kelas.b, kelas.c, kelas.instructor}
    assert len(set(kelas.cards.values())) == 4, "every person gets their own password"
    for login in (kelas.a, kelas.b):
        home = kelas.home(login)
        assert home.stat().st_uid == pwd.getpwnam(login).pw_uid
        assert home.stat().st_mode & 0o777 == 0o700
    course = kelas.folder / "kursus"
    assert course.stat().st_mode & 0o007 == 0, "course folder closed to trainees"
    assert (kelas.folder / "hub").stat().st_mode & 0o077 == 0
    assert (kelas.folder / "exchange").stat().st_mode & 0o7777 == 0o1777
    assert "***" in kelas.siapkan_output and "medsos:" in kelas.siapkan_output
    assert "alembic" not in kelas.siapkan_errors, "nbgrader's English alembic lines stay in the log"
    assert "alembic" in (kelas.folder / "hub" / "siapkan.log").read_text()
    # the idle culler runs as a hub service and may read the users' activity
    culler_call = "(pembersih-server-diam@127.0.0.1)"
    for _ in range(60):
        log = kelas.hub.log.read_text(errors="replace")
        if culler_call in log:
            break
        time.sleep(1)
    assert any(
        "200 GET /hub/api/users" in line and culler_call in line for line in log.splitlines()
    )


def test_first_login_must_change_the_card_password(kelas):
    person = Browserless(kelas.hub.url, kelas.a)
    first = person.log_in(kelas.cards[kelas.a])
    assert first.status_code == 302 and "/hub/change-password" in first.headers["location"]
    page = person.s.get(kelas.hub.url + "/hub/change-password").text
    assert "Anda masih memakai kata sandi awal" in page
    spawn = person.s.get(kelas.hub.url + "/hub/spawn")
    assert spawn.status_code == 403 and "Ganti dulu kata sandi awal" in spawn.text
    assert "minimal 8" in person.change_password(kelas.cards[kelas.a], "pendek")
    assert person.change_password(kelas.cards[kelas.a], NEW_PASSWORD["A"]) == (
        "Kata sandi berhasil diganti."
    )
    kelas.clients["A"] = person
    stranger = Browserless(kelas.hub.url, kelas.a)
    refused = stranger.log_in(kelas.cards[kelas.a])
    assert refused.status_code == 200 and "salah" in refused.text, "card password is one-time"
    assert stranger.log_in(NEW_PASSWORD["A"]).status_code == 302


# --------------------------------------------------------------------------- the cycle


def test_trainees_fetch_and_submit_through_their_own_servers(kelas):
    from medsos.course import answer_notebook

    source = nbformat.read(kelas.folder / "kursus" / "source" / ASSIGNMENT / NOTEBOOK, 4)
    for who in ("A", "B"):  # both servers start at once, as in a class
        client(kelas, who).request_server()
    for who in ("A", "B"):
        person = client(kelas, who)
        person.start_server()
        listed = {a["assignment_id"]: a["status"] for a in person.assignments()}
        assert listed.get(ASSIGNMENT) == "released"
        assert person.assignment_action("fetch", ASSIGNMENT)["success"]
        path = f"/api/contents/{ASSIGNMENT}/{NOTEBOOK}"
        got = person.get(path)
        assert got.status_code == 200
        if who == "A":  # a complete answer, saved through the server as JupyterLab does
            released = nbformat.from_dict(got.json()["content"])
            answered = answer_notebook(released, source)
            for cell in answered.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN_ID:
                    cell.source = "Instagram, karena unggahannya paling banyak disukai."
            saved = person.put_json(path, {"type": "notebook", "content": answered})
            assert saved.status_code == 200, saved.text
        assert person.assignment_action("submit", ASSIGNMENT)["success"]
        statuses = {a["status"] for a in person.assignments() if a["assignment_id"] == ASSIGNMENT}
        assert "submitted" in statuses, statuses
    owner = kelas.home(kelas.a) / ASSIGNMENT / NOTEBOOK
    assert owner.stat().st_uid == pwd.getpwnam(kelas.a).pw_uid, "server runs as the trainee"


def test_instructor_sees_who_submitted(kelas):
    out = medsos("hub", "kiriman", ASSIGNMENT, "--folder", str(kelas.folder)).stdout
    assert "2 dari 3 peserta sudah mengumpulkan" in out
    assert "Siti Aminah" in out and "Diskominfo Jatim" in out
    assert "Dinas Kesehatan Provinsi Jawa Timur" in out, "a long agency name is not cut"
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert rows[kelas.c].rstrip().endswith("BELUM") and "BELUM" not in rows[kelas.a]


def test_trainee_cannot_reach_others_work_source_or_gradebook(kelas):
    a, b = kelas.a, kelas.b
    inbound = kelas.folder / "exchange" / COURSE / "inbound"
    submission = next(p for p in inbound.iterdir() if p.name.startswith(f"{b}+{ASSIGNMENT}+"))
    denied = [
        ["cat", str(kelas.home(b) / ASSIGNMENT / NOTEBOOK)],
        ["ls", str(kelas.home(b))],
        ["ls", str(kelas.folder / "kursus" / "source")],
        ["cat", str(kelas.folder / "kursus" / "source" / ASSIGNMENT / NOTEBOOK)],
        ["ls", str(ROOT / "source")],
        ["ls", str(inbound)],  # nbgrader #978: the inbound folder cannot be listed ...
        ["cat", str(kelas.folder / "hub" / "kelas.json")],
        ["cat", str(kelas.folder / "hub" / "jupyterhub.sqlite")],
        ["mv", str(kelas.folder / "exchange" / COURSE), str(kelas.folder / "exchange" / "x")],
    ]
    for command in denied:
        result = as_user(a, *command)
        assert result.returncode != 0, f"{a} could run {command}: {result.stdout[:200]}"
    # ... and a submission's name ends in a random string, so it cannot be guessed either
    timestamp_part = submission.name.split("+")[2]
    guessed = inbound / f"{b}+{ASSIGNMENT}+{timestamp_part}"
    assert as_user(a, "ls", str(guessed)).returncode != 0
    assert len(submission.name.split("+")) == 4, "nbgrader's add_random_string is on"

    # Inside A's own JupyterLab kernel: A's identity, no gradebook address, no database.
    from sqlalchemy.engine import make_url

    db = make_url(kelas.db_url)
    person = client(kelas, "A")
    probe = person.run_code(
        "import os, psycopg\n"
        "print(os.getuid(), os.environ.get('MEDSOS_DB_URL'))\n"
        "try:\n"
        f"    psycopg.connect(host={db.host!r}, port={db.port}, dbname={db.database!r},"
        f" user={db.username!r}, connect_timeout=5)\n"
        "    print('DB-OPEN')\n"
        "except Exception as e:\n"
        "    print('DB-REFUSED', type(e).__name__)\n"
    )
    assert probe["status"] == "ok", probe
    first, second = probe["stdout"].splitlines()[:2]
    assert first == f"{pwd.getpwnam(a).pw_uid} None", probe["stdout"]
    assert second.startswith("DB-REFUSED"), probe["stdout"]
    # the contents API cannot leave the trainee's home
    assert person.get("/api/contents/%2E%2E/%2E%2E/etc").status_code in (400, 403, 404)
    # the formgrader (a hub service) is for the instructors' group only
    page = person.s.get(f"{kelas.hub.url}/services/{COURSE}/formgrader", timeout=60)
    assert page.status_code in (403, 404) or "formgrader" not in page.url


def test_medsos_grade_on_postgres(kelas):
    result = medsos("hub", "nilai", ASSIGNMENT, "--folder", str(kelas.folder), "--workers", "2")
    scores = gradebook_scores(kelas.db_url)
    assert scores[kelas.a] == (AUTO_POINTS, AUTO_POINTS + WRITTEN_POINTS), result.stdout
    assert scores[kelas.b] == (0.0, AUTO_POINTS + WRITTEN_POINTS)
    assert "perlu dinilai manual" in result.stdout


def test_formgrader_manual_grade_lands_in_postgres(kelas):
    teacher = client(kelas, "I")
    page = teacher.s.get(f"{kelas.hub.url}/services/{COURSE}/formgrader", timeout=120)
    assert page.status_code == 200 and "formgrader" in page.url, page.url
    service = f"{kelas.hub.url}/services/{COURSE}"
    api = f"{service}/formgrader/api"
    submissions = teacher.s.get(f"{api}/submitted_notebooks/{ASSIGNMENT}/{ASSIGNMENT}", timeout=60)
    assert submissions.status_code == 200, submissions.text
    mine = next(s for s in submissions.json() if s["student"] == kelas.a)
    grades = teacher.s.get(f"{api}/grades", params={"submission_id": mine["id"]}, timeout=60).json()
    written = next(g for g in grades if g["name"] == WRITTEN_ID)
    xsrf = teacher.s.cookies.get("_xsrf", path=f"/services/{COURSE}/")
    saved = teacher.s.put(
        f"{api}/grade/{written['id']}",
        data=json.dumps({**written, "manual_score": WRITTEN_POINTS}),
        headers={"X-XSRFToken": xsrf or ""},
        timeout=60,
    )
    assert saved.status_code == 200, saved.text
    assert gradebook_scores(kelas.db_url)[kelas.a][0] == AUTO_POINTS + WRITTEN_POINTS
    # medsos grade again: final status, feedback regenerated with the instructor's score
    medsos("hub", "nilai", ASSIGNMENT, "--folder", str(kelas.folder))


def test_trainee_fetches_own_feedback(kelas):
    person = client(kelas, "A")
    assert person.assignment_action("fetch_feedback", ASSIGNMENT)["success"]
    listing = person.get(f"/api/contents/{ASSIGNMENT}/feedback")
    assert listing.status_code == 200, listing.text
    html_files = [
        item["path"]
        for folder in listing.json()["content"]
        for item in person.get(f"/api/contents/{folder['path']}").json()["content"]
        if item["name"].endswith(".html")
    ]
    assert html_files, listing.json()
    page = person.get(f"/files/{html_files[0]}").text
    assert "8" in page and "BEGIN HIDDEN TESTS" not in page
    other = client(kelas, "B")
    assert other.get(f"/files/{html_files[0]}").status_code == 404


# --------------------------------------------------------------------------- robustness


def test_hub_survives_a_kernel_eating_memory(kelas):
    person = client(kelas, "A")
    reply = person.run_code(
        "chunks = []\n"
        "try:\n"
        "    for _ in range(80):\n"
        "        chunks.append(bytearray(100 * 1024 * 1024))\n"
        "    print('ATE', len(chunks))\n"
        "except MemoryError:\n"
        "    print('STOPPED', len(chunks))\n"
        "del chunks\n"
    )
    assert reply["status"] == "ok", reply
    assert reply["stdout"].startswith("STOPPED"), reply["stdout"]
    assert int(reply["stdout"].split()[1]) < 25, "limit (2G) well below the 8 GB asked for"
    assert kelas.hub.alive()
    assert person.get("/api/contents").status_code == 200
    assert client(kelas, "B").get("/api/contents").status_code == 200


def test_work_survives_server_and_hub_restart(kelas):
    person = client(kelas, "A")
    person.stop_server()
    kelas.hub.stop()
    kelas.hub.start()
    again = Browserless(kelas.hub.url, kelas.a)
    assert again.log_in(NEW_PASSWORD["A"]).status_code == 302
    again.start_server()
    saved = again.get(f"/api/contents/{ASSIGNMENT}/{NOTEBOOK}").json()["content"]
    written = [
        c for c in saved["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade_id") == WRITTEN_ID
    ]  # fmt: skip
    assert written and "Instagram" in written[0]["source"]
    kelas.clients["A"] = again
