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
    rides = summary.get("ride_distribution")
    if rides and rides["journeys"]:
        _print_rides(rides, console)
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


def _print_rides(rides: dict, console: Console) -> None:
    """How long children ride, and against their direct drive, in a planner's words."""
    direct = rides["against_direct"]
    spot = f" ({rides['journeys_spot_hired']} on spot hire)" if rides["journeys_spot_hired"] else ""
    cost = rides.get("ride_cost_per_hour")
    console.print(
        f"\n[bold]How long children ride[/bold], counted {rides['counted']} (RIDE_FROM={rides['counted_from']}), "
        f"over all {rides['journeys']:,} journeys{spot}: half take {rides['median_minutes']:.0f} minutes or less, "
        f"nine in ten {rides['p90_minutes']:.0f} or less, the longest {rides['longest_minutes']:.0f}; "
        f"[bold]{rides['over_an_hour']} are over an hour[/bold] (the direct drive alone is over an hour for "
        f"{rides['direct_over_an_hour']})."
    )
    console.print(
        f"Against each child's direct drive: half ride at most {direct['median_times']:.1f} times as long "
        f"({direct['median_extra_minutes']:.0f} minutes more), nine in ten at most {direct['p90_times']:.1f} times "
        f"({direct['p90_extra_minutes']:.0f} minutes more); the most extra is {direct['most_extra_minutes']:.0f} minutes."
        + (
            f" The plan pays up to {_money(cost)} to save an hour of children's time on board (RIDE_COST_PER_HOUR)."
            if cost
            else " The plan counts money alone (RIDE_COST_PER_HOUR=0)."
            if cost is not None
            else ""
        )
    )
    table = Table(show_header=True, header_style="bold")
    table.add_column("Journey time")
    table.add_column("This plan", justify="right")
    table.add_column("Direct drive", justify="right")
    for band in rides["bands"]:
        table.add_row(band["band"], f"{band['journeys']:,}", f"{band['direct']:,}")
    console.print(table)
