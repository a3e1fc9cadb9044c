"""The bulk commands: ``dateline batch`` (code an archive to Parquet) and ``dateline load``.

Kept apart from ``cli.py`` (which they register on) to keep that module a readable size; like
every command they are a docstring, options and a call into the library (``dateline.bulk``).
"""
from __future__ import annotations

import sys

import click

from .cli import DATE_OPTION, DICT_OPTION, NO_MODEL_OPTION, VERBS_OPTION, cli
from .sanitise import terminal
from .sqldb import redact


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder for the Parquet datasets (articles/, events/, mentions/, errors/).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="Code in this process, or on Spark (pip install 'dateline[spark]').")
@click.option("--master", default="local[2]", show_default=True,
              help="Spark master URL (local[N], spark://…, yarn, k8s://…); with --engine spark.")
@click.option("--partitions", type=click.IntRange(1, 1_000_000), default=None,
              help="Spark partitions of the input (default: 4 per core).")
@DATE_OPTION
@NO_MODEL_OPTION
@DICT_OPTION
@VERBS_OPTION
def batch(paths: tuple[str, ...], out: str, engine: str, master: str, partitions: int | None,
          date: str | None, no_model: bool, dictionaries: tuple[str, ...], verb_dictionary: str | None) -> None:
    """Code PATHS (the inputs of ingest) into Parquet datasets under --out, partitioned by month.

    The same inputs give the same rows (stable ids); a rerun replaces the datasets. A story
    that cannot be read or coded is a row of errors/ (and a line here); the batch goes on and
    exits 1. Load the result into PostgreSQL with `dateline load OUT --db postgresql://…`.
    """
    from .bulk import run

    report = run(paths, out, engine=engine, master=master, date=date, use_model=not no_model,
                 dictionaries=dictionaries, verb_dictionary=verb_dictionary, partitions=partitions)
    for line in report.error_lines:
        click.echo(f"dateline: error: {terminal(line)}", err=True)
    click.echo(f"{report.summary()} → {out}", err=True)
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help="postgresql:// URL or SQLite file (default: $DATELINE_DB or ./dateline.db).")
def load(folder: str, db: str | None) -> None:
    """Load a batch's Parquet output (FOLDER) into a store, one month per transaction.

    On PostgreSQL with COPY. Idempotent (a story already stored is skipped by its content
    hash) and resumable: killed at any point, a rerun skips the months already loaded and
    finishes the rest, with exact counts and no duplicates.
    """
    from .bulk.load import load as run_load
    from .store import Store

    with Store(db) as store:
        report = run_load(folder, store, on_month=lambda m, n: click.echo(f"{m}: {n} articles", err=True))
    click.echo(f"{report.summary()} → {redact(store.path)}", err=True)
