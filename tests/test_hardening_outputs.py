"""Outputs are replaced as one unit: never a mix of two runs, whatever happens (issue 15).

Real processes are stalled, killed or made to fail at the swap with ``strace -e inject=...``
(scripts/test installs strace): the full report for the lock and the run id, and the small
``tests/outputs_driver.py`` (bordermap's own swap code, a fraction of a report's cost) for a kill
at each rename.  ``benchmarks/fault_counts.py`` kills a full ``bordermap report`` at each rename.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from bordermap import _outputs
from tests.conftest import ROOT, SEEDS, run_cli
from tests.outputs_driver import NAMES, run_driver, run_ids, strace_cmd

SEED = SEEDS / "004_08f2487d190f4389.txt"


def one_run(out) -> str:
    """The run id all four files carry (fails on a mix, a missing file or a file without it)."""
    ids = run_ids(out)
    assert len(set(ids.values())) == 1 and None not in ids.values(), ids
    return next(iter(ids.values()))


def leftovers(out) -> list[str]:
    return [p.name for p in _outputs.orphans(out)]


@pytest.fixture
def old(tmp_path):
    """An output folder written by the driver, and its run id."""
    out = tmp_path / "out"
    proc = run_driver(out)
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout.strip()


def test_report_files_carry_one_run_id(tmp_path):
    from bordermap.report import OUTPUT_FILES

    out = tmp_path / "o"
    proc = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), "--zone-km", "5")
    assert proc.returncode == 0, proc.stderr
    names = (*OUTPUT_FILES, "zone.geojson")
    ids = run_ids(out, names)
    assert len(set(ids.values())) == 1 and None not in ids.values(), ids
    run = ids["report.json"]
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}", run)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["run_id"] == run
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    # a run without a zone: the previous zone.geojson goes with the rest of the previous set
    proc = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    ids = run_ids(out, OUTPUT_FILES)
    assert len(set(ids.values())) == 1 and run not in ids.values()
    assert leftovers(out) == []
    # the GeoJSON carries no run id: report.json lists it with its SHA-256
    fc = json.loads((out / "border.geojson").read_text(encoding="utf-8"))
    assert set(fc) == {"type", "features"}
    assert set(json.loads((out / "report.json").read_text(encoding="utf-8"))["files"]) == set(OUTPUT_FILES) - {
        "report.json"
    }


def test_two_reports_on_the_same_input_are_byte_identical(tmp_path):
    """GeoJSON and CSV are the same bytes run after run (issue 24); report.json names each run and lists the hashes."""
    import hashlib

    from bordermap.report import OUTPUT_FILES

    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        proc = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out), "--zone-km", "5")
        assert proc.returncode == 0, proc.stderr
    data = [n for n in (*OUTPUT_FILES, "zone.geojson") if n.endswith((".geojson", ".csv"))]
    for name in data:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    manifests = [json.loads((o / "report.json").read_text(encoding="utf-8")) for o in outs]
    assert manifests[0]["run_id"] != manifests[1]["run_id"]
    for out, manifest in zip(outs, manifests, strict=True):
        for name in data:
            assert manifest["files"][name] == hashlib.sha256((out / name).read_bytes()).hexdigest()


def test_two_concurrent_reports_never_mix(tmp_path):
    """The first run stalls 3 s at its swap, holding the lock; the second waits for it, then replaces the set."""
    out = tmp_path / "o"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    base = [sys.executable, "-m", "bordermap", "report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out)]
    slow = subprocess.Popen(
        strace_cmd("renameat2:delay_enter=3000000") + base, env=env, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    other = SEEDS / "003_84c36a338603c5ea.txt"
    fast = subprocess.run([*base[:4], str(other), *base[5:]], env=env, cwd=ROOT, capture_output=True, text=True)
    _, slow_err = slow.communicate(timeout=300)
    assert slow.returncode == 0 and fast.returncode == 0, (slow_err, fast.stderr)
    run = one_run(out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["run_id"] == run and leftovers(out) == []
    assert [a["id"] for a in report["articles"]] in (["004_08f2487d190f4389"], ["003_84c36a338603c5ea"])


def test_concurrent_writers_are_serialised(old):
    out, _ = old
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "tests.outputs_driver", str(out)]
    procs = [
        subprocess.Popen(strace_cmd("renameat2:delay_enter=400000") + cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    runs = [p.communicate(timeout=60)[0].decode().strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert one_run(out) in runs and len(set(runs)) == 4 and leftovers(out) == []


def test_kill_before_the_swap_keeps_the_old_set_and_the_next_run_cleans(old):
    out, before = old
    proc = run_driver(out, "renameat2:signal=KILL:when=1")
    assert proc.returncode != 0
    assert one_run(out) == before
    assert len(leftovers(out)) == 1  # the staged set, never swapped in
    after = run_driver(out)
    assert after.returncode == 0 and one_run(out) == after.stdout.strip() and leftovers(out) == []


def test_kill_after_the_swap_leaves_the_new_set(old):
    out, before = old
    proc = run_driver(out, "unlinkat:signal=KILL:when=1")  # while the previous set is being deleted
    assert proc.returncode != 0
    run = one_run(out)
    assert run != before and len(leftovers(out)) == 1
    assert run_driver(out).returncode == 0 and leftovers(out) == []


def test_failed_swap_keeps_the_old_set(old):
    """The swap fails as it does on an immutable file or folder (EPERM): one line, the previous set kept."""
    out, before = old
    proc = run_driver(out, "renameat2:error=EPERM")
    assert proc.returncode != 0
    assert "OutputError" in proc.stderr and "previous outputs kept" in proc.stderr
    assert one_run(out) == before and leftovers(out) == []


@pytest.mark.parametrize("when", [1, 2, 4, 5, 8])
def test_file_by_file_swap_rolls_back_every_rename(old, when):
    """Without the exchange call (EINVAL: a file system without it), a failed rename undoes the others."""
    out, before = old
    proc = run_driver(out, "renameat2:error=EINVAL", f"rename:error=EACCES:when={when}")
    assert proc.returncode != 0 and "previous outputs kept" in proc.stderr
    assert one_run(out) == before and leftovers(out) == []


@pytest.mark.parametrize("when", [1, 4, 8])
def test_file_by_file_swap_killed_is_finished_by_the_next_run(old, when):
    out, before = old
    proc = run_driver(out, "renameat2:error=EINVAL", f"rename:signal=KILL:when={when}")
    assert proc.returncode != 0 and leftovers(out)
    with _outputs.locked(out):
        _outputs.clean_orphans(out, NAMES)  # what the next run does first
    assert one_run(out) != before and leftovers(out) == []


def test_an_output_name_taken_by_a_folder_is_refused_before_any_work(tmp_path):
    out = tmp_path / "o"
    (out / "report.json").mkdir(parents=True)
    (out / "report.json" / "keep.txt").write_text("mine")
    proc = run_cli("report", str(SEED), "--countries", "LTU", "BLR", "--out", str(out))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "report.json exists and is not a file" in proc.stderr
    assert (out / "report.json" / "keep.txt").read_text() == "mine" and sorted(os.listdir(out)) == ["report.json"]


def test_other_files_in_the_folder_are_kept(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    assert run_driver(out).returncode == 0  # a folder with other files: swapped file by file
    run = one_run(out)
    assert (out / "notes.md").read_text() == "mine" and leftovers(out) == []
    assert run_driver(out).returncode == 0 and one_run(out) != run


def test_an_output_folder_given_by_a_link_stays_a_link(tmp_path):
    real = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert run_driver(link).returncode == 0
    run = one_run(real)
    assert link.is_symlink() and one_run(link) == run
    assert run_driver(link).returncode == 0 and one_run(real) != run and link.is_symlink()


def test_a_held_lock_makes_a_second_writer_wait_then_give_up(tmp_path, restore_settings):
    """Another process holds the folder's lock: this one waits ``output_lock_timeout_s``, then a one-line error."""
    import time

    out = tmp_path / "o"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom bordermap import _outputs\n"
            "with _outputs.locked(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        restore_settings.output_lock_timeout_s = 0.3
        start = time.monotonic()
        with pytest.raises(_outputs.OutputError) as info, _outputs.locked(out):
            pytest.fail("the lock is held by another process")
        assert 0.3 <= time.monotonic() - start < 10
        assert str(info.value) == f"{out}: another bordermap run is writing to this folder (waited 0.3 s for its lock)"
        holder.kill()  # a killed holder: the kernel drops its lock, the next writer takes it at once
        holder.wait(timeout=30)
        with _outputs.locked(out, timeout_s=5):
            pass
        assert _outputs.lock_path(out).is_file()  # the lock file stays, for the next waiter's inode
    finally:
        holder.kill()
        holder.wait(timeout=30)
