"""Where a class lives on the server, and its settings (``<folder>/hub/kelas.json``).

::

    <folder>/hub/          root only (0700): kelas.json, the hub database, cookie secret, proxy
                           token, the generated jupyterhub_config.py, hand-out sheets, roster
    <folder>/jupyter-peserta/  the Jupyter configuration every single-user server reads
    <folder>/kursus/       the course (nbgrader_config.py, source/, release/, datasets/):
                           owner ``medsos-penilai``, group ``medsos-instruktur``, no access
                           for anyone else
    <folder>/exchange/     nbgrader's exchange (1777, as nbgrader documents plus the sticky bit)
    <folder>/penilai/      home of ``medsos-penilai``, the account of the formgrader service
    <homes>/<login>/       each trainee's and instructor's home (0700): their work
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

COURSE_ID = "medsos-asn-jatim"
TRAINEE_GROUP = "medsos-peserta"
INSTRUCTOR_GROUP = "medsos-instruktur"
GRADER_USER = "medsos-penilai"
FORMGRADE_GROUP = f"formgrade-{COURSE_ID}"
SERVICE_NAME = COURSE_ID
CULLER_NAME = "pembersih-server-diam"
DEFAULT_FOLDER = "/srv/medsos"
STATE_FILE = "kelas.json"


class HubError(RuntimeError):
    """A ``medsos hub`` step cannot go on; the message is for instructors (Bahasa Indonesia)."""


@dataclass
class Kelas:
    """The settings of one class on one server."""

    folder: str
    python: str
    proxy: str
    db_url: str
    homes: str = "/home"
    ip: str = ""
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    formgrader_port: int = 9911
    mem_limit: str = "2G"
    idle_timeout: int = 3600
    public_url: str = ""
    instructors: list[str] = field(default_factory=list)

    # ----------------------------------------------------------------- paths
    @property
    def root(self) -> Path:
        return Path(self.folder)

    @property
    def hub_dir(self) -> Path:
        return self.root / "hub"

    @property
    def course_dir(self) -> Path:
        return self.root / "kursus"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def grader_home(self) -> Path:
        return self.root / "penilai"

    @property
    def trainee_config(self) -> Path:
        return self.root / "jupyter-peserta"

    @property
    def hub_db_url(self) -> str:
        return f"sqlite:///{self.hub_dir / 'jupyterhub.sqlite'}"

    @property
    def setup_log(self) -> Path:
        """What nbgrader's and JupyterHub's database set-up print (alembic, in English)."""
        return self.hub_dir / "siapkan.log"

    @property
    def roster_file(self) -> Path:
        return self.hub_dir / "peserta.csv"

    @property
    def instructor_file(self) -> Path:
        return self.hub_dir / "instruktur.csv"

    @property
    def config_file(self) -> Path:
        return self.hub_dir / "jupyterhub_config.py"

    @property
    def bin_dir(self) -> Path:
        return Path(self.python).parent

    def url(self) -> str:
        """The address trainees type in their browser."""
        if self.public_url:
            return self.public_url.rstrip("/") + "/"
        host = self.ip or os.uname().nodename
        return f"http://{host}:{self.port}/"

    def home_of(self, login: str) -> Path:
        return Path(self.homes) / login

    # ----------------------------------------------------------------- storage
    def save(self) -> Path:
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        path = self.hub_dir / STATE_FILE
        text = json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        return path


def load(folder: str | Path = DEFAULT_FOLDER) -> Kelas:
    """Read the settings written by ``medsos hub siapkan``."""
    path = Path(folder) / "hub" / STATE_FILE
    if not path.is_file():
        raise HubError(
            f"Kelas belum disiapkan di {folder} (file {path} tidak ada). "
            "Jalankan dulu `medsos hub siapkan --roster <file peserta>`."
        )
    return Kelas(**json.loads(path.read_text(encoding="utf-8")))
