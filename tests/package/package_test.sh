#!/usr/bin/env bash
# The Debian package, as a user gets it: built by CPack from BUILD_DIR,
# unpacked into a temporary root (dpkg-deb -x), and run from there: both
# programs' --version, the bash completion, the man pages, and an export
# against the unpacked sde-sim. lintian, Debian's package checker, must
# find no error in it (its warnings are printed).
set -euo pipefail
build="$1"
work=$(mktemp -d)
sim=""
trap '[ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }

(cd "$build" && cpack -B "$work/out" >/dev/null) || fail "cpack failed"
deb=$(ls "$work"/out/sdemig_*.deb) || fail "no sdemig_*.deb"
case "$(basename "$deb")" in sdemig_*_*.deb) ;; *) fail "unexpected name $(basename "$deb")" ;; esac
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libssl3 libstdc++6 libc6; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
command -v lintian >/dev/null || fail "lintian is not installed (tools/test installs it)"
# An error fails the test (lintian's exit code), warnings are shown. As
# root it says it would rather not be: that line is dropped.
lintian_rc=0
lintian_out=$(lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1) || lintian_rc=$?
lintian_out=$(grep -v 'running with root privileges' <<<"$lintian_out" || true)
[ -z "$lintian_out" ] || printf 'lintian:\n%s\n' "$lintian_out"
[ "$lintian_rc" -eq 0 ] || fail "lintian reports errors (exit $lintian_rc)"
dpkg-deb -x "$deb" "$work/root"
root="$work/root/usr"
"$root/bin/sdemig" --version | grep -q '^sdemig [0-9]' || fail "sdemig --version"
"$root/bin/sde-sim" --version | grep -q '^sde-sim [0-9]' || fail "sde-sim --version"
[ -f "$root/share/doc/sdemig/cli.md" ] || fail "docs not installed"
[ -f "$root/share/sdemig/schemas/job.schema.json" ] || fail "JSON Schemas not installed"
for page in sdemig sdemig-export sdemig-plan sdemig-clone sdemig-import sdemig-verify sdemig-bench sde-sim; do
  [ -f "$root/share/man/man1/$page.1.gz" ] || fail "no man page $page(1)"
done

completion="$root/share/bash-completion/completions/sdemig"
[ -f "$completion" ] || fail "no bash completion"
complete_line() {  # complete_line WORD... : what completing the last word offers
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _sdemig; echo " ${COMPREPLY[*]} "' _ "$completion" "$@"
}
[[ "$(complete_line sdemig cl)" == *" clone "* ]] || fail "subcommands not completed"
[[ "$(complete_line sdemig clone --to-)" == *" --to-token-file "* ]] || fail "clone flags not completed"
[[ "$(complete_line sdemig export --format "")" == *" ndjson "* ]] || fail "--format values not completed"
# Every flag a --help lists is offered by the completion.
for cmd in export plan clone import verify bench; do
  offered=$(complete_line sdemig "$cmd" -)
  for flag in $("$root/bin/sdemig" "$cmd" --help | grep -oE '^\s+(-[a-z],)?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*'); do
    [[ "$offered" == *" $flag "* ]] || fail "completion of $cmd lacks $flag"
  done
done

umask 077
echo tok >"$work/token"
"$root/bin/sde-sim" --port 0 --token tok --seed-alm 5 --seed-analysis 2 >"$work/sim.out" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/sim.out" && break; sleep 0.05; done
address=$(sed -n 's/^listening on //p' "$work/sim.out")
[ -n "$address" ] || fail "sde-sim did not start: $(cat "$work/sim.out")"
"$root/bin/sdemig" export --from "http://$address" --from-token-file "$work/token" --out "$work/e.json" 2>"$work/err" ||
  fail "export failed: $(cat "$work/err")"
grep -q '"format":"sdemig-export/1"' "$work/e.json" || fail "export has no header"
[ "$(grep -o '"system"' "$work/e.json" | wc -l)" -eq 7 ] || fail "export lacks connectors"
echo "package test: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) unpacks and runs; Depends: $depends"
