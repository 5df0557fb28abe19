"""Trainee servers with a memory limit, on a host with or without systemd.

On a normal Debian/Ubuntu server systemd runs the machine, and SystemdSpawner (maintained
by the JupyterHub team) puts each trainee's server in its own systemd unit with
``MemoryMax`` = ``Spawner.mem_limit``: the kernel of that unit is killed when it goes over,
nothing else. Where systemd is not PID 1 (a container, like this kit's CI),
:class:`LimitedLocalProcessSpawner` is JupyterHub's own LocalProcessSpawner plus, before the
server becomes the trainee's user:

- ``RLIMIT_AS`` = ``mem_limit`` for the server and every process it starts (notebook
  kernels inherit it): a kernel that tries to take more gets ``MemoryError`` instead of
  pushing the machine into the kernel's OOM killer;
- ``oom_score_adj`` = 1000: if the machine still runs out of memory, the OOM killer takes a
  trainee's process first, never the hub, the proxy or PostgreSQL;
- ``RLIMIT_NPROC``: a runaway loop of processes stops at a few hundred for that user.

The limit is per process, not per trainee (several kernels each get ``mem_limit``); that is
the honest difference from the systemd unit, and why systemd is preferred where it exists.
"""

from __future__ import annotations

import resource
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer

SYSTEMD_SPAWNER = "systemdspawner.SystemdSpawner"
LOCAL_SPAWNER = "medsos.hub.spawner.LimitedLocalProcessSpawner"


def systemd_available() -> bool:
    """True when systemd manages this machine (``/run/systemd/system`` exists)."""
    return Path("/run/systemd/system").is_dir()


def spawner_class() -> str:
    """The spawner for this host: SystemdSpawner under systemd, else the rlimit spawner."""
    return SYSTEMD_SPAWNER if systemd_available() else LOCAL_SPAWNER


class LimitedLocalProcessSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose server (and its kernels) cannot take more than mem_limit."""

    max_processes = Integer(
        512, config=True, help="RLIMIT_NPROC of the trainee's user (processes and threads)."
    )

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        memory = int(self.mem_limit or 0)
        processes = int(self.max_processes or 0)

        def preexec():
            # Still root here: set hard limits the trainee cannot raise, then drop privileges.
            if memory:
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            if processes:
                resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
            try:
                with open("/proc/self/oom_score_adj", "w") as handle:
                    handle.write("1000")
            except OSError:
                pass
            become_user()

        return preexec

    async def progress(self):
        """The progress event of the hub's start page (its folded log), in Indonesian."""
        yield {"progress": 50, "message": "Menjalankan JupyterLab Anda…"}

    def user_env(self, env):
        env = super().user_env(env)
        if self.mem_limit:
            env["MEM_LIMIT"] = str(int(self.mem_limit))
        env.setdefault("SHELL", "/bin/bash")
        return env
