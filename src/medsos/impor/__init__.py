"""Readers of the platforms' own export files into the kit's two tidy tables.

:func:`read_exports` takes files or folders exactly as downloaded (Meta Business Suite
CSVs, TikTok Studio ZIP/CSV/XLSX, YouTube Studio ZIPs, X CSVs) and returns
:class:`Imported` with ``posts`` (one row per post: ``waktu_unggah``, ``jangkauan``,
``tayangan``, ``tonton``, ``suka``, ``komentar``, ``bagikan``, ``simpan``, ...) and ``daily``
(one row per account and day: ``pengikut``, ``bertambah``, ``berkurang``, ...). It reads
all files or none: any bad file raises :class:`ImportFailed` with one Bahasa Indonesia
message per problem. Columns are matched by name, never by position; personal data
(commenters, message texts) is never read.
"""

from medsos.impor.core import DAILY_COLUMNS, POST_COLUMNS, ImportProblem
from medsos.impor.reader import Imported, ImportFailed, read_exports

__all__ = [
    "DAILY_COLUMNS",
    "POST_COLUMNS",
    "ImportFailed",
    "ImportProblem",
    "Imported",
    "read_exports",
]
