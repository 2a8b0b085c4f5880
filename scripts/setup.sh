#!/usr/bin/env bash
# Set up everything this project needs, idempotently, then build incrementally:
#   1. Debian packages that are missing (apt-get; as root or through sudo),
#   2. the project virtualenv .venv (Debian's python3 with its system packages visible, so
#      Debian's python3-torch is importable) with the pinned requirements of python/,
#   3. the CMake build in build/ (Ninja, ccache when present).
# Source it or run it; other scripts call it first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  llvm-dev libdmlc-dev libdlpack-dev pybind11-dev libgtest-dev
  python3 python3-dev python3-venv python3-numpy python3-torch python3-torchvision
  ocl-icd-libopencl1 pocl-opencl-icd clinfo
  libjpeg62-turbo-dev libpng-dev libtiff-dev libwebp-dev libopenjp2-7-dev python3-pil
)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- 1. Debian packages --------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- 2. Python virtualenv ------------------------------------------------------------------
PY=/usr/bin/python3
if [ ! -x .venv/bin/python ]; then
  log "creating the virtualenv .venv"
  "$PY" -m venv --system-site-packages .venv
fi
req_hash=$(cat python/requirements.txt python/requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.requirements.sha 2>/dev/null)" != "$req_hash" ]; then
  log "installing pinned Python requirements"
  .venv/bin/python -m pip install -q --disable-pip-version-check \
    -r python/requirements.txt -r python/requirements-dev.txt
  echo "$req_hash" > .venv/.requirements.sha
fi
# `import tvm` in the virtualenv resolves to this checkout's python/ folder.
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ROOT/python" > "$site/tvm-checkout.pth"

# --- 3. Build ------------------------------------------------------------------------------
JOBS="${TVM_BUILD_JOBS:-$(nproc)}"
if [ ! -f build/build.ninja ]; then
  log "configuring the build (build/)"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPython3_EXECUTABLE="$ROOT/.venv/bin/python" >/dev/null
fi
log "building (incremental, $JOBS jobs)"
# Per-file progress lines are hidden; errors and warnings show. pipefail keeps the build's status.
cmake --build build -j "$JOBS" 2>&1 | { grep -v '^\[[0-9]*/[0-9]*\] ' || true; }
log "ready: $(ls build/*.so | tr '\n' ' ')"
