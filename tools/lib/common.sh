# Shared by tools/test, tools/demo and bench/compare: install what is missing
# (Debian packages only), configure and build.

SDEMIG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# What building sdemig and sde-sim needs (tools/demo installs only these).
# Boost is the headers package: sdemig compiles Asio and Beast itself, and
# libboost1.81-all-dev would add MPI, Python and a hundred more packages.
SDEMIG_BUILD_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libboost1.81-dev libsimdjson-dev libssl-dev openssl libcli11-dev libmimalloc-dev libutf8proc-dev
)

# What the tests and benchmarks need beyond that: GoogleTest, Google
# Benchmark, the package tools (CPack computes the package's dependencies
# with dpkg-shlibdeps and `file`), a real headless browser for the pages and
# a font to draw them with, the formatter, and a real Django REST Framework
# server served by gunicorn, the second target of the end-to-end tests
# (tests/drf), the Prometheus client's parser, which reads --metrics-file
# files back (tests/cli/read_metrics.py), a JSON Schema validator
# (tests/schemas), and Debian's package checker and man page tools (the
# package and man page tests).
SDEMIG_PACKAGE_PACKAGES=(dpkg-dev file)
SDEMIG_TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev "${SDEMIG_PACKAGE_PACKAGES[@]}" python3-yaml zlib1g-dev
  chromium-headless-shell fonts-dejavu-core clang-format git
  python3-django python3-djangorestframework gunicorn
  python3-prometheus-client python3-jsonschema
  lintian man-db groff-base
)

# The libFuzzer targets' compiler (tools/fuzz).
SDEMIG_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ensure_packages PKG...: installs the packages that are not installed yet;
# silent when everything is there.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build PRESET [TARGET...]: configures the preset's folder (see
# CMakePresets.json) and builds the targets (all when none are named).
# Configuring applies the preset's flags every time (0.3 s when nothing
# changed), so a folder another preset configured (demo, then release) or
# an older checkout configured never keeps flags the preset does not say.
build() {
  local preset="$1"; shift
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
  # Paths relative to the checkout, and the build folder not hashed: a fresh
  # clone elsewhere (CI's) reuses what any earlier checkout compiled.
  export CCACHE_BASEDIR="$SDEMIG_ROOT" CCACHE_NOHASHDIR=1
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  log "configuring and building preset $preset${*:+: $*}"
  (cd "$SDEMIG_ROOT" && cmake --preset "$preset" >/dev/null &&
    cmake --build --preset "$preset" "${targets[@]}" -j"$(nproc)")
}
