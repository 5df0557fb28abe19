"""The ``medsos`` command: argument parsing only; each subcommand calls one module."""

from __future__ import annotations

import argparse
import sys
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


def build_parser() -> argparse.ArgumentParser:
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

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
