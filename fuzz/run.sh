#!/usr/bin/env bash
# The long fuzzing run: the same properties as CI (tests/test_fuzz_readers.py), with random
# seeds and many more examples. Usage: fuzz/run.sh [EXAMPLES]   (default 50000 per property)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
export DATELINE_FUZZ_EXAMPLES="${1:-50000}"
export DATELINE_FUZZ_RANDOM=1
exec "$PYTHON" -m pytest -q -p no:cacheprovider tests/test_fuzz_readers.py -n 2 \
    --hypothesis-show-statistics
