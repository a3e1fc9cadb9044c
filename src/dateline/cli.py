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


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
