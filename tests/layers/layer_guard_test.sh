#!/bin/bash
# The build refuses what the layers forbid: a file compiled as part of the
# planning library that includes the network stack, the SDE client or Asio
# fails to compile, with a message that says why. -Wfatal-errors: GCC stops at
# the #error instead of parsing the rest of the header (0.01 s, not 20 s).
# Usage: layer_guard_test.sh CXX -I... (the planning library's include dirs)
set -u
cxx=$1
shift
fail() { echo "layer guard test: $*" >&2; exit 1; }
expect_refused() {  # HEADER WHAT-THE-MESSAGE-NAMES FLAGS...
  local header=$1 named=$2
  shift 2
  local out
  if out=$(printf '#include %s\nint main() {}\n' "$header" | "$cxx" -std=c++20 -fsyntax-only -Wfatal-errors "$@" -x c++ - 2>&1); then
    fail "including $header in the planning library compiled"
  fi
  grep -q "sdemig_planning must not include $named.*: planning stays free of I/O" <<<"$out" ||
    fail "including $header failed without the layer's message: $out"
}
flags=("$@")
expect_refused '"io/net/http_client.hpp"' io/net/http_client.hpp "${flags[@]}"
expect_refused '"io/sde/sde_client.hpp"' io/sde/sde_client.hpp "${flags[@]}"
expect_refused '"engine/connectors/apply.hpp"' engine/connectors/apply.hpp "${flags[@]}"
expect_refused '<boost/asio/io_context.hpp>' boost/asio/ "${flags[@]}"
expect_refused '<boost/beast/http.hpp>' boost/ "${flags[@]}"
# ...while what the planning library may use still compiles.
printf '#include "engine/planning/plan.hpp"\n#include "io/json/json_writer.hpp"\nint main() {}\n' |
  "$cxx" -std=c++20 -fsyntax-only "${flags[@]}" -x c++ - || fail "the planning headers do not compile on their own"
echo "layer guard: io/net, io/sde, engine I/O, Asio and Beast refused in sdemig_planning"
