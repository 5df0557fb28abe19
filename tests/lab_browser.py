"""Helpers of the browser tests: a trainee's JupyterLab server and Debian's Chromium.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright for Python; nothing is
downloaded (never ``playwright install``). Without Chromium or Playwright the tests skip on a
developer's machine and fail under CI (env CI=true).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# English a trainee must not meet (whole words, case-sensitive): JupyterLab's and nbgrader's
# labels seen in the untranslated interface. Extended whenever a screen shows another one.
ENGLISH = [
    "File",
    "Edit",
    "View",
    "Run",
    "Tabs",
    "Settings",
    "Help",
    "Launcher",
    "Modified",
    "Last Modified",
    "Name",
    "Restart",
    "Restart Kernel",
    "Interrupt",
    "Shut Down",
    "Would you like to get notified about official Jupyter news?",
    "Assignments",
    "Assignment List",
    "Fetch",
    "Submit",
    "No courses found",
    "Validate",
    "Validation Results",
    "The following cell failed",
    "You did not provide a response",
    "Nbgrader",
    "Create Assignment",
    "Assignment",
    "Save",
    "Open",
    "Close",
    "Cancel",
    "Undo",
    "Redo",
    "Cut",
    "Copy",
    "Paste",
    "Delete",
    "Select",
    "Upload",
    "Refresh",
    "New",
    "Other",
    "Console",
    "Idle",
    "Busy",
    "Command",
    "Spaces",
    "Loading",
    "Trust",
    "Reload",
    "Clear",
    "Cell",
    "Cells",
    "Below",
    "Above",
    "Markdown Preview",
    "Demulai",
    "Aftikan",
    "Menjalakan",
]
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")

# The parts of the screen that belong to JupyterLab and the kit (not the notebook's own
# text, which may quote code): menus, side panels, toolbars, status bar, dialogs, launcher.
CHROME_SELECTORS = [
    "#jp-menu-panel",
    ".lm-Menu",
    "#jp-left-stack",
    ".jp-SideBar",
    ".jp-Toolbar",
    "#jp-bottom-panel",
    ".jp-StatusBar-Widget",
    ".jp-Dialog",
    ".jp-Launcher",
    ".lm-TabBar",
    ".jp-Notification-Toast",
    ".Toastify",
]


def require(condition: bool, why: str) -> None:
    """Skip on a developer's machine, fail under CI."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` as a trainee runs it: root folder = their home, clean settings."""

    def __init__(self, home: Path):
        self.home = Path(home)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log = self.home.parent / "jupyterlab.log"
        env = {
            **os.environ,
            "HOME": str(self.home),
            "JUPYTER_CONFIG_DIR": str(self.home / ".jupyter"),
            "JUPYTER_RUNTIME_DIR": str(self.home / ".runtime"),
        }
        env.pop("JUPYTER_PATH", None)
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={self.port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.home}",
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        # The free port may be taken by another test worker's process before JupyterLab binds
        # it; with port_retries=0 JupyterLab stops instead of moving to a port this object
        # does not know, and it is started again on a new free port.
        command.append("--ServerApp.port_retries=0")
        for attempt in range(3):
            self._log_handle = self.log.open("wb")
            self.process = subprocess.Popen(
                command, cwd=self.home, env=env, stdout=self._log_handle, stderr=subprocess.STDOUT
            )
            try:
                self._wait()
                return
            except RuntimeError as error:
                self._log_handle.close()
                if attempt == 2 or "already in use" not in str(error):
                    raise
                self.port = free_port()
                command[command.index(next(c for c in command if c.startswith("--port=")))] = (
                    f"--port={self.port}"
                )

    def url(self, path: str = "lab") -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def _wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("JupyterLab did not start:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log_handle.close()


def launch_chromium(playwright):
    require(shutil.which(CHROMIUM) is not None, f"{CHROMIUM} tidak ada (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def chrome_text(page) -> str:
    """The visible text of JupyterLab's own parts of the screen."""
    return page.evaluate(
        """selectors => {
            const seen = new Set();
            const parts = [];
            for (const selector of selectors) {
                for (const node of document.querySelectorAll(selector)) {
                    if ([...seen].some(other => other.contains(node))) continue;
                    seen.add(node);
                    parts.push(node.innerText || '');
                }
            }
            return parts.join('\\n');
        }""",
        CHROME_SELECTORS,
    )


def english_on_screen(page) -> list[str]:
    text = chrome_text(page)
    return sorted({match.group(1) for match in _ENGLISH.finditer(text)})


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def assert_indonesian(page, name: str) -> None:
    """Screenshot the screen as ``name`` and assert no listed English string is visible."""
    path = screenshot(page, name)
    found = english_on_screen(page)
    assert not found, f"{name}: teks Inggris terlihat {found} (lihat {path})"


# ------------------------------------------------------------------ the Tugas panel


def command(page, name: str, args: dict | None = None):
    """Run a JupyterLab command (the page needs ``LabApp.expose_app_in_browser``)."""
    return page.evaluate("([c, a]) => window.jupyterapp.commands.execute(c, a)", [name, args or {}])


def open_panel(page) -> None:
    """Open the Tugas panel as a trainee does: menu Tugas → Buka Panel Tugas."""
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile("^Tugas$")).click()
    page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile("^Buka Panel Tugas$")).click()
    page.wait_for_selector("#medsos-tugas .medsos-Tugas-title")


def tugas_card(page, assignment: str):
    """The panel's card of one assignment (its state, folder and buttons)."""
    return page.locator(f"#medsos-tugas [data-tugas='{assignment}']")
