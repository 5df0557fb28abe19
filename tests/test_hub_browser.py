"""The class on the hub in a real browser: Debian's Chromium driven by Playwright.

The same hub as tests/test_hub.py (the session's ``kelas`` fixture, tests/conftest.py), with
the third trainee of the roster and the instructor. The tests follow them in file order: the
trainee's first login and new password, JupyterLab, the Tugas panel (fetch, type, check,
submit), the instructor grading the written answer in the formgrader (saved in PostgreSQL),
feedback released with ``medsos hub nilai`` as the README tells instructors, and the trainee
reading it. Every step leaves a screenshot ``tests/screenshots/hub-*.png`` (git-ignored);
the hub's and JupyterLab's screens must show no English label (lab_browser.ENGLISH and
HUB_ENGLISH below).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hub_support import (
    ASSIGNMENT,
    COURSE,
    NEW_PASSWORD,
    NOTEBOOK,
    WRITTEN_ID,
    as_user,
    client,
    gradebook_scores,
    medsos,
)
from lab_browser import (
    assert_indonesian,
    launch_chromium,
    open_panel,
    require,
    screenshot,
    tugas_card,
)

pytestmark = pytest.mark.slow

TIMEOUT = 60_000
SLOW = 240_000  # starting a server, checking (runs every cell), grading, on a busy machine
ANSWER = "jumlah_posting = len(posting)\njumlah_posting"
WRITTEN = (
    "Instagram, karena unggahannya paling banyak disukai (rata-rata suka tertinggi). "
    "Yang belum bisa disimpulkan: suka belum dibagi jangkauan."
)
COMMENT = "Alasan dan batas datanya sudah tepat."
WRITTEN_SCORE = 2.0

# English of JupyterHub's and NativeAuthenticator's own pages (whole words, case-sensitive).
HUB_ENGLISH = [
    "Home",
    "Token",
    "Admin",
    "Services",
    "Logout",
    "Login",
    "Sign in",
    "Username",
    "Password",
    "Start My Server",
    "Stop My Server",
    "My Server",
    "Your server is starting up",
    "You will be redirected automatically when it's ready for you",
    "Event log",
    "Server requested",
    "Spawning server",
    "Server ready",
    "Stop Server",
    "Change Password",
    "Change password",
    "Server not running",
    "Launch Server",
    "Relaunch",
    "Your server is stopping",
    "Not Found",
    "Forbidden",
]
_HUB_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, HUB_ENGLISH)) + r")(?![\w-])")


def hub_page_is_indonesian(page, name: str) -> None:
    """Screenshot a hub page as ``hub-<name>`` and assert none of HUB_ENGLISH shows."""
    path = screenshot(page, f"hub-{name}")
    found = sorted({m.group(1) for m in _HUB_ENGLISH.finditer(page.inner_text("body"))})
    assert not found, f"{name}: teks Inggris terlihat {found} (lihat {path})"
    # What the screen does not show at once: the page's language (Chromium offers to
    # translate a page marked English), its title (the browser tab) and the error dialog.
    page.wait_for_function("document.documentElement.lang === 'id'")
    assert page.title() == "Kelas Media Sosial ASN Jatim", f"{name}: judul tab {page.title()!r}"
    dialog = page.evaluate(
        "() => { const d = document.getElementById('error-dialog');"
        " return d ? [d.querySelector('.modal-title').textContent,"
        " d.querySelector('.modal-footer .btn').textContent] : null; }"
    )
    assert dialog in (None, ["Terjadi masalah", "Tutup"]), f"{name}: dialog galat {dialog}"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright tidak terpasang (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 850}, locale="id-ID")
    context.set_default_timeout(TIMEOUT)
    return context.new_page()


@pytest.fixture(scope="module")
def trainee(kelas, browser):
    page = new_page(browser)
    yield page
    page.context.close()


def test_first_login_with_the_card_then_a_new_password(kelas, trainee):
    page = trainee
    page.goto(f"{kelas.hub.url}/hub/login")
    assert page.locator(".auth-form-header").inner_text().strip() == "Masuk ke kelas"
    hub_page_is_indonesian(page, "01-masuk")
    page.fill("#username_input", kelas.c)
    page.fill("#password_input", kelas.cards[kelas.c])
    page.click("#login_submit")
    page.wait_for_selector("#wajib-ganti")
    hub_page_is_indonesian(page, "02-wajib-ganti-sandi")
    page.fill("#old_password_input", kelas.cards[kelas.c])
    page.fill("#new_password_input", NEW_PASSWORD["C"])
    page.fill("#new_password_confirmation_input", NEW_PASSWORD["C"])
    page.click("#change_submit")
    assert page.locator("#hasil-ganti.alert-success").inner_text() == "Kata sandi berhasil diganti."
    hub_page_is_indonesian(page, "03-sandi-diganti")


def test_jupyterlab_opens_in_indonesian(kelas, trainee):
    page = trainee
    page.click("#lanjut")  # to the hub's spawn page: the server starts, its progress shows
    page.wait_for_url(re.compile(rf"/hub/spawn-pending/{kelas.c}"))
    page.wait_for_selector("#menyiapkan")
    hub_page_is_indonesian(page, "04-menyiapkan-jupyterlab")
    page.wait_for_selector("#jp-menu-panel .lm-MenuBar-itemLabel", timeout=SLOW)
    page.wait_for_selector("#medsos-tugas", state="attached")
    assert page.url.startswith(f"{kelas.hub.url}/user/{kelas.c}/lab"), page.url
    page.wait_for_timeout(2000)  # late toasts (news, updates) would show by now
    assert_indonesian(page, "hub-05-jupyterlab")


def test_trainee_fetches_types_checks_and_submits(kelas, trainee):
    page = trainee
    open_panel(page)
    card = tugas_card(page, ASSIGNMENT)
    card.wait_for()
    assert "Belum diambil" in card.inner_text()
    assert_indonesian(page, "hub-06-panel-tugas")

    card.get_by_role("button", name="Ambil").click()
    page.wait_for_selector(".jp-NotebookPanel .medsos-Tugas-where.medsos-ok")
    assert (kelas.home(kelas.c) / ASSIGNMENT / NOTEBOOK).is_file()
    # the first question's answer cell: its stub replaced by the trainee's code
    cell = page.locator(".jp-CodeCell", has_text="TULIS KODE ANDA DI SINI").first
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(ANSWER)
    # the written answer: a Markdown cell, edited after a double click
    written = page.locator(".jp-MarkdownCell", has_text="TULIS JAWABAN ANDA DI SINI").first
    written.scroll_into_view_if_needed()
    written.dblclick()
    written.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(WRITTEN)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Control+S")
    page.wait_for_selector(".lm-TabBar-tab.jp-mod-dirty", state="detached")
    assert_indonesian(page, "hub-07-jawaban-diketik")

    card.get_by_role("button", name="Periksa").click()
    result = card.locator(".medsos-Tugas-result")
    result.wait_for(timeout=SLOW)
    text = result.inner_text()
    assert "Soal 0.2" in text and "Buka sel" in text, text
    assert "Soal 0.1" not in text, "the answered question passes its check"
    assert_indonesian(page, "hub-08-periksa")

    card.get_by_role("button", name="Kumpulkan").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    assert "Kumpulkan tugas?" in dialog.inner_text() and NOTEBOOK in dialog.inner_text()
    assert_indonesian(page, "hub-09-konfirmasi-kumpul")
    dialog.get_by_role("button", name="Tetap kumpulkan").click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-message.medsos-ok:has-text('terkumpul')")
    assert "Sudah dikumpulkan" in card.inner_text()
    assert_indonesian(page, "hub-10-terkumpul")
    out = medsos("hub", "kiriman", ASSIGNMENT, "--folder", str(kelas.folder)).stdout
    row = next(line for line in out.splitlines() if kelas.c in line)
    assert "Dewi Lestari" in row and "BELUM" not in row, out


def _written_grade(db_url: str, student: str) -> tuple[float | None, str | None]:
    """The written answer's manual score and comment, read from the PostgreSQL gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE) as gb:
        grade = gb.find_grade(WRITTEN_ID, ASSIGNMENT, ASSIGNMENT, student)
        comment = gb.find_comment(WRITTEN_ID, ASSIGNMENT, ASSIGNMENT, student)
        return grade.manual_score, comment.manual_comment


def test_instructor_grades_the_written_answer_in_formgrader(kelas, browser):
    result = medsos("hub", "nilai", ASSIGNMENT, "--folder", str(kelas.folder))
    assert "perlu dinilai manual" in result.stdout
    assert gradebook_scores(kelas.db_url)[kelas.c][0] == 1.0, "Soal 0.1, typed in the browser"
    assert _written_grade(kelas.db_url, kelas.c) == (None, None)
    client(kelas, "I")  # the instructor's card password is changed (as in tests/test_hub.py)
    page = new_page(browser)
    try:
        page.goto(f"{kelas.hub.url}/hub/login")
        page.fill("#username_input", kelas.instructor)
        page.fill("#password_input", NEW_PASSWORD["I"])
        page.click("#login_submit")
        page.wait_for_url(re.compile(r"/hub/home"))
        hub_page_is_indonesian(page, "11-beranda-instruktur")
        # README: menu Layanan (Services) → medsos-asn-jatim opens the formgrader
        page.locator("#thenavbar .dropdown-toggle").click()
        page.locator("#thenavbar .dropdown-item", has_text=COURSE).click()
        page.wait_for_url(re.compile(rf"/services/{COURSE}/formgrader"), timeout=SLOW)
        page.locator("td", has_text=ASSIGNMENT).first.wait_for()  # the assignments are listed
        screenshot(page, "hub-12-formgrader")
        page.goto(
            f"{kelas.hub.url}/services/{COURSE}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}"
        )
        page.locator("a.name-hidden").first.wait_for()  # the submissions are listed
        page.click("#toggle_names")  # "Show All Names": the trainees' names, not numbers
        page.locator("a.name-shown", has_text="Dewi Lestari").click()
        score = page.locator(f"input.score#{WRITTEN_ID}")
        score.wait_for()
        # The fields are in the page's HTML before the formgrader's script binds them: it
        # fetches the grades and comments, then sets each field from them and listens for
        # changes. Typed before that, a comment is overwritten and never saved.
        # (Not formgrader.loaded: offline, nbgrader's init stops at the MathJax it loads from
        # a CDN, after starting both fetches, so that flag stays false.)
        page.wait_for_function(
            "() => window.formgrader && formgrader.grades && formgrader.grades.loaded"
            " && formgrader.comments && formgrader.comments.loaded",
            timeout=SLOW,
        )
        score.scroll_into_view_if_needed()
        page.locator(f"textarea#{WRITTEN_ID}-comment").fill(COMMENT)
        # The formgrader saves each field when it loses focus: wait for each save (under load
        # the comment's save was still on its way when the page closed).
        with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url) as noted:
            page.locator(f"textarea#{WRITTEN_ID}-comment").press("Tab")
        assert noted.value.ok
        score.fill(str(int(WRITTEN_SCORE)))
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url) as saved:
            score.press("Tab")
        assert saved.value.ok
        page.wait_for_timeout(500)  # the saved tick
        screenshot(page, "hub-13-formgrader-nilai-tertulis")
    finally:
        page.context.close()
    assert _written_grade(kelas.db_url, kelas.c) == (WRITTEN_SCORE, COMMENT)
    assert gradebook_scores(kelas.db_url)[kelas.c][0] == 1.0 + WRITTEN_SCORE
    # README, "Menilai": medsos hub nilai again releases feedback with the final grade
    medsos("hub", "nilai", ASSIGNMENT, "--folder", str(kelas.folder))


def test_trainee_fetches_and_reads_feedback(kelas, trainee):
    page = trainee
    open_panel(page)
    page.locator("#medsos-tugas").get_by_role("button", name="Muat ulang daftar").click()
    card = tugas_card(page, ASSIGNMENT)
    page.wait_for_selector(
        f"#medsos-tugas [data-tugas='{ASSIGNMENT}']:has-text('Umpan balik tersedia')"
    )
    assert_indonesian(page, "hub-14-umpan-balik-tersedia")
    card.get_by_role("button", name="Umpan balik").click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-message.medsos-ok:has-text('Umpan balik')")
    page.wait_for_selector(".lm-TabBar-tabLabel:has-text('.html')")
    feedback = page.frame_locator(".jp-HTMLViewer iframe").locator("body")
    feedback.wait_for()
    text = feedback.inner_text()
    assert "Nilai Anda: 3 dari 8 poin" in text, text[:2000]
    assert COMMENT in text and "Instagram" in text, text[:2000]
    assert "BEGIN HIDDEN TESTS" not in text
    assert "Umpan balik sudah diambil" in card.inner_text()
    assert_indonesian(page, "hub-15-umpan-balik")


def test_home_stop_and_not_running_pages_are_indonesian(kelas, trainee):
    """The hub's pages a trainee meets later: home with JupyterLab running, stopping it,
    JupyterLab not running (as after the idle cull), a wrong address."""
    page = trainee
    page.goto(f"{kelas.hub.url}/hub/home")
    assert page.locator("#start").inner_text().strip() == "Buka JupyterLab"
    hub_page_is_indonesian(page, "16-beranda-berjalan")
    page.click("#hentikan")
    page.wait_for_selector("#hentikan", state="hidden", timeout=SLOW)
    assert page.locator("#start").inner_text().strip() == "Mulai JupyterLab"
    hub_page_is_indonesian(page, "17-beranda-dihentikan")
    page.goto(f"{kelas.hub.url}/user/{kelas.c}/lab")
    assert "JupyterLab Anda belum berjalan" in page.locator("h1").inner_text()
    hub_page_is_indonesian(page, "18-belum-berjalan")
    page.goto(f"{kelas.hub.url}/hub/halaman-yang-tidak-ada")
    assert page.locator("h1").inner_text().strip() == "404: Halaman tidak ditemukan"
    hub_page_is_indonesian(page, "19-tidak-ditemukan")


def test_ending_the_class_archives_everyones_work_then_removes_it(kelas):
    """Last of the class's tests: ``medsos hub hapus`` refuses while the hub runs, only
    describes without --ya, then archives every home, the exchange and the course before
    removing the accounts and the folder; the PostgreSQL gradebook stays."""
    import pwd
    import tarfile

    archive = kelas.base / "arsip" / "kelas.tar.gz"
    args = ("hub", "hapus", "--folder", str(kelas.folder), "--arsip", str(archive))
    running = medsos(*args, "--ya", check=False)
    assert running.returncode == 1 and "masih berjalan" in running.stderr, running.stderr
    assert pwd.getpwnam(kelas.c) and not archive.exists()

    # The instructor stops the class server with Ctrl+C in its terminal.
    code, said = kelas.hub.interrupt()
    assert code == 0, said
    assert "Menghentikan server kelas" in said and "Server kelas berhenti." in said, said
    assert "Traceback" not in said, said
    assert not kelas.hub.alive()
    shortcut = kelas.base / "pintasan-kelas"
    shortcut.symlink_to(kelas.folder)
    inside = medsos(*args[:-1], str(shortcut / "kursus" / "arsip.tar.gz"), "--ya", check=False)
    assert inside.returncode == 1 and "akan ikut terhapus" in inside.stderr, inside.stderr
    assert pwd.getpwnam(kelas.c) and kelas.folder.is_dir()
    plan = medsos(*args)
    assert "Belum ada yang dihapus" in plan.stdout and kelas.c in plan.stdout, plan.stdout
    assert pwd.getpwnam(kelas.c) and kelas.folder.is_dir() and not archive.exists()

    # A trainee's last move before the class ends: links to files only root may read, and a
    # FIFO that would hang a reader. The archive keeps them as they are; nothing is followed.
    home_c = kelas.home(kelas.c)
    for command in (
        ("ln", "-s", "/etc/shadow", f"{home_c}/tautan-shadow"),
        ("ln", "-s", str(kelas.folder / "hub"), f"{home_c}/tautan-hub"),
        ("mkfifo", f"{home_c}/pipa"),
    ):
        planted = as_user(kelas.c, *command)
        assert planted.returncode == 0, planted.stderr
    shadow = Path("/etc/shadow").read_bytes().splitlines()[0]

    done = medsos(*args, "--ya")
    assert "Kelas dihapus" in done.stdout, done.stdout + done.stderr
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds everyone's work: root only"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        member = tar.getmember(f"rumah/{kelas.c}/tautan-shadow")
        assert member.issym() and member.linkname == "/etc/shadow", member
        assert tar.getmember(f"rumah/{kelas.c}/tautan-hub").issym()
        assert tar.getmember(f"rumah/{kelas.c}/pipa").isfifo()
        assert not any(n.startswith(f"rumah/{kelas.c}/tautan-hub/") for n in names)
        for info in tar.getmembers():
            if info.isfile() and info.size < 50_000_000:
                assert shadow not in tar.extractfile(info).read(), info.name
    assert f"rumah/{kelas.c}/{ASSIGNMENT}/{NOTEBOOK}" in names, sorted(names)[:20]
    assert any(n.startswith(f"kursus/submitted/{kelas.c}/{ASSIGNMENT}/") for n in names)
    assert any(n.startswith(f"kursus/feedback/{kelas.c}/") for n in names)
    assert "daftar/peserta.csv" in {n for n in names if n.startswith("daftar/")}
    for login in (kelas.a, kelas.b, kelas.c, kelas.instructor):
        with pytest.raises(KeyError):
            pwd.getpwnam(login)
        assert not kelas.home(login).exists()
    assert not kelas.folder.exists()
    scores = gradebook_scores(kelas.db_url)  # the gradebook is still there
    assert kelas.c in scores, scores
