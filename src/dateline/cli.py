"""The command line: a thin layer of click commands over the library.

Each command parses options, calls library functions and prints; errors from the library
(``DatelineError``) become one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import sys
from typing import Any

import click

from .errors import DatelineError


class DatelineGroup(click.Group):
    """Turns library errors into one clear line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DatelineError as exc:
            click.echo(f"dateline: error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=DatelineGroup)
@click.version_option(package_name="dateline")
def cli() -> None:
    """dateline: who did what to whom, when, where and according to whom, from news text."""


@cli.group(name="eval", cls=DatelineGroup)
def eval_group() -> None:
    """Score a coding stage against gold data and print the figures."""


# --- ask commands ---
def _ask_filters(function: Any) -> Any:
    """The event filters shared by timeline, dyad, plot and export."""
    options = [
        click.option("--db", default=None, help="Store file (default: $DATELINE_DB or ./dateline.db)."),
        click.option("--actor", help="Country code, organisation or actor code on either side."),
        click.option("--dyad", nargs=2, help="Two actors, both directions (e.g. --dyad JPN RUS)."),
        click.option("--root", help="CAMEO root code (e.g. 04 consult, 19 fight)."),
        click.option("--since", help="ISO date or prefix (2019, 2019-06, 2019-06-01)."),
        click.option("--until", help="ISO date or prefix, inclusive (--until 2019 keeps all of 2019)."),
        click.option("--place", help="Place name or country code of the event location."),
        click.option("--modality", help="asserted, planned, possible, conditional or negated."),
        click.option("--text", help="Words that must appear in an evidence sentence."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _open_ask(db: str | None) -> Any:
    from . import store
    from .ask import open as open_ask

    return open_ask(db or store.default_path())


def _filters(options: dict[str, Any]) -> dict[str, Any]:
    keys = ("actor", "dyad", "root", "since", "until", "place", "modality", "text")
    return {k: (tuple(options[k]) if k == "dyad" else options[k]) for k in keys if options.get(k)}


@cli.command()
@_ask_filters
@click.option("--limit", type=int, help="At most this many events.")
@click.option("--quote", is_flag=True, help="Print each event's evidence sentence.")
def timeline(limit: int | None, quote: bool, **options: Any) -> None:
    """A dated list of deduplicated events: date, actors, what happened, modality, sources."""
    from .ask.query import timeline_lines

    with _open_ask(options["db"]) as ask:
        frame = ask.timeline(limit=limit, **_filters(options))
    for line in timeline_lines(frame, quote=quote):
        click.echo(line)
    if frame.empty:
        click.echo("no events match", err=True)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--freq", default="M", show_default=True, help="D, W, M, Q or Y.")
@click.option("--db", default=None, help="Store file (default: $DATELINE_DB or ./dateline.db).")
@click.option("--since", help="ISO date or prefix.")
@click.option("--until", help="ISO date or prefix, inclusive.")
@click.option("--root", help="CAMEO root code.")
def dyad(a: str, b: str, freq: str, db: str | None, **options: Any) -> None:
    """Events between A and B per period, each direction: counts by QuadClass, Goldstein."""
    with _open_ask(db) as ask:
        frame = ask.dyad_series(a, b, freq=freq, **{k: v for k, v in options.items() if v})
    if frame.empty:
        click.echo(f"no dated events between {a.upper()} and {b.upper()}", err=True)
        return
    frame = frame.assign(period=frame["period"].astype(str))
    click.echo(frame.to_string(index=False))
    if frame.attrs.get("too_coarse"):
        click.echo(f"({frame.attrs['too_coarse']} events dated too coarsely for --freq {freq} left out)", err=True)


@cli.group(name="plot", cls=DatelineGroup)
def plot_group() -> None:
    """Charts for reports (PNG or SVG): cooperation above the axis, conflict below."""


@plot_group.command(name="dyad")
@click.argument("a")
@click.argument("b")
@click.option("--out", required=True, help="Output file, .png or .svg.")
@click.option("--freq", default="M", show_default=True, help="D, W, M, Q or Y.")
@click.option("--db", default=None, help="Store file (default: $DATELINE_DB or ./dateline.db).")
@click.option("--since", help="ISO date or prefix.")
@click.option("--until", help="ISO date or prefix, inclusive.")
def plot_dyad(a: str, b: str, out: str, freq: str, db: str | None, **options: Any) -> None:
    """Bars per period for A → B and B → A."""
    from .ask.plot import dyad_chart

    with _open_ask(db) as ask:
        dyad_chart(ask, a, b, freq=freq, out=out, **{k: v for k, v in options.items() if v})
    click.echo(f"wrote {out}")


@plot_group.command(name="timeline")
@_ask_filters
@click.option("--out", required=True, help="Output file, .png or .svg.")
@click.option("--labels", default=12, show_default=True, help="How many events to label.")
@click.option("--title", help="Chart title (default: from the filters).")
def plot_timeline(out: str, labels: int, title: str | None, **options: Any) -> None:
    """One stem per event at its date, as high as its Goldstein score."""
    from .ask.plot import timeline_chart

    with _open_ask(options["db"]) as ask:
        timeline_chart(ask, out=out, labels=labels, title=title, **_filters(options))
    click.echo(f"wrote {out}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt"]), default="jsonl",
              show_default=True)
@click.option("--level", type=click.Choice(["events", "mentions"]), default="events", show_default=True,
              help="Deduplicated events, or the raw per-story records.")
@click.option("--out", default=None, help="Output file (default: standard output; required for parquet).")
@_ask_filters
def export(fmt: str, level: str, out: str | None, **options: Any) -> None:
    """Stream events as JSONL, CSV, Parquet or the GDELT 2.0 event table (61 columns)."""
    from .ask.export import export as export_events

    with _open_ask(options["db"]) as ask:
        count = export_events(ask, fmt, out, level=level, **_filters(options))
    if out:
        click.echo(f"wrote {count} {level} to {out}", err=True)
# --- end ask commands ---


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
