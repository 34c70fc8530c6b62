# bench/compare capacity: sourced by bench/compare (which starts and stops
# the servers). bench --capacity against sde-sim's capacity model, next to
# a wrk sweep of the same server (wrk -t1 -cN -d3s at N = 1, 2, 4 ... 256,
# GET one connector, as bench --capacity's steps do): the peak within 15%
# of wrk's best step, the knee (fewest connections at 90% of the peak)
# within a factor of 2 of wrk's. Three servers: small and near, large and
# distant, and one that degrades past its peak (--service-growth-ms). Then
# --baseline against the same server (10 pairs: `same` expected) and
# against one 40% slower per request (10 pairs: `slower` expected).

capacity_wrk_sweep() {  # PORT: prints "N RPS" per step
  local port="$1" n
  for n in 1 2 4 8 16 32 64 128 256; do
    printf '%s %s\n' "$n" "$(wrk -t1 -c"$n" -d3s "http://127.0.0.1:$port/api/v2/connectors/alm/1/" 2>/dev/null |
      awk '/Requests\/sec/ {print $2}')"
  done
}

capacity_compare() {
  ensure_packages wrk
  echo sdemig-bench-token >"$SDEMIG_WORK/token"; chmod 600 "$SDEMIG_WORK/token"
  machine
  local servers=(
    "small, near: 4 workers x 10 ms|--workers 4 --service-ms 10"
    "large, distant: 32 workers x 10 ms, +20 ms|--workers 32 --service-ms 10 --latency-ms 20"
    "degrading: 16 workers x 4 ms, +0.1 ms per request in the server|--workers 16 --service-ms 4 --service-growth-ms 0.1"
  )
  printf '| server | wrk best step (req/s at N) | wrk knee | bench peak (modelled; measured) | bench knee | peak / wrk | knee / wrk | USL sigma, kappa, R^2 |\n|---|---:|---:|---:|---:|---:|---:|---|\n'
  local entry name flags
  for entry in "${servers[@]}"; do
    name="${entry%%|*}"; flags="${entry#*|}"
    # shellcheck disable=SC2086
    start_sim CAP --seed-alm 50 $flags
    local sweep best_n=0 best=0 knee_n=0 n rps
    sweep=$(capacity_wrk_sweep "$CAP_PORT")
    while read -r n rps; do
      if awk -v a="$rps" -v b="$best" 'BEGIN {exit !(a > b)}'; then best=$rps; best_n=$n; fi
    done <<<"$sweep"
    while read -r n rps; do
      if [ "$knee_n" = 0 ] && awk -v a="$rps" -v b="$best" 'BEGIN {exit !(a >= 0.9 * b)}'; then knee_n=$n; fi
    done <<<"$sweep"
    build/tools/sdemig/sdemig bench --url "http://127.0.0.1:$CAP_PORT" --token-file "$SDEMIG_WORK/token" \
      --api legacy --capacity --json >"$SDEMIG_WORK/capacity.json" 2>/dev/null
    local j="$SDEMIG_WORK/capacity.json"
    local peak peak_measured peak_n knee sigma kappa r2
    peak=$(grep -o '"peak":{"connections":[0-9]*,"rps":[0-9.e+]*' "$j" | sed 's/.*"rps"://')
    peak_n=$(grep -o '"peak":{"connections":[0-9]*' "$j" | sed 's/.*://')
    peak_measured=$(grep -o '"measured":{"connections":[0-9]*,"rps":[0-9.e+]*' "$j" | sed 's/.*"rps"://')
    knee=$(grep -o '"knee":{"connections":[0-9]*' "$j" | sed 's/.*://')
    sigma=$(grep -o '"sigma":[0-9.e+-]*' "$j" | cut -d: -f2)
    kappa=$(grep -o '"kappa":[0-9.e+-]*' "$j" | cut -d: -f2)
    r2=$(grep -o '"r2":[0-9.e+-]*' "$j" | cut -d: -f2)
    printf '| %s | %.0f at %s | %s | %.0f at %s; %.0f | %s | %.2f | %.2f | %.3f, %.5f, %.3f |\n' \
      "$name" "$best" "$best_n" "$knee_n" "$peak" "$peak_n" "$peak_measured" "$knee" \
      "$(awk -v a="$peak" -v b="$best" 'BEGIN {print a / b}')" \
      "$(awk -v a="$knee" -v b="$knee_n" 'BEGIN {print a / b}')" "$sigma" "$kappa" "$r2"
    kill -TERM "$CAP_PID"; wait "$CAP_PID" 2>/dev/null || true
  done

  # --baseline: the same server twice, and one 40% slower per request.
  local pairs="${CAPACITY_PAIRS:-10}" i verdicts_same="" verdicts_slow=""
  start_sim SAME --seed-alm 50 --workers 4 --service-ms 10
  start_sim SLOW --seed-alm 50 --workers 4 --service-ms 14
  local run=(build/tools/sdemig/sdemig bench --token-file "$SDEMIG_WORK/token" --api legacy -c 8 -d 6 --warmup 0.5)
  for i in $(seq 1 "$pairs"); do
    "${run[@]}" --url "http://127.0.0.1:$SAME_PORT" --json >"$SDEMIG_WORK/base.json" 2>/dev/null
    verdicts_same+=" $("${run[@]}" --url "http://127.0.0.1:$SAME_PORT" --baseline "$SDEMIG_WORK/base.json" \
      --json 2>/dev/null | grep -o '"rps":{[^}]*"verdict":"[a-z]*"' | grep -o '"verdict":"[a-z]*"' | cut -d'"' -f4)"
    verdicts_slow+=" $("${run[@]}" --url "http://127.0.0.1:$SLOW_PORT" --baseline "$SDEMIG_WORK/base.json" \
      --json 2>/dev/null | grep -o '"rps":{[^}]*"verdict":"[a-z]*"' | grep -o '"verdict":"[a-z]*"' | cut -d'"' -f4)"
  done
  echo "--baseline, same server, req/s verdicts:$verdicts_same ($(grep -o same <<<"$verdicts_same" | wc -l) of $pairs same)"
  echo "--baseline, 40% slower per request, req/s verdicts:$verdicts_slow ($(grep -o slower <<<"$verdicts_slow" | wc -l) of $pairs slower)"
  stop_sims
}
