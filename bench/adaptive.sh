# bench/compare adaptive [COUNT]: sourced by bench/compare (which starts and
# stops the servers). For each server shape, clone connectors (COUNT, or the
# scenario's own count) with --concurrency auto and with fixed 4, 16, 64 and
# 256, each into a fresh sde-sim of that shape (or, for connection tests,
# verify --test-connections against one), and print time, writes/s (the
# server's clock, first to last applied write or test), the server's queue
# wait p99 and the 429s; then whether auto met the target: >= 90% of the
# best fixed setting's writes/s (a short run over a distant server: within
# 1.2x the best fixed setting's wall time), queue wait p99 <= 3x the service
# time, 429s <= 2% of requests. auto is judged with --max-concurrency 256,
# the ceiling of the largest fixed setting; the default (64) is shown too.
# Each setting runs ADAPTIVE_RUNS (3) times: the row is the median of each
# column (a clone of a distant server lasts under a second, and runs on this
# shared 2-core machine vary by 5% and more). ADAPTIVE_ONLY=e,f,g,h runs
# only those scenarios; SDEMIG_BIN another sdemig (an older build, for a before/after).

adaptive_settings=("auto" "auto256" 4 16 64 256)

adaptive_label() {
  case "$1" in
    auto) echo "auto (default, max 64)" ;;
    auto256) echo "auto, --max-concurrency 256" ;;
    *) echo "fixed $1" ;;
  esac
}

# adaptive_run SETTING SIM_ARGS...: one clone into a fresh target (with
# ADAPTIVE_MODE=verify: verify --test-connections against a target seeded
# with ADAPTIVE_COUNT; ADAPTIVE_TLS=1: the target serves HTTPS); prints
# "seconds writes_per_s queue_p99_ms throttled requests settled..."
adaptive_run() {
  local setting="$1"; shift
  local args=(--concurrency "$setting")
  case "$setting" in
    auto) args=(--concurrency auto) ;;
    auto256) args=(--concurrency auto --max-concurrency 256) ;;
  esac
  local scheme=http sim_args=("$@")
  if [ "${ADAPTIVE_TLS:-0}" = 1 ]; then
    scheme=https
    sim_args+=(--tls-cert "$SDEMIG_WORK/cert.pem" --tls-key "$SDEMIG_WORK/key.pem")
    args+=(--to-ca-file "$SDEMIG_WORK/cert.pem")
  fi
  local start out s
  if [ "${ADAPTIVE_MODE:-clone}" = verify ]; then
    start_sim DST --seed-alm "$ADAPTIVE_COUNT" "${sim_args[@]}"
    start=$(date +%s.%N)
    out=$("${SDEMIG_BIN:-build/tools/sdemig/sdemig}" verify --test-connections --to "$scheme://127.0.0.1:$DST_PORT" \
            --to-token-file "$SDEMIG_WORK/token" --kind alm "${args[@]}" 2>&1) ||
      { echo "verify failed: $out" >&2; return 1; }
  else
    start_sim DST "${sim_args[@]}"
    start=$(date +%s.%N)
    out=$("${SDEMIG_BIN:-build/tools/sdemig/sdemig}" clone --from "http://127.0.0.1:$SRC_PORT" --to "$scheme://127.0.0.1:$DST_PORT" \
            --from-token-file "$SDEMIG_WORK/token" --to-token-file "$SDEMIG_WORK/token" --kind alm "${args[@]}" 2>&1) ||
      { echo "clone failed: $out" >&2; return 1; }
  fi
  local seconds
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
  s=$(curl -sfk "$scheme://127.0.0.1:$DST_PORT/_sim/stats")
  kill -TERM "$DST_PID"; wait "$DST_PID" 2>/dev/null || true
  local settled
  settled=$(sed -n 's/^concurrency auto: //p' <<<"$out")
  python3 - "$s" "$seconds" "${settled:--}" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
span = (s["last_write_us"] - s["first_write_us"]) / 1e6
rate = s["writes_applied"] / span if span > 0 else 0
print(f'{float(sys.argv[2]):.2f} {rate:.0f} {s["queue_wait_ms_p99"]:.1f} {s["faults"]["throttled"]} {s["requests"]} {sys.argv[3]}')
PY
}

# adaptive_median: rows of adaptive_run in, one row out: the median of each
# number column; "auto settled at" from the run of median writes/s.
adaptive_median() {
  python3 -c '
import statistics, sys
rows = [line.split(" ", 5) for line in sys.stdin.read().splitlines() if line.strip()]
med = lambda i: statistics.median(float(r[i]) for r in rows)
by_rate = sorted(rows, key=lambda r: float(r[1]))
print(f"{med(0):.2f} {med(1):.0f} {med(2):.1f} {med(3):.0f} {med(4):.0f} {by_rate[len(rows) // 2][5]}")
'
}

# adaptive_scenario NAME SERVICE_MS SIM_ARGS...: judged on writes/s, or with
# ADAPTIVE_BY_TIME=1 on wall time.
adaptive_scenario() {
  local name="$1" service="$2"; shift 2
  echo
  echo "$name: sde-sim $*; ${ADAPTIVE_MODE:-clone} of ${ADAPTIVE_COUNT:-$count} connectors; median of ${ADAPTIVE_RUNS:-3} runs"
  printf '%-30s %8s %9s %13s %12s  %s\n' setting "time s" "writes/s" "queue p99 ms" "429s" "auto settled at"
  local setting row best=0 best_label="" auto_row="" runs="${ADAPTIVE_RUNS:-3}" rows i best_s=1e9
  for setting in "${adaptive_settings[@]}"; do
    rows=""
    for ((i = 0; i < runs; i++)); do
      row=$(adaptive_run "$setting" "$@") || return 1
      rows+="$row"$'\n'
    done
    row=$(adaptive_median <<<"$rows")
    read -r secs rate p99 throttled requests settled <<<"$row"
    printf '%-30s %8s %9s %13s %7s %4s  %s\n' "$(adaptive_label "$setting")" "$secs" "$rate" "$p99" "$throttled" \
      "$(awk -v t="$throttled" -v r="$requests" 'BEGIN {printf "%.1f%%", 100 * t / r}')" "$settled"
    case "$setting" in
      auto256) auto_row="$rate $p99 $throttled $requests $secs" ;;
      auto) ;;
      *)
        if [ "${ADAPTIVE_BY_TIME:-0}" = 1 ]; then
          if awk -v a="$secs" -v b="$best_s" 'BEGIN {exit !(a < b)}'; then best_s=$secs; best=$rate; best_label="fixed $setting"; fi
        elif awk -v a="$rate" -v b="$best" 'BEGIN {exit !(a > b)}'; then best=$rate; best_s=$secs; best_label="fixed $setting"; fi ;;
    esac
  done
  read -r rate p99 throttled requests secs <<<"$auto_row"
  awk -v r="$rate" -v b="$best" -v bl="$best_label" -v q="$p99" -v s="$service" -v t="$throttled" -v n="$requests" \
      -v as="$secs" -v bs="$best_s" -v by_time="${ADAPTIVE_BY_TIME:-0}" 'BEGIN {
    share = r / b; q_ok = (s == 0) ? (q <= 1) : (q <= 3 * s); t_ok = (t <= 0.02 * n)
    if (by_time) { speed_ok = as <= 1.2 * bs; speed = sprintf("%.2fx the best fixed time (%s) [<= 1.2x]", as / bs, bl) }
    else { speed_ok = share >= 0.9; speed = sprintf("%.0f%% of the best fixed (%s) [>= 90%%]", 100 * share, bl) }
    ok = speed_ok && q_ok && t_ok
    printf "target (auto, max 256): %s, queue p99 %.1f ms [<= %s ms], 429s %.1f%% [<= 2%%]: %s\n",
      speed, q, (s == 0 ? "1" : 3 * s), 100 * t / n, ok ? "met" : "NOT MET"
    exit !ok }'
}

# adaptive_wanted LETTER: whether ADAPTIVE_ONLY (a list like e,f) includes it.
adaptive_wanted() {
  [ -z "${ADAPTIVE_ONLY:-}" ] || [[ ",$ADAPTIVE_ONLY," == *",$1,"* ]]
}

# adaptive_source COUNT: a source sim seeded with COUNT connectors.
adaptive_source() {
  [ -n "${SRC_PID:-}" ] && { kill -TERM "$SRC_PID"; wait "$SRC_PID" 2>/dev/null || true; }
  start_sim SRC --seed-alm "$1" --page-size-default 1000
}

adaptive_compare() {
  count="${1:-5000}"
  echo sdemig-bench-token >"$SDEMIG_WORK/token"; chmod 600 "$SDEMIG_WORK/token"
  machine
  local failed=0
  adaptive_source "$count"
  adaptive_wanted a && { adaptive_scenario "(a) a small server" 20 --workers 4 --service-ms 20 || failed=1; }
  adaptive_wanted b && { adaptive_scenario "(b) a large, distant server" 5 --workers 64 --service-ms 5 --latency-ms 30 || failed=1; }
  adaptive_wanted c && { adaptive_scenario "(c) a rate-limited server" 5 --workers 32 --service-ms 5 --rate-limit 300 || failed=1; }
  adaptive_wanted d && { adaptive_scenario "(d) a server that slows down halfway" 10 --workers 32 --service-ms 10 \
    --slow-after "$((count / 2))" --slow-workers 8 || failed=1; }
  if adaptive_wanted e; then
    adaptive_source 1000
    ADAPTIVE_COUNT=1000 adaptive_scenario "(e) writes 25x a read" 50 --workers 16 --service-ms 2 --write-service-ms 50 || failed=1
  fi
  if adaptive_wanted f; then
    ADAPTIVE_MODE=verify ADAPTIVE_COUNT=200 adaptive_scenario "(f) connection tests of 200 ms" 200 \
      --workers 16 --service-ms 2 --test-service-ms 200 || failed=1
  fi
  if adaptive_wanted g; then
    adaptive_source 600
    ADAPTIVE_COUNT=600 adaptive_scenario "(g) a small server, a short clone" 20 --workers 4 --service-ms 20 || failed=1
  fi
  if adaptive_wanted h; then
    adaptive_source 300
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
      -keyout "$SDEMIG_WORK/key.pem" -out "$SDEMIG_WORK/cert.pem" 2>/dev/null
    ADAPTIVE_TLS=1 ADAPTIVE_BY_TIME=1 ADAPTIVE_COUNT=300 adaptive_scenario "(h) a distant TLS server, 300 connectors" 10 \
      --workers 16 --service-ms 10 --latency-ms 30 --handshake-ms 30 || failed=1
  fi
  return "$failed"
}
