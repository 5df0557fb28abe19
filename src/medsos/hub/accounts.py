"""Accounts of a class: Unix users, web passwords, and the printable hand-out sheet.

Each trainee and instructor gets a Unix account (home folder 0700, no Unix password, so no
shell login with it) that their JupyterLab runs as, so the operating system keeps one
person's files from another. Logging in to the hub uses a separate web password stored by
NativeAuthenticator (bcrypt) in the hub database: the first one is random, printed on a
hand-out card, and must be changed at the first login (:mod:`medsos.hub.auth`).
"""

from __future__ import annotations

import grp
import html
import os
import pwd
import secrets
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import bcrypt
from jupyterhub import orm as hub_orm
from nativeauthenticator.orm import UserInfo
from sqlalchemy import Column, String

from medsos.hub.layout import INSTRUCTOR_GROUP, TRAINEE_GROUP, HubError, Kelas

if TYPE_CHECKING:  # the hub process itself needs no pandas
    from medsos.roster import Peserta

# No 0/o, 1/l/i: the password is read off paper and typed by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class InitialPassword(hub_orm.Base):
    """A login whose password is still the one printed on the hand-out sheet."""

    __tablename__ = "medsos_initial_passwords"
    username = Column(String(128), primary_key=True)


@dataclass(frozen=True)
class Card:
    """One hand-out card: who, where, and the one-time password."""

    person: Peserta
    password: str
    role: str  # "peserta" or "instruktur"


def new_password() -> str:
    """A random one-time password like ``k7m4p-9txqa`` (about 50 bits)."""
    halves = ["".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(5)) for _ in range(2)]
    return "-".join(halves)


# --------------------------------------------------------------------------- Unix accounts


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise HubError(f"Perintah {' '.join(command)} gagal: {result.stderr.strip()}")


def ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run(["groupadd", "--system", name])
        return grp.getgrnam(name).gr_gid


def user_exists(login: str) -> bool:
    try:
        pwd.getpwnam(login)
    except KeyError:
        return False
    return True


def ensure_unix_user(login: str, home: Path, groups: Iterable[str], system: bool = False) -> None:
    """Create the Unix account ``login`` (locked password, home 0700) or add missing groups."""
    groups = list(groups)
    if not user_exists(login):
        home.parent.mkdir(parents=True, exist_ok=True)
        command = ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash"]
        if system:
            command.append("--system")
        if groups:
            command += ["--groups", ",".join(groups)]
        _run([*command, login])
    else:
        for group in groups:
            if login not in grp.getgrnam(group).gr_mem:
                _run(["usermod", "--append", "--groups", group, login])
    entry = pwd.getpwnam(login)
    Path(entry.pw_dir).mkdir(parents=True, exist_ok=True)
    os.chown(entry.pw_dir, entry.pw_uid, entry.pw_gid)
    os.chmod(entry.pw_dir, 0o700)


def remove_unix_user(login: str) -> None:
    """Delete a Unix account and its home folder (used by tests and to undo a mistake)."""
    if user_exists(login):
        _run(["userdel", "--remove", login])


# --------------------------------------------------------------------------- web passwords


def hub_session(kelas: Kelas):
    """A session on the hub database, creating JupyterHub's tables (and ours) when new."""
    from medsos.course import stderr_to

    kelas.hub_dir.mkdir(parents=True, exist_ok=True)
    # A new hub database is stamped by alembic, which logs English lines: into the set-up log.
    with stderr_to(kelas.setup_log):
        factory = hub_orm.new_session_factory(kelas.hub_db_url)
    return factory()


def set_initial_password(session, login: str, password: str, email: str | None = None) -> None:
    """Give ``login`` a web password that must be changed at the next login."""
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    info = UserInfo.find(session, login)
    if info is None:
        info = UserInfo(username=login, password=hashed, is_authorized=True, email=email or None)
        session.add(info)
    else:
        info.password = hashed
        info.is_authorized = True
    if session.get(InitialPassword, login) is None:
        session.add(InitialPassword(username=login))
    session.commit()


def has_web_account(session, login: str) -> bool:
    return UserInfo.find(session, login) is not None


def session_get_initial(session, login: str) -> InitialPassword | None:
    return session.get(InitialPassword, login)


def must_change_password(session, login: str) -> bool:
    return session_get_initial(session, login) is not None


def password_changed(session, login: str) -> None:
    row = session.get(InitialPassword, login)
    if row is not None:
        session.delete(row)
        session.commit()


# --------------------------------------------------------------------------- people


def create_accounts(
    kelas: Kelas, people: Iterable[Peserta], role: str, *, reset_existing: bool = False
) -> list[Card]:
    """Unix account plus web account for each person; a card for every new password.

    A person who already has a web account keeps their password unless ``reset_existing``.
    """
    groups = [TRAINEE_GROUP] if role == "peserta" else [INSTRUCTOR_GROUP]
    for group in groups:
        ensure_group(group)
    session = hub_session(kelas)
    cards = []
    try:
        for person in people:
            ensure_unix_user(person.login, kelas.home_of(person.login), groups)
            if has_web_account(session, person.login) and not reset_existing:
                continue
            password = new_password()
            set_initial_password(session, person.login, password, person.email)
            cards.append(Card(person, password, role))
    finally:
        session.close()
    return cards


def reset_password(kelas: Kelas, person: Peserta, role: str) -> Card:
    """A new one-time password for an existing account (to be changed again at login)."""
    session = hub_session(kelas)
    try:
        if not has_web_account(session, person.login):
            raise HubError(
                f"Akun {person.login} belum ada. Tambahkan dulu dengan `medsos hub tambah`."
            )
        password = new_password()
        set_initial_password(session, person.login, password, person.email)
    finally:
        session.close()
    return Card(person, password, role)


# --------------------------------------------------------------------------- hand-out sheet

_SHEET_STYLE = """
body { font-family: sans-serif; margin: 1cm; }
h1 { font-size: 14pt; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5cm; }
.card { border: 1px dashed #333; padding: 0.4cm; break-inside: avoid; font-size: 11pt; }
.card .nama { font-weight: bold; font-size: 12pt; }
.card table td { padding: 2px 6px 2px 0; vertical-align: top; }
.card code { font-size: 13pt; letter-spacing: 1px; }
.note { font-size: 9pt; color: #333; }
@media print { .noprint { display: none; } }
"""


def write_sheet(kelas: Kelas, cards: list[Card], title: str = "Kartu masuk kelas") -> Path:
    """Write a printable HTML sheet of cards (root-only, it holds passwords) and return it."""
    folder = kelas.hub_dir / "kartu"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"kartu-{stamp}-{secrets.token_hex(2)}.html"
    url = html.escape(kelas.url())
    parts = []
    for card in cards:
        p = card.person
        rows = [
            ("Alamat", f"<code>{url}</code>"),
            ("Nama pengguna", f"<code>{html.escape(p.login)}</code>"),
            ("Kata sandi awal", f"<code>{html.escape(card.password)}</code>"),
            ("NIP", html.escape(p.nip)),
            ("Instansi", html.escape(p.instansi)),
        ]
        table = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
        role = "Instruktur" if card.role == "instruktur" else "Peserta"
        parts.append(
            f'<div class="card"><div class="nama">{html.escape(p.nama)} ({role})</div>'
            f"<table>{table}</table>"
            '<p class="note">Buka alamat di atas dengan peramban (Chrome, Firefox, Edge), '
            "masuk dengan nama pengguna dan kata sandi awal ini, lalu buat kata sandi baru "
            "(minimal 8 karakter) yang hanya Anda ketahui. Kata sandi awal hanya berlaku "
            "sekali. Lupa kata sandi? Minta instruktur mengatur ulang.</p></div>"
        )
    body = "\n".join(parts)
    page = (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_SHEET_STYLE}</style></head><body><h1>{title} — {len(cards)} kartu</h1>"
        '<p class="noprint">Cetak halaman ini (Ctrl+P), gunting per kartu, dan bagikan '
        "kepada masing-masing orang. Simpan atau musnahkan sisanya: kartu memuat kata "
        f'sandi.</p><div class="cards">{body}</div></body></html>\n'
    )
    path.write_text(page, encoding="utf-8")
    os.chmod(path, 0o600)
    return path
