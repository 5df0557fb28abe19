"""The kit's Bahasa Indonesia language pack for JupyterLab (``jupyterlab_language_pack_id_ID``).

The translations are kept as gettext catalogues (``<domain>.po``) inside the language-pack
package; JupyterLab reads two compiled forms of each, both generated from the ``.po`` file by
:func:`compile_pack` and committed:

- ``<domain>.json`` (Jed format: ``{"": {...}, "msgid": ["msgstr"], "ctx\\u0004msgid": [...]}``)
  for the browser, served by jupyterlab_server's ``/lab/api/translations/id_ID``;
- ``<domain>.mo`` for the server, which translates settings schemas (menu-bar labels such as
  "File" come from schemas) with :mod:`gettext`, importing the module by its fixed name
  ``jupyterlab_language_pack_<locale>``; hence the package's name.

:func:`jupyterlab_messages` lists every translatable string of the installed JupyterLab
(``trans.__/_p/_n/_np`` calls in its static bundles, and the schema fields that
jupyterlab_server translates), so a test can tell when the pack misses one.

Run ``python -m medsos.lab.bahasa`` (``make bahasa``) after editing a ``.po`` file;
``--tambah`` also adds the installed JupyterLab's new strings as untranslated entries.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

LOCALE = "id_ID"
PACK_MODULE = f"jupyterlab_language_pack_{LOCALE}"
CONTEXT_SEPARATOR = "\x04"
PLURAL_FORMS = "nplurals=1; plural=0;"

# A message: (context or None, msgid, msgid_plural or None).
Message = tuple[str | None, str, str | None]

_STRING = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\$]|\\.)*`)"""
_CALL = re.compile(r"\.(__|_p|_n|_np)\(\s*(" + _STRING + r"(?:\s*,\s*" + _STRING + r")*)")
_ARG = re.compile(_STRING)
_SCHEMA_FIELDS = {
    r"/jupyter\.lab\.menus/.*/label": "menu",
    r"/jupyter\.lab\.toolbars/.*/label": "toolbar",
    r"/jupyter\.lab\.setting-icon-label": "settings",
    r"/title": "schema",
}
_PLACEHOLDER = re.compile(r"%\d+")


def pack_dir() -> Path:
    """``LC_MESSAGES`` folder of the kit's language pack (source tree or installed)."""
    import importlib

    module = importlib.import_module(PACK_MODULE)
    return Path(module.__file__).parent / "locale" / LOCALE / "LC_MESSAGES"


def _js_string(literal: str) -> str:
    body = literal[1:-1]
    if literal[0] == "`":
        literal = '"' + body.replace('"', '\\"') + '"'
    elif literal[0] == "'":
        literal = '"' + body.replace("\\'", "'").replace('"', '\\"') + '"'
    try:
        return json.loads(literal, strict=False)
    except json.JSONDecodeError:
        return ast.literal_eval(literal)


def _bundle_messages(static: Path) -> Iterator[Message]:
    for path in sorted(static.glob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for call in _CALL.finditer(text):
            kind, args = call.group(1), [_js_string(s) for s in _ARG.findall(call.group(2))]
            needed = {"__": 1, "_p": 2, "_n": 2, "_np": 3}[kind]
            if len(args) < needed:
                continue
            if kind == "__":
                yield None, args[0], None
            elif kind == "_p":
                yield args[0], args[1], None
            elif kind == "_n":
                yield None, args[0], args[1]
            else:
                yield args[0], args[1], args[2]


def _schema_messages(schemas: Path) -> Iterator[Message]:
    fields = {re.compile(pattern): context for pattern, context in _SCHEMA_FIELDS.items()}

    def walk(node, path: str):
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{path}/{key}"
                if isinstance(value, str):
                    for pattern, context in fields.items():
                        if pattern.fullmatch(here) and value:
                            yield context, value, None
                else:
                    yield from walk(value, here)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, dict):
                    yield from walk(item, f"{path}[{i}]")

    for path in sorted(schemas.rglob("*.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")), "")


def jupyterlab_messages() -> set[Message]:
    """Every translatable message of the installed JupyterLab's ``jupyterlab`` domain that a
    user can meet: strings of its static bundles and translated schema fields (menu labels,
    settings titles). Long settings descriptions are left out (Settings Editor only)."""
    from jupyterlab.commands import get_app_dir

    app = Path(get_app_dir())
    found = {m for m in _bundle_messages(app / "static") if m[1]}
    found |= set(_schema_messages(app / "schemas"))
    return found


def placeholders(text: str) -> list[str]:
    """The ``%1``-style placeholders of a message, sorted."""
    return sorted(_PLACEHOLDER.findall(text))


def read_catalog(po_path: Path):
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        return read_po(handle, locale=LOCALE)


def _key(context: str | None, msgid: str) -> str:
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


def catalog_to_jed(catalog, domain: str) -> dict:
    """The Jed JSON that JupyterLab's front end loads, from a babel catalogue."""
    data: dict = {
        "": {
            "domain": domain,
            "language": LOCALE.replace("_", "-"),
            "plural_forms": PLURAL_FORMS,
            "version": domain,
        }
    }
    for message in catalog:
        if not message.id or not message.string:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            continue
        if message.pluralizable and len(strings) == 1:
            # JupyterLab's front end takes a plural entry only when its list has more than one
            # form (gettext.ts); Indonesian has one, used for every count.
            strings = strings * 2
        data[_key(message.context, msgid)] = list(strings)
    return data


def compiled(po_path: Path) -> tuple[bytes, bytes]:
    """(JSON bytes, MO bytes) compiled from one ``.po`` file."""
    from io import BytesIO

    from babel.messages.mofile import write_mo

    catalog = read_catalog(po_path)
    jed = catalog_to_jed(catalog, po_path.stem)
    text = json.dumps(jed, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    mo = BytesIO()
    write_mo(mo, catalog)
    return text.encode("utf-8"), mo.getvalue()


def compile_pack(folder: Path | None = None) -> list[Path]:
    """Regenerate every ``.json`` and ``.mo`` beside its ``.po`` file; return what changed."""
    folder = folder or pack_dir()
    changed = []
    for po_path in sorted(folder.glob("*.po")):
        targets = (po_path.with_suffix(".json"), po_path.with_suffix(".mo"))
        for data, path in zip(compiled(po_path), targets, strict=True):
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                changed.append(path)
    return changed


def add_new_messages(po_path: Path) -> int:
    """Add the installed JupyterLab's messages missing from ``po_path`` as untranslated
    entries (to translate by hand); return how many were added."""
    from babel.messages.pofile import write_po

    catalog = read_catalog(po_path)
    added = 0
    for context, msgid, plural in sorted(jupyterlab_messages(), key=lambda m: (m[1], m[0] or "")):
        key = (msgid, plural) if plural else msgid
        if catalog.get(msgid, context=context) is None:
            catalog.add(key, ("",) if plural else "", context=context)
            added += 1
    if added:
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=0, sort_output=True)
    return added


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = pack_dir()
    if "--tambah" in argv:
        added = add_new_messages(folder / "jupyterlab.po")
        print(f"{added} teks baru JupyterLab ditambahkan (belum diterjemahkan).")
    for path in compile_pack(folder):
        print(f"diperbarui: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
