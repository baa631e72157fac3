"""Regenerate the README's screenshot: the collaboration map of the bundled examples.

Loads ``examples/`` into a temporary store, writes ``policykg map --collaboration``'s page with the
library (:func:`visualizations.render.build_map`), opens it in headless Chromium (offline) and saves
the viewport as ``docs/collaboration-map.png``. The PNG in the repository comes from this script,
never from hand edits; run it again when the map's look changes.

Needs Chromium and a font with Chinese glyphs (Debian: ``apt-get install -y chromium fonts-wqy-zenhei``),
otherwise names would show as empty boxes.

    python -m benchmarks.screenshot                       # → docs/collaboration-map.png
    python -m benchmarks.screenshot --out /tmp/x.png --width 1400 --height 860
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.headless import Browser  # noqa: E402

READY = ("window.policykgMap && window.policykgMap.state.ready && window.policykgMap.state.firstDrawMs "
         "&& window.policykgMap.state.labels.length > 0")
SETTLED = "new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })"


def has_chinese_font() -> bool:
    """True when fontconfig knows a font covering Chinese (so the screenshot shows names, not boxes)."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "collaboration-map.png")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=720)
    ap.add_argument("--date", default=None, help="Date shown in the caption (default: today).")
    args = ap.parse_args(argv)
    if not has_chinese_font():
        print("error: no font with Chinese glyphs; install one (Debian: apt-get install -y fonts-wqy-zenhei)",
              file=sys.stderr)
        return 1

    from policykg.graph.ingest import load_paths
    from policykg.graph.store import open_store
    from policykg.visualizations.render import build_map
    from policykg.visualizations.scope import MapScope

    with tempfile.TemporaryDirectory(prefix="policykg-screenshot-") as tmp:
        db, page_path = Path(tmp) / "examples.lbdb", Path(tmp) / "collaboration.html"
        with open_store(db=db) as store:
            summary = load_paths(store, [ROOT / "examples"], workers=1)
            if summary.failed:
                print(f"error: {len(summary.failed)} example file(s) failed to load", file=sys.stderr)
                return 1
            page = build_map(store, MapScope(collaboration=True),
                             today=date.fromisoformat(args.date) if args.date else None)
        page.save(page_path)
        with Browser(width=args.width, height=args.height) as browser:
            tab = browser.open(page_path)
            tab.wait_for(READY, timeout=120)
            tab.evaluate(SETTLED)
            png = tab.screenshot()
            errors = tab.errors()
        if errors:
            print(f"error: the page reported {errors}", file=sys.stderr)
            return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(png)
    print(f"{args.out}: collaboration map of examples/, {page.nodes} departments, {page.edges} ties, "
          f"{len(png) / 1000:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
