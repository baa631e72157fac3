"""The `policykg` command line: thin typer commands, one library call each.

Every command takes ``--db PATH`` (embedded store) or ``--neo4j-uri URI``
(or ``$NEO4J_URI``). User errors print one line on stderr and exit non-zero.
"""

from __future__ import annotations

import functools
import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from policykg.errors import InputError, PolicyKGError, shown

app = typer.Typer(
    name="policykg",
    help="Turn Chinese policy documents into a knowledge graph of plans, tasks, departments and leaders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from policykg import __version__

        typer.echo(f"policykg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                   help="Print the version and exit.")] = False) -> None:
    """Turn Chinese policy documents into a knowledge graph of plans, tasks, departments and leaders."""

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
    from policykg.graph.store import open_store

    return open_store(db=db, neo4j_uri=None if db else neo4j_uri, read_only=read_only)


def _print_counts(c: dict, fmt: TableOrJson = TableOrJson.table) -> None:
    if fmt is TableOrJson.json:
        typer.echo(json.dumps(c, ensure_ascii=False, indent=2))
        return
    for group in ("nodes", "relationships"):
        typer.echo(f"{group}:")
        for name, n in c[group].items():
            typer.echo(f"  {name:<14} {n:>8}")


def _run_load(store, paths: list[Path], workers: Optional[int], force: bool, verbose: bool,
              max_file_mb: Optional[float] = None, replace: bool = False, follow_links: bool = False):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from policykg.graph.ingest import load_paths

    progress = Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                        TimeRemainingColumn(), transient=True, console=_stderr_console())

    def found(total: int) -> None:  # the bar appears once the paths are known to hold files
        progress.add_task("load", total=total, rate="")
        progress.start()

    def tick(path: Path, status: str) -> None:
        task = progress.tasks[0]
        progress.advance(task.id)
        if task.elapsed:
            progress.update(task.id, rate=f"{task.completed / task.elapsed:.1f} docs/s")

    try:
        summary = load_paths(store, paths, workers=workers, force=force, on_file=tick, replace=replace,
                             follow_links=follow_links, max_file_mb=max_file_mb, on_found=found)
    finally:
        if progress.tasks:  # started (stopping one never started would print a blank line)
            progress.stop()
    for note in summary.notes:
        typer.echo(note, err=True)
    for path, reason in summary.failed:
        typer.echo(f"failed: {reason}", err=True)
        if verbose and path in summary.details:
            typer.echo(summary.details[path].rstrip(), err=True)
    dupes = f", {len(summary.duplicates)} duplicates skipped" if summary.duplicates else ""
    typer.echo(f"loaded {len(summary.loaded)}, unchanged {len(summary.unchanged)}, failed {len(summary.failed)}"
               f"{dupes} (store: {store.location})")
    if verbose:
        for r in summary.loaded:
            said = "; ".join(summary.warnings.get(r.source, ()))
            typer.echo(f"  {r.source}: {r.nodes} nodes, {r.edges} edges -> {r.plan_id}" + (f" ({said})" if said else ""))
    return summary


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
@friendly
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .docx .pdf .sql).")],
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
    workers: Annotated[Optional[int], typer.Option(help="Parallel parsers (default: all cores).")] = None,
    force: Annotated[bool, typer.Option(help="Reload files even when unchanged.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Per-file details.")] = False,
    max_file_mb: Annotated[Optional[float], typer.Option(help="Refuse files larger than this (default: 32 MB).",
                                                          show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Let a different file replace the document stored "
                                          "under the same name (default: keep both).")] = False,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Follow links that lead outside the "
                                               "folders given (default: skip them).")] = False,
) -> None:
    """Load policy documents into the graph; each file replaces what it loaded before.

    Exit code: 0 when every file loaded or was unchanged, else the number of files that failed (at most 100);
    1 when the paths hold nothing to read.
    """
    with _open(db, neo4j_uri) as store:
        summary = _run_load(store, paths, workers, force, verbose, max_file_mb, replace, follow_links)
        _print_counts(_counts(store))
    if summary.failed:
        raise typer.Exit(min(len(summary.failed), 100))


@app.command()
@friendly
def remove(
    names: Annotated[list[str], typer.Argument(help="Stored names of loaded files (the file column of "
                                                    "`policykg query plans`).")],
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Forget loaded documents: their tasks, goals and statements go; a plan others cite stays as a cited stub."""
    from policykg.graph.writer import remove_sources

    with _open(db, neo4j_uri) as store:
        remove_sources(store, names)
        typer.echo(f"removed {len(set(names))} document(s)")
        _print_counts(_counts(store))


def _counts(store):
    from policykg.queries.stats import counts

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
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    cypher = "cypher"
    html = "html"


PlanOption = Annotated[Optional[list[str]], typer.Option("--plan", help="A plan (title, 文号, file name or id) "
                                                         "with its tasks and agents; repeatable.")]
DepartmentOption = Annotated[Optional[str], typer.Option(help="Around this department (any alias).")]
LeaderOption = Annotated[Optional[str], typer.Option(help="Around this leader.")]
PlaceOption = Annotated[Optional[str], typer.Option(help="Around this place.")]
HopsOption = Annotated[Optional[int], typer.Option(help="How far around --department/--leader/--place "
                                                   "[default: 1].", min=0, show_default=False)]
QueryParamOption = Annotated[Optional[list[str]], typer.Option("--param", help="KEY=VALUE for --query; "
                                                               "repeatable.")]


def _names(values: Optional[list[str]]) -> list[str]:
    """Repeatable options that also take comma-separated lists (--labels Plan,Task)."""
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]


def _params(values: Optional[list[str]]) -> dict[str, str]:
    out = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param '{shown(item)}': write it as KEY=VALUE")
        out[key.strip()] = value
    return out


@app.command()
@friendly
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file; a folder for csv "
                                                "(default: stdout for json, graphml, gexf, cypher).")] = None,
    plan: PlanOption = None,
    department: DepartmentOption = None,
    leader: LeaderOption = None,
    place: PlaceOption = None,
    hops: HopsOption = None,
    labels: Annotated[Optional[list[str]], typer.Option("--labels", help="Keep only these node labels "
                                                        "(comma-separated or repeated).")] = None,
    types: Annotated[Optional[list[str]], typer.Option("--types", help="Keep only these relationship "
                                                       "types.")] = None,
    query: Annotated[Optional[str], typer.Option("--query", help="A named query's result as the subgraph "
                                                 "(see `policykg query --list`).")] = None,
    param: QueryParamOption = None,
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Export the graph or a part of it: node-link JSON, GraphML, GEXF, neo4j-admin CSV, a Cypher script, a map.

    Selectors of different kinds intersect: `--department X --plan Y` is X's neighbourhood within plan Y;
    repeated --plan unite; --labels/--types then filter. An empty selection is an error (exit 1).
    """
    from policykg.exchange.formats import write
    from policykg.queries.subgraph import select_export

    if hops is not None and not (department or leader or place):
        raise InputError("--hops needs a centre: --department, --leader or --place")
    with _open(db, neo4j_uri, read_only=True) as store:
        g = select_export(store, plans=_names(plan), department=department, leader=leader, place=place,
                          hops=1 if hops is None else hops,
                          labels=_names(labels), types=_names(types), query=query, params=_params(param),
                          empty_ok=False)
    typer.echo(write(g, format.value, out), err=True)


@app.command(name="import")
@friendly
def import_(
    file: Annotated[Path, typer.Argument(help="A node-link .json or .graphml file (as `policykg export` writes).")],
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Merge an exported graph into a store, all or nothing (re-importing changes nothing)."""
    from policykg.exchange.importer import import_file

    with _open(db, neo4j_uri) as store:
        result = import_file(store, file)
        location = store.location
    typer.echo(f"imported {result.nodes} nodes and {result.edges} relationships from {file} into {location}")


@app.command()
@friendly
def copy(
    to_neo4j_uri: Annotated[Optional[str], typer.Option("--to-neo4j-uri", help="Copy into this Neo4j server "
                                                        "(credentials from $NEO4J_USER, $NEO4J_PASSWORD).",
                                                        show_default=False)] = None,
    to_db: Annotated[Optional[Path], typer.Option("--to-db", help="Copy into this embedded graph file instead.",
                                                  show_default=False)] = None,
    db: DbOption = None,
    batch: Annotated[int, typer.Option(help="Rows per transaction.", min=1)] = 1000,
) -> None:
    """Copy the embedded graph (--db) into Neo4j in batches; safe to re-run, it merges on id."""
    from policykg.exchange.copy import copy_store
    from policykg.graph.store import default_db_path

    source_path = db or default_db_path()
    result, where = copy_store(source_path, to_db=to_db, to_neo4j_uri=to_neo4j_uri, batch=batch)
    typer.echo(f"copied {result.nodes} nodes and {result.edges} relationships from {source_path} to {where}")


@app.command()
@friendly
def demo(db: DbOption = None, neo4j_uri: Neo4jOption = None,
         out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the network map.")] = Path(
             "policykg-map.html")) -> None:
    """Load the bundled examples, print a summary and write the network map."""
    from policykg.api import examples_folder
    from policykg.graph.ingest import SUFFIXES

    examples = examples_folder()  # package data: there in a source checkout and in an installed package
    # the documents only: the folder also holds the scripts that made two of them and their expected facts
    documents = [p for p in sorted(examples.iterdir()) if p.suffix.lower() in SUFFIXES and p.name != "README.md"]
    with _open(db, neo4j_uri) as store:
        summary = _run_load(store, documents, None, False, False)
        _print_counts(_counts(store))
        _write_demo_map(store, out)
    if summary.failed:
        raise typer.Exit(1)


def _write_demo_map(store, out: Path) -> None:
    from policykg.visualizations.render import write_map

    write_map(store, out)
    typer.echo(f"map: {out.resolve()}")


class SizeByOption(str, Enum):
    degree = "degree"
    weighted = "weighted"
    pagerank = "pagerank"
    betweenness = "betweenness"


class ColorByOption(str, Enum):
    kind = "kind"
    community = "community"
    jurisdiction = "jurisdiction"


@app.command(name="map")
@friendly
def map_(
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("policykg-map.html"),
    plan: PlanOption = None,
    department: DepartmentOption = None,
    leader: LeaderOption = None,
    place: PlaceOption = None,
    hops: HopsOption = None,
    query: Annotated[Optional[str], typer.Option("--query", help="Draw a named query's result "
                                                 "(see `policykg query --list`).")] = None,
    param: QueryParamOption = None,
    collaboration: Annotated[bool, typer.Option("--collaboration", help="Departments only, linked by the "
                                                "tasks they share (edge weight = shared tasks).")] = False,
    citations: Annotated[bool, typer.Option("--citations", help="Plans and the documents they cite.")] = False,
    size_by: Annotated[SizeByOption, typer.Option("--size-by", help="Node size: degree, weighted degree (shared "
                                                  "tasks on --collaboration), PageRank or betweenness.")
                       ] = SizeByOption.degree,
    color_by: Annotated[Optional[ColorByOption], typer.Option(
        "--color-by", help="Node colour: kind (plan, task, department kind …), community (Louvain, the default "
        "on --collaboration) or jurisdiction.", show_default=False)] = None,
    min_shared: Annotated[int, typer.Option("--min-shared", help="With --collaboration: keep only ties of at "
                                            "least N shared tasks.")] = 1,
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Node budget: a bigger selection is drawn "
                                           "aggregated (plans and departments, tasks folded into edge "
                                           "weights).")] = 5000,
    title: Annotated[Optional[str], typer.Option(help="Page title (default: describes the selection).")] = None,
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Draw the graph, or a part of it, as one HTML file that opens offline in any browser."""
    from policykg.visualizations.render import write_map
    from policykg.visualizations.scope import MapScope

    scope = MapScope(plans=tuple(plan or ()), department=department, leader=leader, place=place, hops=hops,
                     query=query, params=_params(param), collaboration=collaboration, citations=citations,
                     min_shared=min_shared, max_nodes=max_nodes)
    with _open(db, neo4j_uri, read_only=True) as store:
        summary = write_map(store, out, scope, size_by=size_by.value, title=title,
                            color_by=color_by.value if color_by else None)
    if summary.notice:
        typer.echo(f"note: {summary.notice}", err=True)
    typer.echo(f"map: {summary.nodes} nodes, {summary.edges} relationships -> {out.resolve()}")


class RowFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


ParamOption = Annotated[list[str], typer.Option("--param", "-p", help="KEY=VALUE (repeatable).",
                                                show_default=False)]
RowFormatOption = Annotated[RowFormat, typer.Option("--format", "-f", help="Output format.")]
LimitOption = Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many rows.",
                                                    show_default=False)]
WideOption = Annotated[bool, typer.Option("--wide", help="Tables: every column (ids too), no text cut to fit "
                                          "the terminal.")]
ColumnsOption = Annotated[Optional[list[str]], typer.Option("--columns", help="Only these columns, in this order "
                                                           "(a,b or repeated).", show_default=False)]


def _print_rows(rows: list[dict], columns: list[str], fmt: RowFormat, wide: bool = False,
                only: Optional[list[str]] = None, total: Optional[int] = None) -> None:
    """Tables fit the terminal (ids hidden, long text cut); notes ("showing 15 of 93 rows") go to stderr."""
    from policykg.queries.output import show, terminal_width

    shown = show(rows, columns, fmt.value, width=terminal_width(), wide=wide, only=only or (), total=total)
    if shown.text:
        typer.echo(shown.text)
    for note in shown.notes:
        typer.echo(note, err=True)


def _limited(rows: list[dict], limit: Optional[int]) -> list[dict]:
    if limit is not None and limit < 0:
        raise InputError(f"--limit must be 0 or more, got {limit}")
    return rows if limit is None else rows[:limit]


@app.command()
@friendly
def query(
    name: Annotated[Optional[str], typer.Argument(help="A named query (see --list).", show_default=False)] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries and their parameters.")] = False,
    param: ParamOption = [],
    format: RowFormatOption = RowFormat.table,
    limit: LimitOption = None,
    wide: WideOption = False,
    columns: ColumnsOption = None,
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Ask a named question of the graph: `policykg query department-partners -p department=发改局`."""
    from policykg.queries.catalog import catalog, run

    if list_ or not name:
        queries = [q.to_dict() for q in catalog().values()]
        if format is RowFormat.json:
            typer.echo(json.dumps(queries, ensure_ascii=False, indent=2))
            return
        for q in queries:
            params = ", ".join(f"{p['name']}: {p['type']}" + ("" if p["required"] else f" = {p['default']!r}")
                               for p in q["params"])
            typer.echo(f"{q['name']}({params})\n    {q['description']}\n    e.g. {q['example']}")
        return
    with _open(db, neo4j_uri, read_only=True) as store:
        result = run(store, name, _params(param))  # every row, so a --limit can say how many there were
    for r in result.resolved:
        typer.echo(f"resolved {r.describe()}", err=True)
    _print_rows(_limited(result.rows, limit), result.columns, format, wide, columns, len(result.rows))


@app.command()
@friendly
def cypher(
    statement: Annotated[Optional[str], typer.Argument(help="A Cypher statement.", show_default=False)] = None,
    file: Annotated[Optional[Path], typer.Option("--file", help="Read the statement from a file.",
                                                 show_default=False)] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="KEY=VALUE; VALUE is read as JSON when it "
                                             "parses (5, true, [\"a\"]), else as text.", show_default=False)] = [],
    write: Annotated[bool, typer.Option("--write", help="Run any statement, including ones that change the graph or "
                                        "read and write files (trusted input only).")] = False,
    format: RowFormatOption = RowFormat.table,
    wide: WideOption = False,
    columns: ColumnsOption = None,
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Run one Cypher statement that reads the graph; --write runs any statement (trusted input only).

    Without --write the store is opened read-only and the statement must be one reading query
    (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL of a procedure that describes the store);
    anything that writes, loads, copies, exports, attaches, installs or checkpoints is refused.
    """
    if (statement is None) == (file is None):
        raise InputError("give a Cypher statement or --file FILE (one of them)")
    if file is not None:
        try:
            statement = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{shown(file)}: cannot read the statement ({shown(err)}); check the path") from None
    from policykg.exchange.cypher_script import run_script
    from policykg.graph.reading import check_reading
    from policykg.queries.statement import check_parameters, explained, result_columns

    if not write:
        check_reading(statement)  # before the store is opened: a refused statement touches nothing
    params = {k: _json_or_text(v) for k, v in _params(param).items()}
    check_parameters(statement, params)
    with _open(db, neo4j_uri, read_only=not write) as store, explained():
        rows = run_script(store, statement, params)  # a file may hold several statements (Neo4j runs one per call)
    names, rows = result_columns(statement, rows)  # headers as the user wrote the RETURN items
    _print_rows(rows, names, format, wide, columns)


def _json_or_text(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


class Measure(str, Enum):
    centrality = "centrality"
    communities = "communities"
    collaboration = "collaboration"
    bridges = "bridges"


class NetworkKind(str, Enum):
    collaboration = "collaboration"
    leaders = "leaders"


class RankBy(str, Enum):
    pagerank = "pagerank"
    betweenness = "betweenness"
    weighted_degree = "weighted_degree"
    degree = "degree"


@app.command()
@friendly
def analyze(
    measure: Annotated[Measure, typer.Argument(help="What to compute.")],
    network: Annotated[NetworkKind, typer.Option("--network", help="collaboration: departments linked by shared "
                                                 "tasks; leaders: leaders and the departments on their tasks.")
                       ] = NetworkKind.collaboration,
    plan: Annotated[list[str], typer.Option("--plan", help="Only tasks of this plan (title, 文号, file name or id; "
                                            "repeatable).", show_default=False)] = [],
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", help="Only entities of this jurisdiction.")] = "",
    by: Annotated[RankBy, typer.Option("--by", help="Centrality: rank by this score.")] = RankBy.pagerank,
    format: RowFormatOption = RowFormat.table,
    limit: LimitOption = None,
    wide: WideOption = False,
    columns: ColumnsOption = None,
    db: DbOption = None,
    neo4j_uri: Neo4jOption = None,
) -> None:
    """Network analytics: centrality, Louvain communities, collaboration links, bridging departments."""
    from policykg.queries.analytics import analyze as run_analysis

    with _open(db, neo4j_uri, read_only=True) as store:
        result = run_analysis(store, measure.value, network.value, plan, jurisdiction, by.value)
    for p in result.plans:
        typer.echo(f"resolved plan → {p.name} [{p.id}]", err=True)
    if format is RowFormat.table:
        typer.echo(result.explanation)
    _print_rows(_limited(result.rows, limit), result.columns, format, wide, columns, len(result.rows))


@app.command(name="eval")
@friendly
def eval_(
    docs: Annotated[list[Path], typer.Argument(help="Documents (files or folders) named in the gold file.")],
    gold: Annotated[Path, typer.Option("--gold", help="A policykg-gold/1 JSON file.")],
    min_f1: Annotated[Optional[float], typer.Option("--min-f1", help="Exit 1 if any category's F1 is below.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Parallel parsers (default: all cores).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Also print each document's misses and false "
                                                            "positives with their quotes.")] = False,
) -> None:
    """Score extraction against hand-checked gold (precision/recall/F1 per fact type)."""
    from policykg.loaders.scoring import format_explanation, format_report
    from policykg.queries.evaluation import evaluate_files, lowest_f1

    details: dict[str, list[str]] | None = {} if explain else None
    per_document, overall, summary = evaluate_files(gold, docs, workers=workers, explain=details)
    for path, reason in summary.failed:
        typer.echo(f"failed: {reason}", err=True)
    typer.echo(format_report(per_document, overall))
    if details:
        typer.echo("\nEXPLAIN (miss = in gold, not found; fp = found, not in gold)\n" + format_explanation(details))
    if not per_document:
        raise InputError(f"none of the documents is named in {shown(gold)}; nothing was scored: give the files "
                         "its \"doc\" entries name, or the gold file written for these documents")
    category, f1 = lowest_f1(overall)
    if min_f1 is not None and f1 < min_f1:  # a gate that did not pass, not an error: exit 1 all the same
        raise fail(f"{category} F1 {f1:.3f} is below --min-f1 {min_f1}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
