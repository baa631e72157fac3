"""Check Neo4j-dialect Cypher with Neo4j's own parser, without a Neo4j server.

No Neo4j server can run on our machines, so every Cypher statement that policykg
sends to Neo4j 5 is fed through the parser and semantic analysis that Neo4j
publishes as the npm package ``@neo4j-cypher/language-support`` (pinned in
``tools/cypher-lint/package.json``), driven by ``tools/cypher-lint/lint.mjs``.

Typical use in a test::

    from neo4j_lint import assert_neo4j_valid, lint_neo4j

    def test_my_statements_parse_in_neo4j():
        assert_neo4j_valid(
            [("upsert_plans", UPSERT_PLANS), ("link_benefits", LINK_BENEFITS)],
            labels=["Plan", "Benefit"],
            rel_types=["COVERS"],
        )

``lint_neo4j`` skips the calling test when Node.js is missing, except under CI
(env ``CI`` set to anything but ""/0/false/no), where it fails instead.

Diagnostics are dicts::

    {"severity": "error" | "warning" | "information" | "hint",
     "message": str,
     "line": int, "column": int,         # 1-based start
     "endLine": int, "endColumn": int,   # 1-based end
     "start": int, "end": int,           # 0-based character offsets
     "source": "neo4j-parser" | "policykg-lint"}

Severity "error" is a statement Neo4j 5 would reject (syntax error, semantic
error such as an undefined variable, unknown function or procedure, several
statements in one string). Warnings (unknown label / relationship type /
property key, deprecations) do not make a statement invalid.
``Parameter $x is not defined`` is never reported: parameters are bound at run
time; ``lint_neo4j_report`` lists the ones each statement uses.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_DIR = REPO_ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE = "@neo4j-cypher/language-support"
MIN_NODE_MAJOR = 18

Diagnostic = dict[str, Any]

__all__ = [
    "LinterUnavailable",
    "REPO_ROOT",
    "assert_neo4j_valid",
    "ensure_linter",
    "errors",
    "format_diagnostics",
    "in_ci",
    "lint_neo4j",
    "lint_neo4j_report",
    "warnings",
]


class LinterUnavailable(RuntimeError):
    """The Neo4j Cypher linter cannot run here (no Node.js, npm ci failed, ...)."""


# Result of the first ensure_linter() call in this process:
# (path or None, reason it is unavailable).
_cached: tuple[Path | None, str] | None = None


def in_ci() -> bool:
    """True when running under CI (env CI set to a truthy value)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def _pinned_version() -> str | None:
    try:
        deps = json.loads((LINT_DIR / "package.json").read_text())["dependencies"]
        return deps[PACKAGE]
    except (OSError, ValueError, KeyError):
        return None


def _installed_version() -> str | None:
    pkg = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
    try:
        return json.loads(pkg.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def _node_major(node: str) -> int | None:
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"v?(\d+)\.", out.strip())
    return int(m.group(1)) if m else None


def _npm_ci(npm: str) -> str | None:
    """Install tools/cypher-lint/node_modules from the lock file; error text or None."""
    lock_path = Path(tempfile.gettempdir()) / (
        "policykg-cypher-lint-" + hashlib.sha1(str(LINT_DIR).encode()).hexdigest()[:12] + ".lock"
    )
    with open(lock_path, "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)  # one npm ci at a time (pytest-xdist)
        except ImportError:  # pragma: no cover - not on POSIX
            pass
        if _installed_version() == _pinned_version():
            return None  # another process installed it while we waited
        try:
            proc = subprocess.run(
                [npm, "ci", "--prefix", str(LINT_DIR), "--no-audit", "--no-fund"],
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return f"`npm ci --prefix {LINT_DIR}` could not run: {exc}"
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            return f"`npm ci --prefix {LINT_DIR}` failed (exit {proc.returncode}):\n{tail}"
        if _installed_version() != _pinned_version():
            return f"`npm ci` finished but {PACKAGE} {_pinned_version()} is not installed"
    return None


def _probe() -> tuple[Path | None, str]:
    if not LINT_SCRIPT.is_file():
        return None, f"{LINT_SCRIPT} is missing"
    node = shutil.which("node")
    if node is None:
        return None, "Node.js (`node`) is not on PATH"
    major = _node_major(node)
    if major is None or major < MIN_NODE_MAJOR:
        return None, f"Node.js >= {MIN_NODE_MAJOR} is needed, found {node} (major {major})"
    if _installed_version() is None or _installed_version() != _pinned_version():
        npm = shutil.which("npm")
        if npm is None:
            return None, f"{LINT_DIR / 'node_modules'} is missing and `npm` is not on PATH"
        err = _npm_ci(npm)
        if err is not None:
            return None, err
    return LINT_SCRIPT, ""


def ensure_linter() -> Path | None:
    """Make the linter runnable; return the path of lint.mjs, or None if it can't be.

    Runs ``npm ci --prefix tools/cypher-lint`` (once per process, and only when
    ``tools/cypher-lint/node_modules`` lacks the pinned package version).
    Returns None when Node.js / npm are missing or the install fails, so that a
    test can skip -- except under CI (env ``CI`` truthy), where it raises
    ``LinterUnavailable`` instead: there the linter must run.
    """
    global _cached
    if _cached is None:
        _cached = _probe()
    path, reason = _cached
    if path is None and in_ci():
        raise LinterUnavailable(f"Neo4j Cypher linter unavailable under CI: {reason}")
    return path


def _unavailable_reason() -> str:
    return _cached[1] if _cached else "unknown reason"


def _require_linter() -> Path:
    path = ensure_linter()  # raises under CI
    if path is None:
        reason = f"Neo4j Cypher linter unavailable: {_unavailable_reason()}"
        try:
            import pytest
        except ImportError:  # pragma: no cover - used outside pytest
            raise LinterUnavailable(reason) from None
        pytest.skip(reason)
    return path


def _normalise(
    statements: Sequence[tuple[str, str]] | Mapping[str, str],
) -> list[tuple[str, str]]:
    items = list(statements.items()) if isinstance(statements, Mapping) else list(statements)
    seen: set[str] = set()
    for item in items:
        if not (isinstance(item, tuple | list) and len(item) == 2):
            raise TypeError(f"expected (name, cypher) pairs, got {item!r}")
        name, cypher = item
        if not isinstance(name, str) or not isinstance(cypher, str):
            raise TypeError(f"name and cypher must be str, got {item!r}")
        if name in seen:
            raise ValueError(f"duplicate statement name {name!r}")
        seen.add(name)
    return [(n, c) for n, c in items]



class _LintServer:
    """One long-lived ``node lint.mjs --serve`` per Python process.

    Node's start-up plus the parser's warm-up costs ~2 s, so every lint_neo4j
    call in a test run shares one process; each call is one request line.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._stderr: Any = None

    def _start(self, script: Path) -> subprocess.Popen[str]:
        node = shutil.which("node") or "node"
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self._proc = subprocess.Popen(
            [node, str(script), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            cwd=LINT_DIR,
        )
        return self._proc

    def _stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read()[-4000:]

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            if proc.stdout:
                proc.stdout.close()
            if self._stderr is not None:
                self._stderr.close()
                self._stderr = None

    def request(self, payload: dict[str, Any], script: Path, timeout: float) -> dict[str, Any]:
        line = json.dumps(payload) + "\n"
        with self._lock:
            proc = self._proc
            if proc is None or proc.poll() is not None:
                self.close()
                proc = self._start(script)
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(line)
                proc.stdin.flush()
                ready, _, _ = select.select([proc.stdout], [], [], timeout)
                answer = proc.stdout.readline() if ready else None
            except OSError as exc:
                answer, err = None, f"{exc}"
            else:
                err = "no answer" if answer is None else ""
            if not answer:
                stderr = self._stderr_text()
                self.close()
                if not err:
                    err = "process exited"
                raise RuntimeError(f"cypher linter failed ({err}):\n{stderr.strip()}")
        out = json.loads(answer)
        if "error" in out:
            raise RuntimeError(f"cypher linter rejected the request: {out['error']}")
        return out


_SERVER: _LintServer | None = None


def _server() -> _LintServer:
    global _SERVER
    if _SERVER is None:
        _SERVER = _LintServer()
        atexit.register(_SERVER.close)
    return _SERVER


def lint_neo4j_report(
    statements: Sequence[tuple[str, str]] | Mapping[str, str],
    labels: Iterable[str] = (),
    rel_types: Iterable[str] = (),
    property_keys: Iterable[str] = (),
    *,
    allow_apoc: bool = False,
    timeout: float = 600,
) -> dict[str, dict[str, Any]]:
    """Like ``lint_neo4j`` but returns the full per-statement record.

    ``{name: {"ok": bool, "errors": [...], "warnings": [...], "parameters": [...]}}``
    """
    items = _normalise(statements)
    script = _require_linter()
    if not items:
        return {}
    payload: dict[str, Any] = {
        "statements": [{"name": n, "cypher": c} for n, c in items],
        "labels": list(labels),
        "relationshipTypes": list(rel_types),
        "propertyKeys": list(property_keys),
        "allowApoc": allow_apoc,
    }
    out = _server().request(payload, script, timeout)
    report = {
        r["name"]: {k: r[k] for k in ("ok", "errors", "warnings", "parameters")}
        for r in out["results"]
    }
    if list(report) != [n for n, _ in items]:
        raise RuntimeError("cypher linter returned results for different statements")
    return report


def lint_neo4j(
    statements: Sequence[tuple[str, str]] | Mapping[str, str],
    labels: Iterable[str] = (),
    rel_types: Iterable[str] = (),
    property_keys: Iterable[str] = (),
    *,
    allow_apoc: bool = False,
    timeout: float = 600,
) -> dict[str, list[Diagnostic]]:
    """Lint Neo4j 5 Cypher statements in one Node.js process.

    ``statements``: ``[(name, cypher), ...]`` (or a ``{name: cypher}`` mapping);
    names must be unique. ``labels`` / ``rel_types``: the complete set of node
    labels and relationship types; if either is non-empty, anything else is a
    warning. ``property_keys``: if non-empty, reading any other property of a
    node or relationship is a warning. ``allow_apoc``: accept ``apoc.*`` /
    ``gds.*`` functions and procedures (not in Neo4j 5 Community by default).

    Returns ``{name: [diagnostic, ...]}`` in input order, errors first, then
    warnings; an empty list means Neo4j's parser has nothing to say. Skips the
    calling test if the linter can't run (fails under CI).
    """
    report = lint_neo4j_report(
        statements,
        labels,
        rel_types,
        property_keys,
        allow_apoc=allow_apoc,
        timeout=timeout,
    )
    return {name: r["errors"] + r["warnings"] for name, r in report.items()}


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with severity "error" (statement rejected by Neo4j)."""
    return [d for d in diagnostics if d["severity"] == "error"]


def warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that are not errors."""
    return [d for d in diagnostics if d["severity"] != "error"]


def format_diagnostics(name: str, cypher: str, diagnostics: Iterable[Diagnostic]) -> str:
    """Human-readable report with the offending line and a caret."""
    lines = cypher.splitlines() or [""]
    out = []
    for d in diagnostics:
        out.append(f"{name}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}")
        if 1 <= d["line"] <= len(lines):
            out.append("    " + lines[d["line"] - 1])
            out.append("    " + " " * (d["column"] - 1) + "^")
    return "\n".join(out)


def assert_neo4j_valid(
    statements: Sequence[tuple[str, str]] | Mapping[str, str],
    labels: Iterable[str] = (),
    rel_types: Iterable[str] = (),
    property_keys: Iterable[str] = (),
    *,
    allow_apoc: bool = False,
    fail_on_warnings: bool = False,
) -> dict[str, list[Diagnostic]]:
    """Assert Neo4j's parser accepts every statement; return the diagnostics.

    With ``fail_on_warnings`` warnings (unknown label, deprecated function, ...)
    fail too.
    """
    items = _normalise(statements)
    result = lint_neo4j(
        items, labels, rel_types, property_keys, allow_apoc=allow_apoc
    )
    cypher_by_name = dict(items)
    problems = []
    for name, diags in result.items():
        bad = diags if fail_on_warnings else errors(diags)
        if bad:
            problems.append(format_diagnostics(name, cypher_by_name[name], bad))
    if problems:
        raise AssertionError(
            "Neo4j's Cypher parser rejects these statements:\n" + "\n\n".join(problems)
        )
    return result
