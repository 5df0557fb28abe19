"""Error help for trainees: plain Bahasa Indonesia explanations under Python's errors.

In a notebook: ``%load_ext medsos.bantuan`` (the kernels of ``medsos lab`` and of the
classroom server load it by themselves, see :mod:`medsos.bantuan.kernel`). The feedback
pages use the pure function :func:`explain`.
"""

from medsos.bantuan.explain import Context, Explanation, explain, explanation

__all__ = ["Context", "Explanation", "explain", "explanation"]


def load_ipython_extension(ipython) -> None:
    """Called by ``%load_ext medsos.bantuan`` and by ``--ext medsos.bantuan``."""
    from medsos.bantuan.ipython import load

    load(ipython)


def unload_ipython_extension(ipython) -> None:
    from medsos.bantuan.ipython import unload

    unload(ipython)
