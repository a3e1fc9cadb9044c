"""The command line: a thin layer of click commands over the library.

Each command parses options, calls library functions and prints; errors from the library
(``DatelineError``) become one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import sys
from pathlib import Path
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


# --- where commands ---
@cli.command(name="places")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def places_command(path: Path, fmt: str) -> None:
    """Print the place mentions of a plain-text article with their resolution."""
    from .where import report

    article = report.read_plain(path)
    for article, places in report.places_of([article]):
        output = report.format_jsonl(article, places) if fmt == "jsonl" else report.format_table(article, places)
        if output:
            click.echo(output)


@eval_group.command(name="places")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N articles of each file.")
def eval_places_command(files: tuple[Path, ...], limit: int | None) -> None:
    """Geoparsing accuracy on LGL / TR-News / GeoVirus XML (default: ../shared/data/geo)."""
    from .evaluate import places as evaluation

    results = evaluation.evaluate_files(list(files) or evaluation.default_files(), limit=limit)
    click.echo(evaluation.report(results))
# --- end where commands ---


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
