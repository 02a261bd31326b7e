"""Make the README's corpus pictures: docs/img/corpus_map.png (headless Chromium) and docs/img/corpus_chart.png.

Usage::

    PYTHONPATH=. python docs/corpus_demo.py [--out /tmp/corpus-demo]

The demo corpus is the ten real articles of the repository (the five seeds and the five of
``tests/articles``), published again under distinct ids over 30 days in July 2021: on day ``d``,
``3 + (7 d mod 11)`` articles drawn (seeded) from the ten, so the volume varies from day to day.
It is written as JSON Lines and run through ``bordermap corpus`` on a LocalCluster of two workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    from bordermap.text.articles import Article

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/corpus-demo")
    args = ap.parse_args()
    work = Path(args.out)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*/article.txt"))
    texts = [Article.from_text(f.read_text(encoding="utf-8")).text for f in files]
    rng = random.Random(17)
    with open(work / "news.jsonl", "w", encoding="utf-8") as fh:
        k = 0
        for d in range(30):
            day = dt.date(2021, 7, 1) + dt.timedelta(days=d)
            for _ in range(3 + (7 * d) % 11):
                rec = {
                    "id": f"demo{k:05d}",
                    "date": day.isoformat(),
                    "text": rng.choice(texts),
                    "source": f"outlet{k % 4}",
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                k += 1
    out = work / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bordermap",
            "corpus",
            str(work / "news.jsonl"),
            "--out",
            str(out),
            "--workers",
            "2",
            "--partition-size",
            "50",
            "--max-borders",
            "5",
            "--title",
            "Demo: ten articles over July 2021",
            "--quiet",
        ],
        check=True,
    )
    img = ROOT / "docs" / "img"
    img.mkdir(parents=True, exist_ok=True)
    shutil.copy(out / "chart.png", img / "corpus_chart.png")
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1280,900",
            "--virtual-time-budget=5000",
            f"--screenshot={img / 'corpus_map.png'}",
            (out / "timeline.html").as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    print(f"written: {img / 'corpus_map.png'}, {img / 'corpus_chart.png'} (outputs in {out})")


if __name__ == "__main__":
    main()
