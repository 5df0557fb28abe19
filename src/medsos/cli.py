"""The ``medsos`` command: argument parsing only; each subcommand calls one module."""

from __future__ import annotations

import argparse
import os
import sys
import sysconfig
from collections.abc import Sequence


def _cmd_datasets(args: argparse.Namespace) -> int:
    from medsos.datasets import cli as datasets_cli

    return datasets_cli.run(check_only=args.check, output=args.output)


def _cmd_build(args: argparse.Namespace) -> int:
    from medsos import build

    return build.run(args.tugas, check=not args.no_check)


def _cmd_demo(args: argparse.Namespace) -> int:
    from medsos import cycle

    return cycle.demo(folder=args.folder, datasets=not args.no_datasets)


def _cmd_lab(args: argparse.Namespace) -> int:
    from medsos import lab

    extra = args.jupyter_args[1:] if args.jupyter_args[:1] == ["--"] else args.jupyter_args
    return lab.run(start_in=args.folder, extra=extra)


def _cmd_grade(args: argparse.Namespace) -> int:
    from medsos.grading import run

    return run.main(
        args.tugas,
        workers=args.workers,
        regrade=args.ulang,
        students=args.peserta,
        db_url=args.db,
        sandbox=not args.tanpa_sandbox,
        collect_first=not args.tanpa_ambil,
        course_dir=args.kursus,
    )


def _cmd_moodle(args: argparse.Namespace) -> int:
    from medsos.grading import export

    return export.moodle_main(
        key=args.kunci,
        scale=args.skala,
        output=args.keluaran,
        db_url=args.db,
        course_dir=args.kursus,
    )


def _cmd_periksa(args: argparse.Namespace) -> int:
    from medsos import periksa

    sandbox = False if args.tanpa_sandbox else None
    return periksa.main(args.notebook, sandbox=sandbox, output_dir=args.keluaran)


def _cmd_rapor(args: argparse.Namespace) -> int:
    from medsos import rapor

    return rapor.run(args.berkas, output=args.keluaran)


def _cmd_hub(args: argparse.Namespace) -> int:
    try:
        from medsos.hub import commands
    except ImportError as exc:  # not a Linux server (Windows), or the [hub] extra is missing
        from medsos.posix import server_unavailable

        print(server_unavailable(exc), file=sys.stderr)
        return 2

    action = args.hub_command
    if action == "siapkan":
        return commands.siapkan(
            args.roster,
            instruktur=args.instruktur,
            folder=args.folder,
            db_url=args.db,
            port=args.port,
            ip=args.ip,
            hub_port=args.port_hub,
            proxy_api_port=args.port_proxy,
            formgrader_port=args.port_formgrader,
            mem_limit=args.memori,
            idle_timeout=args.batas_diam * 60,
            proxy=args.proxy,
            alamat=args.alamat,
            homes=args.rumah,
            perbarui_kursus=args.perbarui_kursus,
        )
    if action == "mulai":
        return commands.mulai(args.folder)
    if action == "tambah":
        return commands.tambah(
            args.folder,
            roster=args.roster,
            nip=args.nip,
            nama=args.nama,
            instansi=args.instansi,
            email=args.email,
            instruktur=args.instruktur,
        )
    if action == "sandi":
        return commands.sandi(args.login, args.folder)
    if action == "kiriman":
        return commands.kiriman(args.tugas, args.folder)
    if action == "bagikan":
        return commands.bagikan(args.tugas, args.folder)
    if action == "hapus":
        return commands.hapus(args.folder, arsip=args.arsip, ya=args.ya)
    extra = [f"--workers={args.workers}"] if args.workers else []
    extra += ["--ulang"] if args.ulang else []
    extra += [f"--peserta={p}" for p in args.peserta]
    return commands.nilai(args.tugas, args.folder, extra)


def _add_hub_parser(sub) -> None:
    hub = sub.add_parser(
        "hub",
        help="kelas di server: JupyterHub untuk peserta dan instruktur (siapkan, mulai, ...)",
        description=(
            "Satu kelas di satu server: JupyterHub dengan satu JupyterLab per peserta, "
            "exchange nbgrader bersama, formgrader untuk instruktur, dan buku nilai PostgreSQL. "
            "Perintah yang membuat akun dijalankan sebagai root."
        ),
    )
    hsub = hub.add_subparsers(dest="hub_command", metavar="LANGKAH", required=True)
    folder_help = "folder kelas di server (bawaan: /srv/medsos)"

    p = hsub.add_parser(
        "siapkan",
        help="siapkan kelas dari daftar peserta: akun, kursus, exchange, buku nilai, kartu masuk",
        description=(
            "Membuat akun setiap peserta dan instruktur (kata sandi awal sekali pakai di kartu "
            "yang dapat dicetak), menyalin kursus ke folder khusus instruktur, menyiapkan "
            "exchange nbgrader, buku nilai PostgreSQL, dan konfigurasi JupyterHub. Aman "
            "diulang: akun yang sudah ada tidak diubah."
        ),
    )
    p.add_argument(
        "--roster", required=True, help="daftar peserta (CSV atau XLSX: NIP, nama, instansi, email)"
    )
    p.add_argument(
        "--instruktur", default=None, metavar="FILE", help="daftar instruktur (format sama)"
    )
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help=(
            "URL buku nilai PostgreSQL (bawaan: MEDSOS_DB_URL, atau dibuat di "
            "PostgreSQL server ini)"
        ),
    )
    p.add_argument("--port", type=int, default=8000, help="port alamat kelas (bawaan: 8000)")
    p.add_argument("--ip", default="", help="alamat IP yang didengarkan (bawaan: semua)")
    p.add_argument("--port-hub", type=int, default=8081, help="port internal hub (bawaan: 8081)")
    p.add_argument("--port-proxy", type=int, default=8001, help="port API proxy (bawaan: 8001)")
    p.add_argument(
        "--port-formgrader", type=int, default=9911, help="port internal formgrader (bawaan: 9911)"
    )
    p.add_argument("--memori", default="2G", help="batas memori server tiap peserta (bawaan: 2G)")
    p.add_argument(
        "--batas-diam",
        type=int,
        default=60,
        metavar="MENIT",
        help="hentikan server yang diam selama ini (bawaan: 60 menit)",
    )
    p.add_argument(
        "--proxy",
        default=None,
        metavar="PATH",
        help="lokasi configurable-http-proxy (bawaan: dicari otomatis)",
    )
    p.add_argument(
        "--alamat",
        default="",
        metavar="URL",
        help="alamat kelas yang dicetak di kartu, mis. https://kelas.bpsdm.jatimprov.go.id/",
    )
    p.add_argument(
        "--rumah",
        default="/home",
        metavar="FOLDER",
        help="folder rumah akun peserta (bawaan: /home)",
    )
    p.add_argument(
        "--perbarui-kursus",
        action="store_true",
        help="salin ulang source/ dan release/ dari kit ke folder kursus",
    )
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "mulai",
        help="jalankan server kelas (JupyterHub) di terminal ini",
        description=(
            "Menjalankan JupyterHub kelas; Ctrl+C menghentikannya. Pekerjaan peserta "
            "tetap tersimpan."
        ),
    )
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "tambah",
        help="tambah peserta (atau instruktur) yang terlambat",
        description=(
            "Membuat akun peserta baru dari file atau dari NIP, nama dan instansi, "
            "dan mencetak kartu masuknya."
        ),
    )
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.add_argument(
        "--roster", default=None, metavar="FILE", help="file peserta tambahan (CSV atau XLSX)"
    )
    p.add_argument("--nip", default=None, help="NIP 18 angka")
    p.add_argument("--nama", default=None, help="nama lengkap")
    p.add_argument("--instansi", default=None, help="instansi / perangkat daerah")
    p.add_argument("--email", default=None, help="email (boleh kosong)")
    p.add_argument("--instruktur", action="store_true", help="tambahkan sebagai instruktur")
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "sandi",
        help="atur ulang kata sandi seseorang yang lupa",
        description=(
            "Memberi kata sandi awal baru (sekali pakai, harus diganti saat masuk) "
            "dan mencetak kartunya."
        ),
    )
    p.add_argument("login", help="login atau NIP orang itu")
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "kiriman",
        help="siapa yang sudah dan belum mengumpulkan",
        description=(
            "Menampilkan, per tugas, setiap peserta di daftar beserta jumlah dan "
            "waktu kiriman terakhirnya (WIB)."
        ),
    )
    p.add_argument(
        "tugas",
        nargs="?",
        default=None,
        help="nama tugas (bawaan: semua tugas yang ada kirimannya)",
    )
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "bagikan",
        help="bagikan tugas kepada peserta (generate + release nbgrader)",
        description=(
            "Membuat versi peserta dan mencatat tugas di buku nilai, lalu menaruhnya di exchange."
        ),
    )
    p.add_argument("tugas", help="nama tugas, mis. 00-pengenalan")
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "nilai",
        help="medsos grade di server kelas (akun penilai, buku nilai PostgreSQL)",
        description=(
            "Menjalankan medsos grade sebagai akun penilai di folder kursus kelas, "
            "dengan buku nilai dan exchange kelas."
        ),
    )
    p.add_argument("tugas", help="nama tugas")
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.add_argument("--workers", type=int, default=None, metavar="N", help="jumlah proses penilai")
    p.add_argument("--ulang", action="store_true", help="nilai ulang semua kiriman")
    p.add_argument("--peserta", action="append", default=[], metavar="ID", help="hanya peserta ini")
    p.set_defaults(func=_cmd_hub)

    p = hsub.add_parser(
        "hapus",
        help="akhiri kelas: arsipkan semua pekerjaan, lalu hapus akun dan folder kelas",
        description=(
            "Mengakhiri kelas di server ini. Pekerjaan setiap peserta dan instruktur, exchange, "
            "folder kursus (kiriman, umpan balik, ekspor nilai) dan daftar peserta disimpan "
            "dulu dalam satu arsip .tar.gz; lalu akun kelas beserta folder rumahnya, grup, dan "
            "folder kelas dihapus. Buku nilai PostgreSQL tidak dihapus. Server kelas harus "
            "sudah dihentikan. Tanpa --ya hanya ditampilkan apa yang akan dilakukan."
        ),
    )
    p.add_argument("--folder", default="/srv/medsos", help=folder_help)
    p.add_argument(
        "--arsip",
        default=None,
        metavar="FILE",
        help="file arsip (bawaan: arsip-kelas-<tanggal>.tar.gz di folder sekarang)",
    )
    p.add_argument("--ya", action="store_true", help="benar-benar jalankan (arsip lalu hapus)")
    p.set_defaults(func=_cmd_hub)


def build_parser() -> argparse.ArgumentParser:
    from medsos import argparse_id

    argparse_id.install()
    parser = argparse.ArgumentParser(
        prog="medsos",
        description=(
            "Kit kursus pengelolaan media sosial instansi Pemprov Jatim berbasis data. "
            "Perintah untuk instruktur dan pengembang."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)

    p = sub.add_parser(
        "datasets",
        help="buat ulang dataset sintetis di datasets/, validasi, dan tampilkan ringkasannya",
        description=(
            "Membuat ulang semua tabel dataset sintetis (benih acak tetap, hasil selalu sama), "
            "memvalidasinya terhadap skema, menulis kamus data datasets/README.md, "
            "dan mencetak ringkasan beserta pola yang ditanam."
        ),
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="hanya validasi file yang ada dan tampilkan ringkasan, tanpa menulis ulang",
    )
    p.add_argument("--output", default=None, help="folder tujuan (bawaan: datasets/ di kit)")
    p.set_defaults(func=_cmd_datasets)

    p = sub.add_parser(
        "build",
        help="buat ulang release/ dari source/ lewat nbgrader dan periksa setiap tugas",
        description=(
            "Menyalin tabel yang dipakai tiap tugas dari datasets/ ke source/<tugas>/data/, "
            "membuat ulang release/<tugas>/ dengan nbgrader generate_assignment, lalu memeriksa: "
            "notebook tersimpan bersih (tanpa output, sel instruksi dan uji terkunci), jawaban "
            "kunci mendapat nilai penuh, dan notebook kosong mendapat 0."
        ),
    )
    p.add_argument("tugas", nargs="*", help="nama tugas, mis. 00-pengenalan (bawaan: semua)")
    p.add_argument("--no-check", action="store_true", help="lewati pemeriksaan nilai (lebih cepat)")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser(
        "demo",
        help="peragakan seluruh siklus nbgrader dengan tiga peserta simulasi",
        description=(
            "Membuat ulang dan memvalidasi dataset, menjalankan medsos build, lalu di folder "
            "kerja terpisah: generate, release, tiga peserta (jawaban lengkap, sebagian, kosong) "
            "fetch dan submit, collect, autograde, umpan balik, dan ekspor nilai. Mencetak tabel "
            "nilai dan letak file umpan balik HTML."
        ),
    )
    p.add_argument("--folder", default=None, help="folder kerja demo (bawaan: demo/ di kit)")
    p.add_argument(
        "--no-datasets", action="store_true", help="jangan buat ulang dataset sebelum demo"
    )
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "lab",
        help="buka JupyterLab pada kursus dengan tampilan Bahasa Indonesia",
        description=(
            "Menjalankan JupyterLab dari folder kursus (agar tombol Validate dan nbgrader "
            "memakai nbgrader_config.py), dengan tampilan Bahasa Indonesia sebagai bawaan dan "
            "penjelajah file dibuka pada release/."
        ),
    )
    p.add_argument(
        "--folder", default="release", help="folder yang dibuka pertama kali (bawaan: release)"
    )
    p.add_argument(
        "jupyter_args",
        nargs=argparse.REMAINDER,
        help="argumen tambahan untuk jupyter lab, mis. -- --no-browser --port 8889",
    )
    p.set_defaults(func=_cmd_lab)

    p = sub.add_parser(
        "grade",
        help="nilai tugas: ambil kiriman, nilai paralel, umpan balik, ekspor nilai, laporan",
        description=(
            "Mengambil kiriman dari exchange, menilai setiap kiriman baru secara paralel dengan "
            "autograde nbgrader (kode peserta berjalan di sandbox), memberi status tiap kiriman "
            "(dinilai, perlu dinilai manual, terlambat, tidak dapat dinilai beserta alasannya), "
            "membuat dan mengirim umpan balik, mengekspor nilai ke laporan/<tugas>/nilai.csv "
            "dan nilai.xlsx, dan memperbarui laporan kohort laporan/laporan-kohort.html."
        ),
    )
    p.add_argument("tugas", help="nama tugas, mis. 00-pengenalan")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="jumlah proses penilai yang berjalan bersamaan (bawaan: 2 per inti CPU)",
    )
    p.add_argument(
        "--ulang",
        action="store_true",
        help="nilai ulang semua kiriman, termasuk yang sudah dinilai dan tidak berubah",
    )
    p.add_argument(
        "--peserta",
        action="append",
        default=[],
        metavar="ID",
        help="nilai (ulang) hanya kiriman peserta ini; boleh diulang untuk beberapa peserta",
    )
    p.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="alamat buku nilai (URL database nbgrader; bawaan: gradebook.db di folder kursus)",
    )
    p.add_argument(
        "--tanpa-sandbox",
        action="store_true",
        help=(
            "jalankan kode peserta TANPA sandbox (berbahaya: kode peserta dapat membaca soal "
            "tersembunyi dan buku nilai); hanya untuk mesin tanpa bubblewrap dan kiriman tepercaya"
        ),
    )
    p.add_argument(
        "--tanpa-ambil",
        action="store_true",
        help="jangan ambil kiriman dari exchange; nilai yang sudah ada di submitted/",
    )
    p.add_argument(
        "--kursus",
        default=None,
        metavar="FOLDER",
        help="folder kursus (berisi nbgrader_config.py; bawaan: folder kit ini)",
    )
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser(
        "moodle",
        help="ekspor nilai semua tugas ke CSV untuk impor nilai Moodle, dengan daftar peserta",
        description=(
            "Menulis laporan/nilai-moodle.csv: satu kolom pengenal peserta (NIP, email, atau "
            "login) dan satu kolom per tugas, dari buku nilai dan daftar peserta (peserta.csv "
            "atau peserta.xlsx di folder kursus, atau MEDSOS_ROSTER). Sel kosong: belum ada "
            "nilai akhir (tidak dinilai, belum mengumpulkan, jawaban tertulis belum dinilai)."
        ),
    )
    p.add_argument(
        "--kunci",
        choices=("nip", "email", "login"),
        default="nip",
        help="kolom pengenal untuk Moodle: nip (ID number), email, atau login (username)",
    )
    p.add_argument(
        "--skala",
        choices=("persen", "poin"),
        default="persen",
        help="nilai dalam persen 0-100 (bawaan; cocok untuk item nilai baru) atau poin",
    )
    p.add_argument(
        "--keluaran", default=None, metavar="FILE", help="bawaan: laporan/nilai-moodle.csv"
    )
    p.add_argument("--db", default=None, metavar="URL", help="alamat buku nilai (URL nbgrader)")
    p.add_argument(
        "--kursus", default=None, metavar="FOLDER", help="folder kursus (bawaan: folder kit ini)"
    )
    p.set_defaults(func=_cmd_moodle)

    p = sub.add_parser(
        "periksa",
        help="periksa sendiri notebook Anda dengan uji penilaian kursus (belajar mandiri)",
        description=(
            "Menilai notebook Anda dengan uji penilaian kursus yang sebenarnya, tanpa internet, "
            "di salinan kursus sementara (kode berjalan di sandbox penilaian bila komputer ini "
            "mendukungnya), lalu mencetak nilai per soal, bagian yang perlu ditinjau beserta "
            "pesan pemeriksaannya, dan letak halaman umpan balik. Notebook Anda tidak diubah. "
            "Tanpa folder source/ (peserta kelas), penilaian dilakukan oleh instruktur."
        ),
    )
    p.add_argument(
        "notebook", help="notebook yang diperiksa, mis. release/00-pengenalan/00-pengenalan.ipynb"
    )
    p.add_argument(
        "--keluaran",
        default=None,
        metavar="FOLDER",
        help="folder halaman umpan balik (bawaan: periksa/<tugas>/ di folder kursus)",
    )
    p.add_argument(
        "--tanpa-sandbox",
        action="store_true",
        help="jalankan notebook tanpa sandbox penilaian (bawaan: sandbox dipakai bila tersedia)",
    )
    p.set_defaults(func=_cmd_periksa)

    p = sub.add_parser(
        "rapor",
        help="buat rapor HTML akun instansi dari file ekspor platform (tanpa internet)",
        description=(
            "Membaca file ekspor Meta Business Suite, TikTok Studio, YouTube Studio, dan X apa "
            "adanya (file atau folder), lalu menulis satu rapor HTML berbahasa Indonesia: empat "
            "tujuan publikasi dari waktu ke waktu, perbandingan format dan jam unggah, porsi "
            "lapisan konten, lonjakan tanda negatif, tiga hal yang diubah bulan depan, periode "
            "dan batas data. Tidak ada data yang dikirim ke mana pun."
        ),
    )
    p.add_argument("berkas", nargs="+", help="file ekspor atau folder berisi file ekspor")
    p.add_argument(
        "--keluaran",
        "-o",
        default=None,
        metavar="FILE",
        help="file HTML yang ditulis (bawaan: rapor-medsos.html di folder ini)",
    )
    p.set_defaults(func=_cmd_rapor)

    _add_hub_parser(sub)
    return parser


def own_scripts_on_path() -> None:
    """Put this environment's scripts folder first on PATH for the commands the kit runs.

    nbgrader creates a gradebook by running ``alembic`` from PATH, and the kit runs
    ``jupyter``/``nbgrader`` commands: ``.venv/bin/medsos`` typed without activating the
    environment (as the README's server commands are) must still find its own.
    """
    scripts = sysconfig.get_path("scripts")
    paths = os.environ.get("PATH", "").split(os.pathsep)
    if scripts and os.path.isdir(scripts) and (not paths or paths[0] != scripts):
        os.environ["PATH"] = os.pathsep.join([scripts, *[p for p in paths if p != scripts]])


def main(argv: Sequence[str] | None = None) -> int:
    own_scripts_on_path()
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
