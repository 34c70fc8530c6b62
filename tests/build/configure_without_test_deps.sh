#!/bin/bash
# -DBUILD_TESTING=OFF configures the programs on a machine without GoogleTest
# and Google Benchmark: find_package for both is disabled outright, as if they
# were not installed, and the build must still offer sdemig and sde-sim.
# Usage: configure_without_test_deps.sh SOURCE_DIR
set -euo pipefail
src=$1
dir=$(mktemp -d /tmp/sdemig-no-test-deps-XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail() { echo "configure without test dependencies: $*" >&2; exit 1; }
cmake -S "$src" -B "$dir" -G Ninja -DBUILD_TESTING=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON >"$dir/configure.log" 2>&1 ||
  fail "cmake failed: $(tail -5 "$dir/configure.log")"
targets=$(cmake --build "$dir" --target help)
for t in sdemig sde-sim; do
  grep -qE "^$t: " <<<"$targets" || fail "no $t target"
done
for t in sdemig_cli_tests plan_bench; do
  if grep -qE "^$t: " <<<"$targets"; then fail "$t is configured although tests and benchmarks are off"; fi
done
echo "BUILD_TESTING=OFF without GTest and benchmark: sdemig and sde-sim configured, no test or benchmark target"
