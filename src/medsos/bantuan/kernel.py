"""Kernel specs whose IPython kernels load the error help at start.

:class:`HelpedKernelSpec` is a kernel spec that adds ``--ext=medsos.bantuan`` to an IPython
kernel's command line: IPython's own way to load an extension at start
(``InteractiveShellApp.extra_extensions``). The spec keeps its name (``python3``), so
notebooks need no change. The server extension :mod:`medsos.bantuan.server` makes a Jupyter
server hand out these specs; kernels that nbgrader starts to grade (nbclient, the sandbox's
own kernel spec) never see them.

:data:`SERVER_CONFIG` is the config that enables the server extension, for a classroom
server whose single-user servers do not read the kit's installed configuration.
"""

from __future__ import annotations

from typing import Any

from jupyter_client.kernelspec import KernelSpec

EXTENSION = "medsos.bantuan"
ARGUMENT = f"--ext={EXTENSION}"
SERVER_CONFIG = {"ServerApp": {"jpserver_extensions": {"medsos.bantuan.server": True}}}


def is_ipython_kernel(argv: list[str]) -> bool:
    """Whether a kernel command line starts ipykernel (the only kernel that reads ``--ext``)."""
    return any(part in ("ipykernel_launcher", "ipykernel") for part in argv[:4]) or any(
        part.endswith(("ipykernel_launcher.py", "ipykernel/__main__.py")) for part in argv[:4]
    )


def with_help(argv: list[str]) -> list[str]:
    """``argv`` with the help extension loaded, unchanged for other kernels or when present."""
    if not is_ipython_kernel(argv) or any(EXTENSION in part for part in argv):
        return list(argv)
    return [*argv, ARGUMENT]


class HelpedKernelSpec(KernelSpec):
    """A kernel spec whose IPython kernels load :mod:`medsos.bantuan` at start."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.argv = with_help(list(self.argv))
