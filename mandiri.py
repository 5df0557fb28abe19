"""Belajar mandiri: siapkan kit dan buka JupyterLab, hanya dengan Python (tanpa make).

    python mandiri.py                   (Windows: py mandiri.py; macOS/Linux: python3 ...)
    python mandiri.py periksa <notebook>   (periksa jawaban sendiri: medsos periksa)

Self-study set-up for a laptop that has only Python from python.org (Windows, macOS or
Linux): creates ``.venv`` beside this file, installs the kit into it with the pinned versions
of ``constraints.txt`` (the same install as ``make``), copies the kit's Jupyter files, then
runs ``medsos lab`` (JupyterLab in Bahasa Indonesia, opened on ``release/``). A second run
skips the install unless ``pyproject.toml`` or ``constraints.txt`` changed. Arguments after
the options go to JupyterLab (e.g. ``--no-browser --port 8890``); ``periksa <notebook>``
runs ``medsos periksa`` with the kit's Python instead (no activated environment needed).

Kept runnable by old Pythons (no newer syntax), so that they can say which version is needed.
"""

import os
import subprocess
import sys
import venv

KIT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(KIT, ".venv")
MARKER = os.path.join(VENV, ".installed-mandiri")
MINIMUM = (3, 11)
INPUTS = ("pyproject.toml", "constraints.txt")

PYTHON_TOO_OLD = """
Python Anda versi {found}, sedangkan kit ini butuh Python {need} atau lebih baru.
Pasang Python terbaru dari https://www.python.org/downloads/ (di Windows centang
"Add python.exe to PATH" saat memasang), tutup lalu buka lagi jendela terminal, dan
jalankan perintah ini lagi. Di Windows dengan beberapa versi Python: py -3.12 mandiri.py
"""

INSTALL_FAILED = """
Pemasangan kit GAGAL (lihat pesan pip di atas). Yang biasanya menolong:
  1. Pastikan komputer tersambung ke internet: pemasangan pertama mengunduh paket
     (sekitar 300 MB) dari PyPI. Sesudah terpasang, kursus berjalan tanpa internet.
  2. Di jaringan kantor yang memakai proxy, isi dulu alamat proxy-nya, mis.
     Windows:      set HTTPS_PROXY=http://proxy.kantor:8080
     macOS/Linux:  export HTTPS_PROXY=http://proxy.kantor:8080
  3. Hapus folder .venv di folder kit, lalu jalankan lagi perintah yang sama.
Bila tetap gagal, kirim pesan di atas kepada instruktur atau tim TI.
"""


def say(text: str) -> None:
    print(text, flush=True)


def venv_python() -> str:
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def up_to_date() -> bool:
    if not (os.path.isfile(MARKER) and os.path.isfile(venv_python())):
        return False
    done = os.path.getmtime(MARKER)
    return all(os.path.getmtime(os.path.join(KIT, name)) <= done for name in INPUTS)


def run(command: list) -> None:
    result = subprocess.run(command, cwd=KIT)
    if result.returncode != 0:
        say(INSTALL_FAILED)
        sys.exit(1)


def install() -> None:
    if not os.path.isfile(venv_python()):
        say("Membuat lingkungan Python kit di " + VENV + " ...")
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = venv_python()
    say("Memasang kit dan paketnya (pertama kali beberapa menit) ...")
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=24"])
    run([python, "-m", "pip", "install", "-c", "constraints.txt", "-e", "."])
    run([python, "-c", "from medsos.lab import install_jupyter_files; install_jupyter_files()"])
    with open(MARKER, "w", encoding="utf-8") as marker:
        marker.write("terpasang oleh mandiri.py\n")
    say("Kit terpasang.")


def main(argv: list) -> int:
    if sys.version_info[:2] < MINIMUM:
        found = ".".join(str(part) for part in sys.version_info[:3])
        say(PYTHON_TOO_OLD.format(found=found, need=".".join(str(p) for p in MINIMUM)))
        return 1
    if "-h" in argv or "--help" in argv:
        say(__doc__)
        return 0
    if not os.path.isfile(os.path.join(KIT, "pyproject.toml")):
        say("mandiri.py harus berada di folder kit (bersama pyproject.toml).")
        return 1
    if not up_to_date():
        install()
    if argv[:1] == ["periksa"]:
        return subprocess.call([venv_python(), "-m", "medsos.cli", *argv], cwd=os.getcwd())
    say("Membuka JupyterLab. Untuk berhenti: tekan Ctrl+C di jendela ini (dua kali bila perlu).")
    command = [venv_python(), "-m", "medsos.cli", "lab"]
    if argv:
        command += ["--", *argv]
    try:
        return subprocess.call(command, cwd=KIT)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
