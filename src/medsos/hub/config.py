"""The JupyterHub configuration of a class, built from its ``kelas.json``.

``medsos hub siapkan`` writes ``<folder>/hub/jupyterhub_config.py``, two lines that call
:func:`configure`; everything else is here, one commented setting at a time, so the hub,
the trainees' servers and the formgrader service always agree with the kit's version.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from traitlets.config import PyFileConfigLoader

from medsos.hub import spawner
from medsos.hub.layout import (
    COURSE_ID,
    CULLER_NAME,
    FORMGRADE_GROUP,
    GRADER_USER,
    SERVICE_NAME,
    Kelas,
    load,
)

TEMPLATES = Path(__file__).parent / "templates"
# nbgrader's JupyterLab plugins a trainee must not see (instructor tools).
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)

HUB_CONFIG_TEMPLATE = """\
# JupyterHub configuration of the class in {folder}, written by `medsos hub siapkan`.
# Do not edit: change the class with `medsos hub siapkan ...` and start it again.
from medsos.hub.config import configure

configure(c, {folder!r})  # noqa: F821 (c is given by JupyterHub)
"""


def proxy_token(kelas: Kelas) -> str:
    """The proxy's API token, kept in a root-only file so a restarted hub finds its proxy."""
    path = kelas.hub_dir / "proxy-token"
    if not path.is_file():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def write_trainee_config(kelas: Kelas) -> Path:
    """Jupyter configuration every single-user server reads (``JUPYTER_CONFIG_PATH``).

    The course and exchange for the Tugas panel (nbgrader's AssignmentList), and nbgrader's
    instructor tools switched off (the formgrader runs only as the instructors' hub service).
    """
    folder = kelas.trainee_config
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by `medsos hub siapkan`: the course every trainee's server knows.",
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {COURSE_ID!r}",
        f"c.Exchange.root = {str(kelas.exchange)!r}",
    ]
    # The Validate button's messages in Bahasa Indonesia, as in the course's own config.
    if (kelas.course_dir / "nbgrader_config.py").is_file():
        course = PyFileConfigLoader("nbgrader_config.py", path=str(kelas.course_dir)).load_config()
        for key, value in sorted(course.get("Validator", {}).items()):
            lines.append(f"c.Validator.{key} = {value!r}")
    (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    server = {
        "ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": False}}
    }
    (folder / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    page = {"disabledExtensions": {name: True for name in INSTRUCTOR_PLUGINS}}
    (folder / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def write_hub_config(kelas: Kelas) -> Path:
    kelas.hub_dir.mkdir(parents=True, exist_ok=True)
    kelas.config_file.write_text(HUB_CONFIG_TEMPLATE.format(folder=str(kelas.root)))
    return kelas.config_file


def _path_env(kelas: Kelas) -> str:
    return f"{kelas.bin_dir}:/usr/local/bin:/usr/bin:/bin"


def formgrader_service(kelas: Kelas) -> dict:
    """The formgrader as a hub-managed service, nbgrader's documented multi-instructor
    setup: one JupyterLab run as the grader account in the course folder, reachable at
    /services/<course>/ only by the instructors' group."""
    return {
        "name": SERVICE_NAME,
        "url": f"http://127.0.0.1:{kelas.formgrader_port}",
        "command": [str(kelas.bin_dir / "jupyterhub-singleuser")],
        "user": GRADER_USER,
        "cwd": str(kelas.course_dir),
        "oauth_no_confirm": True,
        "display": True,
        # seconds the hub waits for it at start (a JupyterLab start on a busy machine)
        "timeout": 180,
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "MEDSOS_DB_URL": kelas.db_url,
            "MEDSOS_EXCHANGE": str(kelas.exchange),
            "PATH": _path_env(kelas),
            "HOME": str(kelas.grader_home),
            "LANG": "C.UTF-8",
            "TZ": "Asia/Jakarta",
        },
    }


def culler_service(kelas: Kelas) -> dict:
    """jupyterhub-idle-culler: stops a server idle for ``idle_timeout`` seconds (work stays
    on disk; the trainee just starts it again)."""
    every = max(30, min(600, kelas.idle_timeout // 6))
    return {
        "name": CULLER_NAME,
        "command": [
            kelas.python,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={kelas.idle_timeout}",
            f"--cull-every={every}",
        ],
    }


def roles(kelas: Kelas) -> list[dict]:
    return [
        {
            "name": "formgrader-kelas",
            "description": "Instruktur: membuka formgrader kursus",
            "groups": [FORMGRADE_GROUP],
            "scopes": [f"access:services!service={SERVICE_NAME}", "list:services"],
        },
        {
            "name": "pembersih-server-diam",
            "description": "Menghentikan server peserta yang lama tidak dipakai",
            "services": [CULLER_NAME],
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        },
    ]


def configure(c, folder: str | Path) -> None:
    """Fill JupyterHub's config object ``c`` for the class in ``folder``."""
    kelas = load(folder)
    hub = kelas.hub_dir

    # --- the hub and its proxy (configurable-http-proxy from npm), state kept in hub/
    c.JupyterHub.bind_url = f"http://{kelas.ip}:{kelas.port}/"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = kelas.hub_port
    c.JupyterHub.db_url = kelas.hub_db_url
    c.JupyterHub.cookie_secret_file = str(hub / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.command = [kelas.proxy]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{kelas.proxy_api_port}"
    c.ConfigurableHTTPProxy.auth_token = proxy_token(kelas)
    c.ConfigurableHTTPProxy.pid_file = str(hub / "jupyterhub-proxy.pid")
    # The hub's pages in Bahasa Indonesia: templates extending JupyterHub's own.
    c.JupyterHub.template_paths = [str(TEMPLATES)]
    # A starting JupyterLab shows the (Indonesian) progress page at once, not a blank wait.
    # (JupyterHub's handler setting ``slow_spawn_timeout``: 0 = never wait before it.)
    c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
    c.JupyterHub.default_url = "/hub/home"

    # --- who logs in: accounts from the roster only (see medsos.hub.auth)
    c.JupyterHub.authenticator_class = "medsos.hub.auth.KelasAuthenticator"
    c.Authenticator.allow_all = True  # authentication itself accepts roster accounts only
    c.Authenticator.admin_users = set(kelas.instructors)
    c.JupyterHub.load_groups = {FORMGRADE_GROUP: {"users": list(kelas.instructors)}}
    c.JupyterHub.load_roles = roles(kelas)

    # --- one JupyterLab per person, as their Unix account, memory-limited
    c.JupyterHub.spawner_class = spawner.spawner_class()
    c.Spawner.cmd = [str(kelas.bin_dir / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.mem_limit = kelas.mem_limit
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 120
    c.Spawner.environment = {
        "JUPYTER_CONFIG_PATH": str(kelas.trainee_config),
        "PATH": _path_env(kelas),
        "LANG": "C.UTF-8",
        "TZ": "Asia/Jakarta",
    }
    # systemd: its own unit per user, private /tmp, no sudo (settings of SystemdSpawner).
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.default_shell = "/bin/bash"

    # --- services: the instructors' formgrader and the idle culler
    c.JupyterHub.services = [formgrader_service(kelas), culler_service(kelas)]
