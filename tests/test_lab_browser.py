"""The trainee's JupyterLab in a real browser (Debian's Chromium via Playwright).

One JupyterLab server for a trainee of a scratch class and one page, shared by the tests,
which follow the trainee in file order: the menus, the Tugas panel (fetch, check, submit
refused and accepted, feedback) and the Kernel restart dialog. Every screen is saved as a
screenshot in tests/screenshots/ (git-ignored) and must show none of lab_browser.ENGLISH.
"""

from __future__ import annotations

import re

import pytest
from lab_browser import (
    LabServer,
    assert_indonesian,
    command,
    launch_chromium,
    open_panel,
    require,
    tugas_card,
)
from lab_course import ASSIGNMENT, make_class

from medsos import lab

pytestmark = pytest.mark.slow

MENUS = ["Berkas", "Sunting", "Tampilan", "Jalankan", "Kernel", "Tab", "Pengaturan", "Bantuan"]
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def klas(tmp_path_factory):
    return make_class(tmp_path_factory.mktemp("kelas-browser"))


@pytest.fixture(scope="module")
def page(klas):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright tidak terpasang (pip install -e '.[dev]')")
    lab.install_jupyter_files()
    server = LabServer(klas.home)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context(viewport={"width": 1366, "height": 850}, locale="id-ID")
            context.set_default_timeout(TIMEOUT)
            page = context.new_page()
            page.goto(server.url("lab"))
            page.wait_for_selector("#jp-menu-panel .lm-MenuBar-itemLabel")
            page.wait_for_selector("#medsos-tugas", state="attached")
            page.wait_for_timeout(2000)  # late toasts (news, updates) would show by now
            yield page
            browser.close()
    finally:
        server.stop()


def test_start_screen_is_indonesian_without_news_popup(page):
    labels = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()
    assert labels[: len(MENUS)] == MENUS
    assert "Tugas" in labels
    assert page.locator("text=Jupyter news").count() == 0
    assert page.locator(".jp-Launcher").count() == 1  # the launcher is the start screen
    assert_indonesian(page, "01-awal")


@pytest.mark.parametrize("menu", [*MENUS, "Tugas"])
def test_every_menu_is_indonesian(page, menu):
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    opened = page.locator(".lm-Menu").first
    opened.wait_for()
    items = opened.locator(".lm-Menu-itemLabel").all_inner_texts()
    assert [item for item in items if item.strip()], f"menu {menu} kosong"
    try:
        assert_indonesian(page, f"02-menu-{menu.lower()}")
    finally:
        page.keyboard.press("Escape")


def test_panel_lists_the_released_assignment(page):
    open_panel(page)
    card = tugas_card(page, ASSIGNMENT)
    card.wait_for()
    assert "Belum diambil" in card.inner_text()
    assert_indonesian(page, "03-panel-tugas")


def test_fetch_opens_the_work_folder_and_notebook(page, klas):
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Ambil").click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-message.medsos-ok")
    message = page.locator("#medsos-tugas .medsos-Tugas-message").inner_text()
    assert f"folder {ASSIGNMENT}/" in message
    assert klas.notebook().is_file()
    page.wait_for_selector(".jp-NotebookPanel .medsos-Tugas-where.medsos-ok")
    where = page.locator(".jp-NotebookPanel .medsos-Tugas-where").first.inner_text()
    assert "notebook ini yang dikumpulkan" in where
    assert f"Folder kerja: {ASSIGNMENT}/" in tugas_card(page, ASSIGNMENT).inner_text()
    page.wait_for_timeout(1500)
    assert_indonesian(page, "04-diambil")


def test_blank_submission_is_refused(page):
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Kumpulkan").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    text = dialog.inner_text()
    assert "Belum dapat dikumpulkan" in text and "belum ada jawaban" in text
    assert f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb" in text and "WIB" in text
    assert_indonesian(page, "05-kumpul-ditolak")
    dialog.get_by_role("button", name="Tutup").click()


def test_check_shows_failing_cells_with_links(page):
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Periksa").click()
    result = page.locator("#medsos-tugas .medsos-Tugas-result")
    result.wait_for(timeout=240_000)
    text = result.inner_text()
    assert "belum lolos" in text and "Buka sel" in text and "Soal" in text
    assert_indonesian(page, "06-periksa-gagal")
    result.locator(".medsos-Tugas-link").first.click()
    page.wait_for_timeout(1000)
    active = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    assert active > 0


def test_restart_dialog_is_indonesian(page):
    page.locator(".jp-NotebookPanel").first.click()
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile("^Kernel$")).click()
    page.locator(
        ".lm-Menu .lm-Menu-itemLabel", has_text=re.compile("^Mulai Ulang Kernel…$")
    ).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    assert "Mulai Ulang Kernel?" in dialog.inner_text()
    assert_indonesian(page, "07-dialog-mulai-ulang")
    dialog.get_by_role("button", name="Batal").click()


def test_context_menus_are_indonesian(page):
    page.locator(".jp-NotebookPanel .jp-Cell").nth(2).click(button="right")
    page.locator(".lm-Menu").first.wait_for()
    try:
        assert_indonesian(page, "07b-menu-konteks-sel")
    finally:
        page.keyboard.press("Escape")
    command(page, "filebrowser:activate")
    page.locator(".jp-DirListing-item").first.click(button="right")
    page.locator(".lm-Menu").first.wait_for()
    try:
        assert_indonesian(page, "07c-menu-konteks-berkas")
    finally:
        page.keyboard.press("Escape")
        open_panel(page)


def test_answered_notebook_passes_and_is_submitted(page, klas):
    klas.answer()  # the trainee's answers, saved in the work folder
    # the open notebook reloads them from disk (as File → Reload from Disk would)
    page.evaluate(
        """async () => {
            for (const w of window.jupyterapp.shell.widgets('main')) {
                if (w.context && w.context.path.endsWith('.ipynb')) await w.context.revert();
            }
        }"""
    )
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Buka").click()
    page.wait_for_selector(".jp-NotebookPanel")
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Periksa").click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-result.medsos-ok", timeout=240_000)
    assert (
        "Semua pemeriksaan lolos" in page.locator("#medsos-tugas .medsos-Tugas-result").inner_text()
    )
    assert_indonesian(page, "08-periksa-lolos")
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Kumpulkan").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    text = dialog.inner_text()
    assert "Kumpulkan tugas?" in text and f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb" in text
    assert re.search(r"terakhir disimpan \d+ \w+ \d{4} pukul \d\d\.\d\d WIB", text)
    assert_indonesian(page, "09-konfirmasi-kumpul")
    dialog.get_by_role("button", name="Ya, kumpulkan").click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-message.medsos-ok:has-text('terkumpul')")
    assert "Sudah dikumpulkan" in tugas_card(page, ASSIGNMENT).inner_text()
    assert_indonesian(page, "10-terkumpul")


def test_feedback_is_fetched_and_opened(page, klas):
    klas.grade_and_release_feedback()
    page.locator("#medsos-tugas").get_by_role("button", name="Muat ulang daftar").click()
    page.wait_for_selector(
        f"#medsos-tugas [data-tugas='{ASSIGNMENT}']:has-text('Umpan balik tersedia')"
    )
    tugas_card(page, ASSIGNMENT).get_by_role("button", name="Umpan balik").click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-message.medsos-ok:has-text('Umpan balik')")
    page.wait_for_selector(".lm-TabBar-tabLabel:has-text('.html')")
    page.wait_for_timeout(2000)
    assert "Umpan balik sudah diambil" in tugas_card(page, ASSIGNMENT).inner_text()
    assert_indonesian(page, "11-umpan-balik")
