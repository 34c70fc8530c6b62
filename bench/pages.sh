# bench/compare pages [COUNT]: sourced by bench/compare (which starts and stops
# the servers). The plan page for COUNT (10,000) connectors (a tenth of them
# updates, a tenth creates, the rest unchanged): its size, how long sdemig
# takes to write it, and how long the headless browser takes to open it
# (page-probe: navigation to the load event, median of three); then a 10 s
# mixed bench's page. SDEMIG_SCREENSHOTS=DIR also writes the README's
# screenshots of both pages there.

pages_compare() {
  local count="$1"
  ensure_packages "${SDEMIG_TEST_PACKAGES[@]}"
  echo sdemig-bench-token >"$SDEMIG_WORK/token"; chmod 600 "$SDEMIG_WORK/token"
  start_sim SRC --seed-alm "$count"
  start_sim DST --seed-alm $((count * 9 / 10)) --workers 4 --service-ms 1 --rate-limit 2500
  cat >"$SDEMIG_WORK/job.json" <<'JOB'
{"kinds": ["alm"], "transforms": [{"where": {"system": "jira"}, "set_params": {"alm_user": "migrated-svc"}}]}
JOB
  local page="$SDEMIG_WORK/plan.html" start
  start=$(date +%s.%N)
  build/tools/sdemig/sdemig plan --from "http://127.0.0.1:$SRC_PORT" --to "http://127.0.0.1:$DST_PORT" \
    --from-token-file "$SDEMIG_WORK/token" --to-token-file "$SDEMIG_WORK/token" --job "$SDEMIG_WORK/job.json" \
    --html "$page" | tail -1
  printf 'plan --html of %s connectors: %.2f s (reading both, planning, writing), page %.2f MB\n' "$count" \
    "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')" \
    "$(awk -v b="$(stat -c %s "$page")" 'BEGIN {print b / 1e6}')"
  local times=() i
  for i in 1 2 3; do
    times+=("$(build/tools/browser/page-probe "$page" | grep -o '"load_ms":[0-9]*' | cut -d: -f2)")
  done
  echo "headless Chromium opens it in $(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) ms (median of ${times[*]} ms)"

  local bench="$SDEMIG_WORK/bench.html"
  build/tools/sdemig/sdemig bench --url "http://127.0.0.1:$DST_PORT" --token-file "$SDEMIG_WORK/token" \
    --op mix --mix get=8,list=1,update=1 -c 16 --rate 3000 -d 10 --warmup 1 --html "$bench" 2>/dev/null | tail -2
  echo "bench page: $(stat -c %s "$bench") bytes, opens in" \
       "$(build/tools/browser/page-probe "$bench" | grep -o '"load_ms":[0-9]*' | cut -d: -f2) ms"
  if [ -n "${SDEMIG_SCREENSHOTS:-}" ]; then
    mkdir -p "$SDEMIG_SCREENSHOTS"
    build/tools/browser/page-probe "$page" --width 1100 --height 620 \
      --eval "document.querySelector('.card[data-group=noop]').click()" \
      --screenshot "$SDEMIG_SCREENSHOTS/plan-page.png" >/dev/null
    build/tools/browser/page-probe "$bench" --width 1200 --height 1000 \
      --screenshot "$SDEMIG_SCREENSHOTS/bench-page.png" >/dev/null
    ls -l "$SDEMIG_SCREENSHOTS"/*.png
  fi
}
