"""The gradebook in PostgreSQL (Debian's server), for ``medsos grade`` and the formgrader.

nbgrader keeps its gradebook through SQLAlchemy, so a ``postgresql+psycopg://`` URL in
``MEDSOS_DB_URL`` is all the course needs; nbgrader creates its tables on first use. This
module creates the database role and the database on the local cluster (as the
``postgres`` account, through ``runuser``) and checks a URL works.
"""

from __future__ import annotations

import secrets
import subprocess
from urllib.parse import quote

from medsos.hub.layout import HubError

DEFAULT_SOCKET_DIR = "/var/run/postgresql"


def _psql(sql: str, *, host: str, port: int, database: str = "postgres") -> str:
    command = [
        "runuser", "-u", "postgres", "--",
        "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
        "-h", host, "-p", str(port), "-d", database, "-c", sql,
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except FileNotFoundError as error:
        raise HubError(
            "PostgreSQL tidak ditemukan (perintah psql/runuser). Pasang dulu: "
            "sudo apt-get install postgresql"
        ) from error
    if result.returncode != 0:
        raise HubError(
            "PostgreSQL menolak perintah. Pastikan layanannya berjalan "
            f"(sudo systemctl start postgresql).\n{result.stderr.strip()}"
        )
    return result.stdout.strip()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_gradebook(
    *,
    role: str = "medsos",
    database: str = "medsos",
    host: str = DEFAULT_SOCKET_DIR,
    port: int = 5432,
    tcp_host: str = "127.0.0.1",
) -> str:
    """Create (or give a new password to) ``role`` and create ``database``; return its URL.

    The URL connects over TCP on ``tcp_host`` with a password, so it works for every Unix
    account that is given it (the formgrader's, the instructor's) and for no one else.
    """
    password = secrets.token_urlsafe(24)
    exists = _psql(f"SELECT 1 FROM pg_roles WHERE rolname = {_literal(role)}", host=host, port=port)
    verb = "ALTER" if exists == "1" else "CREATE"
    _psql(f'{verb} ROLE "{role}" LOGIN PASSWORD {_literal(password)}', host=host, port=port)
    has_db = _psql(
        f"SELECT 1 FROM pg_database WHERE datname = {_literal(database)}", host=host, port=port
    )
    if has_db != "1":
        _psql(f'CREATE DATABASE "{database}" OWNER "{role}"', host=host, port=port)
    _psql(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC', host=host, port=port)
    return (
        f"postgresql+psycopg://{quote(role)}:{quote(password)}@{tcp_host}:{port}/{quote(database)}"
    )


def check_gradebook(db_url: str) -> None:
    """Connect once; raise :class:`HubError` with the reason in Bahasa Indonesia."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any driver error becomes one clear message
        raise HubError(
            f"Buku nilai tidak dapat dihubungi ({type(error).__name__}). Periksa bahwa "
            "PostgreSQL berjalan dan MEDSOS_DB_URL benar.\n"
            f"{str(error).splitlines()[0] if str(error) else ''}"
        ) from error
    finally:
        engine.dispose()


def hide_password(db_url: str) -> str:
    """The URL for display, password replaced by ***."""
    from sqlalchemy.engine import make_url

    return make_url(db_url).render_as_string(hide_password=True)
