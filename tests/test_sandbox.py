"""The autograding sandbox: hostile submissions stay contained, honest ones score as before.

Most cases run end-to-end through nbgrader's own autograde (its API) on a tiny course in a
temporary folder. Limits are small and every attack is bounded, so the file is safe on a
shared 2-core machine. Without bubblewrap these tests fail (CI installs it): grading must
never silently run unsandboxed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from hostile import attacks
from hostile import course as kursus
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from medsos import sandbox
from medsos.sandbox import Limits, SandboxUnavailable, launcher, sandbox_available
from medsos.sandbox import config as sandbox_config
from medsos.sandbox.redact import REDACTED, redact_text

pytestmark = pytest.mark.slow

LIMITS = Limits(
    memory_mb=1024,
    cpu_seconds=15,
    processes=40,
    file_size_mb=5,
    workspace_mb=64,
    tmp_mb=16,
    output_mb=1,
)
CELL_TIMEOUT_S = 15
# Without a sandbox this cell would never end; the sandbox must stop it.
HANG_TIMEOUT_S = 2
# The wrong answer also has an accidental endless loop: interrupted, then grading goes on.
LOOP_TIMEOUT_S = 6
INSTRUCTOR_SECRET = "MEDSOS_RAHASIA_INSTRUKTUR"


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    return json.dumps([c.outputs for c in nb.cells if c.cell_type == "code"])


def _stream_text(nb: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _processes_mentioning(text: str, where: str = "cmdline") -> list[str]:
    """Processes whose command line (or environment) contains ``text``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            content = Path(f"/proc/{pid}/{where}").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if text.encode() in content:
            found.append(f"{pid}: {content.decode(errors='replace')[:200]}")
    return found


def _timeout(student: str) -> int:
    """Seconds per cell: short where a cell never ends, ample elsewhere (a busy machine)."""
    return {"macet": HANG_TIMEOUT_S, "salah": LOOP_TIMEOUT_S}.get(
        student.removesuffix("_tanpa_sandbox"), CELL_TIMEOUT_S
    )


def _plain_config(timeout: int) -> Config:
    config = Config()
    config.Execute.timeout = timeout
    return config


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """One course, every submission autograded once: with and without the sandbox."""
    ok, message = sandbox_available()
    assert ok, f"bubblewrap sandbox unavailable (CI installs the bubblewrap package): {message}"
    root = tmp_path_factory.mktemp("kursus")
    # Unique names: another test session may be grading hostile notebooks at the same time.
    token = uuid.uuid4().hex[:12]
    run_dir = tmp_path_factory.mktemp(f"sandbox-run-{token}-")
    daemon_marker = f"medsos-daemon-{token}"
    kursus.build_course(root)

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    port = listener.getsockname()[1]

    hostile_cells = [
        attacks.hook_printing_later_cells(),
        *attacks.probes(str(root), "penyerang", "lain", port, str(run_dir)),
        *attacks.resource_attacks(),
        attacks.daemon(daemon_marker),
    ]
    kursus.submit(root, "penyerang", kursus.HONEST_ANSWER, hostile_cells)
    shadow = root / "submitted" / "penyerang" / "ps1" / "pandas.py"
    shadow.write_text(attacks.SHADOW_MODULE, encoding="utf-8")
    for student in ("jujur", "jujur_tanpa_sandbox", "lain"):
        kursus.submit(root, student, kursus.HONEST_ANSWER)
    for student in ("salah", "salah_tanpa_sandbox"):
        kursus.submit(root, student, "jumlah = 5", [attacks.accidental_endless_loop()])
    kursus.submit(root, "macet", "jumlah = 6", [attacks.endless_loop_ignoring_interrupts()])
    other_before = (root / "submitted" / "lain" / "ps1" / kursus.NOTEBOOK).read_bytes()

    results, seconds = {}, {}
    for student in ("jujur_tanpa_sandbox", "salah_tanpa_sandbox"):
        start = time.monotonic()
        results[student] = kursus.autograde(root, student, _plain_config(_timeout(student)))
        seconds[student] = time.monotonic() - start

    os.environ[INSTRUCTOR_SECRET] = "kata-sandi-instruktur"
    try:
        with sandbox.sandboxed_autograde_config(run_dir, LIMITS, course_dir=root) as config:
            for student in ("jujur", "salah", "penyerang", "macet"):
                extra = Config()
                extra.merge(config)
                extra.Execute.timeout = _timeout(student)
                if student == "macet":
                    extra.Execute.iopub_timeout = 1
                start = time.monotonic()
                results[student] = kursus.autograde(root, student, extra)
                seconds[student] = time.monotonic() - start
    finally:
        del os.environ[INSTRUCTOR_SECRET]
    try:
        listener.accept()
        contacted = True
    except BlockingIOError:
        contacted = False
    finally:
        listener.close()

    probe_nb = kursus.graded_notebook(root, "penyerang")
    return SimpleNamespace(
        root=root,
        run_dir=run_dir,
        daemon_marker=daemon_marker,
        results=results,
        seconds=seconds,
        contacted=contacted,
        other_before=other_before,
        probe_nb=probe_nb,
        probes=attacks.results(_stream_text(probe_nb)),
    )


def test_sandbox_is_available_here() -> None:
    ok, message = sandbox_available()
    assert ok, f"bubblewrap sandbox unavailable (CI installs the bubblewrap package): {message}"


def test_every_submission_is_graded(graded: SimpleNamespace) -> None:
    for student in ("jujur", "jujur_tanpa_sandbox", "salah", "salah_tanpa_sandbox", "penyerang"):
        assert graded.results[student]["success"], graded.results[student].get("log")


def test_honest_submission_scores_and_outputs_are_unchanged(graded: SimpleNamespace) -> None:
    assert kursus.score(graded.root, "jujur") == kursus.score(graded.root, "jujur_tanpa_sandbox")
    assert kursus.score(graded.root, "jujur")[0] == 2.0
    assert kursus.score(graded.root, "salah") == kursus.score(graded.root, "salah_tanpa_sandbox")
    assert kursus.score(graded.root, "salah")[0] == 1.0
    for student in ("salah", "salah_tanpa_sandbox"):
        errors = _outputs_text(kursus.graded_notebook(graded.root, student))
        assert "KeyboardInterrupt" in errors, f"{student}: the endless loop was not interrupted"
    with_sandbox = kursus.graded_notebook(graded.root, "jujur")
    without = kursus.graded_notebook(graded.root, "jujur_tanpa_sandbox")
    assert _outputs_text(with_sandbox) == _outputs_text(without)
    assert "image/png" in _outputs_text(with_sandbox)


def test_sandbox_overhead_is_small(graded: SimpleNamespace) -> None:
    overhead = graded.seconds["jujur"] - graded.seconds["jujur_tanpa_sandbox"]
    print(f"autograde jujur: {graded.seconds} (overhead {overhead:.2f} s)")
    assert overhead < 5


BLOCKED = [
    "baca_sumber",
    "baca_salinan_nbgrader",
    "baca_salinan_di_folder_kerja",
    "lihat_folder_kursus",
    "buka_gradebook",
    "tulis_folder_kursus",
    "tulis_folder_peserta_lain",
    "tulis_root",
    "namespace_pengguna_baru",
    "keyctl",
    "lihat_folder_sandbox",
    "koneksi_lokal",
    "koneksi_luar",
    "alokasi_sekaligus",
    "alokasi_bertahap",
    "berkas_besar",
]


@pytest.mark.parametrize("attack", BLOCKED)
def test_attack_is_blocked(graded: SimpleNamespace, attack: str) -> None:
    assert attack in graded.probes, f"probe {attack} did not report: {graded.probes}"
    assert graded.probes[attack] != "BERHASIL"


def test_submitted_module_cannot_shadow_imports(graded: SimpleNamespace) -> None:
    assert "modul_bayangan" not in graded.probes
    assert kursus.score(graded.root, "penyerang")[0] == 2.0


def test_expected_errors(graded: SimpleNamespace) -> None:
    probes = graded.probes
    assert probes["baca_salinan_nbgrader"] == "FileNotFoundError"
    assert probes["baca_salinan_di_folder_kerja"] == "FileNotFoundError"
    assert probes["koneksi_lokal"] == "ConnectionRefusedError"
    assert probes["alokasi_sekaligus"] == probes["alokasi_bertahap"] == "MemoryError"
    assert probes["berkas_besar"] == "OSError"  # EFBIG: RLIMIT_FSIZE


def test_nothing_outlives_the_run(graded: SimpleNamespace) -> None:
    root = graded.root
    # Writing in the working directory and /tmp works, but only in the sandbox's tmpfs.
    assert graded.probes["tulis_folder_kerja"] == "BERHASIL"
    assert graded.probes["tulis_tmp"] == "BERHASIL"
    assert not (root / "autograded" / "penyerang" / "ps1" / attacks.TRACE_FILE).exists()
    assert not (Path("/tmp") / attacks.TRACE_FILE).exists()
    assert not (root / "bocor.txt").exists()
    other = root / "submitted" / "lain" / "ps1" / kursus.NOTEBOOK
    assert other.read_bytes() == graded.other_before


def test_only_tmpfs_and_device_nodes_are_writable(graded: SimpleNamespace) -> None:
    writable = set(graded.probes["mount_tulis"].split(","))
    assert writable <= {
        f"/dev/{name}" for name in ("full", "null", "random", "tty", "urandom", "zero")
    }


def test_network_is_cut(graded: SimpleNamespace) -> None:
    assert not graded.contacted, "the kernel reached a listener on the host's 127.0.0.1"


def test_environment_and_identity(graded: SimpleNamespace) -> None:
    assert graded.probes["variabel_instruktur"] == "AMAN"
    if os.geteuid() == 0:
        assert graded.probes["uid"] == str(sandbox_config.NOBODY_UID)
    else:
        assert graded.probes["uid"] != "0"
    # Only the sandbox's own processes are visible: bwrap's init and the kernel.
    assert int(graded.probes["proses_terlihat"]) <= 3


def test_processes_are_limited_and_die_with_the_run(graded: SimpleNamespace) -> None:
    forked, error = graded.probes["fork_banyak"].split()
    assert int(forked) < LIMITS.processes and error == "BlockingIOError", (forked, error)
    assert graded.probes["daemon_dimulai"] == "BERHASIL"
    assert _processes_mentioning(graded.daemon_marker) == []
    run_token = f"MEDSOS_SANDBOX_RUN={graded.run_dir.name}"
    assert _processes_mentioning(run_token, where="environ") == []


def test_limits_are_set_in_the_kernel(graded: SimpleNamespace) -> None:
    mb = 2**20
    expected = [
        LIMITS.memory_mb * mb,
        LIMITS.cpu_seconds,
        LIMITS.processes,
        LIMITS.file_size_mb * mb,
    ]
    assert graded.probes["batas"].split() == [str(value) for value in expected]


def _selftest(config_path: Path, work: Path, connection: str, code: str) -> subprocess.Popen:
    """Run ``python -c code`` through the launcher's whole sandbox chain."""
    command = [sys.executable, "-I", "-S", launcher.__file__, launcher.SELFTEST_FLAG]
    command += [str(config_path), connection, "--", sys.executable, "-c", code]
    return subprocess.Popen(command, cwd=work, stderr=subprocess.PIPE, text=True)


def test_cpu_limit_kills_a_spinning_process(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    config_path = sandbox_config._write_run_files(run, Limits(cpu_seconds=1), [], font_cache=False)
    start = time.monotonic()
    spinning = _selftest(config_path, tmp_path, _connection_file(tmp_path), "while True: pass")
    spinning.communicate(timeout=60)
    assert spinning.returncode != 0
    assert time.monotonic() - start < 20


def test_kernel_started_by_a_worker_that_died_at_once_does_not_run(tmp_path: Path) -> None:
    """A grading worker killed while it starts a kernel (Ctrl-C, kill -9) leaves nothing.

    The worker here exits right after starting the launcher, before bwrap's own
    --die-with-parent can take effect: the kernel command must never run, or die at once.
    """
    run = tmp_path / "run"
    run.mkdir()
    config_path = sandbox_config._write_run_files(run, Limits(), [], font_cache=False)
    marker = f"yatim-{uuid.uuid4().hex}"
    command = [sys.executable, "-I", "-S", launcher.__file__, launcher.SELFTEST_FLAG]
    command += [str(config_path), _connection_file(tmp_path)]
    command += ["--", sys.executable, "-c", f"import time; time.sleep(300)  # {marker}"]
    worker = (
        "import os, subprocess, sys\n"
        f"env = {{**os.environ, {launcher.PARENT_ENV!r}: str(os.getpid())}}\n"
        f"subprocess.Popen({command!r}, cwd={str(tmp_path)!r}, env=env)\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", worker], check=True, timeout=60)
    deadline = time.monotonic() + 15
    seen = _processes_mentioning(marker)
    while seen and time.monotonic() < deadline:
        time.sleep(0.2)
        seen = _processes_mentioning(marker)
    try:
        assert seen == [], f"a kernel outlived its worker: {seen}"
    finally:
        for line in seen:
            os.kill(int(line.split(":", 1)[0]), 9)


def test_process_budget_is_per_sandbox(tmp_path: Path) -> None:
    """Two sandboxes at once (parallel grading workers) each get the whole process limit."""
    limits = Limits(processes=16)
    run = tmp_path / "run"
    run.mkdir()
    config_path = sandbox_config._write_run_files(run, limits, [], font_cache=False)
    fork_all = (
        "import os, sys, time\n"
        "n = 0\n"
        "try:\n"
        "    for _ in range(50):\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(2)\n"
        "            os._exit(0)\n"
        "        n += 1\n"
        "except BlockingIOError:\n"
        "    pass\n"
        "print(n, file=sys.stderr)"
    )
    runs = []
    for i in range(2):
        work = tmp_path / f"kerja{i}"
        work.mkdir()
        connection = _connection_file(tmp_path, name=f"k-{i}")
        runs.append(_selftest(config_path, work, connection, fork_all))
    counts = [int(p.communicate(timeout=60)[1].split()[-1]) for p in runs]
    # The forking process itself counts, and bwrap's init too when bwrap made the namespace.
    for count in counts:
        assert limits.processes - 3 <= count < limits.processes, counts


def test_hidden_tests_never_reach_outputs(graded: SimpleNamespace) -> None:
    text = _outputs_text(graded.probe_nb)
    assert "SEL BERIKUTNYA" in text, "the IPython hook did not run"
    assert REDACTED in text
    assert kursus.HIDDEN_MARKER not in text
    # A failing hidden test shows its code line in the traceback: the expected value too.
    wrong = _outputs_text(kursus.graded_notebook(graded.root, "salah"))
    assert "jumlah belum tepat" in wrong  # the instructor's message stays
    assert "jumlah == 6" not in wrong


def test_endless_loop_ignoring_interrupts_is_stopped(graded: SimpleNamespace) -> None:
    # nbgrader gives up on the notebook (as it does without the sandbox) once the interrupt is
    # ignored, or the CPU limit kills the kernel first; the run ends either way.
    result = graded.results["macet"]
    assert not result["success"]
    error = (result.get("error") or "") + (result.get("log") or "")
    assert "CellTimeoutError" in error or "DeadKernelError" in error
    assert graded.seconds["macet"] < HANG_TIMEOUT_S + LIMITS.cpu_seconds + 15


def test_output_flood_is_capped(tmp_path: Path) -> None:
    from medsos.sandbox.execute import SandboxedExecute

    cells = [attacks.output_flood(), "print('sesudah banjir')"]
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with sandbox.sandboxed_autograde_config(limits=LIMITS) as config:
        config.SandboxedExecute.max_output_bytes = 100_000
        executor = SandboxedExecute(config=config, timeout=CELL_TIMEOUT_S)
        nb, _ = executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    flood = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert len(flood) <= 100_000 + 100  # the start of the flood, then a note
    assert "dipotong" in flood
    assert nb.cells[1].outputs[0].text == "sesudah banjir\n"


def test_notebook_running_too_long_is_stopped(tmp_path: Path) -> None:
    from nbclient.exceptions import DeadKernelError

    from medsos.sandbox.execute import SandboxedExecute

    cells = ["import time\ntime.sleep(1.5)"] * 12
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    limits = dataclasses.replace(LIMITS, wall_seconds=8)
    start = time.monotonic()
    with sandbox.sandboxed_autograde_config(limits=limits) as config:
        executor = SandboxedExecute(config=config, timeout=CELL_TIMEOUT_S)
        # DeadKernelError; RuntimeError if a very busy machine started the kernel too slowly.
        with pytest.raises((DeadKernelError, RuntimeError)):
            executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert time.monotonic() - start < limits.wall_seconds + 15


def test_unavailable_without_bubblewrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_config.shutil, "which", lambda name: None)
    ok, message = sandbox_available()
    assert not ok
    assert "bubblewrap" in message and "apt-get install bubblewrap" in message
    with (
        pytest.raises(SandboxUnavailable, match="bubblewrap"),
        sandbox.sandboxed_autograde_config(),
    ):
        pass


def test_unavailable_when_namespaces_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A bwrap that cannot create namespaces fails at once, as inside some containers.
    fake = shutil.which("false")
    monkeypatch.setattr(sandbox_config.shutil, "which", lambda name: fake)
    ok, message = sandbox_available()
    assert not ok
    assert "tidak dapat dijalankan" in message
    assert sandbox.OPT_OUT_FLAG in message


def _launcher_config(tmp_path: Path, **changes: object) -> dict:
    config = {
        "bwrap": "bwrap",
        "python": "/usr/bin/python3",
        "run_dir": str(tmp_path / "run"),
        "ro_binds": [],
        "protected": [],
        "env": {},
        "limits": vars(LIMITS).copy(),
        "uid": 65534,
        "gid": 65534,
    }
    config.update(changes)
    return config


def _connection_file(tmp_path: Path, transport: str = "ipc", name: str = "k-1") -> str:
    folder = tmp_path / "run" / "kernels" / name
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps({"transport": transport}), encoding="utf-8")
    return str(folder / "kernel.json")


def test_launcher_refuses_to_expose_the_course(tmp_path: Path) -> None:
    work = tmp_path / "course" / "autograded" / "a" / "ps1"
    work.mkdir(parents=True)
    args = ["-f", _connection_file(tmp_path)]
    exposing = _launcher_config(tmp_path, ro_binds=[str(tmp_path / "course")])
    with pytest.raises(launcher.LaunchError, match="menolak"):
        launcher.build_bwrap_argv(exposing, args, str(work))
    protected = _launcher_config(
        tmp_path, ro_binds=[str(tmp_path)], protected=[str(tmp_path / "course")]
    )
    with pytest.raises(launcher.LaunchError, match="menolak"):
        launcher.build_bwrap_argv(protected, args, "/")


def test_launcher_requires_a_private_ipc_connection(tmp_path: Path) -> None:
    config = _launcher_config(tmp_path)
    outside = tmp_path / "kernel.json"
    outside.write_text(json.dumps({"transport": "ipc"}), encoding="utf-8")
    with pytest.raises(launcher.LaunchError, match="folder pribadi"):
        launcher.build_bwrap_argv(config, ["-f", str(outside)], str(tmp_path))
    tcp = _connection_file(tmp_path, transport="tcp")
    with pytest.raises(launcher.LaunchError, match="ipc"):
        launcher.build_bwrap_argv(config, ["-f", tcp], str(tmp_path))


def test_only_data_files_are_copied(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "angka.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "ps1.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "gradebook.db").write_text("", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "ps1-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "data" / "tautan.csv").symlink_to(tmp_path / "ps1.ipynb")
    # A submitted module would shadow what the hidden tests import.
    (tmp_path / "pandas.py").write_text("def read_csv(*a, **k): return 6\n", encoding="utf-8")
    (tmp_path / "numpy").mkdir()
    (tmp_path / "numpy" / "__init__.py").write_text("", encoding="utf-8")
    dirs, files = launcher._collect_data_files(str(tmp_path), 2**20)
    try:
        assert dirs == ["data", "numpy"]
        assert [name for name, _fd in files] == ["data/angka.csv"]
    finally:
        for _name, fd in files:
            os.close(fd)


@pytest.mark.parametrize("machine", sorted(launcher.DENIED_SYSCALLS))
def test_seccomp_program_jumps_to_its_own_verdicts(machine: str) -> None:
    program = launcher.seccomp_program(machine)
    assert program is not None
    refuse = len(program) - 1
    assert program[-1][3] == launcher.SECCOMP_RET_EPERM
    assert program[-2][3] == launcher.SECCOMP_RET_ALLOW
    for index, (code, jt, jf, _k) in enumerate(program):
        if code in (0x15, 0x35):  # conditional jumps go to the next step or to the refusal
            assert {index + 1 + jt, index + 1 + jf} <= {index + 1, refuse}
    denied = {k for code, _jt, _jf, k in program if code == 0x15}
    arch, numbers = launcher.DENIED_SYSCALLS[machine]
    assert denied == {arch, *numbers.values()}
    assert launcher.seccomp_program("sparc") is None


def test_redaction_sees_through_terminal_colours() -> None:
    hidden = {'assert jumlah == 6, "jumlah belum tepat"'}
    coloured = (
        "\x1b[32m----> 3\x1b[39m \x1b[38;5;28;01massert\x1b[39;00m"
        ' jumlah == 6, "jumlah belum tepat"'
    )
    text, count = redact_text(f"baris biasa\n{coloured}", hidden)
    assert count == 1
    assert text == f"baris biasa\n{REDACTED}"


HIDDEN_LINE = 'assert jumlah == 6, "jumlah belum tepat"'


@pytest.mark.parametrize(
    "disguised",
    [
        "\x1b[!p".join(HIDDEN_LINE),  # a terminal escape nbconvert strips, between characters
        "\u200b".join(HIDDEN_LINE),  # zero-width spaces
        "<i></i>".join(HIDDEN_LINE.replace('"', "&quot;")),  # empty tags and entities
        "<text>" + HIDDEN_LINE.replace('"', "&#34;") + "</text>",  # SVG text
        "&<b></b>quot;".join(HIDDEN_LINE.split('"')),  # an entity split by a tag
        "\x1b]0;judul\x07" + HIDDEN_LINE.replace(" ", "  "),  # OSC title, doubled spaces
    ],
)
def test_redaction_sees_what_a_reader_sees(disguised: str) -> None:
    text, count = redact_text(f"baris biasa\n{disguised}", {HIDDEN_LINE})
    assert count == 1, disguised
    assert text == f"baris biasa\n{REDACTED}"


def test_only_plain_output_types_and_safe_html_are_kept() -> None:
    from medsos.sandbox.redact import clean_outputs

    nb = new_notebook(cells=[new_code_cell("x")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/javascript": "alert(1)",
                "image/svg+xml": "<svg><script>alert(1)</script></svg>",
                "text/html": '<table><tr><td onclick="alert(1)">1</td></tr></table>'
                '<script>alert(2)</script><a href="javascript:alert(3)">x</a>',
                "text/plain": "1",
            },
        )
    ]
    clean_outputs(nb)
    data = nb.cells[0].outputs[0].data
    assert sorted(data) == ["text/html", "text/plain"]
    assert "alert" not in data["text/html"] and "onclick" not in data["text/html"]
    assert "<td>1</td>" in data["text/html"]


def test_kernels_get_a_whole_font_cache_even_while_one_is_being_written(tmp_path, monkeypatch):
    """matplotlib writes its font cache in place. A cache another process is still writing
    (first plots on a fresh machine) is not what the kernels get: the run keeps its own
    checked snapshot, or builds one."""
    mine = tmp_path / "mpl"
    mine.mkdir()
    monkeypatch.setenv("MPLCONFIGDIR", str(mine))
    whole = json.dumps({"_version": 390, "ttflist": []})
    (mine / "fontlist-v390.json").write_text(whole, encoding="utf-8")
    run = tmp_path / "run"
    run.mkdir()
    caches = sandbox_config._matplotlib_font_caches(run)
    assert caches == [str(run / "matplotlib" / "fontlist-v390.json")]
    assert Path(caches[0]).read_text(encoding="utf-8") == whole
    (mine / "fontlist-v390.json").write_text(whole[:20], encoding="utf-8")  # half written
    run2 = tmp_path / "run2"
    run2.mkdir()
    caches = sandbox_config._matplotlib_font_caches(run2)
    assert caches and all(Path(c).parent == run2 / "matplotlib" for c in caches), caches
    for cache in caches:
        assert isinstance(json.loads(Path(cache).read_text(encoding="utf-8")), dict)
