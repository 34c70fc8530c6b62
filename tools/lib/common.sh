# Shared by tools/test, tools/demo and bench/compare: install what is missing
# (Debian packages only), configure and build.

SDEMIG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# What building and testing need.
SDEMIG_BUILD_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libboost1.81-all-dev libsimdjson-dev libssl-dev openssl
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libmimalloc-dev dpkg-dev python3-yaml
  zlib1g-dev
  clang-format git
)

# What the tests need beyond the build: a real headless browser for the
# pages, and a font to draw them with.
SDEMIG_TEST_PACKAGES=(chromium-headless-shell fonts-dejavu-core)

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

# build DIR [CMAKE ARGS...]: configures DIR once (Ninja, ccache) and builds it.
build() {
  local dir="$1"; shift
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
  # Paths relative to the checkout, and the build folder not hashed: a fresh
  # clone elsewhere (CI's) reuses what any earlier checkout compiled.
  export CCACHE_BASEDIR="$SDEMIG_ROOT" CCACHE_NOHASHDIR=1
  if [ ! -f "$SDEMIG_ROOT/$dir/build.ninja" ]; then
    log "configuring $dir"
    cmake -S "$SDEMIG_ROOT" -B "$SDEMIG_ROOT/$dir" -G Ninja "$@" >/dev/null
  fi
  log "building $dir"
  cmake --build "$SDEMIG_ROOT/$dir" -- -j"$(nproc)"
}
