"""Jupyter server extension: the server's IPython kernels load the error help.

Enabled for every Jupyter server of the kit's environment by the kit's server
configuration (``jupyter-config/server/medsos-asn-jatim.json``, installed into
``<env>/etc/jupyter/jupyter_server_config.d/``): ``medsos lab`` and the classroom server's
single-user servers when they run this environment. Elsewhere::

    jupyter server extension enable medsos.bantuan.server

or, in a server's Python config, ``c.ServerApp.jpserver_extensions = {"medsos.bantuan.server":
True}`` (:data:`medsos.bantuan.kernel.SERVER_CONFIG`).

At load it makes the server's kernel spec manager give out
:class:`~medsos.bantuan.kernel.HelpedKernelSpec`: the same kernel specs (``python3`` stays
``python3``) whose IPython kernels start with ``--ext=medsos.bantuan``. Kernels started outside
the server (nbgrader's autograde, the grading sandbox) are untouched.
"""

from __future__ import annotations

from typing import Any

from jupyter_client.kernelspec import KernelSpec

from medsos.bantuan.kernel import HelpedKernelSpec


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "medsos.bantuan.server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    manager = serverapp.kernel_spec_manager
    current = getattr(manager, "kernel_spec_class", None)
    if current is None or current is HelpedKernelSpec:
        return
    if current is not KernelSpec:  # another extension chose its own spec class: leave it
        serverapp.log.warning("medsos.bantuan: kernel_spec_class %s kept; no error help", current)
        return
    manager.kernel_spec_class = HelpedKernelSpec
    serverapp.log.info("medsos: penjelasan galat aktif di kernel IPython (medsos.bantuan)")
