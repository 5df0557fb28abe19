"""Hostile code cells for sandbox tests.

Every probe prints one line ``HASIL <name> <outcome>``: ``BERHASIL`` when the attack worked,
otherwise the exception it met (or a measured value). Every attack is bounded: timeouts on
sockets, a cap on loops, children that exit on their own.
"""

from __future__ import annotations

import re
from textwrap import indent

TRACE_FILE = "medsos-sandbox-jejak-3b9c.txt"
RESULT = re.compile(r"^HASIL (\S+) (.*)$", re.MULTILINE)


def probe(name: str, body: str) -> str:
    """A cell that runs ``body`` and reports BERHASIL or the exception's class name."""
    return (
        "try:\n"
        f"{indent(body.strip(), '    ')}\n"
        f"    print('HASIL {name} BERHASIL')\n"
        "except BaseException as exc:\n"
        f"    print('HASIL {name}', type(exc).__name__)\n"
    )


def probes(course: str, student: str, other: str, port: int, run_dir: str) -> list[str]:
    """Attacks on the files, the network and the environment of the grading machine."""
    graded = f"{course}/autograded/{student}/ps1/ps1.ipynb"
    return [
        probe("baca_sumber", f"open({course + '/source/ps1/ps1.ipynb'!r}).read()"),
        probe("baca_salinan_nbgrader", f"open({graded!r}).read()"),
        probe("baca_salinan_di_folder_kerja", "open('ps1.ipynb').read()"),
        probe("lihat_folder_kursus", f"assert __import__('os').listdir({course!r})"),
        probe(
            "buka_gradebook",
            "import sqlite3\n"
            f"sqlite3.connect('file:{course}/gradebook.db?mode=ro', uri=True)"
            ".execute('select count(*) from grade').fetchall()",
        ),
        probe("tulis_folder_kursus", f"open({course + '/bocor.txt'!r}, 'w').write('x')"),
        probe(
            "tulis_folder_peserta_lain",
            f"open({course + '/submitted/' + other + '/ps1/ps1.ipynb'!r}, 'w').write('{{}}')",
        ),
        probe("tulis_folder_kerja", f"open('{TRACE_FILE}', 'w').write('x')"),
        probe("tulis_tmp", f"open('/tmp/{TRACE_FILE}', 'w').write('x')"),
        probe("tulis_root", f"open('/{TRACE_FILE}', 'w').write('x')"),
        probe(
            "koneksi_lokal",
            f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2).close()",
        ),
        probe(
            "koneksi_luar",
            "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=2).close()",
        ),
        probe(
            "namespace_pengguna_baru",
            "import ctypes, os\n"
            "if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:\n"
            "    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))",
        ),
        probe(
            "keyctl",
            "import ctypes, os\n"
            "number = {'x86_64': 250, 'aarch64': 219}[os.uname().machine]\n"
            "if ctypes.CDLL(None, use_errno=True).syscall(number, 0, -3, 0) < 0:\n"
            "    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))",
        ),
        probe("lihat_folder_sandbox", f"assert __import__('os').listdir({run_dir!r})"),
        "mounts = [line.split() for line in open('/proc/self/mounts')]\n"
        "print('HASIL mount_tulis', ','.join(sorted(m[1] for m in mounts if 'rw' in"
        " m[3].split(',') and m[2] not in ('tmpfs', 'proc', 'mqueue', 'devpts'))))",
        "import resource\n"
        "print('HASIL batas', *(resource.getrlimit(getattr(resource, 'RLIMIT_' + name))[0]"
        " for name in ('AS', 'CPU', 'NPROC', 'FSIZE')))",
        "import os\n"
        "print('HASIL variabel_instruktur',"
        " 'BOCOR' if 'MEDSOS_RAHASIA_INSTRUKTUR' in os.environ else 'AMAN')\n"
        "print('HASIL uid', os.getuid())\n"
        "print('HASIL proses_terlihat', sum(p.isdigit() for p in os.listdir('/proc')))",
    ]


def resource_attacks() -> list[str]:
    """Attacks on memory, processes and disk; the kernel survives all of them."""
    return [
        probe("alokasi_sekaligus", "buang = bytearray(8 * 2**30)"),
        probe(
            "alokasi_bertahap",
            "buang = []\nfor _ in range(200):\n    buang.append(bytearray(64 * 2**20))",
        ),
        "buang = None\n"
        "import os, time\n"
        "anak = []\n"
        "try:\n"
        "    for _ in range(300):\n"
        "        pid = os.fork()\n"
        "        if pid == 0:\n"
        "            time.sleep(2)\n"
        "            os._exit(0)\n"
        "        anak.append(pid)\n"
        "    print('HASIL fork_banyak BERHASIL', len(anak))\n"
        "except OSError as exc:\n"
        "    print('HASIL fork_banyak', len(anak), type(exc).__name__)\n"
        "for pid in anak:\n"
        "    os.waitpid(pid, 0)",
        probe(
            "berkas_besar",
            "with open('besar.bin', 'wb') as f:\n    f.write(b'0' * (64 * 2**20))",
        ),
    ]


SHADOW_MODULE = (
    "# A module submitted beside the notebook, named like one the answer or the tests import.\n"
    "print('HASIL modul_bayangan BERHASIL')\n"
    "def read_csv(*args, **kwargs):\n"
    "    raise RuntimeError('palsu')\n"
)


def daemon(marker: str) -> str:
    """Leave a double-forked, session-leading process behind (it would sleep 2 minutes);
    ``marker`` is in its command line, so the host can look for it afterwards."""
    return (
        "import os, sys\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', 'import time; "
        f"time.sleep(120)', {marker!r}])\n"
        "    os._exit(0)\n"
        "os.wait()\n"
        "print('HASIL daemon_dimulai BERHASIL')"
    )


def hook_printing_later_cells() -> str:
    """Print the source of every later cell, hidden tests included, into its output."""
    return (
        "def bocorkan(info):\n"
        "    print('SEL BERIKUTNYA:', info.raw_cell)\n"
        "get_ipython().events.register('pre_run_cell', bocorkan)"
    )


def accidental_endless_loop() -> str:
    """An honest mistake: nbgrader's timeout interrupts it and grading goes on."""
    return "n = 0\nwhile n >= 0:\n    n += 1"


def endless_loop_ignoring_interrupts() -> str:
    return "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"


def output_flood() -> str:
    return "for i in range(30_000):\n    print('x' * 100)"


def results(text: str) -> dict[str, str]:
    """Parse the ``HASIL`` lines of a notebook's text output."""
    return {name: outcome.strip() for name, outcome in RESULT.findall(text)}


JS_MARKER = "medsos_js_penanda_5d1c"


def hook_leaking_in_every_output_type() -> str:
    """A pre_run_cell hook emitting each later cell (hidden tests included) as JavaScript,
    as text with an ANSI escape or a zero-width space between characters, as HTML with an
    empty tag between characters, and as SVG text; then HTML carrying a script."""
    return (
        "import html as _html\n"
        "from IPython.display import display\n"
        "def bocor(info):\n"
        "    lines = info.raw_cell.splitlines()\n"
        "    display({'application/javascript': info.raw_cell}, raw=True)\n"
        "    print('\\n'.join('\\x1b[!p'.join(line) for line in lines))\n"
        "    print('\\n'.join('\\u200b'.join(line) for line in lines))\n"
        "    display({'text/html': '<br>'.join('<i></i>'.join(_html.escape(line))"
        " for line in lines), 'text/plain': 'html'}, raw=True)\n"
        "    svg = ''.join(f'<text>{_html.escape(line)}</text>' for line in lines)\n"
        "    display({'image/svg+xml': f'<svg xmlns=\"http://www.w3.org/2000/svg\">{svg}</svg>',"
        " 'text/plain': 'svg'}, raw=True)\n"
        "get_ipython().events.register('pre_run_cell', bocor)\n"
        f"display({{'text/html': '<b>halo</b><script>{JS_MARKER}()</script>"
        f"<img src=x onerror=\"{JS_MARKER}()\">', 'text/plain': 'halo'}}, raw=True)\n"
    )
