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


# --- who commands ---


def _default_shared() -> str:
    """../shared/data next to the project (where the gold data lives), else next to the cwd."""
    from pathlib import Path

    beside_repo = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    return str(beside_repo if beside_repo.is_dir() else Path("..") / "shared" / "data")


@cli.command(name="actors")
@click.argument("text_or_path")
@click.option("--date", "published", metavar="YYYY-MM-DD", help="The article's date: roles are those held then.")
@click.option("--at", metavar="YYYY-MM-DD", help="Resolve every mention at this date (the event's date).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--dict", "dictionaries", multiple=True, metavar="PATH",
              help="User dictionary merged over the built-in one (Phoenix/PETRARCH .txt, our .yaml or .csv); repeatable.")
def actors_command(text_or_path: str, published: str | None, at: str | None, fmt: str, dictionaries: tuple[str, ...]) -> None:
    """Print each actor mention of TEXT_OR_PATH with its resolution and the rule that fired."""
    from .who.report import actors_of_text, format_actors, read_text_or_path

    text, origin = read_text_or_path(text_or_path)
    click.echo(format_actors(actors_of_text(text, published=published, at=at, dictionaries=dictionaries, origin=origin), fmt))


@eval_group.command(name="actors")
@click.argument("gold_file", required=False, type=click.Path(dir_okay=False))
@click.option("--shared", default=_default_shared, show_default="../shared/data", help="Folder holding events/ gold data.")
@click.option("--dict", "dictionaries", multiple=True, metavar="PATH", help="User dictionary to merge (repeatable).")
@click.option("--misses", default=0, show_default=True, help="Print up to this many missed gold actors per set.")
def eval_actors_command(gold_file: str | None, shared: str, dictionaries: tuple[str, ...], misses: int) -> None:
    """Actor accuracy on PLOVER and PETRARCH gold (or on GOLD_FILE): gold actors found among resolved ones."""
    from pathlib import Path

    from .evaluate.actors import evaluate, evaluate_file

    report = evaluate_file(Path(gold_file), dictionaries) if gold_file else evaluate(Path(shared), extra_dictionaries=dictionaries)
    click.echo(report.format(show_misses=misses))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
