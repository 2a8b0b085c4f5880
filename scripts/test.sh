#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then run every test: the C++ units (ctest) and the
# Python suite (pytest, which prints the closing summary).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" || exit 1
cd "$ROOT"
status=0
echo "== C++ unit tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)" > build/ctest.log 2>&1 || status=1
# ctest's own summary ("100% tests passed, 0 tests failed out of N") and any failure output.
grep -E "tests passed|FAILED|Failed|\*\*\*" build/ctest.log | tail -n 40
echo "== Python tests (pytest)"
TVM_TEST_PIP_INSTALL="${TVM_TEST_PIP_INSTALL:-1}" .venv/bin/python -m pytest tests/python -q -ra "$@"
rc=$?
[ $rc -ne 0 ] && status=$rc
exit $status
