"""Real components for the classroom-server tests: PostgreSQL, the hub, a trainee's client.

Nothing here is a mock: PostgreSQL is Debian's server in a temporary folder, the hub is
``medsos hub mulai`` (JupyterHub + configurable-http-proxy), and a trainee talks to it over
HTTP as a browser does (login form, cookies, XSRF, nbgrader's assignment-list REST
endpoints, whose AssignmentList the Tugas panel's server side also uses, a kernel over its
websocket). tests/test_hub_browser.py drives the same hub with Chromium.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COURSE = "medsos-asn-jatim"
IN_CI = os.environ.get("CI", "").lower() == "true"

# The class every hub test shares (tests/conftest.py starts it once per session).
ASSIGNMENT = "00-pengenalan"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
TRAINEES = [
    ("199901012024011001", "Siti Aminah", "Diskominfo Jatim"),
    ("199902022024012002", "Budi Santoso", "BPBD Jatim"),
    ("199903032024013003", "Dewi Lestari", "Dinas Kesehatan Provinsi Jawa Timur"),  # browser
]
INSTRUCTOR = ("198503032010011003", "Rina Wulandari", "BPSDM Jatim")
NEW_PASSWORD = {
    "A": "Sawah-Hijau-2026",
    "B": "Gunung-Biru-2026",
    "C": "Batik-Madura-2026",
    "I": "Kopi-Tubruk-2026",
}
WRITTEN_ID = "pilihan_platform_tertulis"  # the assignment's written answer


def require(condition: bool, reason: str) -> None:
    """Skip on a developer machine without the component; fail under CI=true."""
    if not condition:
        if IN_CI:
            pytest.fail(f"missing dependency under CI: {reason}")
        pytest.skip(reason)


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def proxy_path() -> str | None:
    local = ROOT / ".hub-node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def require_hub_components() -> None:
    require(os.geteuid() == 0, "the classroom server creates Unix accounts: run as root")
    require(postgres_bin() is not None, "PostgreSQL server (apt-get install postgresql)")
    require(shutil.which("runuser") is not None, "runuser (util-linux)")
    require(proxy_path() is not None, "configurable-http-proxy (npm, see .ci/run)")
    require(shutil.which("bwrap") is not None, "bubblewrap (grading sandbox)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_dir(prefix: str) -> Path:
    """A temporary folder other accounts can traverse (pytest's tmp_path is 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    path.chmod(0o755)
    return path


_REACHABLE_LOCK = Path(tempfile.gettempdir()) / "medsos-python-reachable.lock"
_REACHABLE_STATE = Path(tempfile.gettempdir()) / "medsos-python-reachable.json"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _reachable_state():
    """The shared record of who holds the folders open, under an exclusive lock."""
    import fcntl

    with open(_REACHABLE_LOCK, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            state = json.loads(_REACHABLE_STATE.read_text()) if _REACHABLE_STATE.exists() else {}
            state.setdefault("pids", [])
            state.setdefault("modes", [])
            state["pids"] = [pid for pid in state["pids"] if _pid_alive(pid)]
            yield state
            if state["pids"]:
                _REACHABLE_STATE.write_text(json.dumps(state))
            else:
                _REACHABLE_STATE.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def python_reachable():
    """Let other accounts run this environment's Python: open the traverse bit (o+x) on
    the folders above it that lack it (e.g. /root holding pyenv), and close them after.
    On a real server the kit is installed under /opt with the system Python instead.

    Test workers run in parallel (pytest-xdist) and more than one may need the folders
    open at once (a running class in one, a spawner test in another): the first opens
    them, the last to leave closes them, through a record shared under a file lock."""
    with _reachable_state() as state:
        if not state["pids"] and not state["modes"]:
            for target in (Path(sys.executable).resolve(), Path(sys.prefix).resolve()):
                for folder in target.parents:
                    mode = folder.stat().st_mode
                    if not mode & stat.S_IXOTH:
                        folder.chmod(mode | stat.S_IXOTH)
                        state["modes"].append((str(folder), stat.S_IMODE(mode)))
        state["pids"].append(os.getpid())
    try:
        yield
    finally:
        with _reachable_state() as state:
            if os.getpid() in state["pids"]:
                state["pids"].remove(os.getpid())
            if not state["pids"]:
                for folder, mode in reversed(state["modes"]):
                    Path(folder).chmod(mode)
                state["modes"] = []


class Postgres:
    """Debian's PostgreSQL in a temporary folder, run by the ``postgres`` account."""

    def __init__(self, folder: Path):
        self.bin = postgres_bin()
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        shutil.chown(folder, "postgres", "postgres")

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True
        )

    def start(self) -> Postgres:
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth-local=peer", "--auth-host=scram-sha-256", "-E", "UTF8",
        )  # fmt: skip
        options = f"-k {self.folder} -h 127.0.0.1 -p {self.port} -c fsync=off"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "postgres.log"), "-w", "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")


class Hub:
    """``medsos hub mulai`` in the background, with its log in a file."""

    def __init__(self, folder: Path, port: int, log: Path):
        self.folder, self.port, self.log = folder, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> Hub:
        return self.launch().wait(timeout)

    def launch(self) -> Hub:
        """Start ``medsos hub mulai`` without waiting (other set-up can run meanwhile), in a
        terminal of its own as an instructor starts it: a pseudo-terminal that is its
        controlling terminal, whose output is copied into the log."""
        import fcntl
        import termios
        import threading

        env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "TERM": "dumb"}
        master, terminal = os.openpty()

        def own_the_terminal() -> None:  # after setsid: the pty becomes the controlling tty
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [str(BIN / "medsos"), "hub", "mulai", "--folder", str(self.folder)],
            stdin=terminal, stdout=terminal, stderr=terminal, env=env,
            start_new_session=True, preexec_fn=own_the_terminal,
        )  # fmt: skip
        os.close(terminal)
        self.terminal = master

        def copy_output() -> None:
            with open(self.log, "ab", buffering=0) as out:
                while True:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:  # EIO: every process holding the terminal is gone
                        break
                    if not chunk:
                        break
                    out.write(chunk)

        self.copier = threading.Thread(target=copy_output, daemon=True)
        self.copier.start()
        return self

    def wait(self, timeout: float = 180) -> Hub:
        """Until the hub answers (it answers once its formgrader service is up)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"hub exited:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    # the formgrader service started too (the hub waits for it)
                    return self
            time.sleep(1)
        self.stop()
        raise AssertionError(f"hub did not answer in {timeout} s:\n{self.log_tail()}")

    def alive(self) -> bool:
        try:
            return requests.get(f"{self.url}/hub/api/", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    def _groups(self) -> set[int]:
        """Process groups of ``medsos hub mulai`` and of the JupyterHub it runs (its own)."""
        groups = {self.proc.pid}
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
            groups |= {int(pid) for pid in children.split()}
        return groups

    def interrupt(self, timeout: float = 150) -> tuple[int, str]:
        """Ctrl+C typed into the hub's terminal (the terminal sends SIGINT to its foreground
        process group). Returns the exit code and what was printed from then on."""
        start = self.log.stat().st_size
        os.write(self.terminal, b"\x03")
        code = self.proc.wait(timeout)
        self.copier.join(10)  # the rest of the output still in the terminal
        return code, self.log.read_bytes()[start:].decode(errors="replace")

    def stop(self) -> None:
        groups = {self.proc.pid} if self.proc else set()
        if self.proc and self.proc.poll() is None:
            stuck = self._groups()  # read now: once killed, the hub's pid can be reused
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(150)
            except subprocess.TimeoutExpired:
                groups |= stuck  # medsos waits for the hub: both are stuck
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        for group in groups:  # anything the hub left behind in its process groups
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        if getattr(self, "terminal", None) is not None:
            with contextlib.suppress(OSError):
                os.close(self.terminal)
            self.terminal = None

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def read_cards(sheet: Path) -> dict[str, str]:
    """login -> one-time password, read off the printable hand-out sheet."""
    text = sheet.read_text(encoding="utf-8")
    pairs = re.findall(
        r"Nama pengguna</td><td><code>([^<]+)</code></td></tr>"
        r"<tr><td>Kata sandi awal</td><td><code>([^<]+)</code>",
        text,
    )
    return dict(pairs)


def newest_sheet(hub_dir: Path) -> Path:
    return max((hub_dir / "kartu").glob("kartu-*.html"), key=lambda p: p.stat().st_mtime_ns)


class Browserless:
    """A person at the hub, over HTTP with cookies, as their browser would be."""

    def __init__(self, hub_url: str, login: str):
        self.hub = hub_url
        self.login = login
        self.s = requests.Session()
        self.user_url = f"{hub_url}/user/{login}"

    # ------------------------------------------------------------------ hub pages
    def _form_xsrf(self, path: str) -> str:
        page = self.s.get(self.hub + path, timeout=30).text
        return re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)

    def log_in(self, password: str) -> requests.Response:
        xsrf = self._form_xsrf("/hub/login")
        return self.s.post(
            self.hub + "/hub/login",
            data={"username": self.login, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )

    def change_password(self, old: str, new: str) -> str:
        xsrf = self._form_xsrf("/hub/change-password")
        page = self.s.post(
            self.hub + "/hub/change-password",
            data={
                "old_password": old,
                "new_password": new,
                "new_password_confirmation": new,
                "_xsrf": xsrf,
            },
            timeout=60,
        ).text
        found = re.search(r'id="hasil-ganti"[^>]*>([^<]*)<', page)
        return found.group(1) if found else ""

    def request_server(self) -> None:
        """Ask for the server as the home page's button does (the hub starts it meanwhile)."""
        self.s.get(self.hub + "/hub/spawn", timeout=60)

    def start_server(self, timeout: float = 300) -> None:
        """Start the server, then open JupyterLab once (the OAuth hand-shake that gives the
        browser its cookie for /user/<login>/)."""
        self.request_server()
        deadline = time.monotonic() + timeout
        status = None
        while time.monotonic() < deadline:
            lab = self.s.get(self.user_url + "/lab", timeout=60)
            if lab.status_code == 200 and lab.url.startswith(self.user_url):
                status = self.s.get(self.user_url + "/api/contents", timeout=30).status_code
                if status == 200:
                    return
            time.sleep(2)
        raise AssertionError(f"server of {self.login} did not start (last {lab.url} {status})")

    def stop_server(self) -> None:
        xsrf = self.s.cookies.get("_xsrf", path="/hub/")
        r = self.s.delete(
            f"{self.hub}/hub/api/users/{self.login}/server",
            headers={"X-XSRFToken": xsrf},
            timeout=60,
        )
        assert r.status_code in (202, 204), r.text
        for _ in range(60):
            info = self.s.get(f"{self.hub}/hub/api/users/{self.login}", timeout=30).json()
            if not info.get("servers"):
                return
            time.sleep(1)

    # ------------------------------------------------------------------ own server
    def _xsrf_user(self) -> str:
        return self.s.cookies.get("_xsrf", path=f"/user/{self.login}/") or ""

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.s.get(self.user_url + path, timeout=120, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        headers = {"X-XSRFToken": self._xsrf_user()}
        return self.s.post(self.user_url + path, headers=headers, timeout=300, **kwargs)

    def put_json(self, path: str, body: dict) -> requests.Response:
        headers = {"X-XSRFToken": self._xsrf_user()}
        return self.s.put(self.user_url + path, json=body, headers=headers, timeout=120)

    def assignment_action(self, action: str, assignment: str) -> dict:
        """nbgrader's REST call: POST /assignments/<fetch|submit|fetch_feedback>."""
        r = self.post(
            f"/assignments/{action}", data={"course_id": COURSE, "assignment_id": assignment}
        )
        assert r.status_code == 200, r.text
        return r.json()

    def assignments(self) -> list[dict]:
        r = self.get("/assignments", params={"course_id": COURSE})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["success"], body
        return body["value"]

    def run_code(self, code: str, timeout: float = 120) -> dict:
        """Run ``code`` in a new kernel of this person's server; return the execute_reply
        content plus the stdout text. The kernel is shut down afterwards."""
        from tornado import httpclient, ioloop, websocket

        r = self.post("/api/kernels", json={"name": "python3"})
        assert r.status_code == 201, r.text
        kernel = r.json()["id"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.s.cookies)
        ws_url = (
            self.user_url.replace("http://", "ws://")
            + f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
        )

        async def talk() -> dict:
            request = httpclient.HTTPRequest(
                ws_url, headers={"Cookie": cookie, "X-XSRFToken": self._xsrf_user()}
            )
            conn = await websocket.websocket_connect(request)
            msg_id = uuid.uuid4().hex
            conn.write_message(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "msg_type": "execute_request",
                            "username": self.login,
                            "session": uuid.uuid4().hex,
                            "version": "5.3",
                        },  # fmt: skip
                        "parent_header": {},
                        "metadata": {},
                        "content": {
                            "code": code,
                            "silent": False,
                            "store_history": False,
                            "user_expressions": {},
                            "allow_stdin": False,
                        },  # fmt: skip
                        "channel": "shell",
                    }
                )
            )
            stdout = []
            while True:
                raw = await conn.read_message()
                assert raw is not None, "kernel websocket closed"
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    stdout.append(msg["content"]["text"])
                if msg["msg_type"] == "execute_reply":
                    conn.close()
                    return {**msg["content"], "stdout": "".join(stdout)}

        try:
            return ioloop.IOLoop.current().run_sync(talk, timeout=timeout)
        finally:
            headers = {"X-XSRFToken": self._xsrf_user()}
            self.s.delete(f"{self.user_url}/api/kernels/{kernel}", headers=headers, timeout=60)


def as_user(login: str, *command: str) -> subprocess.CompletedProcess:
    """Run a command as a Unix account, like that person's terminal in JupyterLab."""
    return subprocess.run(["runuser", "-u", login, "--", *command], capture_output=True, text=True)


# --------------------------------------------------------------------------- the class


def medsos(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The ``medsos`` command as an instructor types it (root, in the kit folder)."""
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    result = subprocess.run(
        [str(BIN / "medsos"), *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def write_roster(path: Path, people) -> Path:
    lines = ["NIP,Nama,Instansi,Email"] + [
        f"{nip},{nama},{instansi}," for nip, nama, instansi in people
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def running_class() -> Iterator[SimpleNamespace]:
    """PostgreSQL, ``medsos hub siapkan`` from a small roster, the assignment released with
    ``medsos hub bagikan`` and ``medsos hub mulai``; everything removed afterwards.

    The hub (whose formgrader service takes longest) starts while the assignment is
    generated and released, so the two overlap."""
    require_hub_components()
    from medsos.hub import database

    base = open_dir("medsos-hub-")
    pg_dir = open_dir("medsos-pg-")
    logins = ["asn" + nip for nip, _, _ in [*TRAINEES, INSTRUCTOR]]
    postgres = hub = None
    with python_reachable():
        try:
            postgres = Postgres(pg_dir).start()
            db_url = database.create_gradebook(host=str(pg_dir), port=postgres.port)
            folder = base / "kelas"
            port = free_port()
            out = medsos(
                "hub", "siapkan",
                "--roster", str(write_roster(base / "peserta.csv", TRAINEES)),
                "--instruktur", str(write_roster(base / "instruktur.csv", [INSTRUCTOR])),
                "--folder", str(folder), "--rumah", str(base / "rumah"), "--db", db_url,
                "--proxy", proxy_path(), "--ip", "127.0.0.1", "--port", str(port),
                "--port-hub", str(free_port()), "--port-proxy", str(free_port()),
                "--port-formgrader", str(free_port()),
            )  # fmt: skip
            cards = read_cards(newest_sheet(folder / "hub"))
            hub = Hub(folder, port, base / "hub.log").launch()
            medsos("hub", "bagikan", ASSIGNMENT, "--folder", str(folder))
            hub.wait()
            yield SimpleNamespace(
                folder=folder, base=base, db_url=db_url, hub=hub, cards=cards,
                siapkan_output=out.stdout, siapkan_errors=out.stderr,
                a=logins[0], b=logins[1], c=logins[2],
                instructor=logins[3],
                clients={}, home=lambda login: base / "rumah" / login,
            )  # fmt: skip
        finally:
            if hub:
                hub.stop()
            if postgres:
                postgres.stop()
            for login in logins:
                subprocess.run(["userdel", "--remove", login], capture_output=True)
            shutil.rmtree(base, ignore_errors=True)
            shutil.rmtree(pg_dir, ignore_errors=True)


def client(kelas, who: str) -> Browserless:
    """A logged-in person (A, B, C or I for the instructor) with their password changed;
    one per person for the session."""
    if who not in kelas.clients:
        login = {"A": kelas.a, "B": kelas.b, "C": kelas.c, "I": kelas.instructor}[who]
        person = Browserless(kelas.hub.url, login)
        first = person.log_in(kelas.cards[login])
        assert first.status_code == 302
        assert "/hub/change-password" in first.headers["location"]
        assert person.change_password(kelas.cards[login], NEW_PASSWORD[who]) == (
            "Kata sandi berhasil diganti."
        )
        kelas.clients[who] = person
    return kelas.clients[who]


def gradebook_scores(db_url: str) -> dict[str, tuple[float, float]]:
    """login -> (score, max score) of the assignment, read from the PostgreSQL gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE) as gb:
        return {
            s.student.id: (s.score, s.max_score) for s in gb.find_assignment(ASSIGNMENT).submissions
        }
