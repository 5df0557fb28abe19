"""Kernel launcher for sandboxed autograding: the argv of the ``medsos-sandbox`` kernel spec.

Runs in two stages and uses the standard library only (it starts with ``python -I -S``, so
it must not import the ``medsos`` package or anything from site-packages):

outer stage (``launcher.py CONFIG -f CONNECTION_FILE [kernel args...]``)
    Started by jupyter_client with the notebook's folder as working directory. Reads the run's
    JSON config (written by :func:`medsos.sandbox.sandboxed_autograde_config`), opens the
    data files of the working directory (no notebooks, databases or Python code, no hidden
    files, no symlinks), builds the bubblewrap command line and ``exec``s ``bwrap``. Nothing
    of the host file system is visible inside except the read-only system and Python
    directories; the kernel gets a read-only copy of its connection file, a small tmpfs for
    its unix sockets, tmpfs /tmp and /dev/shm, and a size-limited tmpfs home holding copies
    of the data files.

inner stage (``launcher.py --inner LIMITS_JSON -- KERNEL_ARGV...``)
    First process inside the sandbox. When the launcher was started as root, bwrap ran without
    a user namespace (so it could reach a Python environment under /root); the inner stage
    then chowns the tmpfs home, drops to an unprivileged uid (root ignores ``RLIMIT_NPROC``)
    and enters a user namespace of its own (so the process limit counts this sandbox only).
    It sets ``no_new_privs``, the resource limits and a seccomp filter, restores ``SIGINT``
    (ignored by the outer stage so that an interrupt does not kill ``bwrap``) and ``exec``s
    the ipykernel.

``launcher.py --selftest CONFIG CONNECTION_FILE -- COMMAND...`` runs ``COMMAND`` through the
same chain instead of the kernel: the availability check.

Linux only; :mod:`medsos.sandbox.config` imports it for its paths and flags on any system.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import stat
import sys
from pathlib import PurePosixPath

INNER_FLAG = "--inner"
SELFTEST_FLAG = "--selftest"
# Paths inside the sandbox.
HOME = "/home/peserta"
WORKDIR = HOME + "/tugas"
INNER_LAUNCHER = "/run/medsos/launcher.py"
KERNEL_CONNECTION_FILE = "/run/medsos/kernel.json"
IPC_DIR = "/run/medsos/ipc"
# The kernel's ipc sockets are IPC_PREFIX-<port>; the host reaches them under /proc/PID/root.
IPC_PREFIX = IPC_DIR + "/kernel"
IPC_TMPFS_BYTES = 2**20
# System directories bound read-only (when present). Python's own directories come from the
# run config, because they may live anywhere (a venv, pyenv under /root, conda...).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_ETC = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/alternatives",
    "/etc/fonts",
    "/etc/mime.types",
    "/etc/matplotlibrc",
    "/etc/python3",
)
# Names never copied into the sandbox from the notebook's folder: notebooks (nbgrader's copy
# holds the hidden tests), databases, and Python code a trainee may have submitted beside the
# notebook, which would shadow modules the hidden tests import (the kernel's cwd is first on
# sys.path).
SKIPPED_SUFFIXES = (
    ".ipynb",
    ".db",
    ".sqlite",
    ".sqlite3",
    ".py",
    ".pyc",
    ".pyo",
    ".pyd",
    ".so",
    ".pth",
)
MAX_DATA_FILES = 500
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
# The pid of the process that starts this launcher (the grading worker), set by
# medsos.sandbox.execute.SandboxKernelManager: a launcher whose parent is not that process any
# more was orphaned before it could ask to die with it.
PARENT_ENV = "MEDSOS_INDUK_KERNEL"
PR_SET_DUMPABLE = 4
CLONE_NEWUSER = 0x10000000


class LaunchError(Exception):
    """The sandbox cannot be set up; the message is for the instructor (Bahasa Indonesia)."""


def _fail(message: str) -> None:
    print(f"medsos sandbox: {message}", file=sys.stderr, flush=True)
    sys.exit(70)


def _connection_file(kernel_args: list[str]) -> str:
    for i, arg in enumerate(kernel_args):
        if arg == "-f" and i + 1 < len(kernel_args):
            return kernel_args[i + 1]
        if arg.startswith(("-f=", "--f=")):
            return arg.split("=", 1)[1]
    raise LaunchError("argumen -f {connection_file} tidak ada di perintah kernel.")


def _with_connection_file(kernel_args: list[str], path: str) -> list[str]:
    args = list(kernel_args)
    for i, arg in enumerate(args):
        if arg == "-f" and i + 1 < len(args):
            args[i + 1] = path
        elif arg.startswith(("-f=", "--f=")):
            args[i] = arg.split("=", 1)[0] + "=" + path
    return args


def _is_within(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _collect_data_files(root: str, max_bytes: int) -> tuple[list[str], list[tuple[str, int]]]:
    """Return (subdirectories, [(relative path, open fd)]) of the data files under ``root``.

    Only regular files are taken, opened with ``O_NOFOLLOW`` so a symlink planted in a
    submission cannot pull in a file from elsewhere; hidden names and SKIPPED_SUFFIXES are
    skipped.
    """
    dirs: list[str] = []
    files: list[tuple[str, int]] = []
    total = 0
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        with os.scandir(os.path.join(root, rel_dir)) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue
                rel = os.path.join(rel_dir, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    dirs.append(rel)
                    pending.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    if entry.name.lower().endswith(SKIPPED_SUFFIXES):
                        continue
                    fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
                    info = os.fstat(fd)
                    if not stat.S_ISREG(info.st_mode):
                        os.close(fd)
                        continue
                    total += info.st_size
                    files.append((rel, fd))
                    if len(files) > MAX_DATA_FILES or total > max_bytes:
                        raise LaunchError(
                            f"folder tugas berisi terlalu banyak data untuk sandbox "
                            f"(lebih dari {MAX_DATA_FILES} file atau "
                            f"{max_bytes // 2**20} MB): {root}"
                        )
    return dirs, files


def build_bwrap_argv(
    config: dict, kernel_args: list[str], cwd: str, command: list[str] | None = None
) -> tuple[list[str], list[int]]:
    """Return (bwrap argv, fds bwrap must inherit) for one kernel.

    ``kernel_args`` are the arguments after the config path: ``-f CONNECTION_FILE`` plus the
    extra arguments nbclient appends. ``command`` replaces the ipykernel command (self-test).
    Raises :class:`LaunchError` on an unsafe configuration.
    """
    limits = config["limits"]
    run_dir = config["run_dir"]
    python = config["python"]
    as_root = os.geteuid() == 0
    argv = [config["bwrap"], "--die-with-parent"]
    argv += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    argv += ["--unshare-cgroup-try", "--hostname", "sandbox"]
    if not as_root:
        # As an ordinary user bwrap needs a user namespace; forbid nested ones.
        argv += ["--unshare-user", "--disable-userns"]

    created: set[str] = {"/"}

    def parents(dest: str) -> list[str]:
        # Directories bwrap creates implicitly may be mode 0700 (as root): create them 0755.
        out = []
        for parent in reversed(PurePosixPath(dest).parents):
            p = str(parent)
            if p not in created:
                created.add(p)
                out += ["--perms", "0755", "--dir", p]
        return out

    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
            created.add(path)
    argv += parents("/etc/x")
    for path in SYSTEM_ETC:
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--perms", "1777", "--size", str(limits["tmp_mb"] * 2**20), "--tmpfs", "/tmp"]
    argv += ["--perms", "1777", "--size", str(limits["tmp_mb"] * 2**20), "--tmpfs", "/dev/shm"]

    for path in config["ro_binds"]:
        for protected in (cwd, run_dir, *config.get("protected", [])):
            if _is_within(protected, path):
                raise LaunchError(
                    f"folder lingkungan Python {path} memuat {protected}; sandbox menolak "
                    "memperlihatkannya kepada kode peserta. Pindahkan lingkungan Python "
                    "(venv) ke luar folder kursus."
                )
        if any(_is_within(path, bound) for bound in SYSTEM_DIRS if os.path.isdir(bound)):
            continue
        argv += parents(path)
        argv += ["--ro-bind", path, path]
        created.add(path)

    connection_file = os.path.realpath(_connection_file(kernel_args))
    conn_dir = os.path.dirname(connection_file)
    if not _is_within(conn_dir, os.path.join(run_dir, "kernels")) or _is_within(run_dir, conn_dir):
        raise LaunchError(
            "file koneksi kernel harus berada di folder pribadi sandbox "
            f"({run_dir}/kernels/...), bukan {connection_file}."
        )
    with open(connection_file, encoding="utf-8") as f:
        connection = json.load(f)
    if connection.get("transport") != "ipc":
        raise LaunchError(
            "kernel sandbox butuh transport 'ipc' (soket unix) karena jaringan diputus; "
            f"file koneksi memakai {connection.get('transport')!r}."
        )
    # The kernel creates its unix sockets in a small tmpfs of its own; nbgrader reaches them
    # through /proc/<kernel pid>/root (see SandboxKernelManager). No host directory is
    # writable from inside.
    argv += parents(IPC_DIR)
    argv += ["--perms", "1777", "--size", str(IPC_TMPFS_BYTES), "--tmpfs", IPC_DIR]
    read_end, write_end = os.pipe()
    os.write(write_end, json.dumps({**connection, "ip": IPC_PREFIX}).encode())
    os.close(write_end)
    os.set_inheritable(read_end, True)
    argv += ["--perms", "0444", "--ro-bind-data", str(read_end), KERNEL_CONNECTION_FILE]
    kernel_args = _with_connection_file(kernel_args, KERNEL_CONNECTION_FILE)
    argv += ["--ro-bind", os.path.abspath(__file__), INNER_LAUNCHER]

    argv += parents(HOME)
    argv += ["--perms", "0755", "--size", str(limits["workspace_mb"] * 2**20), "--tmpfs", HOME]
    argv += ["--perms", "0755", "--dir", WORKDIR]
    created.update({HOME, WORKDIR})
    dirs, files = _collect_data_files(cwd, limits["workspace_mb"] * 2**20)
    for rel in dirs:
        argv += ["--perms", "0755", "--dir", f"{WORKDIR}/{rel}"]
    fds = [read_end]
    for rel, fd in files:
        os.set_inheritable(fd, True)
        fds.append(fd)
        argv += ["--perms", "0644", "--file", str(fd), f"{WORKDIR}/{rel}"]
    # Caches from the instructor's side (matplotlib's font list), copied into the home.
    for rel, source in config.get("home_files", {}).items():
        try:
            fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        os.set_inheritable(fd, True)
        fds.append(fd)
        argv += parents(f"{HOME}/{rel}")
        argv += ["--perms", "0644", "--file", str(fd), f"{HOME}/{rel}"]

    # Nothing outside the tmpfs mounts is writable.
    argv += ["--remount-ro", "/", "--chdir", WORKDIR, "--clearenv"]
    for name, value in config["env"].items():
        argv += ["--setenv", name, value]
    inner = {
        "limits": limits,
        "uid": config["uid"],
        "gid": config["gid"],
        "python": python,
    }
    argv += ["--", python, "-I", "-S", INNER_LAUNCHER, INNER_FLAG, json.dumps(inner), "--"]
    argv += command or [python, "-m", "ipykernel_launcher", *kernel_args]
    return argv, fds


def outer(config_path: str, kernel_args: list[str], command: list[str] | None = None) -> None:
    """Set up and exec bwrap (runs on the host, as the instructor)."""
    _die_with_parent(os.environ.get(PARENT_ENV))
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    try:
        argv, _fds = build_bwrap_argv(config, kernel_args, os.getcwd(), command)
    except (LaunchError, OSError) as exc:
        _fail(f"sandbox tidak dapat dimulai: {exc}")
        return
    # jupyter_client interrupts a kernel with SIGINT to its process group: bwrap must survive
    # it (the inner stage restores the default for the kernel).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.umask(0o022)
    os.execve(argv[0], argv, {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def _die_with_parent(expected_parent: str | None) -> None:
    """Be killed when the process that started this launcher dies, from now on.

    bwrap's ``--die-with-parent`` takes effect only once bwrap runs: a grading worker killed
    between starting this launcher and bwrap's start (Ctrl-C, ``kill -9`` of ``medsos
    grade``) left bwrap and its kernel running for good, re-parented to init. The setting made
    here survives ``execve`` (bwrap is not set-uid); a launcher whose parent is already not
    ``expected_parent`` (its pid, from :data:`PARENT_ENV`) ends at once.
    """
    parent = os.getppid()
    if expected_parent and expected_parent.isdigit():
        parent = int(expected_parent)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
        return
    if os.getppid() != parent:
        os._exit(1)


def _drop_privileges(uid: int, gid: int) -> None:
    for dirpath, dirnames, filenames in os.walk(HOME):
        for name in (*dirnames, *filenames):
            os.lchown(os.path.join(dirpath, name), uid, gid)
    os.chown(HOME, uid, gid)
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getuid() == 0 or os.geteuid() == 0:
        _fail("gagal menurunkan hak akses root di dalam sandbox.")


def _set_limits(limits: dict) -> None:
    import resource  # POSIX only: imported here, so the kit's other modules import anywhere

    mb = 2**20
    cpu = limits["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"],) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size_mb"] * mb,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _own_user_namespace(libc: ctypes.CDLL, uid: int, gid: int) -> None:
    """Enter a user namespace of our own, mapping only ``uid``/``gid``.

    RLIMIT_NPROC counts the processes of a user per user namespace (Linux 5.14+): without
    this, every sandbox running as ``nobody`` (parallel grading workers) would share one
    process budget. Nested user namespaces are then forbidden, as bwrap's --disable-userns.
    """
    # setuid() left the process non-dumpable, which makes /proc/self/* root's; undo that.
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    # Try in a child first: a half-made namespace (e.g. AppArmor's restriction of
    # unprivileged user namespaces refuses the id maps) cannot be left again.
    child = os.fork()
    if child == 0:
        try:
            _enter_user_namespace(libc, uid, gid)
        except OSError:
            os._exit(1)
        os._exit(0)
    if os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0:
        try:
            _enter_user_namespace(libc, uid, gid)
            return
        except OSError:
            _fail("gagal menyiapkan user namespace sandbox.")
    print(
        "medsos sandbox: user namespace tidak tersedia; batas proses dihitung bersama "
        "untuk semua sandbox yang berjalan sebagai pengguna yang sama.",
        file=sys.stderr,
    )


def _enter_user_namespace(libc: ctypes.CDLL, uid: int, gid: int) -> None:
    if libc.unshare(CLONE_NEWUSER) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER)")
    for name, text in (
        ("setgroups", "deny"),
        ("uid_map", f"{uid} {uid} 1"),
        ("gid_map", f"{gid} {gid} 1"),
    ):
        with open(f"/proc/self/{name}", "w", encoding="ascii") as f:
            f.write(text)
    with (
        contextlib.suppress(OSError),
        open("/proc/sys/user/max_user_namespaces", "w", encoding="ascii") as f,
    ):
        f.write("0")


# System calls trainee code never needs and that widen the kernel's attack surface (the core
# of Docker's default seccomp profile): debugging other processes, kernel keyrings, eBPF,
# perf, userfaultfd, io_uring, mounts and namespaces, modules, handles, swap, reboot.
# System calls added since Linux 5.1 have the same number on every architecture.
SHARED_SYSCALLS = {
    "io_uring_setup": 425,
    "io_uring_enter": 426,
    "io_uring_register": 427,
    "open_tree": 428,
    "move_mount": 429,
    "fsopen": 430,
    "fsconfig": 431,
    "fsmount": 432,
    "fspick": 433,
    "mount_setattr": 442,
}
DENIED_SYSCALLS = {
    # AUDIT_ARCH_X86_64; x32 system calls (nr >= 0x40000000) are refused as a whole.
    "x86_64": (
        0xC000003E,
        {
            "ptrace": 101,
            "syslog": 103,
            "vhangup": 153,
            "pivot_root": 155,
            "acct": 163,
            "mount": 165,
            "umount2": 166,
            "swapon": 167,
            "swapoff": 168,
            "reboot": 169,
            "init_module": 175,
            "delete_module": 176,
            "quotactl": 179,
            "lookup_dcookie": 212,
            "kexec_load": 246,
            "add_key": 248,
            "request_key": 249,
            "keyctl": 250,
            "unshare": 272,
            "perf_event_open": 298,
            "name_to_handle_at": 303,
            "open_by_handle_at": 304,
            "setns": 308,
            "finit_module": 313,
            "kexec_file_load": 320,
            "bpf": 321,
            "userfaultfd": 323,
            **SHARED_SYSCALLS,
        },
    ),
    # AUDIT_ARCH_AARCH64 (the generic system call table).
    "aarch64": (
        0xC00000B7,
        {
            "lookup_dcookie": 18,
            "umount2": 39,
            "mount": 40,
            "pivot_root": 41,
            "vhangup": 58,
            "quotactl": 60,
            "acct": 89,
            "unshare": 97,
            "kexec_load": 104,
            "init_module": 105,
            "delete_module": 106,
            "syslog": 116,
            "ptrace": 117,
            "reboot": 142,
            "add_key": 217,
            "request_key": 218,
            "keyctl": 219,
            "swapon": 224,
            "swapoff": 225,
            "perf_event_open": 241,
            "name_to_handle_at": 264,
            "open_by_handle_at": 265,
            "setns": 268,
            "finit_module": 273,
            "bpf": 280,
            "userfaultfd": 282,
            "kexec_file_load": 294,
            **SHARED_SYSCALLS,
        },
    ),
}
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_EPERM = 0x00050000 | 1


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]] | None:
    """A classic-BPF seccomp filter refusing DENIED_SYSCALLS with EPERM (None: unknown CPU)."""
    if machine not in DENIED_SYSCALLS:
        return None
    arch, denied = DENIED_SYSCALLS[machine]
    ld_w_abs, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    numbers = sorted(set(denied.values()))
    program = [(ld_w_abs, 0, 0, 4)]  # seccomp_data.arch
    refuse_at = 4 + len(numbers) + (machine == "x86_64")  # index of the final RET EPERM
    program.append((jeq, 0, refuse_at - 2, arch))  # another ABI (i386 on x86_64): refuse
    program.append((ld_w_abs, 0, 0, 0))  # seccomp_data.nr
    if machine == "x86_64":
        program.append((jge, refuse_at - 4, 0, 0x40000000))
    for number in numbers:
        program.append((jeq, refuse_at - len(program) - 1, 0, number))
    program.append((ret, 0, 0, SECCOMP_RET_ALLOW))
    program.append((ret, 0, 0, SECCOMP_RET_EPERM))
    assert len(program) == refuse_at + 1
    return program


def _load_seccomp(libc: ctypes.CDLL) -> None:
    program = seccomp_program(os.uname().machine)
    if program is None:
        print("medsos sandbox: filter seccomp tidak tersedia untuk CPU ini.", file=sys.stderr)
        return
    filters = (_SockFilter * len(program))(*(_SockFilter(*ins) for ins in program))
    fprog = _SockFprog(len(program), filters)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        _fail("gagal memasang filter seccomp.")


def inner(spec: dict, kernel_argv: list[str]) -> None:
    """Drop privileges, set limits and exec the kernel (runs inside the sandbox)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if os.getuid() == 0:
        _drop_privileges(spec["uid"], spec["gid"])
        _own_user_namespace(libc, spec["uid"], spec["gid"])
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        _fail("gagal mengaktifkan no_new_privs.")
    _set_limits(spec["limits"])
    _load_seccomp(libc)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.umask(0o022)
    # The kernel's own stdout (connection notes, output of child programs) is noise in the
    # grading log; cell output travels over the kernel's sockets. stderr is kept for crashes.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    os.execv(kernel_argv[0], kernel_argv)


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == INNER_FLAG and argv[2] == "--":
        inner(json.loads(argv[1]), argv[3:])
    elif len(argv) >= 4 and argv[0] == SELFTEST_FLAG and argv[3] == "--":
        # launcher.py --selftest CONFIG CONNECTION_FILE -- COMMAND...: the availability check.
        outer(argv[1], ["-f", argv[2]], command=argv[4:])
    elif len(argv) >= 3:
        outer(argv[0], argv[1:])
    else:
        _fail("pemakaian: launcher.py CONFIG.json -f FILE_KONEKSI [argumen kernel...]")


if __name__ == "__main__":
    main(sys.argv[1:])
