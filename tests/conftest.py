"""Session fixtures: the real spaCy pipeline and the shared gold data (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"
SEED = SHARED / "data" / "seed" / "tass-japan-russia-peace-treaty.txt"


@pytest.fixture(scope="session")
def nlp():
    from dateline import nlp as nlp_loader

    return nlp_loader.load()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared/data, or skip the test cleanly where it is absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not present")
    return data


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return SEED


@pytest.fixture(scope="session")
def pipeline_store(tmp_path_factory) -> Path:
    """The demo corpus and the ask test stories through the real pipeline, in one store.

    Shared by the filter, web API and browser tests (read-only: copy it before writing).
    """
    from dateline.batch import ingest
    from dateline.demo import corpus_dir
    from dateline.store import Store

    path = tmp_path_factory.mktemp("pipeline-store") / "events.db"
    with Store(path) as store:
        report = ingest([str(corpus_dir()), str(TEST_DATA / "ask" / "stories.jsonl")], store)
    assert report.added == 12 and not report.errors
    return path
