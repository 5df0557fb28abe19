"""Measure what the sandbox adds to the autograde of one honest notebook.

Run from the repository root: ``PATH=.venv/bin:$PATH python tests/hostile/overhead.py [N]``.
Builds the tiny course of :mod:`course` in a temporary folder, then autogrades N honest
submissions with and N without the sandbox, alternating so that machine load hits both
alike, and prints the median seconds of each.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile import course as kursus  # noqa: E402
from medsos.sandbox import sandboxed_autograde_config  # noqa: E402


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kursus"
        root.mkdir()
        kursus.build_course(root)
        students = [f"p{i:02d}" for i in range(2 * rounds)]
        for student in students:
            kursus.submit(root, student, kursus.HONEST_ANSWER)
        seconds: dict[str, list[float]] = {"tanpa sandbox": [], "dengan sandbox": []}
        with sandboxed_autograde_config(course_dir=root) as sandbox:
            for i, student in enumerate(students):
                label = "dengan sandbox" if i % 2 else "tanpa sandbox"
                extra = sandbox if i % 2 else Config()
                start = time.monotonic()
                result = kursus.autograde(root, student, extra)
                seconds[label].append(time.monotonic() - start)
                assert result["success"], result.get("log")
        for label, values in seconds.items():
            print(f"{label}: median {statistics.median(values):.2f} s  ({len(values)} kali)")
        overhead = statistics.median(seconds["dengan sandbox"]) - statistics.median(
            seconds["tanpa sandbox"]
        )
        print(f"tambahan karena sandbox: {overhead:+.2f} s per notebook")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
