"""The `policykg` command line: thin typer commands, one library call each.

Every command takes ``--db PATH`` (embedded store) or ``--neo4j-uri URI``
(or ``$NEO4J_URI``). User errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import functools
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from graph.errors import PolicyKGError

app = typer.Typer(
    name="policykg",
    help="Turn Chinese policy documents into a knowledge graph of plans, tasks, departments and leaders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples"

DbOption = Annotated[Optional[Path], typer.Option("--db", help="Embedded graph file (default: $POLICYKG_DB or "
                                                  "the user data folder).", show_default=False)]
Neo4jOption = Annotated[Optional[str], typer.Option("--neo4j-uri", envvar="NEO4J_URI",
                                                    help="Use a Neo4j server (credentials from $NEO4J_USER, "
                                                    "$NEO4J_PASSWORD).", show_default=False)]


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def friendly(func: Callable) -> Callable:
    """Turn the project's errors into one line on stderr and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except PolicyKGError as err:
            raise fail(str(err)) from None

    return wrapper


def _open(db: Optional[Path], neo4j_uri: Optional[str], read_only: bool = False):
    from graph.open import open_store

    return open_store(db=db, neo4j_uri=None if db else neo4j_uri, read_only=read_only)


def _print_counts(c: dict, fmt: TableOrJson = TableOrJson.table) -> None:
    if fmt is TableOrJson.json:
        typer.echo(json.dumps(c, ensure_ascii=False, indent=2))
        return
    for group in ("nodes", "relationships"):
        typer.echo(f"{group}:")
        for name, n in c[group].items():
            typer.echo(f"  {name:<14} {n:>8}")


def _run_load(store, paths: list[Path], workers: Optional[int], force: bool, verbose: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from graph.ingest import find_files, load_paths

    total = len(find_files(paths))
    with Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeRemainingColumn(), transient=True, console=_stderr_console()) as progress:
        bar = progress.add_task("load", total=total, rate="")

        def tick(path: Path, status: str) -> None:
            progress.advance(bar)
            task = progress.tasks[0]
            if task.elapsed:
                progress.update(bar, rate=f"{task.completed / task.elapsed:.1f} docs/s")

        summary = load_paths(store, paths, workers=workers, force=force, on_file=tick)
    for path, reason in summary.failed:
        typer.echo(f"failed: {reason}", err=True)
    typer.echo(f"loaded {len(summary.loaded)}, unchanged {len(summary.unchanged)}, failed {len(summary.failed)} "
               f"(store: {store.location})")
    if verbose:
        for r in summary.loaded:
            typer.echo(f"  {r.source}: {r.nodes} nodes, {r.edges} edges -> {r.plan_id}")
    return summary


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
@friendly
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .docx .pdf).")],
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Parallel parsers (default: all cores).")] = None,
    force: Annotated[bool, typer.Option(help="Reload files even when unchanged.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Per-file details.")] = False,
) -> None:
    """Load policy documents into the graph; each file replaces what it loaded before."""
    with _open(db, neo4j_uri) as store:
        summary = _run_load(store, paths, workers, force, verbose)
        _print_counts(_counts(store))
    if summary.failed:
        raise typer.Exit(min(len(summary.failed), 100))


def _counts(store):
    from queries.stats import counts

    return counts(store)


@app.command()
@friendly
def stats(db: DbOption = None, neo4j_uri: Neo4jOption = None,
          format: Annotated[TableOrJson, typer.Option("--format", "-f")] = TableOrJson.table) -> None:
    """Count nodes per label and relationships per type."""
    with _open(db, neo4j_uri, read_only=True) as store:
        _print_counts(_counts(store), format)


class ExportFormat(str, Enum):
    json = "json"


@app.command()
@friendly
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (default: stdout).")] = None,
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Export the graph (node-link JSON that networkx and D3 read)."""
    from graph.export import node_link

    with _open(db, neo4j_uri, read_only=True) as store:
        data = node_link(store)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(data['nodes'])} nodes and {len(data['links'])} links to {out}", err=True)
    else:
        sys.stdout.write(text + "\n")


@app.command()
@friendly
def demo(db: DbOption = None, neo4j_uri: Neo4jOption = None,
         out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the network map.")] = Path(
             "policykg-map.html")) -> None:
    """Load the bundled examples, print a summary and write the network map."""
    if not EXAMPLES.is_dir():
        raise PolicyKGError(f"{EXAMPLES}: bundled examples not found; install from a source checkout")
    with _open(db, neo4j_uri) as store:
        summary = _run_load(store, [EXAMPLES], None, False, False)
        _print_counts(_counts(store))
        _write_demo_map(store, out)
    if summary.failed:
        raise typer.Exit(1)


def _write_demo_map(store, out: Path) -> None:
    try:
        from visualizations.render import write_map
    except ImportError:  # maps not built yet
        return
    write_map(store, out)
    typer.echo(f"map: {out.resolve()}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
