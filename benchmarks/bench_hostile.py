"""Peak memory and time of `policykg load` on each hostile input, beside an ordinary document.

    python -m benchmarks.bench_hostile            # sizes as reported in issue 12 (3 GB zip bomb, …)
    python -m benchmarks.bench_hostile --small    # quick: 200 MB bombs

Each input is loaded alone, as `policykg load FILE --workers 1`, in a fresh Python
process; peak RSS is the larger of that process and its parser worker
(getrusage RUSAGE_SELF / RUSAGE_CHILDREN, ru_maxrss). The line each load printed is
shown too, and the run fails (exit 1) if any input needs 1 GB or more.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import hostile

CHILD = r"""
import json, resource, sys
from pathlib import Path
from typer.testing import CliRunner
from policykg.cli import app
result = CliRunner().invoke(app, ["load", sys.argv[1], "--db", sys.argv[2], "--workers", "1"])
lines = [l for l in (result.stderr + result.stdout).splitlines() if l.strip() and not l.startswith(" ")]
print(json.dumps({"exit": result.exit_code, "line": lines[0] if lines else "",
                  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
LIMIT_MB = 1024


def inputs(folder: Path, small: bool) -> dict[str, Path]:
    bomb_mb, pdf_mb = (200, 16) if small else (3000, 64)
    (folder / "normal").mkdir()
    normal = folder / "normal" / "normal.docx"
    normal.write_bytes(hostile._good_docx())
    made = {"normal .docx (baseline)": normal}
    for name, build in [
        (f"zip-bomb .docx ({bomb_mb} MB document.xml)", lambda d: hostile.zip_bomb_docx(d, bomb_mb)),
        (f"thumbnail-bomb .docx ({bomb_mb} MB thumbnail)", lambda d: hostile.thumbnail_bomb_docx(d, bomb_mb)),
        ("billion-laughs .docx", hostile.billion_laughs_docx),
        ("XXE .docx", hostile.xxe_docx),
        (f"PDF stream bomb (40 streams x {pdf_mb} MB)", lambda d: hostile.pdf_stream_bomb(d, 40, pdf_mb)),
        ("FIFO", hostile.fifo),
    ]:
        sub = folder / str(len(made))
        sub.mkdir()
        made[name] = build(sub)
    made["/dev/zero"] = Path("/dev/zero")
    return made


def measure(path: Path, db: Path, timeout: float) -> dict:
    start = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(db)], capture_output=True, text=True,
                             timeout=timeout, check=False)
        row = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {
            "exit": out.returncode, "line": out.stderr.strip().splitlines()[-1:], "self_mb": 0, "worker_mb": 0}
    except subprocess.TimeoutExpired:
        row = {"exit": "timeout", "line": f"no answer in {timeout:.0f} s", "self_mb": 0, "worker_mb": 0}
    row["seconds"] = time.perf_counter() - start
    row["peak_mb"] = max(row["self_mb"], row["worker_mb"])
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="200 MB bombs instead of the reported 3 GB")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = inputs(folder, args.small)
        rows = {}
        for n, (name, path) in enumerate(made.items()):
            size = path.lstat().st_size if path.is_file() else 0
            rows[name] = measure(path, folder / f"g{n}.lbdb", args.timeout) | {"disk_kb": size / 1024}
    base = rows["normal .docx (baseline)"]["peak_mb"] or 1
    print(f"{'input':44} {'on disk':>9} {'peak RSS':>9} {'x normal':>8} {'time':>7}  exit  line")
    for name, row in rows.items():
        print(f"{name:44} {row['disk_kb']:7.0f}KB {row['peak_mb']:7.0f}MB {row['peak_mb'] / base:8.2f} "
              f"{row['seconds']:6.1f}s  {row['exit']!s:>4}  {str(row['line'])[:110]}")
    over = [name for name, row in rows.items() if row["peak_mb"] >= LIMIT_MB or row["exit"] == "timeout"]
    if over:
        print(f"over {LIMIT_MB} MB or hung: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
