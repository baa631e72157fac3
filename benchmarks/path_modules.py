"""How many policykg modules a reader follows from one file to the map: a count, and the list.

Opens a fresh embedded store in a temporary folder, loads the bundled examples and draws
their map — ``policykg.open(tmp)``, ``kg.load([examples])``, ``kg.map().save(…)`` — then
lists every ``policykg`` module that this imported, grouped by package. The product brief
asks every change to leave this path shorter, not longer; rerun it before and after.

    python -m benchmarks.path_modules            # the count, then the modules by package
    python -m benchmarks.path_modules --count    # the count only

Loading uses one worker (no parser pool), so the list is the modules of this one process.
A benchmark, not a test: it prints and never fails on the number.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path


def path_modules() -> list[str]:
    """Load the examples into a new store, draw their map, return the ``policykg`` modules imported.

    Packages (``policykg.graph``, …) are left out: they are folders, not modules a reader opens.
    """
    import policykg

    with tempfile.TemporaryDirectory() as tmp:
        with policykg.open(Path(tmp) / "path.lbdb") as kg:
            kg.load([policykg.examples_folder()], workers=1)
            kg.map().save(Path(tmp) / "map.html")
    return sorted(name for name, module in sys.modules.items()
                  if (name == "policykg" or name.startswith("policykg."))
                  and not (hasattr(module, "__path__") and name != "policykg"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", action="store_true", help="print the count only")
    args = parser.parse_args(argv)
    modules = path_modules()
    print(f"{len(modules)} policykg modules from file to map")
    if args.count:
        return
    by_package: dict[str, list[str]] = defaultdict(list)
    for name in modules:
        parts = name.split(".")
        by_package[".".join(parts[:2]) if len(parts) > 2 else "(top level)"].append(parts[-1])
    for package, names in sorted(by_package.items()):
        print(f"  {package} ({len(names)}): {', '.join(names)}")


if __name__ == "__main__":
    main()
