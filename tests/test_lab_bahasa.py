"""The kit's Bahasa Indonesia language pack and the Jupyter files that install it."""

from __future__ import annotations

import json
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from medsos import lab
from medsos.lab import bahasa

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src/jupyterlab_language_pack_id_ID/locale/id_ID/LC_MESSAGES/jupyterlab.po"
# Misspellings of the PyPI pack 4.5.post3 that the kit once quoted to trainees.
TYPOS = ["Demulai", "Aftikan", "Menjalakan", "Dimulai lagi", "Kesahlahan", "Menyimpa "]


@pytest.fixture(scope="module")
def catalog():
    return bahasa.read_catalog(PO)


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("po", sorted(PO.parent.glob("*.po")), ids=lambda p: p.stem)
def test_compiled_files_match_the_po_source(po):
    json_bytes, mo_bytes = bahasa.compiled(po)
    assert po.with_suffix(".json").read_bytes() == json_bytes, "jalankan make bahasa"
    assert po.with_suffix(".mo").read_bytes() == mo_bytes, "jalankan make bahasa"


def test_every_string_of_the_installed_jupyterlab_is_translated(catalog):
    messages = bahasa.jupyterlab_messages()
    assert len(messages) > 1500  # the extraction itself works
    missing = []
    for context, msgid, _plural in messages:
        entry = catalog.get(msgid, context=context)
        if entry is None or not all(_strings(entry)):
            missing.append((context, msgid))
    assert not missing, f"{len(missing)} belum diterjemahkan, mis. {sorted(missing)[:10]}"


def test_translations_keep_placeholders_and_have_no_known_typos(catalog):
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(bahasa.placeholders(" ".join(ids)))
        for text in _strings(message):
            assert set(bahasa.placeholders(text)) <= wanted, (message.id, text)
            assert set(bahasa.placeholders(ids[0])) <= set(bahasa.placeholders(text)), (
                message.id,
                text,
            )
            assert not [typo for typo in TYPOS if typo in text], text


def test_jupyterlab_server_serves_the_kits_pack():
    from jupyterlab_server.translation_utils import get_language_pack, translator

    found = [ep for ep in entry_points(group="jupyterlab.languagepack") if ep.name == "id_ID"]
    assert len(found) == 1, "paket PyPI jupyterlab-language-pack-id-ID masih terpasang"
    module = found[0].load()
    assert Path(module.__file__).resolve().parent == PO.parents[3]
    data, message = get_language_pack("id_ID")
    assert message == ""
    jupyterlab = data["jupyterlab"]
    assert jupyterlab["Restart Kernel and Run All Cells…"] == [
        "Mulai Ulang Kernel dan Jalankan Semua Sel…"
    ]
    assert jupyterlab["menu\x04Kernel"] == ["Kernel"]
    # plural entries need more than one form, or the front end shows the English
    assert jupyterlab["Cut Cell"] == ["Potong Sel", "Potong Sel"]
    # Menu-bar labels come from settings schemas, translated on the server from the .mo file.
    translator.set_locale("id_ID")
    try:
        bundle = translator.load("jupyterlab")
        assert bundle.pgettext("menu", "File") == "Berkas"
        assert bundle.pgettext("menu", "Edit") == "Sunting"
    finally:
        translator.set_locale("en")


def test_pyproject_data_files_are_the_ones_installed_from_a_source_tree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = project["tool"]["setuptools"]["data-files"]
    assert {target: sources[0] for target, sources in data_files.items()} == {
        target: source for source, target in lab.JUPYTER_FILES.items()
    }
    settings = json.loads(
        (ROOT / "jupyter-config/settings/medsos-bahasa-indonesia.json").read_text()
    )
    assert settings == lab.LOCALE_OVERRIDE


def test_install_jupyter_files_copies_and_prunes(tmp_path):
    static = tmp_path / "share/jupyter/labextensions/@medsos/tugas/static"
    static.mkdir(parents=True)
    (static / "remoteEntry.old.js").write_text("stale")
    written = lab.install_jupyter_files(tmp_path)
    assert (tmp_path / "etc/jupyter/jupyter_server_config.d/medsos-asn-jatim.json") in written
    assert not (static / "remoteEntry.old.js").exists()
    with lab.bundle_lock(ROOT, exclusive=False):  # test_lab_bundle may be rebuilding it
        shipped = sorted(p.name for p in (ROOT / "src/medsos/labextension/static").iterdir())
    assert sorted(p.name for p in static.iterdir()) == shipped
    assert lab.install_jupyter_files(tmp_path) == []  # nothing left to do


def test_copy_waits_while_the_bundle_is_rebuilt(tmp_path):
    """A rebuild (medsos.lab.bundle.build) removes the shipped bundle before writing it again;
    a copy in another process meanwhile (``medsos hub siapkan``, ``medsos lab``, another test
    worker) would find it empty and prune the installed panel. The copy waits for the lock."""
    import threading

    done = threading.Event()
    copier = threading.Thread(target=lambda: (lab.install_jupyter_files(tmp_path), done.set()))
    with lab.bundle_lock(ROOT, exclusive=True):  # what bundle.build holds while it rebuilds
        copier.start()
        assert not done.wait(1.5), "copied while the bundle was being rebuilt"
        assert not (tmp_path / "share").exists()
    assert done.wait(60)
    copier.join()
    with lab.bundle_lock(ROOT, exclusive=False):  # test_lab_bundle may be rebuilding it
        shipped = sorted(p.name for p in (ROOT / "src/medsos/labextension/static").iterdir())
    static = tmp_path / "share/jupyter/labextensions/@medsos/tugas/static"
    assert sorted(p.name for p in static.iterdir()) == shipped


def test_offline_settings_turn_off_news_and_nbgrader_english_screens():
    server = json.loads((ROOT / "jupyter-config/server/medsos-asn-jatim.json").read_text())
    assert server["LabApp"]["news_url"] is None
    assert server["ServerApp"]["jpserver_extensions"] == {
        "medsos.lab.server": True,
        "medsos.bantuan.server": True,  # error help in the kernels (medsos.bantuan)
    }
    page = json.loads((ROOT / "jupyter-config/labconfig/medsos-asn-jatim.json").read_text())
    for plugin in ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment"):
        assert page["disabledExtensions"][plugin] is True
