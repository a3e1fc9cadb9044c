"""The ``dateline eval`` commands: each scores one coding stage against gold data and prints it.

Kept apart from ``cli.py`` (which they register on) to keep that module a readable size; like
every command they are a docstring, options and a call into the library (``dateline.evaluate``).
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import NO_MODEL_OPTION, eval_group
from .errors import InputError


@eval_group.command(name="places")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N articles of each file (or split).")
@click.option(
    "--split", "splits", multiple=True, type=click.Choice(["train", "dev", "test"]),
    help="Score only these splits (repeatable; default all: LGL and TR-News train/dev, GeoVirus test).",
)
@click.option("--whole", is_flag=True, help="Score each file as a whole instead of per split.")
@click.option(
    "--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Keep the parsed articles in this folder and reuse them (spaCy DocBin).",
)
def eval_places_command(
    files: tuple[Path, ...], limit: int | None, splits: tuple[str, ...], whole: bool, cache_dir: Path | None
) -> None:
    """Geoparsing accuracy on LGL / TR-News / GeoVirus XML (default: ../shared/data/geo), per split."""
    from .evaluate import places as evaluation

    chosen = None if whole else (list(splits) or list(evaluation.SPLITS))
    results = evaluation.evaluate_files(
        list(files) or evaluation.default_files(), limit=limit, splits=chosen, cache_dir=cache_dir
    )
    click.echo(evaluation.report(results))


@eval_group.command(name="html")
@click.argument("directory", required=False, type=click.Path(file_okay=False), default="../shared/data/html")
@click.option("--limit", type=int, default=None, help="Score only the first N pages of each corpus.")
def eval_html(directory: str, limit: int | None) -> None:
    """Score HTML main-text extraction against gold body text in DIRECTORY.

    DIRECTORY holds scrapinghub-article-extraction-benchmark/ and newspaper4k-tests/
    (default ../shared/data/html).
    """
    from .evaluate.html import evaluate_html

    click.echo(evaluate_html(Path(directory), limit=limit).report())


@eval_group.command(name="pubdate")
@click.argument(
    "corpus", required=False, type=click.Path(dir_okay=False),
    default="../shared/data/corpora/afp-xinhua-te3silver.jsonl",
)
def eval_pubdate(corpus: str) -> None:
    """Score publication dates inferred from text against CORPUS's metadata dates.

    CORPUS is JSONL with "text" and "date" (default the AFP/Xinhua corpus in ../shared).
    """
    from .evaluate.pubdate import evaluate_pubdate

    click.echo(evaluate_pubdate(Path(corpus)).report())


def _default_shared() -> str:
    """../shared/data next to the project (where the gold data lives), else next to the cwd."""
    beside_repo = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    return str(beside_repo if beside_repo.is_dir() else Path("..") / "shared" / "data")


@eval_group.command(name="actors")
@click.argument("gold_file", required=False, type=click.Path(dir_okay=False))
@click.option("--shared", default=_default_shared, show_default="../shared/data", help="Folder holding events/ gold data.")
@click.option("--dict", "dictionaries", multiple=True, metavar="PATH", help="User dictionary to merge (repeatable).")
@click.option("--misses", default=0, show_default=True, help="Print up to this many missed gold actors per set.")
@click.option("--set", "sets", multiple=True, metavar="NAME",
              type=click.Choice(["plover", "petr2", "wire-train", "wire-dev", "wire-test"]),
              help="Score only these gold sets (repeatable); default all.")
def eval_actors_command(gold_file: str | None, shared: str, dictionaries: tuple[str, ...], misses: int,
                        sets: tuple[str, ...]) -> None:
    """Actor accuracy on PLOVER and PETRARCH gold and actor recall on wire-gold per split (or on
    GOLD_FILE): gold actors found among the resolved ones of their sentence."""
    from .evaluate.actors import evaluate, evaluate_file

    if gold_file:
        report = evaluate_file(Path(gold_file), dictionaries)
    elif sets:
        report = evaluate(Path(shared), which=sets, extra_dictionaries=dictionaries)
    else:
        report = evaluate(Path(shared), extra_dictionaries=dictionaries)
    click.echo(report.format(show_misses=misses))


@eval_group.command(name="timex")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option("--errors", "show_errors", is_flag=True, help="Also print the most frequent errors.")
@click.option("--errors-out", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write every error, with its document and context, to this JSONL file.")
def eval_timex_command(dirs: tuple[Path, ...], limit: int | None, show_errors: bool,
                       errors_out: Path | None) -> None:
    """Score the temporal tagger on TimeML (.tml) files as TempEval-3 does."""
    from .evaluate import timex as timex_eval

    try:  # opened first, so a bad path fails before a minute of scoring, not after
        handle = errors_out.open("w", encoding="utf-8") if errors_out is not None else None
    except OSError as exc:
        raise InputError(str(errors_out), f"cannot write: {exc.strerror}") from exc
    scores = timex_eval.evaluate(list(dirs), limit=limit)
    click.echo(scores.report())
    if show_errors:
        click.echo(timex_eval.error_summary(scores))
    if handle is not None:
        with handle:
            for error in scores.errors:
                handle.write(json.dumps(error.to_json(), ensure_ascii=False) + "\n")
        click.echo(f"{len(scores.errors)} errors written to {errors_out}", err=True)


@eval_group.command(name="events")
@click.argument("gold", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--split", "splits", multiple=True, type=click.Choice(["train", "dev", "test"]),
              help="Wire-gold splits to score (default: all three).")
@click.option("--limit", type=int, default=None, help="Score only the first N sentences of each shared set.")
@click.option("--verbose", is_flag=True, help="List misses, extra events and wrong dates or modality.")
@click.option("--datelines", is_flag=True,
              help="Score the wire-gold splits also as filed, a dateline ('BEIJING, Nov. 6 (Xinhua) - ') written "
                   "back in front of each story (wire-gold's texts have theirs cut).")
@NO_MODEL_OPTION
def eval_events_command(gold: tuple[Path, ...], splits: tuple[str, ...], limit: int | None, verbose: bool,
                        datelines: bool, no_model: bool) -> None:
    """Event coding scores: wire-gold train/dev/test, PLOVER, PETRARCH-2, five-class, own gold.

    Without GOLD: each wire-gold split (precision, recall, F1, date and modality accuracy as
    ../shared/tools/score_events.py computes them, with a bootstrap 95% interval for F1, recall and
    precision per root and the top confusions), the five-class sentences' held-out slices, then
    ../shared/data/events and tests/data/gold/*.jsonl. With GOLD files: those files only.
    """
    from .evaluate import events as evaluation
    from .evaluate import sentences, wiregold

    results = []
    if not gold:
        results += [wiregold.evaluate_split(split, use_model=not no_model) for split in (splits or wiregold.SPLITS)]
        if datelines:
            results += [wiregold.evaluate_split(split, use_model=not no_model, datelines=True)
                        for split in (splits or wiregold.SPLITS)]
        results += [sentences.evaluate_five(split) for split in ("dev", "test")]
    results += evaluation.evaluate_files(list(gold) or evaluation.default_files(), limit=limit, use_model=not no_model)
    click.echo(evaluation.report(results, verbose=verbose))
