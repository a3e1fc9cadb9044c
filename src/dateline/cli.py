"""The command line: a thin layer of click commands over the library.

Each command parses options, calls library functions and prints; errors from the library
(``DatelineError``) become one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import json
import re
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


# --- when commands ---
@cli.command(name="timex")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "dct", default=None, help="Document creation time, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
def timex_command(path: Path, dct: str | None, fmt: str) -> None:
    """Print the temporal expressions of a plain-text file with their normalised values."""
    from . import when
    from .errors import InputError

    if dct is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
        raise InputError("--date", f"expected YYYY-MM-DD, got {dct!r}")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    for timex in when.tag_text(text, dct):
        if fmt == "jsonl":
            click.echo(json.dumps(timex.to_json(), ensure_ascii=False))
        else:
            click.echo(f"{timex.start:>7} {timex.end:>7}  {timex.type:<8} {timex.value or '-':<20} "
                       f"{timex.mod or '-':<10} {timex.text}")


@eval_group.command(name="timex")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option("--errors", "show_errors", is_flag=True, help="Also print the most frequent errors.")
def eval_timex_command(dirs: tuple[Path, ...], limit: int | None, show_errors: bool) -> None:
    """Score the temporal tagger on TimeML (.tml) files as TempEval-3 does."""
    from .evaluate import timex as timex_eval

    scores = timex_eval.evaluate(list(dirs), limit=limit)
    click.echo(scores.report())
    if show_errors:
        click.echo(timex_eval.error_summary(scores))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
