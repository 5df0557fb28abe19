"""Bahasa Indonesia for argparse's own words ("usage:", "options", its error messages).

argparse translates every word it prints through gettext (``argparse._`` and
``argparse.ngettext``, bound at import from :mod:`gettext`). The standard way to translate
them is a gettext catalogue, but gettext picks its language from ``LANGUAGE``/``LANG``, and
setting those would also change the language of every program ``medsos`` starts (nbgrader,
JupyterHub, apt). So :func:`install` points argparse's two translation functions at a
small :class:`gettext.NullTranslations` catalogue of the kit's own, in this process only.
Messages missing from the catalogue (a future Python's new wording) stay English.
"""

from __future__ import annotations

import argparse
import gettext

# argparse's message ids (Python 3.11-3.13) -> Bahasa Indonesia. Placeholders are kept.
MESSAGES: dict[str, str] = {
    "usage: ": "cara pakai: ",
    "positional arguments": "argumen",
    "options": "pilihan",
    "optional arguments": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n"
    "Ketik '%(prog)s --help' untuk melihat cara pakainya.\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan tidak dikenal: %(value)r (pilih salah satu: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "expected one argument": "perlu diikuti satu nilai",
    "expected at most one argument": "paling banyak diikuti satu nilai",
    "expected at least one argument": "perlu diikuti paling sedikit satu nilai",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "not allowed with argument %s": "tidak boleh dipakai bersama argumen %s",
    "one of the arguments %s is required": "salah satu argumen berikut wajib diisi: %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "pilihan %(option)s kurang lengkap: bisa berarti %(matches)s"
    ),
    "ignored explicit argument %r": "nilai %r diabaikan",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "perintah tidak dikenal: %(parser_name)r (pilihan: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "tidak bisa membuka '%(filename)s': %(error)s",
}

# ngettext's (singular, plural) -> one Indonesian form (Indonesian nouns do not inflect).
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "perlu diikuti %s nilai",
}


class Catalogue(gettext.NullTranslations):
    """The kit's translations of argparse's words; unknown messages pass through."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return PLURALS.get((msgid1, msgid2), msgid1 if n == 1 else msgid2)


CATALOGUE = Catalogue()


def install() -> None:
    """Make argparse print Bahasa Indonesia in this process."""
    argparse._ = CATALOGUE.gettext  # type: ignore[attr-defined]
    argparse.ngettext = CATALOGUE.ngettext  # type: ignore[attr-defined]
