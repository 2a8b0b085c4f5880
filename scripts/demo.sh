#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then run the demo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
exec "$ROOT/.venv/bin/python" "$ROOT/apps/demo/demo.py" "$@"
