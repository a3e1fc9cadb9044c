"""The Spark engine of ``dateline batch`` (``pip install 'dateline[spark]'``).

The driver reads the inputs (``bulk.read_inputs``) into a DataFrame of articles; executors
code it with ``mapPartitions`` over ``bulk.code_partition``, the same function the in-process
engine runs, so the events are the same by construction (and ``tests/test_bulk.py`` checks it
against ``dateline code``).

What travels and what does not: the function shipped to executors is a reference to this
module's ``_code_rows`` and three option values. The spaCy pipeline (≈50 MB), the knowledge
base and the ONNX sentence model are never pickled: each executor's Python worker builds them
on its first partition (``nlp.load`` and ``pipeline.knowledge_base`` are per-process caches) and
keeps them for every later partition, because Spark reuses Python workers
(``spark.python.worker.reuse``, on by default and set here). On a cluster, install dateline on
the executors' Python (the same wheel, with its data files) and pass ``--master``.

Each task writes its partition's rows itself (``_code_and_write``): four datasets, partitioned
by month, with the Parquet schema of ``bulk.arrow_schema`` (the columns of ``records.py``).
"""
from __future__ import annotations

import os
import re
import sys
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import DatelineError
from ..records import Article
from . import DATASETS, code_partition

#: Article fields sent to executors (``extra`` as JSON: a map of anything has no Spark type).
_ARTICLE_FIELDS = ("id", "text", "title", "published", "published_from", "source",
                   "dateline_place", "url", "language", "origin")


def session(master: str = "local[2]", app: str = "dateline batch") -> Any:
    """A Spark session for ``master``; Python workers run this interpreter (in local mode)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise DatelineError("--engine spark needs PySpark: pip install 'dateline[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master).appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
        .config("spark.driver.memory", os.environ.get("DATELINE_SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )


def cores(master: str, spark: Any) -> int:
    match = re.fullmatch(r"local\[(\d+|\*)\]", master)
    if match and match.group(1) != "*":
        return int(match.group(1))
    return int(spark.sparkContext.defaultParallelism)


def run(articles: list[Article], read_errors: list[dict[str, Any]], out: Path, *, master: str,
        partitions: int | None, use_model: bool, dictionaries: tuple[str, ...],
        verb_dictionary: str | None, spark: Any = None) -> dict[str, int]:
    """Code ``articles`` on Spark and write the datasets under ``out``; returns row counts.

    ``spark`` is an existing session to use (tests and benchmarks share one); otherwise one is
    started for ``master`` and stopped at the end.
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    from .local import write_dataset

    own = spark is None
    spark = spark or session(master)
    try:
        n = partitions or max(1, min(len(articles), cores(master, spark) * 4))
        schema = StructType([StructField(f, StringType()) for f in (*_ARTICLE_FIELDS, "extra")]
                            + [StructField("seq", LongType())])
        rows = [(*(getattr(a, f) for f in _ARTICLE_FIELDS), _json(a.extra), seq)
                for seq, a in enumerate(articles)]
        totals = {"articles": 0, "events": 0, "errors": len(read_errors), "not_coded": 0}
        for dataset in DATASETS:
            (out / dataset).mkdir(parents=True, exist_ok=True)
        write_dataset(out / "errors", "errors", read_errors, part="part-read")
        if rows:
            frame = spark.createDataFrame(rows, schema).repartition(n, "seq")
            task = partial(_code_and_write, out=str(out), use_model=use_model,
                           dictionaries=dictionaries, verb_dictionary=verb_dictionary)
            for counts in frame.rdd.mapPartitionsWithIndex(task).collect():
                for key, value in counts.items():
                    totals[key] += value
        return totals
    finally:
        if own:
            spark.stop()


def _code_and_write(index: int, rows: Iterable[Any], *, out: str, use_model: bool,
                    dictionaries: tuple[str, ...], verb_dictionary: str | None) -> Iterator[dict[str, int]]:
    """Executor side: code one partition and write its rows as ``part-{index}`` of each dataset.

    Writing from the executor with the in-process engine's writer (rather than handing rows
    back to the JVM for ``DataFrame.write``) makes the batch one pass over the data, with no
    per-row conversion, and the files the same whatever the engine. A retried task rewrites
    the same part names, so a retry leaves no duplicate rows. ``out`` must be a folder every
    executor can write (a local path in local mode, a shared mount on a cluster).
    """
    from collections import defaultdict

    from .local import counts, write_dataset

    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for dataset, row in _code_rows(rows, use_model=use_model, dictionaries=dictionaries,
                                   verb_dictionary=verb_dictionary):
        grouped[dataset].append(row)
    for dataset in DATASETS:
        write_dataset(Path(out) / dataset, dataset, grouped[dataset], part=f"part-{index:05d}")
    yield counts(grouped)


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def _code_rows(rows: Iterable[Any], *, use_model: bool, dictionaries: tuple[str, ...],
               verb_dictionary: str | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Executor side: one partition of article rows → ``(dataset, row)`` pairs."""
    import json

    items = sorted(rows, key=lambda r: r["seq"])
    articles = [Article(**{f: r[f] for f in _ARTICLE_FIELDS}, extra=json.loads(r["extra"] or "{}"))
                for r in items]
    yield from code_partition(articles, [r["seq"] for r in items], use_model=use_model,
                              dictionaries=dictionaries, verb_dictionary=verb_dictionary)
