"""The ``medsos hub`` subcommands: set up, start and run a class on one server.

Each function prints what it did in Bahasa Indonesia and returns an exit status; problems
an instructor can fix arrive as :class:`HubError` / :class:`RosterError` and are printed as
one clear message, never a traceback.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from medsos.hub import accounts, config, database
from medsos.hub.layout import (
    COURSE_ID,
    DEFAULT_FOLDER,
    GRADER_USER,
    INSTRUCTOR_GROUP,
    TRAINEE_GROUP,
    HubError,
    Kelas,
    load,
)
from medsos.roster import Peserta, RosterError, login_for, read_roster, write_roster

COURSE_ITEMS = ("nbgrader_config.py", "datasets", "source", "release")
WIB = ZoneInfo("Asia/Jakarta")
PROXY_NAME = "configurable-http-proxy"


def _guard(function: Callable[..., int]) -> Callable[..., int]:
    def run(*args, **kwargs) -> int:
        try:
            return function(*args, **kwargs)
        except (HubError, RosterError) as error:
            print(f"GAGAL: {error}", file=sys.stderr)
            return 1

    run.__doc__ = function.__doc__
    run.__name__ = function.__name__
    return run


def _require_root() -> None:
    if os.geteuid() != 0:
        raise HubError(
            "Perintah ini membuat akun pengguna di server: jalankan sebagai root "
            "(sudo .venv/bin/medsos hub ...)."
        )


def find_proxy(given: str | None = None) -> str:
    """configurable-http-proxy: the given path, on PATH, or the kit's own npm folder."""
    from medsos import course_root

    candidates = [given] if given else []
    on_path = shutil.which(PROXY_NAME)
    if on_path:
        candidates.append(on_path)
    with contextlib.suppress(FileNotFoundError):
        candidates.append(str(course_root() / ".hub-node" / "node_modules" / ".bin" / PROXY_NAME))
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return str(Path(candidate).resolve())
    raise HubError(
        "configurable-http-proxy tidak ditemukan. Pasang dengan: "
        "sudo apt-get install nodejs npm && sudo npm install -g configurable-http-proxy"
    )


# Instructor-only parts of the kit folder itself: answers, hidden tests, grades.
KIT_PRIVATE = ("source", ".git", "gradebook.db", "submitted", "autograded", "feedback",
               "laporan", "exchange", "demo")  # fmt: skip


def lock_kit(kit: Path) -> list[str]:
    """Close the kit's instructor-only folders to other accounts (trainees have a shell in
    JupyterLab; the kit's own environment must stay readable, its answers must not)."""
    locked = []
    for name in KIT_PRIVATE:
        path = kit / name
        if path.exists() and not path.is_symlink() and path.stat().st_mode & 0o007:
            path.chmod(path.stat().st_mode & ~0o077)
            locked.append(name)
    return locked


def check_environment_reachable(kelas: Kelas) -> None:
    """Every account runs the kit's Python: fail early, clearly, if it cannot."""
    probe = ["runuser", "-u", GRADER_USER, "--", kelas.python, "-c", "import medsos, jupyterhub"]
    result = subprocess.run(probe, capture_output=True, text=True)
    if result.returncode != 0:
        raise HubError(
            f"Akun lain tidak dapat menjalankan Python kit ({kelas.python}): "
            f"{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ''}\n"
            "Pasang kit dengan Python sistem di folder yang dapat dibaca semua akun, mis. "
            "sudo git clone ... /opt/medsos && cd /opt/medsos && sudo make PYTHON=/usr/bin/python3 "
            "(butuh paket python3-venv), lalu jalankan perintah ini dari sana."
        )


def _ids(user: str, group: str) -> tuple[int, int]:
    return pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid


def _own_tree(path: Path, uid: int, gid: int) -> None:
    """Owner the grader, group the instructors, nobody else: dirs 2770, files 0660."""
    for item in [path, *path.rglob("*")]:
        if item.is_symlink():
            continue
        os.chown(item, uid, gid)
        item.chmod(0o2770 if item.is_dir() else 0o660)


def install_course(kelas: Kelas, kit: Path, *, replace: bool = False) -> bool:
    """Copy the course (config, datasets, source, release) into the class's course folder
    and place each assignment's data; False when it was already there and not replaced."""
    from medsos import build

    target = kelas.course_dir
    if (target / "nbgrader_config.py").is_file() and not replace:
        return False
    target.mkdir(parents=True, exist_ok=True)
    with build.data_lock(kit, exclusive=False):  # not while the kit's data is being placed
        for name in COURSE_ITEMS:
            src, dest = kit / name, target / name
            if src.is_dir():
                shutil.copytree(src, dest, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dest)
    for assignment in build.assignments(target):
        build.place_data(assignment, target)
    return True


def _secure_course(kelas: Kelas) -> None:
    uid, gid = _ids(GRADER_USER, INSTRUCTOR_GROUP)
    kelas.course_dir.mkdir(parents=True, exist_ok=True)
    _own_tree(kelas.course_dir, uid, gid)
    kelas.grader_home.mkdir(parents=True, exist_ok=True)
    os.chown(kelas.grader_home, uid, gid)
    kelas.grader_home.chmod(0o700)


def prepare_exchange(kelas: Kelas) -> None:
    """The exchange root as nbgrader documents it (writable by everyone, 0777), plus the
    sticky bit so nobody can rename or delete the course folder another account made."""
    kelas.exchange.mkdir(parents=True, exist_ok=True)
    kelas.exchange.chmod(0o1777)


def _grader_env(kelas: Kelas) -> dict[str, str]:
    env = dict(config.formgrader_service(kelas)["environment"])
    env.pop("JUPYTERHUB_DEFAULT_URL")
    env["USER"] = env["LOGNAME"] = GRADER_USER
    return env


def as_grader(kelas: Kelas, argv: Sequence[str], *, check: bool = True) -> int:
    """Run a command as the grader account in the course folder, with the class's
    gradebook and exchange (what the formgrader service and ``medsos grade`` use).

    The gradebook URL holds a password: it goes in the environment (readable only by the
    process's own account), never on the command line (which every account can see)."""
    command = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", GRADER_USER, "--", *argv]
    result = subprocess.run(command, cwd=kelas.course_dir, env=_grader_env(kelas))
    if check and result.returncode != 0:
        raise HubError(f"Perintah {' '.join(argv[:3])} ... gagal (kode {result.returncode}).")
    return result.returncode


def _merge_roster(path: Path, people: list[Peserta]) -> list[Peserta]:
    known = read_roster(path) if path.is_file() else []
    by_login = {p.login: p for p in known}
    for person in people:
        by_login[person.login] = person
    merged = list(by_login.values())
    write_roster(merged, path)
    path.chmod(0o600)
    return merged


def _register_students(kelas: Kelas, trainees: list[Peserta]) -> None:
    """Put trainees in the gradebook with their name and email (formgrader shows them)."""
    from nbgrader.api import Gradebook

    from medsos.course import stderr_to

    os.environ["PATH"] = f"{kelas.bin_dir}:{os.environ.get('PATH', '')}"  # nbgrader's alembic
    # A new gradebook makes nbgrader run `alembic`, which prints English INFO lines: they go
    # to a log in the hub folder, shown only when opening the gradebook fails.
    log = kelas.setup_log
    try:
        with stderr_to(log), Gradebook(kelas.db_url, COURSE_ID) as gb:
            for t in trainees:
                gb.update_or_create_student(t.login, last_name=t.nama, first_name="", email=t.email)
    except Exception as error:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
        raise HubError(
            f"Buku nilai ({kelas.db_url.split('@')[-1]}) tidak dapat dibuka atau diisi: "
            f"{type(error).__name__}: {error}\nCatatan ({log}):\n{tail}"
        ) from error


def _publish_roster(kelas: Kelas, trainees: list[Peserta]) -> None:
    """The roster beside the course (instructors only), for exports and the cohort report."""
    path = kelas.course_dir / "peserta.csv"
    write_roster(trainees, path)
    uid, gid = _ids(GRADER_USER, INSTRUCTOR_GROUP)
    os.chown(path, uid, gid)
    path.chmod(0o660)


def _print_cards(sheet: Path, count: int) -> None:
    print(f"Kartu masuk ({count}) untuk dicetak: {sheet}")
    print("  (berisi kata sandi awal: cetak, bagikan, lalu hapus filenya)")


@_guard
def siapkan(
    roster: str,
    *,
    instruktur: str | None = None,
    folder: str = DEFAULT_FOLDER,
    db_url: str | None = None,
    port: int = 8000,
    ip: str = "",
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    formgrader_port: int = 9911,
    mem_limit: str = "2G",
    idle_timeout: int = 3600,
    proxy: str | None = None,
    alamat: str = "",
    homes: str = "/home",
    perbarui_kursus: bool = False,
) -> int:
    """``medsos hub siapkan``: everything a class needs, from a roster; safe to repeat."""
    from medsos import course_root, lab

    _require_root()
    trainees = read_roster(roster)
    instructors = read_roster(instruktur) if instruktur else []
    clash = {p.login for p in trainees} & {p.login for p in instructors}
    if clash:
        raise HubError(
            f"Login ini ada di daftar peserta dan instruktur: {', '.join(sorted(clash))}."
        )
    root = Path(folder).resolve()
    previous = load(root) if (root / "hub" / "kelas.json").is_file() else None
    proxy_path = find_proxy(proxy)
    if db_url:
        database.check_gradebook(db_url)
    elif os.environ.get("MEDSOS_DB_URL"):
        db_url = os.environ["MEDSOS_DB_URL"]
        database.check_gradebook(db_url)
    elif previous is not None:
        db_url = previous.db_url
    else:
        db_url = database.create_gradebook()
        print("Buku nilai PostgreSQL dibuat: database 'medsos' di server ini.")
    known_instructors = set(previous.instructors) if previous else set()
    kelas = Kelas(
        folder=str(root),
        python=sys.executable,
        proxy=proxy_path,
        db_url=db_url,
        homes=homes,
        ip=ip,
        port=port,
        hub_port=hub_port,
        proxy_api_port=proxy_api_port,
        formgrader_port=formgrader_port,
        mem_limit=mem_limit,
        idle_timeout=idle_timeout,
        public_url=alamat,
        instructors=sorted(known_instructors | {p.login for p in instructors}),
    )
    kelas.hub_dir.mkdir(parents=True, exist_ok=True)
    kelas.hub_dir.chmod(0o700)
    kelas.save()
    locked = lock_kit(course_root())
    if locked:
        print(f"Folder kit dikunci untuk akun lain: {', '.join(locked)}")

    accounts.ensure_group(INSTRUCTOR_GROUP)
    accounts.ensure_unix_user(GRADER_USER, kelas.grader_home, [INSTRUCTOR_GROUP], system=True)
    check_environment_reachable(kelas)
    copied = install_course(kelas, course_root(), replace=perbarui_kursus)
    _secure_course(kelas)
    prepare_exchange(kelas)
    config.write_trainee_config(kelas)
    config.write_hub_config(kelas)
    lab.install_jupyter_files()  # the kit's language pack and Tugas panel, from a source tree
    lab.write_locale_override()

    cards = accounts.create_accounts(kelas, trainees, "peserta")
    cards += accounts.create_accounts(kelas, instructors, "instruktur")
    all_trainees = _merge_roster(kelas.roster_file, trainees)
    if instructors:
        _merge_roster(kelas.instructor_file, instructors)
    _register_students(kelas, all_trainees)
    _publish_roster(kelas, all_trainees)

    print(f"Kelas disiapkan di {root}:")
    print(f"  kursus (hanya instruktur): {kelas.course_dir}" + ("" if copied else " (sudah ada)"))
    print(f"  exchange nbgrader: {kelas.exchange}")
    print(f"  buku nilai: {database.hide_password(db_url)}")
    print(f"  peserta: {len(all_trainees)}, instruktur: {len(kelas.instructors)}")
    print(f"  batas memori per server: {mem_limit}, server diam dihentikan setelah "
          f"{idle_timeout // 60} menit")  # fmt: skip
    if cards:
        _print_cards(accounts.write_sheet(kelas, cards), len(cards))
    else:
        print("Tidak ada akun baru; kata sandi lama tetap berlaku.")
    print(f"Mulai server kelas: medsos hub mulai --folder {root}  (alamat {kelas.url()})")
    return 0


@_guard
def mulai(folder: str = DEFAULT_FOLDER, extra: Sequence[str] = ()) -> int:
    """``medsos hub mulai``: run JupyterHub in the foreground (Ctrl+C stops it)."""
    _require_root()
    kelas = load(folder)
    database.check_gradebook(kelas.db_url)
    command = [str(kelas.bin_dir / "jupyterhub"), "-f", str(kelas.config_file), *extra]
    print(f"Server kelas berjalan di {kelas.url()} (Ctrl+C untuk berhenti)", flush=True)
    return _run_hub(command, kelas.hub_dir)


def _run_hub(command: list[str], cwd: Path) -> int:
    """Run JupyterHub as a child and stop it the way it stops cleanly.

    Ctrl+C in a terminal sends SIGINT to the whole foreground process group. When ``mulai``
    exec'd JupyterHub, the hub, its proxy and its formgrader service all got it at once and
    each stopped on its own, in English only. Now the hub runs in a process group of its
    own and only this process receives Ctrl+C (or systemd's SIGTERM, or a closed terminal's
    SIGHUP): it says in Indonesian that the class is stopping, passes one SIGTERM to the hub,
    which stops its proxy, services and trainee servers in order, and says when it is done.
    A second Ctrl+C kills the hub's group at once. The hub gets SIGTERM if this process dies.
    """
    import signal

    from medsos.sandbox.supervise import die_with_parent

    hub = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,  # in a background group, reading the terminal would stop it
        process_group=0,
        preexec_fn=lambda: die_with_parent(signal.SIGTERM),
    )
    asked = []

    def stop(signum, _frame) -> None:
        if not asked:
            print(
                "\nMenghentikan server kelas... Server peserta ikut dihentikan; pekerjaan "
                "mereka tetap tersimpan. (Tekan Ctrl+C sekali lagi untuk memaksa berhenti.)",
                file=sys.stderr,
                flush=True,
            )
            with contextlib.suppress(ProcessLookupError):
                hub.send_signal(signal.SIGTERM)
        elif signum == signal.SIGINT:
            print("Dipaksa berhenti.", file=sys.stderr, flush=True)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(hub.pid, signal.SIGKILL)
        asked.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    code = hub.wait()
    if asked:
        print("Server kelas berhenti.", file=sys.stderr, flush=True)
        return 0 if code in (0, -signal.SIGTERM) else 1
    if code != 0:
        print(
            f"Server kelas berhenti sendiri (kode {code}); lihat pesan di atas.",
            file=sys.stderr,
            flush=True,
        )
    return 0 if code == 0 else 1


@_guard
def tambah(
    folder: str = DEFAULT_FOLDER,
    *,
    roster: str | None = None,
    nip: str | None = None,
    nama: str | None = None,
    instansi: str | None = None,
    email: str | None = None,
    instruktur: bool = False,
) -> int:
    """``medsos hub tambah``: a late trainee (or instructor), from a file or typed in."""
    _require_root()
    kelas = load(folder)
    if roster:
        people = read_roster(roster)
    elif nip and nama and instansi:
        nip = nip.replace(" ", "")
        if not (nip.isdigit() and len(nip) == 18):
            raise HubError(f"NIP {nip} harus 18 angka.")
        people = [Peserta(login_for(nip), nip, nama.strip(), instansi.strip(), email or None)]
    else:
        raise HubError("Beri --roster FILE, atau --nip, --nama dan --instansi.")
    role = "instruktur" if instruktur else "peserta"
    cards = accounts.create_accounts(kelas, people, role)
    if instruktur:
        _merge_roster(kelas.instructor_file, people)
        kelas.instructors = sorted(set(kelas.instructors) | {p.login for p in people})
        kelas.save()
        print("Instruktur baru mendapat formgrader setelah server kelas dijalankan ulang.")
    else:
        merged = _merge_roster(kelas.roster_file, people)
        _register_students(kelas, merged)
        _publish_roster(kelas, merged)
    for card in cards:
        print(f"Akun dibuat: {card.person.login} ({card.person.nama}, {card.person.instansi})")
    skipped = len(people) - len(cards)
    if skipped:
        print(f"{skipped} akun sudah ada dan tidak diubah (atur ulang sandi: medsos hub sandi).")
    if cards:
        _print_cards(accounts.write_sheet(kelas, cards, "Kartu masuk peserta tambahan"), len(cards))
    return 0


def _find_person(kelas: Kelas, login: str) -> tuple[Peserta, str]:
    for path, role in ((kelas.roster_file, "peserta"), (kelas.instructor_file, "instruktur")):
        if path.is_file():
            for person in read_roster(path):
                if login in (person.login, person.nip):
                    return person, role
    raise HubError(f"Tidak ada peserta atau instruktur dengan login atau NIP {login}.")


@_guard
def sandi(login: str, folder: str = DEFAULT_FOLDER) -> int:
    """``medsos hub sandi``: a new one-time password for someone who forgot theirs."""
    _require_root()
    kelas = load(folder)
    person, role = _find_person(kelas, login)
    card = accounts.reset_password(kelas, person, role)
    print(f"Kata sandi awal baru untuk {person.login} ({person.nama}): {card.password}")
    print("Ia harus menggantinya saat masuk. Sandi lama tidak berlaku lagi.")
    _print_cards(accounts.write_sheet(kelas, [card], "Kartu atur ulang kata sandi"), 1)
    return 0


def submissions(kelas: Kelas, assignment: str | None = None) -> list[dict]:
    """What is in the exchange's inbound, through nbgrader's own ExchangeList."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default.list import ExchangeList
    from traitlets.config import Config

    cfg = Config()
    cfg.CourseDirectory.course_id = COURSE_ID
    cfg.CourseDirectory.root = str(kelas.course_dir)
    cfg.Exchange.root = str(kelas.exchange)
    cfg.ExchangeList.inbound = True
    coursedir = CourseDirectory(config=cfg)
    if assignment:
        coursedir.assignment_id = assignment
    lister = ExchangeList(coursedir=coursedir, authenticator=Authenticator(config=cfg), config=cfg)
    lister.log.setLevel("ERROR")
    return lister.start()


@_guard
def kiriman(tugas: str | None = None, folder: str = DEFAULT_FOLDER) -> int:
    """``medsos hub kiriman``: who has submitted (per assignment), and who has not yet."""
    kelas = load(folder)
    trainees = read_roster(kelas.roster_file) if kelas.roster_file.is_file() else []
    found = submissions(kelas, tugas)
    by_assignment: dict[str, dict[str, list[str]]] = {}
    for group in found:  # nbgrader groups inbound submissions per student and assignment
        for item in group.get("submissions", [group]):
            per = by_assignment.setdefault(item["assignment_id"], {})
            per.setdefault(item["student_id"], []).append(item["timestamp"])
    names = [tugas] if tugas else sorted(by_assignment)
    if not names:
        print("Belum ada kiriman di exchange.")
        return 0
    # Columns as wide as their longest entry: a name or agency is never cut.
    width_login = max([len("nama pengguna"), *(len(t.login) for t in trainees)])
    width_nama = max([len("nama"), *(len(t.nama) for t in trainees)])
    width_instansi = max([len("instansi"), *(len(t.instansi) for t in trainees)])
    for name in names:
        per = by_assignment.get(name, {})
        print(f"\nTugas {name}: {len(per)} dari {len(trainees)} peserta sudah mengumpulkan")
        print(
            f"  {'nama pengguna':<{width_login}}  {'nama':<{width_nama}}  "
            f"{'instansi':<{width_instansi}}  {'kali':>4}  terakhir (WIB)"
        )
        for t in trainees:
            times = sorted(per.get(t.login, []))
            last = _wib(times[-1]) if times else "BELUM"
            print(
                f"  {t.login:<{width_login}}  {t.nama:<{width_nama}}  "
                f"{t.instansi:<{width_instansi}}  {len(times):>4}  {last}"
            )
        unknown = sorted(set(per) - {t.login for t in trainees})
        for login in unknown:
            print(f"  {login:<{width_login}}  (tidak ada di daftar peserta)  {len(per[login]):>4}")
    return 0


def _wib(timestamp: str) -> str:
    try:
        moment = datetime.fromisoformat(timestamp.replace(" UTC", "+00:00"))
    except ValueError:
        return timestamp
    return moment.astimezone(WIB).strftime("%d-%m-%Y %H:%M")


@_guard
def bagikan(tugas: str, folder: str = DEFAULT_FOLDER) -> int:
    """``medsos hub bagikan``: generate and release an assignment to the exchange."""
    _require_root()
    kelas = load(folder)
    nbgrader = str(kelas.bin_dir / "nbgrader")
    as_grader(kelas, [nbgrader, "generate_assignment", tugas, "--force", "--log-level=WARN"])
    as_grader(kelas, [nbgrader, "release_assignment", tugas, "--force", "--log-level=WARN"])
    print(f"Tugas {tugas} dibagikan: peserta mengambilnya di panel Tugas (tombol Ambil).")
    return 0


@_guard
def nilai(tugas: str, folder: str = DEFAULT_FOLDER, grade_args: Sequence[str] = ()) -> int:
    """``medsos hub nilai``: ``medsos grade`` as the grader account, on the class's
    PostgreSQL gradebook and exchange (parallel, sandboxed, as on one machine)."""
    _require_root()
    kelas = load(folder)
    database.check_gradebook(kelas.db_url)
    medsos = str(kelas.bin_dir / "medsos")
    return as_grader(kelas, [medsos, "grade", tugas, *grade_args], check=False)


def _hub_listening(kelas: Kelas) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((kelas.ip or "127.0.0.1", kelas.port)) == 0


@_guard
def hapus(folder: str = DEFAULT_FOLDER, arsip: str | None = None, ya: bool = False) -> int:
    """``medsos hub hapus``: end a class on this server. Everyone's work, the exchange, the
    course (submissions, feedback, exports) and the rosters go into one archive first; then
    the class's accounts (homes included), its groups and its folder are removed. The
    gradebook database in PostgreSQL stays. Without ``ya`` it only says what it would do."""
    import tarfile

    from sqlalchemy.engine import make_url

    _require_root()
    kelas = load(folder)
    if _hub_listening(kelas):
        raise HubError(
            f"Server kelas masih berjalan di {kelas.url()}: hentikan dulu (Ctrl+C pada "
            "`medsos hub mulai`, atau `systemctl stop` layanannya), lalu ulangi. "
            "Belum ada yang dihapus."
        )
    people = []
    for roster in (kelas.roster_file, kelas.instructor_file):
        if roster.is_file():
            people += read_roster(roster)
    logins = [p.login for p in people if accounts.user_exists(p.login)]
    stamp = datetime.now(WIB).strftime("%Y%m%d-%H%M")
    target = Path(arsip).resolve() if arsip else Path.cwd() / f"arsip-kelas-{stamp}.tar.gz"
    if target.exists():
        raise HubError(f"File arsip {target} sudah ada: pilih nama lain dengan --arsip.")
    # Resolved on both sides: a class folder reached through a link is still the class folder.
    doomed = [kelas.root.resolve(), *(kelas.home_of(x).resolve() for x in logins)]
    if any(place == target or place in target.parents for place in doomed):
        raise HubError(f"Arsip {target} akan ikut terhapus: simpan di luar folder kelas.")
    database_name = make_url(kelas.db_url).database
    print(f"Kelas di {kelas.root}:")
    print(f"  arsip yang dibuat dulu: {target}")
    print(
        f"  lalu dihapus: {len(logins)} akun peserta/instruktur beserta folder rumahnya "
        f"({', '.join(logins) or '-'}), akun {GRADER_USER}, grup kelas, folder {kelas.root}"
    )
    print(f"  tetap ada: buku nilai PostgreSQL (basis data {database_name})")
    if not ya:
        print("Belum ada yang dihapus. Ulangi dengan --ya untuk menjalankannya.")
        return 0

    # Links are stored as links (tarfile does not follow them), so nothing outside is read.
    target.parent.mkdir(parents=True, exist_ok=True)
    created = False
    try:
        raw = open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")  # noqa: SIM115
        created = True
        with raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(kelas.course_dir, arcname="kursus")
            tar.add(kelas.exchange, arcname="exchange")
            for roster in (kelas.roster_file, kelas.instructor_file):
                if roster.is_file():
                    tar.add(roster, arcname=f"daftar/{roster.name}")
            for login in logins:
                home = kelas.home_of(login)
                if home.is_dir():
                    tar.add(home, arcname=f"rumah/{login}")
    except OSError as error:  # e.g. the disk is full: nothing is removed
        if created:
            target.unlink(missing_ok=True)
        raise HubError(f"Arsip {target} gagal dibuat ({error}). Belum ada yang dihapus.") from error
    print(f"Arsip dibuat: {target} ({target.stat().st_size // 1024} KB, hanya dapat dibaca root)")

    for login in [*logins, GRADER_USER]:
        accounts.remove_unix_user(login)
    for group in (TRAINEE_GROUP, INSTRUCTOR_GROUP):
        with contextlib.suppress(KeyError):
            if not grp.getgrnam(group).gr_mem:
                subprocess.run(["groupdel", group], capture_output=True, check=False)
    shutil.rmtree(kelas.root)
    print(f"Kelas dihapus. Simpan arsip {target.name} di tempat aman: isinya pekerjaan dan nilai")
    print(
        f"peserta. Buku nilai tetap di PostgreSQL; bila tidak diperlukan lagi: "
        f"sudo -u postgres dropdb {database_name}"
    )
    return 0
