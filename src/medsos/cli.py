"""The ``medsos`` command: argument parsing only; each subcommand calls one module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _cmd_datasets(args: argparse.Namespace) -> int:
    from medsos.datasets import cli as datasets_cli

    return datasets_cli.run(check_only=args.check, output=args.output)


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

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
