"""The IPython side of the error help: show an explanation under the normal error.

Two supported hooks, both idle until something goes wrong:

- ``InteractiveShell.set_custom_exc((Exception,), handler)``: IPython calls the handler
  instead of its own display for an exception raised by a cell (or by parsing it). The
  handler first shows the error exactly as IPython would (``showtraceback`` /
  ``showsyntaxerror``, so ``%xmode``, ``%tb``, the kernel's error reply and "Run All"
  stopping are unchanged), then displays the explanation below it.
- ``warnings.showwarning`` (Python's documented replaceable hook): after the normal warning
  text, pandas 3's ``ChainedAssignmentError`` (an assignment that silently changes nothing)
  gets its explanation with the ``.loc`` form of the trainee's own line.

The explanation is a display output with ``text/plain`` and ``text/html`` (a terminal shows
the text); its metadata carries ``{"medsos": {"bantuan": <error class>}}``. Nothing here may
raise: a failure while explaining leaves the original error display alone.
"""

from __future__ import annotations

import builtins
import html
import linecache
import re
import sys
import traceback
import warnings
from pathlib import Path
from types import TracebackType
from typing import Any

from medsos.bantuan.explain import HANDLED, NEXT_STEP, Context, Explanation, explanation

TITLE = "Penjelasan"
_STATE: dict[str, Any] = {}
_HIDDEN_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}
STYLE = (
    "border-left:4px solid #2b5797;background:#f5f8fc;color:#111;padding:.4em .8em;"
    "margin:.3em 0;font-family:sans-serif;line-height:1.4"
)


def load(shell: Any) -> None:
    """Install both hooks on ``shell`` (idempotent)."""
    if _STATE.get("shell") is shell:
        return
    if shell.custom_exceptions:
        print(
            "medsos.bantuan: penanganan galat khusus lain sudah terpasang; penjelasan galat "
            "tidak diaktifkan.",
            file=sys.stderr,
        )
        return
    shell.set_custom_exc((Exception,), _handle_exception)
    _STATE["shell"] = shell
    _STATE["showwarning"] = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        from pandas.errors import ChainedAssignmentError
    except ImportError:  # pandas missing: the kernel still explains the other errors
        return
    # Shown every time, not once per line number (cells all share the module __main__).
    warnings.filterwarnings("always", category=ChainedAssignmentError)


def unload(shell: Any) -> None:
    """Remove both hooks again."""
    if _STATE.get("shell") is not shell:
        return
    shell.set_custom_exc((), None)
    if warnings.showwarning is _show_warning:
        warnings.showwarning = _STATE["showwarning"]
    _STATE.clear()


def _handle_exception(
    shell: Any, etype: type, value: BaseException, tb: TracebackType | None, tb_offset=None
) -> None:
    frames = traceback.extract_tb(tb)
    if frames and frames[-1].name == "ast_parse":  # the cell could not be parsed
        if issubclass(etype, IndentationError):
            shell.showindentationerror()
        else:
            shell.showsyntaxerror()
    else:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
    try:
        found = _explain_exception(shell, etype, value, tb)
        if found is not None:
            show(found, _error_name(etype))
    except Exception:  # never let the help break the error display
        pass
    return None


def _error_name(etype: type) -> str:
    for cls in etype.__mro__:
        if cls.__name__ in HANDLED:
            return cls.__name__
    return etype.__name__


def _explain_exception(
    shell: Any, etype: type, value: BaseException, tb: TracebackType | None
) -> Explanation | None:
    ename = _error_name(etype)
    if ename not in HANDLED:
        return None
    message = (value.msg or "") if isinstance(value, SyntaxError) else str(value)
    return explanation(ename, message, context=_context(shell, ename, value, tb))


def _context(shell: Any, ename: str, value: BaseException, tb: TracebackType | None) -> Context:
    user_ns = shell.user_ns
    names = [n for n in user_ns if not n.startswith("_") and n not in _HIDDEN_NAMES]
    fields: dict[str, Any] = {"names": names}
    shadowed = {
        n: type(user_ns[n]).__name__
        for n in dir(builtins)
        if n in user_ns and not callable(user_ns[n]) and not n.startswith("_")
    }
    fields["shadowed"] = shadowed
    fields["line"] = _raising_line(shell, tb)
    if ename in ("KeyError", "AttributeError"):
        obj = getattr(value, "obj", None) if ename == "AttributeError" else None
        if obj is not None:
            fields["attributes"] = dir(obj)
        else:
            obj = _pandas_object(tb)
        fields.update(_labels(obj))
    if ename == "FileNotFoundError":
        data = Path("data")
        fields["data_folder"] = data.is_dir()
        if data.is_dir():
            fields["data_files"] = sorted(p.name for p in data.iterdir() if p.is_file())
    return Context(**fields)


def _raising_line(shell: Any, tb: TracebackType | None) -> str | None:
    """The source line that raised, when it is in one of the trainee's cells."""
    last = None
    while tb is not None:
        last, tb = tb, tb.tb_next
    if last is None:
        return None
    filename = last.tb_frame.f_code.co_filename
    if filename not in getattr(shell.compile, "_filename_map", {}):
        return "(di dalam pustaka)"
    return linecache.getline(filename, last.tb_lineno).strip()


def _pandas_object(tb: TracebackType | None) -> Any:
    """The DataFrame or Series that the trainee's code handed to pandas, if any."""
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__", "").startswith("pandas"):
            owner = frame.f_locals.get("self")
            owner = getattr(owner, "obj", owner)  # .loc / .iloc indexers hold their table
            if isinstance(owner, pandas.DataFrame | pandas.Series):
                return owner
        tb = tb.tb_next
    return None


def _labels(obj: Any, limit: int = 2000) -> dict[str, Any]:
    pandas = sys.modules.get("pandas")
    if pandas is None or not isinstance(obj, pandas.DataFrame | pandas.Series):
        return {}
    fields: dict[str, Any] = {"container": type(obj).__name__}
    if isinstance(obj, pandas.DataFrame):
        fields["columns"] = [str(c) for c in obj.columns[:limit]]
    index = obj.index
    if not isinstance(index, pandas.RangeIndex) and len(index) <= limit:
        fields["index"] = [str(label) for label in index]
    return fields


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    _STATE["showwarning"](message, category, filename, lineno, file, line)
    if getattr(category, "__name__", "") != "ChainedAssignmentError":
        return
    try:
        source = (line or linecache.getline(filename, lineno)).strip()
        found = explanation(category.__name__, str(message), context=Context(line=source))
        if found is not None:
            show(found, category.__name__)
    except Exception:  # never let the help break the warning display
        pass


def _code_html(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def as_text(found: Explanation) -> str:
    return f"{TITLE}: {found.what}\n{NEXT_STEP}: {found.step}"


def as_html(found: Explanation) -> str:
    return (
        f'<div class="medsos-bantuan" role="note" style="{STYLE}">'
        f"<strong>{TITLE}:</strong> {_code_html(found.what)}<br>"
        f"<strong>{NEXT_STEP}:</strong> {_code_html(found.step)}</div>"
    )


def show(found: Explanation, ename: str) -> None:
    """Display ``found`` as an output of the running cell."""
    from IPython.display import display

    bundle = {"text/plain": as_text(found), "text/html": as_html(found)}
    display(bundle, raw=True, metadata={"medsos": {"bantuan": ename}})
