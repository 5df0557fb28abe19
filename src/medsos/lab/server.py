"""Server side of the Tugas panel: JSON handlers under ``/medsos/tugas`` on nbgrader's own API.

Listing, fetching, submitting and fetching feedback go through nbgrader's
:class:`~nbgrader.server_extensions.assignment_list.handlers.AssignmentList` (the manager behind
nbgrader's own Assignment List, hence its exchange and configuration); checking a notebook goes
through nbgrader's :class:`~nbgrader.validator.Validator`. What this module adds is what the
trainee reads: states, messages and times (WIB) in Bahasa Indonesia, which cell to open, and
the checks before a submission (which notebooks are sent, when each was last saved, answer
cells still as released, failing checks).

nbgrader changes the process's working folder while it works, so every nbgrader call runs in
one worker thread at a time (:data:`_NBGRADER_LOCK`), off the server's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nbformat
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

WIB = ZoneInfo("Asia/Jakarta")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus")
BULAN += ("September", "Oktober", "November", "Desember")
_NBGRADER_LOCK = threading.Lock()
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

STATUS_LABEL = {
    "released": "Belum diambil",
    "fetched": "Sudah diambil, belum dikumpulkan",
    "submitted": "Sudah dikumpulkan",
    "feedback": "Umpan balik tersedia",
    "feedback_fetched": "Umpan balik sudah diambil",
}


def format_wib(moment: datetime | str | float | None) -> str | None:
    """A moment as Indonesians read it: ``2 Desember 2026 pukul 07.30 WIB``."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, int | float):
        moment = datetime.fromtimestamp(moment, tz=WIB)
    elif isinstance(moment, str):
        from nbgrader.utils import parse_utc

        moment = parse_utc(moment)
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(WIB)
    return f"{local.day} {BULAN[local.month - 1]} {local.year} pukul {local:%H.%M} WIB"


def _heading_before(cells: list, index: int) -> str:
    """The last Markdown heading above cell ``index`` (e.g. ``Soal 1.2 (2 poin)``)."""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def unanswered_cells(notebook_path: Path) -> list[dict]:
    """Answer cells (nbgrader solution cells) still exactly as released: nbgrader stores each
    released cell's checksum, so an unchanged checksum means the trainee has not answered."""
    from nbgrader import utils

    nb = nbformat.read(notebook_path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution") or "checksum" not in meta:
            continue
        if utils.compute_checksum(cell) == meta["checksum"]:
            found.append(
                {
                    "sel": index,
                    "grade_id": meta.get("grade_id", ""),
                    "judul": _heading_before(nb.cells, index),
                    "jenis": "jawaban tertulis" if cell.cell_type == "markdown" else "kode",
                }
            )
    return found


def _error_line(raw: str) -> str:
    text = _ANSI.sub("", raw or "").strip()
    if text == "You did not provide a response.":
        return "Belum dijawab."
    if text.startswith("Partial credit"):
        return "Sebagian pemeriksaan lolos, sebagian belum."
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    last = lines[-1] if lines else "Pemeriksaan gagal."
    missing = re.fullmatch(r"NameError: name '(\w+)' is not defined", last)
    if missing:
        return (
            f"Variabel {missing.group(1)} belum ada: tulis jawabannya di sel jawaban, "
            "lalu jalankan sel itu."
        )
    return last


def check_notebook(notebook_path: Path, config) -> dict:
    """Run nbgrader's Validator on a notebook and describe the result in Bahasa Indonesia,
    with the index of every failing cell so the panel can open it."""
    from nbgrader.validator import Validator

    results = Validator(config=config).validate(str(notebook_path))
    nb = nbformat.read(notebook_path, as_version=4)
    sources = {}
    for index, cell in enumerate(nb.cells):
        sources.setdefault(cell.source.strip(), index)

    def where(source: str) -> dict:
        index = sources.get(source.strip())
        if index is None:
            return {"sel": None, "judul": ""}
        grade_id = nb.cells[index].metadata.get("nbgrader", {}).get("grade_id", "")
        return {"sel": index, "grade_id": grade_id, "judul": _heading_before(nb.cells, index)}

    if "type_changed" in results:
        masalah = [
            {
                **where(item["source"]),
                "pesan": f"Jenis sel diubah dari {item['new_type']} menjadi {item['old_type']}; "
                "kembalikan jenisnya.",
            }
            for item in results["type_changed"]
        ]
        return {"lolos": False, "ringkasan": "Jenis sel ada yang berubah.", "masalah": masalah}
    if "changed" in results:
        masalah = [
            {**where(item["source"]), "pesan": "Sel uji yang dikunci telah diubah."}
            for item in results["changed"]
        ]
        return {"lolos": False, "ringkasan": "Sel uji ada yang berubah.", "masalah": masalah}
    masalah = [
        {**where(item["source"]), "pesan": _error_line(item.get("raw_error", ""))}
        for item in results.get("failed", [])
    ]
    if masalah:
        ringkasan = f"{len(masalah)} pemeriksaan belum lolos."
    else:
        ringkasan = "Semua pemeriksaan lolos."
    return {"lolos": not masalah, "ringkasan": ringkasan, "masalah": masalah}


class Tugas:
    """The panel's operations, on nbgrader's AssignmentList for one server root."""

    def __init__(self, root_dir: str, log=None, instructor: bool = False):
        from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

        self.root = Path(root_dir).resolve()
        self.instructor = instructor
        self.manager = AssignmentList()
        self.manager.root_dir = str(self.root)
        if log is not None:
            self.manager.log = log

    @contextlib.contextmanager
    def _in_root(self):
        """nbgrader's AssignmentList resolves the exchange's assignment folder (".") against
        the process's working folder, which it expects to be the server root."""
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            yield
        finally:
            os.chdir(cwd)

    def config(self):
        """nbgrader's configuration as its own handlers load it (server root, then Jupyter's
        config folders)."""
        with self._in_root():
            return self.manager.load_config()

    def _nbgrader(self, method: str, *args) -> dict:
        with self._in_root():
            return getattr(self.manager, method)(*args)

    def _path(self, relative: str) -> Path:
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root):
            raise web.HTTPError(403, "Lokasi di luar folder kerja.")
        return target

    def daftar(self) -> dict:
        """Every assignment of the course with its state, folder, notebooks and submissions."""
        listing = self._nbgrader("list_assignments")
        if not listing["success"]:
            return {"ok": False, "pesan": _exchange_message(listing["value"])}
        by_id: dict[str, dict] = {}
        for item in listing["value"]:
            entry = by_id.setdefault(
                item["assignment_id"],
                {
                    "assignment_id": item["assignment_id"],
                    "course_id": item["course_id"],
                    "status": "released",
                    "folder": None,
                    "notebooks": [],
                    "kiriman": [],
                    "umpan_balik": [],
                },
            )
            if "submissions" in item:
                for sub in item["submissions"]:
                    entry["kiriman"].append(
                        {
                            "waktu": format_wib(sub["timestamp"]),
                            "umpan_balik_tersedia": bool(sub.get("has_exchange_feedback")),
                            "umpan_balik_diambil": bool(sub.get("has_local_feedback")),
                        }
                    )
                    for nb in sub.get("notebooks", []):
                        path = nb.get("local_feedback_path")
                        if path and sub.get("has_local_feedback"):
                            entry["umpan_balik"].append(
                                {"notebook": nb["notebook_id"], "path": _relative(path, self.root)}
                            )
            elif item["status"] == "fetched":
                entry["folder"] = item["path"]
                for nb in item["notebooks"]:
                    full = self.root / nb["path"]
                    entry["notebooks"].append(
                        {
                            "notebook_id": nb["notebook_id"],
                            "path": nb["path"],
                            "disimpan": format_wib(full.stat().st_mtime) if full.exists() else None,
                        }
                    )
        for entry in by_id.values():
            kiriman = entry["kiriman"]
            if kiriman and kiriman[-1]["umpan_balik_diambil"]:
                entry["status"] = "feedback_fetched"
            elif kiriman and kiriman[-1]["umpan_balik_tersedia"]:
                entry["status"] = "feedback"
            elif kiriman:
                entry["status"] = "submitted"
            elif entry["folder"]:
                entry["status"] = "fetched"
            entry["keterangan"] = STATUS_LABEL[entry["status"]]
        tugas = sorted(by_id.values(), key=lambda e: e["assignment_id"])
        return {
            "ok": True,
            "tugas": tugas,
            "folder_kerja": str(self.root),
            "formgrader": self.instructor,
        }

    def _entry(self, assignment_id: str) -> dict:
        listing = self.daftar()
        if not listing["ok"]:
            raise _Refused(listing["pesan"])
        for entry in listing["tugas"]:
            if entry["assignment_id"] == assignment_id:
                return entry
        raise _Refused(f"Tugas {assignment_id} tidak ada di daftar kursus.")

    def ambil(self, assignment_id: str) -> dict:
        entry = self._entry(assignment_id)
        if entry["folder"]:
            return {"ok": True, "pesan": f"Tugas sudah diambil ke folder {entry['folder']}/."}
        result = self._nbgrader("fetch_assignment", entry["course_id"], assignment_id)
        if not result["success"]:
            return {"ok": False, "pesan": _failure("mengambil tugas", result["value"])}
        entry = self._entry(assignment_id)
        return {
            "ok": True,
            "pesan": f"Tugas diambil ke folder {entry['folder']}/. "
            "Kerjakan notebook di folder itu.",
            "tugas": entry,
        }

    def periksa(self, path: str) -> dict:
        target = self._path(path)
        if target.suffix != ".ipynb" or not target.is_file():
            raise _Refused(f"Notebook {path} tidak ditemukan.")
        result = check_notebook(target, self.config())
        result["belum_dijawab"] = unanswered_cells(target)
        result["path"] = path
        return {"ok": True, **result}

    def periksa_mandiri(self, path: str) -> dict:
        """Self-study check against the course's real tests (``medsos periksa``), where the
        course's source/ is at hand; otherwise its message says grading is the instructor's."""
        from medsos.periksa import check_notebook

        target = self._path(path)
        if target.suffix != ".ipynb" or not target.is_file():
            raise _Refused(f"Notebook {path} tidak ditemukan.")
        result = check_notebook(target).to_json()
        if result.get("feedback"):
            result["feedback"] = _relative(result["feedback"], self.root)
            if result["feedback"].startswith("/"):
                result["feedback"] = None  # outside the trainee's folder: cannot be opened
        return {"ok": True, "path": path, **result}

    def cek_kumpul(self, assignment_id: str) -> dict:
        """What a submission would send, and why it should or must not be sent yet."""
        entry = self._entry(assignment_id)
        if not entry["folder"]:
            raise _Refused("Tugas ini belum diambil: klik Ambil dulu, lalu kerjakan notebooknya.")
        notebooks = []
        peringatan = []
        for nb in entry["notebooks"]:
            full = self.root / nb["path"]
            unanswered = unanswered_cells(full)
            same = len(unanswered) == _solution_count(full)
            notebooks.append({**nb, "belum_dijawab": unanswered, "sama_dengan_rilis": same})
            if unanswered:
                # One entry per question, however many answer cells it has.
                names = [c["judul"] or f"sel {c['sel'] + 1}" for c in unanswered]
                soal = ", ".join(
                    name if names.count(name) == 1 else f"{name} ({names.count(name)} bagian)"
                    for name in dict.fromkeys(names)
                )
                peringatan.append(
                    f"{nb['notebook_id']}: {len(unanswered)} jawaban belum diisi ({soal})."
                )
        all_unchanged = all(nb["sama_dengan_rilis"] for nb in notebooks)
        others = _other_copies(self.root, entry)
        for other in others:
            peringatan.append(
                f"Ada salinan lain yang lebih baru: {other}. Yang dikumpulkan hanya notebook di "
                f"folder {entry['folder']}/."
            )
        return {
            "ok": True,
            "assignment_id": assignment_id,
            "folder": entry["folder"],
            "notebooks": notebooks,
            "boleh": not all_unchanged,
            "alasan_tolak": (
                "Notebook masih sama dengan saat diambil: belum ada jawaban yang diisi. "
                f"Kerjakan dan simpan notebook di folder {entry['folder']}/ dulu."
                if all_unchanged
                else ""
            ),
            "peringatan": peringatan,
            "kiriman_terakhir": entry["kiriman"][-1]["waktu"] if entry["kiriman"] else None,
        }

    def kumpulkan(self, assignment_id: str) -> dict:
        check = self.cek_kumpul(assignment_id)
        if not check["boleh"]:
            return {"ok": False, "pesan": check["alasan_tolak"]}
        entry = self._entry(assignment_id)
        result = self._nbgrader("submit_assignment", entry["course_id"], assignment_id)
        if not result["success"]:
            return {"ok": False, "pesan": _failure("mengumpulkan tugas", result["value"])}
        entry = self._entry(assignment_id)
        waktu = entry["kiriman"][-1]["waktu"] if entry["kiriman"] else format_wib(datetime.now(WIB))
        pesan = f"Tugas {assignment_id} terkumpul pada {waktu}."
        return {"ok": True, "pesan": pesan, "tugas": entry}

    def umpan_balik(self, assignment_id: str) -> dict:
        entry = self._entry(assignment_id)
        if not entry["kiriman"]:
            raise _Refused("Tugas ini belum dikumpulkan, jadi belum ada umpan balik.")
        if not any(k["umpan_balik_tersedia"] for k in entry["kiriman"]):
            return {
                "ok": False,
                "pesan": "Umpan balik belum dibagikan instruktur. Coba lagi nanti.",
            }
        result = self._nbgrader("fetch_feedback", entry["course_id"], assignment_id)
        if not result["success"]:
            return {"ok": False, "pesan": _failure("mengambil umpan balik", result["value"])}
        entry = self._entry(assignment_id)
        return {
            "ok": True,
            "pesan": f"Umpan balik {assignment_id} sudah diambil.",
            "umpan_balik": entry["umpan_balik"],
            "tugas": entry,
        }


class _Refused(Exception):
    """An operation the trainee asked for that cannot be done now (message in Indonesian)."""


def _solution_count(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(1 for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))


def _relative(path: str, root: Path) -> str:
    full = Path(path)
    full = full if full.is_absolute() else root / full
    try:
        return str(full.resolve().relative_to(root))
    except ValueError:
        return str(full)


def _other_copies(root: Path, entry: dict) -> list[str]:
    """Notebooks of the same name elsewhere under the root (e.g. ``release/``) saved after
    the fetched copy: the trainee may have worked in the wrong one."""
    found = []
    for nb in entry["notebooks"]:
        fetched = (root / nb["path"]).resolve()
        name = fetched.name
        newest = fetched.stat().st_mtime
        for pattern in (f"*/{name}", f"*/*/{name}"):
            for other in root.glob(pattern):
                other = other.resolve()
                elsewhere = other != fetched and ".ipynb_checkpoints" not in other.parts
                if elsewhere and other.stat().st_mtime > newest:
                    found.append(str(other.relative_to(root)))
    return sorted(set(found))


def _exchange_message(value: str) -> str:
    if "exchange directory does not exist" in value:
        return (
            "Folder pertukaran tugas (exchange) tidak ada atau tidak dapat dibuat. "
            "Hubungi instruktur."
        )
    return "Daftar tugas tidak dapat dibaca. Hubungi instruktur. (" + _last_line(value) + ")"


def _last_line(text: str) -> str:
    lines = [line for line in str(text).splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _failure(action: str, traceback_text: str) -> str:
    detail = _last_line(traceback_text)
    known = {
        "You do not have access to this course": "Anda tidak terdaftar di kursus ini.",
        "already exists": "Folder tugas sudah ada.",
        "No such file or directory": "Tugas tidak ditemukan di folder pertukaran.",
        "Assignment not found": "Tugas tidak ditemukan di folder pertukaran.",
    }
    for needle, message in known.items():
        if needle in detail:
            return f"Gagal {action}: {message}"
    return f"Gagal {action}. Hubungi instruktur. ({detail})"


class _Handler(APIHandler):
    @property
    def tugas(self) -> Tugas:
        return self.settings["medsos_tugas"]

    async def _run(self, operation, *args):
        def locked():
            with _NBGRADER_LOCK:
                return operation(*args)

        try:
            result = await asyncio.to_thread(locked)
        except _Refused as refused:
            result = {"ok": False, "pesan": str(refused)}
        self.finish(json.dumps(result))

    def _argument(self, name: str) -> str:
        body = self.get_json_body() or {}
        value = body.get(name) or self.get_argument(name, "")
        if not value:
            raise web.HTTPError(400, f"Parameter {name} wajib diisi.")
        return str(value)


class DaftarHandler(_Handler):
    @web.authenticated
    async def get(self):
        await self._run(self.tugas.daftar)


class AksiHandler(_Handler):
    ACTIONS = {
        "ambil": "ambil",
        "kumpulkan": "kumpulkan",
        "umpan-balik": "umpan_balik",
        "cek-kumpul": "cek_kumpul",
    }

    @web.authenticated
    async def post(self, action: str):
        method = getattr(self.tugas, self.ACTIONS[action])
        await self._run(method, self._argument("assignment_id"))


class PeriksaHandler(_Handler):
    @web.authenticated
    async def post(self):
        await self._run(self.tugas.periksa, self._argument("path"))


class PeriksaMandiriHandler(_Handler):
    @web.authenticated
    async def post(self):
        await self._run(self.tugas.periksa_mandiri, self._argument("path"))


def _jupyter_server_extension_points():
    return [{"module": "medsos.lab.server"}]


def _load_jupyter_server_extension(serverapp):
    web_app = serverapp.web_app
    # The formgrader entry of the Tugas menu only where nbgrader's formgrader is served.
    package = serverapp.extension_manager.extensions.get("nbgrader.server_extensions.formgrader")
    formgrader = bool(package and package.enabled)
    web_app.settings["medsos_tugas"] = Tugas(
        serverapp.root_dir, log=serverapp.log, instructor=formgrader
    )
    base = url_path_join(web_app.settings["base_url"], "medsos", "tugas")
    actions = "|".join(AksiHandler.ACTIONS)
    web_app.add_handlers(
        ".*$",
        [
            (base, DaftarHandler),
            (url_path_join(base, "periksa"), PeriksaHandler),
            (url_path_join(base, "periksa-mandiri"), PeriksaMandiriHandler),
            (url_path_join(base, f"(?P<action>{actions})"), AksiHandler),
        ],
    )
    serverapp.log.info("medsos: panel Tugas aktif di %s", base)
