"""The in-process engine of ``dateline batch``: the same partition coder, one process.

Rows are gathered per dataset and written once per month partition, with the same Parquet
schema and file layout as the Spark engine (``month=YYYY-MM/part-00000.parquet``), so
``dateline load`` and any reader see no difference between the two.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..records import Article
from . import DATASETS, arrow_schema, code_partition


def run(articles: list[Article], read_errors: list[dict[str, Any]], out: Path, *,
        use_model: bool, dictionaries: tuple[str, ...], verb_dictionary: str | None) -> dict[str, int]:
    """Code ``articles`` here and write the datasets under ``out``; returns row counts."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows["errors"].extend(read_errors)
    for dataset, row in code_partition(articles, range(len(articles)), use_model=use_model,
                                       dictionaries=dictionaries, verb_dictionary=verb_dictionary):
        rows[dataset].append(row)
    for dataset in DATASETS:
        write_dataset(out / dataset, dataset, rows[dataset])
    return counts(rows)


def counts(rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    return {"articles": len(rows["articles"]), "events": len(rows["events"]),
            "errors": len(rows["errors"]),
            "not_coded": sum(1 for r in rows["articles"] if not r["coded"])}


def write_dataset(root: Path, dataset: str, rows: list[dict[str, Any]], part: str = "part-00000") -> None:
    """Rows as a Parquet dataset partitioned by ``month`` (a folder with no files when empty).

    Each month's rows go to ``month=M/{part}.parquet``, written under a temporary name and
    renamed, so a reader (or a retried Spark task writing the same part) never sees half a file.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(dataset)
    file_schema = pa.schema([f for f in schema if f.name != "month"])
    root.mkdir(parents=True, exist_ok=True)
    by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_month[row["month"]].append(row)
    for month, group in sorted(by_month.items()):
        folder = root / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist([{k: r.get(k) for k in file_schema.names} for r in group],
                                     schema=file_schema)
        final = folder / f"{part}.parquet"
        temporary = folder / f".{part}.{os.getpid()}.tmp"
        pq.write_table(table, temporary)
        os.replace(temporary, final)
