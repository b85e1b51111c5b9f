"""The planning summary, printed for a planner."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def _money(x: float) -> str:
    return f"£{x:,.2f}"


def print_summary(summary: dict, console: Console) -> None:
    t = summary["journey_times"]
    solo = summary["one_vehicle_per_child"]
    unplaced = summary["unplaced"]
    console.print()
    console.rule("[bold]Plan summary (one school week)")
    table = Table(show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("This plan", justify="right")
    table.add_column("One vehicle per child", justify="right")
    table.add_row("Children", str(summary["children"]), str(summary["children"]))
    table.add_row(
        "Journeys placed",
        f"{summary['journeys_placed']} of {summary['journeys_per_week']}",
        f"{summary['journeys_placed']}",
    )
    if "journeys_spot_hired" in summary:
        table.add_row("Journeys on a spot hire", str(summary["journeys_spot_hired"]), "")
        table.add_row("Journeys not covered", str(summary["journeys_not_covered"]), "")
    table.add_row("Vehicles (busiest session)", str(summary["vehicles_peak_session"]), str(solo["vehicles_peak_session"]))
    table.add_row("Cost per week", _money(summary["cost_per_week"]), _money(solo["cost_per_week"]))
    table.add_row("Miles per week", f"{summary['miles_per_week']:,.0f}", f"{solo['miles_per_week']:,.0f}")
    table.add_row("Mean journey", f"{t['mean_minutes']:.0f} min", f"{solo['mean_minutes']:.0f} min")
    table.add_row(
        "Longest journey",
        f"{t['longest_minutes']:.0f} min (limit {t['longest_limit_minutes']:.0f})",
        f"{solo['longest_minutes']:.0f} min",
    )
    console.print(table)
    console.print(
        f"Saving against one vehicle per child: [bold]{_money(summary['saving_per_week'])} a week "
        f"({summary['saving_percent']}%)[/bold]. {summary['vehicles_used']} vehicles used in the week, "
        f"{summary['runs_per_week']} runs."
    )
    if "travel_times" in summary:
        console.print(f"Travel times: {summary['travel_times']}.")
    console.print(
        f"Journeys within each child's limit: {t['within_limit']} of {summary['journeys_placed']}; "
        f"the closest to its limit uses {t['closest_to_limit_percent']}% of it."
    )
    steady = summary.get("same_every_day")
    if steady and steady["children_sessions"]:
        console.print(
            f"Through the week, of {steady['children_sessions']} children's morning or afternoon journeys: "
            f"{steady['same_crew']} have the same vehicle and PA every day, {steady['same_time']} the same "
            f"time at home (within {steady['within_minutes']} minutes)."
        )
    kept = summary.get("continuity")
    if kept:
        console.print(
            f"Against plan {kept['previous_plan']}: {kept['journeys_kept']} of {kept['journeys_compared']} journeys keep "
            f"their vehicle and PA; {kept['children_changed']} children have a change in "
            f"{kept['journeys_changed']} journeys (listed in changes.csv)."
        )
    spot = summary.get("spot_hire")
    if spot and spot["journeys"]:
        console.print(
            f"\n[bold]Spot hire:[/bold] {spot['journeys']} journeys the council's own fleet and PAs cannot take, on "
            f"{spot['runs']} hired runs, {_money(spot['cost_per_week'])} a week ({_money(spot['cost_per_journey'])} a journey, "
            f"against {_money(summary['cost_per_journey'])} on the fleet). What to procure:"
        )
        for booking in spot["procure"]:
            console.print(f"  {booking['text']}")
        s = Table(show_header=True, header_style="bold")
        for col in ("Child", "Name", "School", "Sessions", "Why the fleet cannot take them"):
            s.add_column(col)
        for row in spot["children"]:
            s.add_row(row["child"], row["name"], row["school"], ", ".join(row["sessions"]), "; ".join(row["reasons"]))
        console.print(s)
    if unplaced:
        console.print(f"\n[bold red]{len(unplaced)} children are not carried in every session:[/bold red]")
        u = Table(show_header=True, header_style="bold")
        for col in ("Child", "Name", "School", "Sessions", "Why"):
            u.add_column(col)
        for row in unplaced:
            u.add_row(row["child"], row["name"], row["school"], ", ".join(row["sessions"]), "; ".join(row["reasons"]))
        console.print(u)
    else:
        covered = "on the council's fleet or a spot hire" if spot and spot["journeys"] else "on the council's fleet"
        console.print(f"\n[bold green]Every child is carried in every session, {covered}.[/bold green]")
