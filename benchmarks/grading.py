"""Benchmark: ``medsos grade`` (parallel) against nbgrader's own sequential ``autograde``.

Builds a simulated cohort (complete, partial, blank, wrong and broken submissions) for every
assignment in ``release/``, in two separate copies of the course with identical gradebooks,
grades one copy with ``medsos grade`` and the other with ``nbgrader autograde`` (and, for the
same work as ``medsos grade``, ``nbgrader generate_feedback``), one assignment at a time on
each side in turn so that both meet the same load, checks that the grades are identical, and
prints both times and their ratio. Not a test: run it by hand::

    .venv/bin/python benchmarks/grading.py                 # 40 trainees, every assignment
    .venv/bin/python benchmarks/grading.py --peserta 6     # quick run

Submissions that ``medsos grade`` restores on purpose (a deleted test cell is put back) or
refuses to grade (corrupted or renamed notebook) are expected to differ from nbgrader and are
reported apart; any other difference makes the script exit with status 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from medsos import course_root
from medsos.course import make_api, run_step
from medsos.grading import grade
from medsos.grading.config import grading_config
from medsos.grading.run import default_workers
from medsos.grading.simulate import (
    compare_scores,
    copy_course,
    make_cohort,
    read_scores,
    reference_autograde,
    reference_feedback,
)

# Kinds whose grades differ from nbgrader's by design (see the module docstring).
RESTORED_KINDS = {"uji_dihapus"}


def busy_seconds() -> float | None:
    """CPU seconds all cores have spent busy since boot (Linux ``/proc/stat``), else None.

    Read around each side of the benchmark, it counts every process of that side, sandboxed
    kernels included (whose CPU time never reaches ``getrusage``: bwrap is killed, not
    waited for). It counts other jobs too, so it is meaningful on an otherwise quiet machine.
    Steal time (taken by the hypervisor) is left out.
    """
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _cpu_since(start: float | None) -> float:
    now = busy_seconds()
    return 0.0 if start is None or now is None else now - start


def released_assignments(root: Path) -> list[str]:
    release = root / "release"
    return sorted(p.name for p in release.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def prepare(root: Path, folder: Path, assignments: list[str], trainees: int):
    """Two course copies with the same gradebook and the same submissions."""
    ours = copy_course(root, folder / "medsos", assignments)
    api = make_api(grading_config(ours))
    for assignment in assignments:
        run_step(api.generate_assignment(assignment), f"generate_assignment {assignment}")
    kinds = make_cohort(ours, assignments, trainees)
    reference = folder / "nbgrader"
    shutil.copytree(ours, reference, ignore=shutil.ignore_patterns("exchange"))
    # The reference course's own config points its gradebook at its own folder.
    return ours, reference, kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peserta", type=int, default=40, help="simulated trainees")
    parser.add_argument("--tugas", nargs="*", default=None, help="assignments (default: all)")
    parser.add_argument("--workers", type=int, default=None, help="default: all cores")
    parser.add_argument("--tanpa-sandbox", action="store_true", help="grade without sandbox")
    parser.add_argument("--folder", default=None, help="keep the courses here (default: tmp)")
    args = parser.parse_args(argv)

    root = course_root()
    assignments = args.tugas or released_assignments(root)
    workers = args.workers or default_workers()
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="medsos-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    bindir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    os.environ.pop("MEDSOS_DB_URL", None)
    os.environ.pop("MEDSOS_EXCHANGE", None)

    print(
        f"Tugas: {', '.join(assignments)}; {args.peserta} peserta; {workers} worker; "
        f"sandbox: {'tidak' if args.tanpa_sandbox else 'ya'}; folder: {folder}"
    )
    ours, reference, kinds = prepare(root, folder, assignments, args.peserta)
    n = args.peserta * len(assignments)

    # Interleaved per assignment, so both sides meet the same load on a shared machine.
    runs = []
    ours_seconds = ref_seconds = feedback_seconds = 0.0
    ours_cpu = ref_cpu = 0.0
    for assignment in assignments:
        cpu = busy_seconds()
        start = time.perf_counter()
        runs.append(
            grade(
                assignment,
                ours,
                workers=workers,
                sandbox=not args.tanpa_sandbox,
                report=(assignment == assignments[-1]),
            )
        )
        ours_seconds += time.perf_counter() - start
        ours_cpu += _cpu_since(cpu)
        cpu = busy_seconds()
        start = time.perf_counter()
        result = reference_autograde(reference, assignment)
        ref_seconds += time.perf_counter() - start
        ref_cpu += _cpu_since(cpu)
        if "Traceback" in result.stderr and result.returncode not in (0, 1):
            print(result.stderr[-3000:])
        start = time.perf_counter()
        reference_feedback(reference, assignment)
        feedback_seconds += time.perf_counter() - start
        print(
            f"{assignment}: medsos grade {ours_seconds:.0f} s, nbgrader autograde "
            f"{ref_seconds:.0f} s (kumulatif)",
            flush=True,
        )

    unexpected, expected, compared = [], [], 0
    for assignment, run in zip(assignments, runs, strict=True):
        config = grading_config(ours)
        course_id = config.CourseDirectory.course_id
        mine = read_scores(f"sqlite:///{ours / 'gradebook.db'}", course_id, assignment)
        theirs = read_scores(f"sqlite:///{reference / 'gradebook.db'}", course_id, assignment)
        graded = sorted(s for s, r in run.statuses.items() if r.status.has_score)
        for student in graded:
            diffs = compare_scores(mine, theirs, [student])
            (expected if kinds[student] in RESTORED_KINDS else unexpected).extend(
                f"{assignment} {d}" for d in diffs
            )
            compared += kinds[student] not in RESTORED_KINDS
        failed = [s for s, r in run.statuses.items() if not r.status.has_score]
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in run.phases.items())
        print(f"{assignment}: {len(graded)} dinilai, {len(failed)} tidak dapat dinilai; {phases}")

    print(
        f"\nmedsos grade ({workers} worker, termasuk umpan balik, ekspor, laporan): "
        f"{ours_seconds:.1f} s untuk {n} kiriman"
    )
    print(f"nbgrader autograde berurutan (tanpa umpan balik): {ref_seconds:.1f} s")
    print(f"Rasio (nbgrader autograde / medsos grade): {ref_seconds / ours_seconds:.2f}x")
    both = ref_seconds + feedback_seconds
    print(
        f"nbgrader autograde + generate_feedback berurutan: {both:.1f} s; "
        f"rasio {both / ours_seconds:.2f}x"
    )
    if ours_cpu and ref_cpu:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        print(
            f"Waktu CPU seluruh mesin (/proc/stat): medsos grade {ours_cpu:.1f} s "
            f"(rata-rata {ours_cpu / ours_seconds:.2f} inti sibuk), nbgrader autograde "
            f"{ref_cpu:.1f} s ({ref_cpu / ref_seconds:.2f} inti); rasio terbesar yang mungkin "
            f"dengan {cores} inti: {cores * ref_cpu / ours_cpu:.2f}x"
        )
    print(
        f"Nilai identik pada {compared} kiriman yang dibandingkan: "
        f"{'YA' if not unexpected else 'TIDAK'}"
    )
    if expected:
        print(
            f"Berbeda karena sel uji yang dihapus dipasang kembali (disengaja): {len(expected)} sel"
        )
    for line in unexpected[:20]:
        print("  BEDA:", line)
    if not args.folder:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
