"""The `transport` command."""

from __future__ import annotations

import datetime as dt
import enum
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from transport.clock import next_monday
from transport.db import make_engine, migrate, session_factory
from transport.settings import get_settings


class LogLevel(enum.StrEnum):
    """uvicorn's log levels."""

    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"
    trace = "trace"


app = typer.Typer(help="SEND home-to-school transport: plan routes, tell people, keep records.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
darp_app = typer.Typer(help="The Cordeau dial-a-ride benchmark, to measure the optimiser.", no_args_is_help=True)
app.add_typer(darp_app, name="darp")
bench_app = typer.Typer(help="Benchmarks: commands that print tables of measurements.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
notify_app = typer.Typer(help="Texts: the outbox dispatcher.", no_args_is_help=True)
app.add_typer(notify_app, name="notify")
users_app = typer.Typer(
    help="Accounts: planners, schools, parents, drivers and PAs (list, add, disable, enable, reissue).", no_args_is_help=True
)
app.add_typer(users_app, name="users")
BENCHMARKS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
DARP_DIR = BENCHMARKS_DIR / "darp"
console = Console()


def _factory():
    engine = make_engine()
    migrate(engine)
    return session_factory(engine)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    _factory()
    console.print(f"Database ready: {make_engine().url.render_as_string(hide_password=True)}")


@users_app.command("add")
def users_add(
    role: str = typer.Option(..., help="planner, school, parent, driver or pa"),
    name: str = typer.Option(..., help="Who the account is for"),
    link: str = typer.Option(None, help="The council's ID of the school, guardian, driver or PA it belongs to"),
) -> None:
    """Make an account and print its token (once: only its hash is kept)."""
    from transport.accounts import AccountError, add_user
    from transport.db import transaction

    try:
        with transaction(_factory()) as db:
            token = add_user(db, role, name, link)
    except AccountError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2)
    console.print(f"Account made for {name} ({role}). Its token, shown only this once:")
    print(token)


@users_app.command("list")
def users_list() -> None:
    """Every account: its ID, role, name, the record it belongs to, last sign-in, and whether disabled."""
    from rich.table import Table

    from transport.accounts import list_users
    from transport.db import transaction

    with transaction(_factory()) as db:
        accounts = list_users(db)
    table = Table("ID", "Role", "Name", "Belongs to", "Last signed in", "Disabled")
    for a in accounts:
        belongs = f"{a.linked} ({a.link_ref})" if a.linked else (f"{a.link_ref} (gone)" if a.link_ref else "")
        signed = f"{a.last_signed_in:%Y-%m-%d %H:%M} UTC" if a.last_signed_in else "never"
        table.add_row(str(a.id), a.role, a.name, belongs, signed, "disabled" if a.disabled else "")
    console.print(table)


def _change_user(change, user_id: int):
    from transport.db import transaction
    from transport.errors import NotFound

    try:
        with transaction(_factory()) as db:
            return change(db, user_id)
    except NotFound as error:
        console.print(f"[red]{error}: `transport users list` shows every account's ID[/red]")
        raise typer.Exit(2)


@users_app.command("disable")
def users_disable(user_id: int = typer.Argument(..., help="The account's ID (from `transport users list`)")) -> None:
    """Disable an account: its token and its sign-ins open nothing from now on."""
    from transport.accounts import set_disabled

    user = _change_user(lambda db, i: set_disabled(db, i, True).name, user_id)
    console.print(f"Account {user_id} ({user}) is disabled: its token and sign-ins open nothing now.")


@users_app.command("enable")
def users_enable(user_id: int = typer.Argument(..., help="The account's ID (from `transport users list`)")) -> None:
    """Enable a disabled account again (with the token it had; `reissue` gives a new one)."""
    from transport.accounts import set_disabled

    user = _change_user(lambda db, i: set_disabled(db, i, False).name, user_id)
    console.print(f"Account {user_id} ({user}) is enabled again.")


@users_app.command("reissue")
def users_reissue(user_id: int = typer.Argument(..., help="The account's ID (from `transport users list`)")) -> None:
    """Give an account a new token, printed once; the old one and its sign-ins open nothing from now on."""
    from transport.accounts import reissue

    token = _change_user(reissue, user_id)
    console.print(f"Account {user_id} has a new token (the old one no longer works). Shown only this once:")
    print(token)


@notify_app.command("run")
def notify_run(once: bool = typer.Option(False, "--once", help="Send what is due now, then stop")) -> None:
    """Send the outbox's texts (Twilio if configured, else the local log), with retries."""
    from transport.notify import outbox
    from transport.notify.choose import gateway_from_settings

    settings = get_settings()
    factory, gateway = _factory(), gateway_from_settings(settings)
    pace = outbox.Pace(settings.sms_rate_per_second)
    if once:
        console.print(f"{outbox.run_once(factory, gateway, pace)} text(s) tried.")
        return
    console.print(f"Sending texts through {type(gateway).__name__}; Ctrl-C to stop.")
    try:
        outbox.run(factory, gateway, pace=pace)
    except KeyboardInterrupt:
        pass


@notify_app.command("run-sheets")
def notify_run_sheets(date: str = typer.Option(None, help="Day of the runs (YYYY-MM-DD); default the next school day")) -> None:
    """Queue each driver's and PA's run sheet for a day (sent by the dispatcher)."""
    from transport.clock import next_school_day
    from transport.day.tell import run_sheets
    from transport.db import transaction

    day = dt.date.fromisoformat(date) if date else next_school_day(dt.date.today())
    with transaction(_factory()) as db:
        console.print(f"{run_sheets(db, day)} run sheet text(s) queued for {day:%a %d %b %Y}.")


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on"),
    port: int = typer.Option(8000, help="Port to listen on"),
    workers: int = typer.Option(1, min=1, help="Service processes (for PostgreSQL; SQLite has one writer at a time)"),
    log_level: LogLevel = typer.Option(LogLevel.info, help="uvicorn's log level: info logs each request, warning only problems"),
) -> None:
    """Start the API (and its planning jobs) with uvicorn."""
    from api.server import serve as run

    _factory()
    run(host, port, workers, log_level.value)


@app.command("import")
def import_files(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of the council's CSV/XLSX files"),
) -> None:
    """Import the council's files; if any row is bad, nothing is imported and every bad row is listed."""
    from transport.imports import ImportFailed, import_folder

    factory = _factory()
    try:
        report = import_folder(factory, folder)
    except ImportFailed as failed:
        console.print(f"[bold red]Nothing was imported: {len(failed.errors)} problem(s) in the files.[/bold red]")
        for error in failed.errors:
            console.print(f"  {error}")
        raise typer.Exit(1)
    console.print(str(report))


@app.command("plan")
def plan(
    starts_on: str = typer.Option(None, help="First day the plan runs (YYYY-MM-DD); default next Monday"),
    seconds: float = typer.Option(None, help="Optimiser time per part of the problem (default from settings)"),
    out: Path = typer.Option(Path("out"), help="Folder for run sheets, summary and map"),
    previous: int | None = typer.Option(
        None, help="Plan whose vehicles and crews children keep where the cost allows (default: the published plan)"
    ),
    fresh: bool = typer.Option(False, "--fresh", help="Plan from scratch, keeping nobody's vehicle or crew"),
) -> None:
    """Plan every weekday's morning and afternoon runs, print the summary and write the outputs."""
    from transport.errors import TransportError
    from transport.planning.exports import export_plan
    from transport.planning.lifecycle import keeps_faith_with
    from transport.planning.plan import Week
    from transport.planning.report import print_summary
    from transport.planning.week import plan_week

    settings = get_settings()
    try:
        day = dt.date.fromisoformat(starts_on) if starts_on else next_monday(dt.date.today())
    except ValueError:
        console.print(f"[red]--starts-on {starts_on!r} is not a date like 2026-09-07[/red]")
        raise typer.Exit(2)
    factory = _factory()
    with factory() as db:
        try:
            previous = keeps_faith_with(db, previous, fresh)
        except TransportError as error:
            console.print(f"[bold red]Planning failed:[/bold red] {error}")
            raise typer.Exit(1)
    with _progress() as bar:
        task = bar.add_task("planning routes", total=None)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        try:
            plan_id = plan_week(factory, settings, Week(day, seconds=seconds, previous=previous), progress=progress)
        except TransportError as error:
            console.print(f"[bold red]Planning failed:[/bold red] {error}")
            raise typer.Exit(1)
    with factory() as db:
        from transport import models as m

        plan_row = db.get(m.Plan, plan_id)
        print_summary(plan_row.summary, console)
        paths = export_plan(db, plan_id, out)
    console.print(f"\nDraft plan {plan_id} saved. Files written:")
    for p in paths:
        console.print(f"  {p}")


@app.command("costs")
def costs(
    plan_id: int | None = typer.Argument(None, help="The plan (default: the latest published)"),
    seconds: float = typer.Option(None, help="Optimiser time to re-solve each run without a child (default PLACE_COST_SECONDS)"),
    out: Path = typer.Option(Path("out/place-costs.csv"), help="The CSV of every child's place and allowance"),
) -> None:
    """What each child's place on a plan costs (each of their runs re-solved without them) against
    the council's mileage allowance and a PTB: the biggest savings printed, every child in a CSV."""
    from rich.table import Table

    from transport.budgets.costs import by_saving, costs_csv, costs_of, request_costing, run_costing

    SHORT = {"place": "place", "allowance": "allowance", "ptb": "PTB"}
    from transport.errors import TransportError
    from transport.planning.previous import latest_published

    settings = get_settings()
    factory = _factory()
    with factory() as db:
        plan_id = plan_id or latest_published(db)
    if plan_id is None:
        console.print("[red]There is no published plan: give the plan's ID (transport plan prints it).[/red]")
        raise typer.Exit(1)
    try:
        with factory.begin() as db:
            request_costing(db, plan_id, "transport costs")
    except TransportError as error:
        console.print(f"[bold red]Costing failed:[/bold red] {error}")
        raise typer.Exit(1)
    with _progress() as bar:
        task = bar.add_task("re-solving each child's runs without them", total=None)
        run_costing(factory, settings, plan_id, seconds, report=lambda done, total: bar.update(task, completed=done, total=total))
    with factory() as db:
        costing, rows = costs_of(db, plan_id)
        if costing.status != "done":
            console.print(f"[bold red]Costing failed:[/bold red] {costing.error}")
            raise typer.Exit(1)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(costs_csv(rows))
        rows = by_saving(rows)
        table = Table(title=f"Plan {plan_id}: the places an allowance or a PTB would save most on (pounds)")
        for name in ("Child", "Place a week", "Miles", "Allowance a week", "PTB a week", "Cheaper", "Saving a year"):
            table.add_column(name, justify="left" if name in ("Child", "Cheaper") else "right")
        for r in rows[:15]:
            table.add_row(
                f"{r.child.first_name} {r.child.last_name}", f"{r.place_per_week:,.2f}", f"{r.miles:.1f}",
                f"{r.allowance_per_week:,.2f}", "-" if r.ptb_per_week is None else f"{r.ptb_per_week:,.2f}",
                SHORT[r.cheaper], f"{r.saving_per_year:,.0f}",
            )  # fmt: skip
        console.print(table)
        cheaper = [r for r in rows if r.cheaper != "place"]
        console.print(
            f"{len(rows)} children costed: places £{sum(r.place_per_week for r in rows):,.2f} a week; "
            f"{len(cheaper)} would cost less on an allowance or a PTB, £{sum(r.saving_per_year for r in cheaper):,.0f} a school year."
        )
    console.print(f"Every child: {out}")


@app.command("sample")
def sample(
    out: Path = typer.Option(Path("data/sample"), help="Folder to write the council's files to"),
    children: int = typer.Option(320, help="How many children"),
    seed: int = typer.Option(20261124, help="Random seed (same seed, same council)"),
) -> None:
    """Generate a synthetic council (the sample data, or a bigger one for benchmarks)."""
    from transport.bench.samplegen import generate

    counts = generate(out, children=children, seed=seed)
    console.print(f"Wrote {out}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@app.command("optimise")
def optimise(
    problem_file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A problem in the JSON form of docs/optimizer-format.md"
    ),
    seconds: float = typer.Option(10.0, help="Optimiser time"),
    out: Path = typer.Option(Path("solution.json"), help="Where to write the solution (JSON)"),
) -> None:
    """Solve one optimiser problem on its own (no database), check it, write the solution."""
    import json

    from transport.optimizer import solve, validate
    from transport.optimizer.jsonio import BadProblem, read_problem, solution_data

    try:
        problem = read_problem(problem_file)
    except BadProblem as bad:
        console.print(f"[bold red]{problem_file} is not a valid problem:[/bold red]")
        for error in bad.errors:
            console.print(f"  {error}")
        raise typer.Exit(2)
    solution = solve(problem, seconds=seconds)
    violations = validate(problem, solution)
    if violations:
        console.print("[bold red]The optimiser's answer broke a rule:[/bold red] " + "; ".join(violations))
        raise typer.Exit(1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(solution_data(solution), indent=1))
    console.print(
        f"{len(problem.journeys) - len(solution.unplaced)} of {len(problem.journeys)} journeys placed on "
        f"{len(solution.runs)} runs, cost {solution.cost:.2f}; solution written to {out}"
    )


@bench_app.command("scale")
def bench_scale(
    children: list[int] = typer.Option([300, 1000, 5000], "--children", help="Council sizes (repeat the option)"),
    seconds: float = typer.Option(1.0, help="Optimiser time per part"),
) -> None:
    """Generate, import and plan councils of each size; print the times, memory and results."""
    from rich.table import Table

    from transport.bench.scale import scale_row

    rows = []
    for n in children:
        console.print(f"council of {n} children ...")
        rows.append(scale_row(n, seconds, get_settings()))
    table = Table(*rows[0].keys(), title=f"Scale: whole week planned, {seconds:g} s per part, 2 workers")
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    console.print(table)


@bench_app.command("ops")
def bench_ops(
    children: int = typer.Option(1000, help="Council size (a council published at --database-url already is reused)"),
    database_url: str = typer.Option(None, help="Database to build (or reuse) the council in; default a SQLite file"),
    folder: Path = typer.Option(Path("var/bench-ops"), help="Working folder: the council's files, the SMS log"),
    seconds: float = typer.Option(1.0, help="Optimiser time per part when planning the council"),
    reads: int = typer.Option(200, help="Requests of each kind of read, each way"),
    rate: float = typer.Option(50.0, help="Absences a second"),
    duration: float = typer.Option(30.0, help="Seconds of absences"),
    workers: int = typer.Option(1, help="Service processes (uvicorn --workers)"),
    sms_rate: float = typer.Option(0.0, help="SMS_RATE_PER_SECOND for the service's dispatcher (0: no limit)"),
    while_planning: bool = typer.Option(False, help="Also read manifests while the council's next week is planned"),
    job_broker_url: str = typer.Option(None, help="Plan on a Dramatiq worker over this broker (redis://...), not in the service"),
) -> None:
    """Serve a published council and measure reads, absences, crew texts, the outbox and memory."""
    from rich.table import Table

    from transport.bench.ops import CLIENTS, run_ops

    url = database_url or f"sqlite:///{(folder / f'council-{children}.sqlite').resolve()}"
    r = run_ops(
        children,
        url,
        folder.resolve(),
        seconds,
        reads,
        rate,
        duration,
        workers,
        sms_rate,
        console.print,
        while_planning,
        job_broker_url,
    )
    table = Table(
        "measure", "p50", "p95", "p99", "errors", title=f"Operations: {children} children, {r['database']}, {workers} worker(s)"
    )
    for (kind, clients), t in r["reads"].items():
        way = "one after another" if clients == 1 else f"{CLIENTS} clients"
        table.add_row(f"{kind} ({way}), ms", *(f"{t.pct(p):.0f}" for p in (50, 95, 99)), str(t.errors))
    if (w := r.get("while_planning")) is not None:
        where = "a Dramatiq worker" if job_broker_url else "the service"
        table.add_row(
            f"school manifest while planning on {where} ({w.plan_seconds:.0f} s, {w.status}), ms",
            *(f"{w.reads.pct(p):.0f}" for p in (50, 95, 99)),
            str(w.reads.errors),
        )
    a = r["absences"]
    table.add_row("absence answer, ms", *(f"{a.latency.pct(p):.0f}" for p in (50, 95, 99)), str(a.errors))
    table.add_row(
        "absence to gateway, crew texts, s", *(f"{r['crew'].pct(p) / 1000:.2f}" for p in (50, 95, 99)), str(r["crew_unsent"])
    )
    console.print(table)
    console.print(
        f"absences: {a.sent} sent over {a.seconds:.1f} s (achieved {a.created / a.seconds:.1f} a second): "
        f"{a.created} answered 201, {a.refused} refused (4xx), {a.errors} errors (5xx or no answer); "
        f"{r['stored']} stored, lost {max(0, r['lost'])}"
    )
    d = r["publish_drain"]
    console.print(
        f"first, the publish's {d.sent} texts sent in {d.seconds:.0f} s ({d.sent / max(d.seconds, 1e-9):.0f} a second)"
        + (f", {d.left} still waiting after {d.seconds:.0f} s" if d.left else "")
        + "; the reads and absences were measured after them"
    )
    console.print(f"outbox drained at {r['drain']:.0f} texts a second; service peak memory {r['peak_mb'] or 0:.0f} MB")


@bench_app.command("live")
def bench_live(
    children: int = typer.Option(5000, help="Council size (a council published at --database-url already is reused)"),
    database_url: str = typer.Option(None, help="Database to build (or reuse) the council in; default a SQLite file"),
    folder: Path = typer.Option(Path("var/bench-live"), help="Working folder: the council's files, the SMS log"),
    seconds: float = typer.Option(1.0, help="Optimiser time per part when planning the council"),
    duration: float = typer.Option(60.0, help="Seconds of positions (one from each run every 30 s)"),
    share: float = typer.Option(0.5, help="Share of parents opted in to texts on the day"),
) -> None:
    """Every morning run sending its position every 30 s to one service: answers, and late texts."""
    from rich.table import Table

    from transport.bench.live import run_live

    url = database_url or f"sqlite:///{(folder / f'council-{children}.sqlite').resolve()}"
    r = run_live(children, url, folder.resolve(), seconds, duration, share, console.print)
    x = r["result"]
    table = Table(
        "measure",
        "p50",
        "p95",
        "p99",
        "errors",
        title=f"The live day: {children} children, {x.runs} morning runs, {r['database']}",
    )
    table.add_row("position answer, ms", *(f"{x.positions.pct(p):.0f}" for p in (50, 95, 99)), str(x.positions.errors))
    table.add_row("  of those that queued no text, ms", *(f"{x.quiet.pct(p):.0f}" for p in (50, 95, 99)), "")
    table.add_row(
        "position to late text at the gateway, s",
        *(f"{x.late.pct(p) / 1000:.2f}" for p in (50, 95, 99)),
        str(x.late_unsent),
    )
    console.print(table)
    console.print(
        f"{len(x.positions.ms)} positions in {x.seconds:.0f} s ({len(x.positions.ms) / max(x.seconds, 1e-9):.1f} a second); "
        f"{len(x.late.ms)} late texts to the {x.opted_in} parents opted in; service peak memory {r['peak_mb'] or 0:.0f} MB"
    )


@bench_app.command("travel")
def bench_travel(
    places: list[int] = typer.Option([500, 2000, 10000], "--places", help="Matrix sizes (repeat the option)"),
    block: int = typer.Option(500, help="Places per side of one engine request"),
    at_once: int = typer.Option(2, help="Engine requests at once (and engine threads)"),
) -> None:
    """Time a travel matrix with each provider on this machine: the straight line, a local Valhalla, the cache."""
    from rich.table import Table

    from transport.bench.travel import travel_rows

    rows = travel_rows(
        places, block, at_once, report=lambda row: console.print(f"  {row['provider']}, {row['places']:,}: {row['seconds']} s")
    )
    table = Table(*rows[0].keys(), title="Travel matrices (OSRM: no engine installs here, see the README)")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row.values()))
    console.print(table)


travel_app = typer.Typer(help="Travel times: run a road engine for the county; the cache of its answers.", no_args_is_help=True)
app.add_typer(travel_app, name="travel")


@travel_app.command("engine")
def travel_engine(
    extract: Path = typer.Argument(..., exists=True, dir_okay=False, help="The county's OpenStreetMap extract (.osm.pbf)"),
    folder: Path = typer.Option(Path("var/valhalla"), help="Where the engine's tiles and configuration are kept"),
    port: int = typer.Option(8002, help="Port the engine answers on"),
    threads: int = typer.Option(2, help="Engine worker threads"),
) -> None:
    """Build Valhalla's tiles from the extract (once) and serve them until stopped (Ctrl-C)."""
    from transport.travel import TravelError
    from transport.travel.local_valhalla import LocalValhalla

    engine = LocalValhalla(extract, folder, port=port, threads=threads)
    try:
        console.print(f"Building tiles from {extract} in {folder} (once; delete {folder}/tiles to rebuild) ...")
        engine.start(wait=120)
    except TravelError as error:
        console.print(f"[bold red]{error}[/bold red]")
        raise typer.Exit(1)
    console.print(
        f"Valhalla answers at {engine.url}. Set TRAVEL_ENGINE=valhalla and TRAVEL_ENGINE_URL={engine.url}. Ctrl-C stops it."
    )
    assert engine.process is not None  # start() returned: the engine is running
    try:
        engine.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        engine.stop()


@travel_app.command("cache")
def travel_cache() -> None:
    """How many pairs of places the cache holds, by engine and profile."""
    from transport.travel.cache import kept

    held = kept(_factory())
    if not held:
        console.print("The cache is empty.")
    for engine, pairs in held.items():
        console.print(f"{engine}: {pairs:,} pairs of places")


@travel_app.command("forget")
def travel_forget(
    engine: str = typer.Option("", help="Only this engine and profile's answers (as `transport travel cache` names them)"),
) -> None:
    """Empty the cache of road engine answers, after the county's map data changes: the next
    plan asks the engine again."""
    from transport.travel.cache import forget

    try:
        gone = forget(_factory(), engine or None)
    except LookupError as error:
        console.print(f"[bold red]{str(error).capitalize()}.[/bold red]")
        raise typer.Exit(1)
    for name, pairs in gone.items():
        console.print(f"Forgot {pairs:,} pairs of places from {name}.")
    if not gone:
        console.print("The cache was already empty.")


END_DEPOT_HELP = (
    "Read the end depot's window as the start depot's (Cordeau and Laporte's own files list one depot, "
    "open 0 to 1440; the darp-tight files close the end depot at 480)"
)


def _darp_one(path: Path, seconds: float, reference: bool = False, end_depot_as_start: bool = False) -> dict:
    """Solve one instance with our portfolio (both cores) or the plain reference model (one)."""
    from transport.bench.darp import read_instance, solution_json
    from transport.bench.portfolio import solve_portfolio
    from transport.bench.reference import solve_reference
    from transport.optimizer import validate

    problem = read_instance(path, end_depot_as_start)
    began = time.monotonic()
    solution = solve_reference(problem, seconds) if reference else solve_portfolio(problem, seconds)
    solution.seconds = time.monotonic() - began
    result = solution_json(problem, solution)
    result["violations"] = validate(problem, solution)
    return result


def _skipped(ours: dict) -> dict:
    """A reference row for a run without the reference model."""
    return {
        "instance": ours["instance"],
        "requests": ours["requests"],
        "served": 0,
        "servable": ours["servable"],
        "cost": 0.0,
        "seconds": 0.0,
        "violations": [],
        "skipped": True,
    }


@darp_app.command("solve")
def darp_solve(
    instance: Path = typer.Argument(..., exists=True, dir_okay=False, help="A Cordeau instance file, e.g. a2-16.txt"),
    seconds: float = typer.Option(10.0, help="Optimiser time"),
    out: Path = typer.Option(None, help="Write the solution here (JSON)"),
    end_depot_as_start: bool = typer.Option(False, help=END_DEPOT_HELP),
) -> None:
    """Solve one dial-a-ride instance and check it with the validator."""
    import json

    result = _darp_one(instance, seconds, end_depot_as_start=end_depot_as_start)
    console.print(
        f"{result['instance']}: {result['served']} of {result['requests']} requests served "
        f"({result['servable']} could be, each alone), cost {result['cost']:.2f}"
    )
    for v in result["violations"]:
        console.print(f"[red]broken rule:[/red] {v}")
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1))
        console.print(f"Solution written to {out}")
    if result["violations"]:
        raise typer.Exit(1)


@darp_app.command("bench")
def darp_bench(
    set_: str = typer.Option("darp", "--set", help="A folder of ../shared/benchmarks: darp (sets a, b) or darp-tight"),
    folder: Path = typer.Option(
        None, exists=True, file_okay=False, help="Any folder of instances (and BEST_KNOWN.md, if costs are known); over --set"
    ),
    seconds: float = typer.Option(10.0, help="Optimiser time per instance"),
    only: str = typer.Option("", help="Only instances whose name starts with this, e.g. a2, or with one of several: a8,b8-96"),
    reference: bool = typer.Option(True, help="Solve each with the plain OR-Tools model too"),
    end_depot_as_start: bool = typer.Option(False, help=END_DEPOT_HELP),
) -> None:
    """Solve every instance with our optimiser and with a plain OR-Tools model, one after the
    other in one run; print requests served, cost, gap to the best known and seconds for each."""
    from rich.table import Table

    from transport.bench.darp import best_known
    from transport.optimizer.lns import warm_up

    folder = folder or BENCHMARKS_DIR / set_
    if not folder.is_dir():
        console.print(f"[bold red]No benchmark folder {folder}.[/bold red]")
        raise typer.Exit(1)
    known = best_known(folder / "BEST_KNOWN.md")
    prefixes = tuple(x.strip() for x in only.split(",")) if only else ("",)
    paths = sorted(p for p in folder.glob("*.txt") if p.stem.startswith(prefixes))
    warm_up()  # compiles the search once (or loads it from numba's cache), outside the timings
    rows: list[tuple[dict, dict]] = []
    with _progress() as bar:
        task = bar.add_task("DARP instances", total=len(paths))
        for path in paths:
            bar.update(task, description=path.stem)
            ours = _darp_one(path, seconds, end_depot_as_start=end_depot_as_start)
            rows.append(
                (ours, _darp_one(path, seconds, True, end_depot_as_start) if reference else _skipped(ours)),
            )
            bar.advance(task)
    table = Table(
        "instance",
        "requests",
        "servable",
        "best known",
        "ours: served",
        "cost",
        "gap %",
        "s",
        "valid",
        "reference: served",
        "cost",
        "gap %",
        "s",
        "valid",
        title=f"Cordeau DARP, {seconds:g} s per instance: ours (2 cores) and a plain OR-Tools model (1 core)",
    )
    for ours, ref in rows:
        best = known.get(ours["instance"])
        cells = [ours["instance"], str(ours["requests"]), str(ours["servable"]), f"{best:.2f}" if best else ""]
        for r in (ours, ref):
            if r.get("skipped"):
                r["gap"] = None
                cells += ["-"] * 5
                continue
            r["gap"] = 100 * (r["cost"] - best) / best if best and r["served"] == r["requests"] else None
            cells += [
                str(r["served"]),
                f"{r['cost']:.2f}",
                f"{r['gap']:.2f}" if r["gap"] is not None else ("" if not best else "-"),
                f"{r['seconds']:.1f}",
                "yes" if not r["violations"] else f"NO ({len(r['violations'])})",
            ]
        table.add_row(*cells)
    console.print(table)
    for family in sorted({ours["instance"][0] for ours, _ in rows}):
        for label, k in (("ours", 0), ("reference", 1)):
            results = [pair[k] for pair in rows if pair[k]["instance"][0] == family]
            gaps = [r["gap"] for r in results if r["gap"] is not None]
            served = sum(r["served"] == r["requests"] for r in results)
            servable = sum(r["served"] == r["servable"] for r in results)
            worst = max(results, key=lambda r: r["gap"] if r["gap"] is not None else -1)
            console.print(
                f"set {family}, {label}: every request served in {served} of {len(results)}, "
                f"every servable one in {servable}; {sum(r['served'] for r in results)} of "
                f"{sum(r['requests'] for r in results)} served, cost {sum(r['cost'] for r in results):.2f}; "
                + (
                    f"mean gap {sum(gaps) / len(gaps):.2f}% where all served, worst {worst['gap']:.2f}% ({worst['instance']})"
                    if gaps
                    else "no gap"
                )
            )


def main() -> None:
    """The command. Settings that are not right are said a line each, naming the variable, not
    in a traceback: a council's administrator fixes `.env`, not our code."""
    from pydantic import ValidationError

    try:
        app()
    except ValidationError as bad:
        if bad.title != "Settings":
            raise
        console.print(f"[bold red]The settings are not right ({bad.error_count()}):[/bold red]")
        for line in settings_errors(bad):
            console.print(f"  {line}", markup=False)
        raise SystemExit(2) from None


def settings_errors(bad) -> list[str]:
    """One line per wrong setting: its environment variable, where in its value, and what is wrong."""
    lines = []
    for e in bad.errors():
        name, *inside = e["loc"]
        where = " ".join(f"item {part + 1}" if isinstance(part, int) else f"'{part}'" for part in inside)
        lines.append(f"{str(name).upper()}{', ' + where if where else ''}: {e['msg']}")
    return lines


if __name__ == "__main__":
    main()
