"""The command line: a thin layer of click commands over the library.

Each command parses options, calls library functions and prints. ``DatelineGroup`` is the one
place where failures become what a user sees: one ``dateline: error: ...`` line on stderr and
exit 2 for a run that failed as a whole (a bad option, a database that cannot be opened or
written, an internal error), exit 1 from the commands whose batch went on past bad inputs,
exit 130 on Ctrl-C. No traceback reaches a user (``DATELINE_DEBUG=1`` shows them). Warnings
about inputs (a repaired byte, an ignored date) are one ``dateline: warning: ...`` line each.
Text meant for people is passed through ``sanitise.terminal`` before it is printed.
"""
from __future__ import annotations

import csv
import json
import os
import sys
import warnings
from typing import Any, Iterable, Iterator, NoReturn

import click

from .errors import DatelineError, InputError, InputWarning
from .records import MODALITIES, Article
from .sanitise import csv_cell, terminal
from .sqldb import db_errors, redact

#: Exit status of a run stopped with Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


class DatelineGroup(click.Group):
    """Turns every expected failure into one clear line and an exit code (see the module doc)."""

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("always", InputWarning)
            warnings.showwarning = _show_warning
            try:
                result = super().invoke(ctx)
                sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
                return result
            except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
                raise
            except DatelineError as exc:
                _fail(str(exc))
            except db_errors() as exc:
                _fail(f"database: {exc}")
            except BrokenPipeError:
                # The reader went away (`dateline export | head -1`): stop quietly.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(0)
            except KeyboardInterrupt:
                click.echo("dateline: interrupted", err=True)
                sys.exit(EXIT_INTERRUPTED)
            except MemoryError:
                _fail("out of memory (see the input limits in the README)")
            except OSError as exc:
                _fail(f"{exc.filename + ': ' if getattr(exc, 'filename', None) else ''}{exc.strerror or exc}")
            except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, said plainly
                if os.environ.get("DATELINE_DEBUG"):
                    raise
                _fail(f"internal error ({type(exc).__name__}: {exc}); DATELINE_DEBUG=1 shows the traceback")


def _fail(message: str) -> NoReturn:
    click.echo(f"dateline: error: {terminal(message)}", err=True)
    sys.exit(2)


_python_showwarning = warnings.showwarning


def _show_warning(message: Any, category: type, *args: Any, **kwargs: Any) -> None:
    if issubclass(category, InputWarning):
        click.echo(f"dateline: warning: {terminal(str(message))}", err=True)
    else:
        _python_showwarning(message, category, *args, **kwargs)


@click.group(cls=DatelineGroup)
@click.version_option(package_name="dateline")
def cli() -> None:
    """dateline: who did what to whom, when, where and according to whom, from news text."""


# --- core commands: ingest, code, events, articles, show, demo ---

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Database file or postgresql:// URL (default: $DATELINE_DB or ./dateline.db).",
)
DATE_OPTION = click.option(
    "--date",
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date for inputs whose metadata has none.",
)
WORKERS_OPTION = click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Processes that parse in parallel (use 2 on a 2-core machine for large inputs).",
)
NO_MODEL_OPTION = click.option(
    "--no-model", is_flag=True,
    help="Code events with the clause rules alone: no learned decision or sentence model (faster, less accurate).",
)
DICT_OPTION = click.option(
    "--dict", "dictionaries", multiple=True, metavar="PATH",
    help="User actor dictionary merged over the built-in one (Phoenix/PETRARCH .txt, our .yaml or .csv); repeatable.",
)
VERBS_OPTION = click.option(
    "--verbs", "verb_dictionary", metavar="PATH",
    help="User verb dictionary (PETRARCH/CAMEO 2.0 format) added to the clause rules.",
)
PROGRESS_OPTION = click.option(
    "--progress/--no-progress", default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)


def _open_store(db: str | None, *, readonly: bool = False):
    from .store import Store

    return Store(db, readonly=readonly)


def _report_error(error: InputError) -> None:
    click.echo(f"dateline: error: {terminal(str(error))}", err=True)


def _readable(paths: Iterable[str], date: str | None, errors: list[InputError]) -> Iterator[Article]:
    """Articles of ``paths``; each unreadable input is reported on stderr and kept in ``errors``."""
    from .read import read_all

    for item in read_all(list(paths), date=date):
        if isinstance(item, InputError):
            _report_error(item)
            errors.append(item)
        else:
            yield item


def _actor_label(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "-"
    return actor.get("code") or actor.get("country") or actor.get("org") or actor.get("text") or "-"


def _short(text: str, width: int) -> str:
    text = " ".join(terminal(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_events(records: Iterable[dict[str, Any]], fmt: str) -> int:
    """Print event records as JSONL, CSV or a table; return how many."""
    count = 0
    out = sys.stdout
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(
            ["article_id", "event_id", "date", "date_precision", "date_from", "cameo", "root",
             "quad_class", "goldstein", "plover", "source_code", "source_country", "source_text",
             "target_code", "target_country", "target_text", "modality", "attribution",
             "location", "sentence"]
        )
    for record in records:
        count += 1
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "csv":  # cells that look like formulas are neutralised (sanitise.csv_cell)
            src, tgt = record["source"] or {}, record["target"] or {}
            loc = record["location"] or {}
            writer.writerow(
                [csv_cell(v) for v in (
                    record["article_id"], record["event_id"], record["date"],
                    record["date_precision"], record["date_from"], record["cameo"], record["root"],
                    record["quad_class"], record["goldstein"], record["plover"], src.get("code"),
                    src.get("country"), src.get("text"), tgt.get("code"), tgt.get("country"),
                    tgt.get("text"), record["modality"], "; ".join(record["attribution"]),
                    loc.get("name"), record["sentence"])]
            )
        else:
            if count == 1:
                out.write(f"{'date':<11} {'source':<12} {'cameo':<5} {'target':<12} {'modality':<11} sentence\n")
            out.write(terminal(
                f"{record['date'] or '?':<11} {_actor_label(record['source']):<12} "
                f"{record['cameo']:<5} {_actor_label(record['target']):<12} "
                f"{record['modality']:<11} {_short(record['sentence'], 70)}\n"
            ))
    if fmt == "table" and count == 0:
        click.echo("no events", err=True)
    return count


def _progress(enabled: bool | None):
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, disable=(not enabled) if enabled is not None else None)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@DATE_OPTION
@WORKERS_OPTION
@PROGRESS_OPTION
@NO_MODEL_OPTION
@DICT_OPTION
@VERBS_OPTION
def ingest(paths: tuple[str, ...], db: str | None, date: str | None, workers: int, progress: bool | None,
           no_model: bool, dictionaries: tuple[str, ...], verb_dictionary: str | None) -> None:
    """Read, code and store PATHS (files, directories, or - for stdin).

    Re-ingesting the same stories adds nothing. Exits 1 when some input could not be read
    (the rest is still stored), 130 on Ctrl-C (what was stored so far stays stored).
    """
    from .batch import ingest as run_ingest

    with _open_store(db) as store, _progress(progress) as bar:
        report = run_ingest(
            paths, store, date=date, workers=workers,
            on_article=lambda _analysis: bar.update(1), on_error=_report_error, use_model=not no_model,
            dictionaries=dictionaries, verb_dictionary=verb_dictionary,
        )
    if report.stopped_by is not None:
        click.echo(f"dateline: error: {terminal(str(report.stopped_by))}", err=True)
    click.echo(f"{report.summary()} → {redact(store.path)}", err=True)
    if report.stopped_by is not None:
        sys.exit(2)
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@DATE_OPTION
@WORKERS_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table", "csv"]), default="table", show_default=True)
@PROGRESS_OPTION
@NO_MODEL_OPTION
@DICT_OPTION
@VERBS_OPTION
def code(paths: tuple[str, ...], date: str | None, workers: int, fmt: str, progress: bool | None,
         no_model: bool, dictionaries: tuple[str, ...], verb_dictionary: str | None) -> None:
    """Print the events of PATHS without storing anything."""
    from .batch import code as run_code

    errors: list[InputError] = []

    def on_error(error: InputError) -> None:
        errors.append(error)
        _report_error(error)

    def records(bar):
        for analysis in run_code(paths, date=date, workers=workers, on_error=on_error,
                                 use_model=not no_model, dictionaries=dictionaries,
                                 verb_dictionary=verb_dictionary):
            bar.update(1)
            if not analysis.coded:
                click.echo(terminal(f"dateline: {analysis.article.origin}: not coded ({analysis.skipped_reason})"), err=True)
            for event in analysis.events:
                yield event.to_json()

    with _progress(progress) as bar:
        _print_events(records(bar), fmt)
    if errors:
        sys.exit(1)


@cli.command()
@DB_OPTION
@click.option("--actor", help="Country code, organisation acronym or actor code on either side.")
@click.option("--dyad", nargs=2, metavar="A B", help="Events between A and B, both directions.")
@click.option("--since", metavar="DATE", help="From this ISO date (or year, or month).")
@click.option("--until", metavar="DATE", help="Up to this ISO date (inclusive; a year or month includes all of it).")
@click.option("--root", metavar="NN", help="CAMEO root code (01-20).")
@click.option("--modality", type=click.Choice(MODALITIES))
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def events(db, actor, dyad, since, until, root, modality, limit, fmt) -> None:
    """List stored events, filtered."""
    with _open_store(db, readonly=True) as store:
        _print_events(
            store.events(actor=actor, dyad=tuple(dyad) if dyad else None, since=since,
                         until=until, root=root, modality=modality, limit=limit),
            fmt,
        )


@cli.command()
@DB_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many articles.")
def articles(db: str | None, limit: int | None) -> None:
    """List stored articles with their dates and event counts."""
    with _open_store(db, readonly=True) as store:
        rows = list(store.articles(limit=limit))
        if not rows:
            click.echo("no articles", err=True)
            return
        click.echo(f"{'id':<22} {'published':<11} {'from':<8} {'source':<10} {'lang':<4} {'events':>6}  title")
        for row in rows:
            status = "" if row["coded"] else f" [not coded: {row['skipped_reason']}]"
            click.echo(terminal(
                f"{row['id'][:22]:<22} {row['published'] or '?':<11} {row['published_from'] or '-':<8} "
                f"{(row['source'] or '-')[:10]:<10} {row['language'] or '?':<4} {row['events']:>6}  "
                f"{_short(row['title'] or '', 60)}{status}"
            ))


@cli.command()
@click.argument("article_id")
@DB_OPTION
def show(article_id: str, db: str | None) -> None:
    """Print an article with the evidence of its events highlighted."""
    with _open_store(db, readonly=True) as store:
        article = store.article(article_id)
        if article is None:
            raise DatelineError(f"no article {article_id!r} in {redact(store.path)}")
        records = list(store.events(article_id=article_id))
    click.echo(click.style(terminal(article.title or article.id), bold=True))
    meta = [article.published and f"published {article.published} ({article.published_from})",
            article.source, article.dateline_place, article.url, article.origin]
    click.echo(terminal(" · ".join(m for m in meta if m)))
    click.echo("")
    click.echo(highlight(article.text, [tuple(r["span"]) for r in records]))
    click.echo("")
    _print_events(records, "table")


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each evidence span marked: coloured on a terminal, ⟦…⟧ otherwise.

    The story's own control characters are removed piece by piece (spans are offsets into the
    raw text), so only our colour codes reach the terminal.
    """
    colour = sys.stdout.isatty()
    out, last = [], 0
    for start, end in sorted(set(spans)):
        if start < last:
            continue
        out.append(terminal(text[last:start]))
        piece = terminal(text[start:end])
        out.append(click.style(piece, fg="yellow", bold=True) if colour else f"⟦{piece}⟧")
        last = end
    out.append(terminal(text[last:]))
    return "".join(out)


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False), default="dateline-demo.db", show_default=True,
              help="Where the demo database is written.")
def demo(db: str) -> None:
    """Ingest the bundled wire stories into a local database and print a timeline."""
    from .batch import ingest as run_ingest
    from .demo import corpus_dir

    from .ask.query import timeline_lines

    with _open_store(db) as store:
        report = run_ingest([str(corpus_dir())], store)
    click.echo(f"{report.summary()} → {db}", err=True)
    with _open_ask(db) as ask:
        frame = ask.timeline()
    for line in timeline_lines(frame):
        click.echo(terminal(line))
    click.echo(f"\nNext: dateline show ID --db {db}, dateline events --db {db} --format jsonl, "
               f"dateline plot timeline --db {db} --out demo.png", err=True)


@cli.group(name="eval", cls=DatelineGroup)
def eval_group() -> None:
    """Score a coding stage against gold data and print the figures."""


# --- where commands ---
@cli.command(name="places")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@DATE_OPTION
def places_command(paths: tuple[str, ...], fmt: str, date: str | None) -> None:
    """Print the place mentions of PATHS (any readable news input) with their resolution.

    Exits 1 when some input could not be read (the rest is still printed).
    """
    from .where import report

    errors: list[InputError] = []
    for item in _readable(paths, date, errors):
        for article, places in report.places_of([item]):
            output = report.format_jsonl(article, places) if fmt == "jsonl" else report.format_table(article, places)
            if output:
                click.echo(terminal(output))
    if errors:
        sys.exit(1)


# --- end where commands ---
# --- ask commands ---
def _ask_filters(function: Any) -> Any:
    """The event filters shared by timeline, dyad, plot and export."""
    options = [
        click.option("--db", default=None, help="Store file or postgresql:// URL (default: $DATELINE_DB or ./dateline.db)."),
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
    """The store for questions, opened read-only: asking never creates or alters a database."""
    from . import store
    from .ask.query import Ask

    return Ask(db or store.default_path(), readonly=True)


def _filters(options: dict[str, Any]) -> dict[str, Any]:
    keys = ("actor", "dyad", "root", "since", "until", "place", "modality", "text")
    return {k: (tuple(options[k]) if k == "dyad" else options[k]) for k in keys if options.get(k)}


@cli.command()
@_ask_filters
@click.option("--limit", type=click.IntRange(min=0), help="At most this many events.")
@click.option("--quote", is_flag=True, help="Print each event's evidence sentence.")
def timeline(limit: int | None, quote: bool, **options: Any) -> None:
    """A dated list of deduplicated events: date, actors, what happened, modality, sources."""
    from .ask.query import timeline_lines

    with _open_ask(options["db"]) as ask:
        frame = ask.timeline(limit=limit, **_filters(options))
    for line in timeline_lines(frame, quote=quote):
        click.echo(terminal(line))
    if frame.empty:
        click.echo("no events match", err=True)


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--freq", default="M", show_default=True, help="D, W, M, Q or Y.")
@click.option("--db", default=None, help="Store file or postgresql:// URL (default: $DATELINE_DB or ./dateline.db).")
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
    click.echo(terminal(frame.to_string(index=False)))
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
@click.option("--db", default=None, help="Store file or postgresql:// URL (default: $DATELINE_DB or ./dateline.db).")
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
# --- who commands ---
@cli.command(name="actors")
@click.argument("text_or_path")
@click.option("--date", "published", metavar="YYYY-MM-DD",
              help="Publication date for stories that carry none: roles are those held then.")
@click.option("--at", metavar="YYYY-MM-DD", help="Resolve every mention at this date (the event's date).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--dict", "dictionaries", multiple=True, metavar="PATH",
              help="User dictionary merged over the built-in one (Phoenix/PETRARCH .txt, our .yaml or .csv); repeatable.")
def actors_command(text_or_path: str, published: str | None, at: str | None, fmt: str, dictionaries: tuple[str, ...]) -> None:
    """Print each actor mention of TEXT_OR_PATH (a story, file or folder) with its resolution and rule."""
    from .who.report import actors_of_articles, articles_of, format_actors

    errors: list[InputError] = []
    # "-" is stdin here as in every other command, not a one-character story.
    stories = _readable([text_or_path], published, errors) if text_or_path == "-" else articles_of(text_or_path, published)
    for article, actors in actors_of_articles(stories, at=at, dictionaries=dictionaries):
        click.echo(terminal(format_actors(actors, fmt, article)))
    if errors:
        sys.exit(1)


# --- when commands ---
@cli.command(name="timex")
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", "dct", default=None, metavar="YYYY-MM-DD",
              help="Document creation time for inputs whose metadata and text give none.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def timex_command(paths: tuple[str, ...], dct: str | None, fmt: str) -> None:
    """Print the temporal expressions of PATHS with their values, anchored on each article's date."""
    from . import when

    errors: list[InputError] = []
    for item in _readable(paths, dct, errors):
        if item.published is None:
            click.echo(terminal(f"dateline: {item.origin}: no document date; values that need one keep XXXX"), err=True)
        for timex in when.tag_text(item.text, item.published):
            if fmt == "jsonl":
                click.echo(json.dumps({"article_id": item.id, **timex.to_json()}, ensure_ascii=False))
            else:
                click.echo(terminal(f"{timex.start:>7} {timex.end:>7}  {timex.type:<8} {timex.value or '-':<20} "
                                    f"{timex.mod or '-':<10} {timex.text}"))
    if errors:
        sys.exit(1)


# --- end when commands ---

# --- serve command ---
@cli.command()
@click.option("--db", default=None, help="Store file or postgresql:// URL (default: $DATELINE_DB or ./dateline.db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback makes the data readable from the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db: str | None, host: str, port: int) -> None:
    """Explore the store in a browser: a web page and JSON API (read-only)."""
    from . import store
    from .serve import serve as run_server

    run_server(db or store.default_path(), host=host, port=port)
# --- end serve command ---


# --- watch commands ---
@cli.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Time between rounds: 90s, 15m, 1h.")
@DB_OPTION
@click.option("--fetch-pages", is_flag=True, help="Fetch each new item's page and store its full text.")
@click.option("--once", is_flag=True, help="One round, then exit (for cron); exit 1 if a feed failed.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="The one line per round on stderr.")
@click.option("--host-delay", type=float, default=1.0, show_default=True,
              help="Seconds between two requests to the same host (robots.txt Crawl-delay may raise it).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Read timeout in seconds.")
@PROGRESS_OPTION
def watch(feeds: tuple[str, ...], every: str, db: str | None, fetch_pages: bool, once: bool,
          log_format: str, host_delay: float, timeout: float, progress: bool | None) -> None:
    """Follow FEEDS (feed URLs, or files listing one URL and optional name per line).

    Polls RSS, Atom and JSON feeds with conditional requests, codes and stores each new story
    exactly once (across restarts), and backs off from failing feeds. `dateline feeds` lists them.
    """
    from tqdm import tqdm

    from .watch import Politeness, Watcher, load_feed_list, parse_duration

    interval, specs = parse_duration(every), load_feed_list(feeds)
    failed: list[bool] = []

    def on_round(report: Any) -> None:
        for problem in report.feed_errors:
            click.echo(f"dateline: error: {problem}", err=True)
        for problem in report.item_problems:
            click.echo(f"dateline: warning: {problem}", err=True)
        click.echo(json.dumps(report.to_json()) if log_format == "json" else report.line(), err=True)
        failed.append(bool(report.feed_errors))

    def bar(total: int) -> Any:
        return tqdm(total=total, unit=" stories", file=sys.stderr, leave=False,
                    disable=(not progress) if progress is not None else (None if total >= 20 else True))

    with _open_store(db) as store:
        watcher = Watcher(store, specs, fetch_pages=fetch_pages,
                          politeness=Politeness(host_delay=host_delay, read_timeout=timeout))
        try:
            watcher.run(interval, rounds=1 if once else None, on_round=on_round, progress=bar)
        except KeyboardInterrupt:
            click.echo("dateline: stopped", err=True)
        finally:
            watcher.close()
    if once and any(failed):
        sys.exit(1)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--export-pages", type=click.Path(file_okay=False), default=None,
              help="Also write the archived raw pages to this folder as .html.gz.")
def feeds(db: str | None, fmt: str, export_pages: str | None) -> None:
    """List the watched feeds: last success, last error, items seen, failures in a row."""
    from .watch import export_pages as write_pages, feed_status
    from .watch.state import format_feeds

    with _open_store(db) as store:
        rows = feed_status(store)
        click.echo(format_feeds(rows, fmt) if rows else "no feeds watched yet", err=not rows)
        if export_pages:
            click.echo(f"{write_pages(store, export_pages)} pages written to {export_pages}", err=True)
# --- end watch commands ---

from . import cli_bulk as _cli_bulk  # noqa: E402,F401 - registers `batch` and `load` on `cli`
from . import cli_eval as _cli_eval  # noqa: E402,F401 - registers the `eval` commands


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
