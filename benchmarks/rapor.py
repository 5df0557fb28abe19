"""Benchmark of ``medsos rapor`` on one month of a busy account (not a timed test).

Writes a month of exports in the platforms' formats for an account posting far more than
the government benchmark (Facebook and Instagram 20 a day, X 50 a day, TikTok 10, YouTube
2), then times, in the same run and interleaved:

* the baseline: ``pandas.read_csv`` of every CSV in the downloads (ZIP members included),
  i.e. only parsing the text, no checks, no merging, no report;
* ``medsos rapor``'s work: ``read_exports`` (checks, merging), the measures, the plots and
  the HTML page.

Prints both times (median of the repeats) and the ratio. Run:
``PATH=.venv/bin:$PATH .venv/bin/python benchmarks/rapor.py [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from medsos import rapor
from medsos.impor import read_exports, reader, samples

MONTH = datetime(2025, 8, 1)


def busy_month(folder: Path) -> int:
    """Write the busy account's August; return the number of posts."""
    s = samples
    rng = np.random.default_rng(7)
    files = {
        f"facebook/Aug-01-2025_Aug-31-2025_{s.PAGE_ID}.csv": s._utf8_bom(
            s.facebook_csv(s.facebook_posts(11, MONTH, 31, 620))
        ),
        f"instagram/Aug-01-2025_Aug-31-2025_{s.IG_ACCOUNT_ID}.csv": s._utf8_bom(
            s.instagram_csv(s.instagram_posts(12, 620))
        ),
        f"tiktok/Content_{s.HANDLE}.zip": s._zip(
            {"Content.csv": s._quoted_csv(s.tiktok_content_rows(s.tiktok_videos(13, 310)))}
        ),
        f"tiktok/Followers_2025-08-01_1756684800_{s.HANDLE}.zip": s._zip(
            {"FollowerHistory.csv": s._quoted_csv(s.tiktok_follower_rows(rng, MONTH, 31))}
        ),
        f"youtube/Content 2025-08-01_2025-08-31 {s.CHANNEL}.zip": s.youtube_zip(
            s.youtube_videos(14, 62)
        ),
        "x/account_analytics_content_2025-08-01_2025-08-31.csv": s.x_content_csv(
            s.x_posts(15, 1550)
        ).encode(),
        "x/account_overview_analytics.csv": s.x_overview_csv(rng).encode(),
    }
    for platform in ("Facebook", "Instagram"):
        for metric in ("views", "reach", "follows", "unfollows"):
            values = s._daily_series(rng, 900)
            files[f"{platform.lower()}/{metric}.csv"] = s.meta_daily(f"{platform} {metric}", values)
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return 620 + 620 + 310 + 62 + 1550


def baseline(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    pd.read_csv(io.BytesIO(archive.read(name)), dtype=str)
        elif path.suffix == ".csv":
            data = path.read_bytes()
            if data.startswith(b"\xff\xfe"):
                pd.read_csv(io.StringIO(data.decode("utf-16")), skiprows=2, dtype=str)
            else:
                pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig")


def report(folder: Path, out: Path) -> None:
    reader._CACHE.clear()  # measure a cold import, as a fresh `medsos rapor` process does
    imported = read_exports(folder)
    out.write_text(rapor.render_html(rapor.build_report(imported), imported.files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ekspor"
        posts = busy_month(folder)
        out = Path(tmp) / "rapor.html"
        report(folder, out)  # warm-up: imports, font cache
        base, ours = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            baseline(folder)
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            report(folder, out)
            ours.append(time.perf_counter() - start)
        b, o = statistics.median(base), statistics.median(ours)
        print(f"busy month: {posts} posts, {len(list(folder.rglob('*.*')))} files")
        print(f"baseline (pandas.read_csv of every CSV): {b:.2f} s")
        print(f"medsos rapor (import, checks, measures, plots, HTML): {o:.2f} s")
        print(f"ratio: {o / b:.1f}x the raw parsing time; report {out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
