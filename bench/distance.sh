# bench/compare distance [ROUNDS]: sourced by bench/compare (which builds and
# stops the servers). A target far away, as an on-premises to SaaS migration
# has it: sde-sim with 16 workers of 10 ms over TLS, behind
# tools/relay/distance-relay adding DISTANCE_MS (20) each way to every byte
# and holding each new connection's first bytes a round trip (TCP's
# handshake; TLS pays its own through the relay). The source is on loopback.
# Rows (each a fresh target; ROUNDS alternating rounds, medians):
#   clone 300 with auto and fixed 64, 128, 256, against the bound: the
#     server's write time (count / 1,600 writes/s) + 4 round trips (connect,
#     TLS, the first read, the last answer);
#   clone 3,000, the same, and the same target without the relay;
#   plan of 10, against one curl GET of the list (its own TCP + TLS) and that
#     GET + 1 round trip;
#   clone 10,000 on loopback, the whole process, against the server's write
#     bound (wrk's POSTs, as bench/compare clone).

distance_ms="${DISTANCE_MS:-20}"
distance_sim=(--workers 16 --service-ms 10 --page-size-default 1000)

# distance_relay NAME PORT: a relay in front of 127.0.0.1:PORT; sets NAME_PORT.
distance_relay() {
  local name="$1" out="$SDEMIG_WORK/$1.relay"
  build/tools/relay/distance-relay --upstream "127.0.0.1:$2" --delay-ms "$distance_ms" >"$out" 2>&1 &
  SDEMIG_SIM_PIDS+=("$!")  # stopped with the sims
  printf -v "${name}_RELAY_PID" '%s' "$!"
  local i
  for i in $(seq 1 100); do
    if grep -q '^listening on ' "$out"; then
      printf -v "${name}_PORT" '%s' "$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out")"
      return 0
    fi
    sleep 0.05
  done
  echo "distance-relay did not start: $(cat "$out")" >&2
  return 1
}

# distance_clone SETTING COUNT RELAYED: seconds of one clone of COUNT into a
# fresh far (RELAYED=1) or near target.
distance_clone() {
  local setting="$1" count="$2" relayed="$3" args
  case "$setting" in
    auto) args=(--concurrency auto) ;;
    *) args=(--concurrency "$setting") ;;
  esac
  start_sim DST "${distance_sim[@]}" --tls-cert "$SDEMIG_WORK/cert.pem" --tls-key "$SDEMIG_WORK/key.pem"
  local port="$DST_PORT"
  if [ "$relayed" = 1 ]; then distance_relay FAR "$DST_PORT"; port="$FAR_PORT"; fi
  local start out
  start=$(date +%s.%N)
  out=$(build/tools/sdemig/sdemig clone --from "http://127.0.0.1:$SRC_PORT" --to "https://127.0.0.1:$port" \
          --from-token-file "$SDEMIG_WORK/token" --to-token-file "$SDEMIG_WORK/token" --to-ca-file "$SDEMIG_WORK/cert.pem" \
          --kind alm --progress never "${args[@]}" 2>&1) || { echo "clone failed: $out" >&2; return 1; }
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f\n", b - a}'
  grep -q "clone: $count created" <<<"$out" || { echo "clone did not create $count: $out" >&2; return 1; }
  [ "$relayed" = 1 ] && { kill -TERM "$FAR_RELAY_PID"; wait "$FAR_RELAY_PID" 2>/dev/null || true; }
  kill -TERM "$DST_PID"; wait "$DST_PID" 2>/dev/null || true
}

distance_median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

distance_compare() {
  local rounds="$1" count setting r i rtt
  rtt=$(awk -v d="$distance_ms" 'BEGIN {print 2 * d / 1000}')
  echo sdemig-bench-token >"$SDEMIG_WORK/token"; chmod 600 "$SDEMIG_WORK/token"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$SDEMIG_WORK/key.pem" -out "$SDEMIG_WORK/cert.pem" -days 1 \
    -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
  machine
  echo "target: sde-sim ${distance_sim[*]}, TLS, behind distance-relay --delay-ms $distance_ms (round trip $rtt s); medians of $rounds rounds"
  for count in 300 3000; do
    start_sim SRC --seed-alm "$count" --page-size-default 1000
    local settings=(auto 64 128 256)
    for setting in "${settings[@]}" near; do : >"$SDEMIG_WORK/d.$setting"; done
    for ((r = 0; r < rounds; r++)); do
      # Alternate the order, so no setting always runs on a warm or cold machine.
      local order=("${settings[@]}")
      ((r % 2)) && order=(256 128 64 auto)
      for setting in "${order[@]}"; do distance_clone "$setting" "$count" 1 >>"$SDEMIG_WORK/d.$setting" || return 1; done
      [ "$count" = 3000 ] && { distance_clone auto "$count" 0 >>"$SDEMIG_WORK/d.near" || return 1; }
    done
    echo
    printf 'clone %s over the relay\n' "$count"
    for setting in "${settings[@]}"; do
      printf '  %-10s %7.3f s   (%s)\n' "$setting" "$(distance_median <"$SDEMIG_WORK/d.$setting")" "$(tr '\n' ' ' <"$SDEMIG_WORK/d.$setting")"
    done
    printf '  %-10s %7.3f s   (writes at 1,600/s + 4 round trips)\n' bound \
      "$(awk -v n="$count" -v t="$rtt" 'BEGIN {print n / 1600 + 4 * t}')"
    [ "$count" = 3000 ] && printf '  %-10s %7.3f s   (auto, the same target without the relay)\n' near "$(distance_median <"$SDEMIG_WORK/d.near")"
    kill -TERM "$SRC_PID"; wait "$SRC_PID" 2>/dev/null || true
  done

  # plan of 10 against one curl GET of the same list over its own connection.
  start_sim SRC --seed-alm 10
  start_sim DST "${distance_sim[@]}" --seed-alm 10 --tls-cert "$SDEMIG_WORK/cert.pem" --tls-key "$SDEMIG_WORK/key.pem"
  distance_relay FAR "$DST_PORT"
  : >"$SDEMIG_WORK/d.plan"; : >"$SDEMIG_WORK/d.curl"
  for ((r = 0; r < rounds; r++)); do
    local start
    start=$(date +%s.%N)
    build/tools/sdemig/sdemig plan --from "http://127.0.0.1:$SRC_PORT" --to "https://127.0.0.1:$FAR_PORT" \
      --from-token-file "$SDEMIG_WORK/token" --to-token-file "$SDEMIG_WORK/token" --to-ca-file "$SDEMIG_WORK/cert.pem" \
      --kind alm >/dev/null 2>&1
    awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f\n", b - a}' >>"$SDEMIG_WORK/d.plan"
    curl -sf -o /dev/null -w '%{time_total}\n' --cacert "$SDEMIG_WORK/cert.pem" -H "Authorization: Token sdemig-bench-token" \
      "https://127.0.0.1:$FAR_PORT/api/v2/connectors/alm/?page_size=1000" >>"$SDEMIG_WORK/d.curl"
  done
  local plan_s curl_s
  plan_s=$(distance_median <"$SDEMIG_WORK/d.plan"); curl_s=$(distance_median <"$SDEMIG_WORK/d.curl")
  echo
  printf 'plan of 10 over the relay: %.3f s; one curl GET %.3f s; GET + 1 round trip %.3f s\n' \
    "$plan_s" "$curl_s" "$(awk -v c="$curl_s" -v t="$rtt" 'BEGIN {print c + t}')"
  stop_sims

  # clone 10,000 on loopback, the whole process, against the server's write bound.
  start_sim SRC --seed-alm 10000 --page-size-default 1000
  : >"$SDEMIG_WORK/d.10k"; : >"$SDEMIG_WORK/d.wrk"
  for ((r = 0; r < rounds; r++)); do
    start_sim DST
    local start
    start=$(date +%s.%N)
    build/tools/sdemig/sdemig clone --from "http://127.0.0.1:$SRC_PORT" --to "http://127.0.0.1:$DST_PORT" \
      --from-token-file "$SDEMIG_WORK/token" --to-token-file "$SDEMIG_WORK/token" --kind alm --progress never >/dev/null
    awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f\n", b - a}' >>"$SDEMIG_WORK/d.10k"
    kill -TERM "$DST_PID"; wait "$DST_PID" 2>/dev/null || true
    start_sim WRKDST
    wrk_post_seconds 10000 "$WRKDST_PORT" >>"$SDEMIG_WORK/d.wrk"
    kill -TERM "$WRKDST_PID"; wait "$WRKDST_PID" 2>/dev/null || true
  done
  local clone_s wrk_s
  clone_s=$(distance_median <"$SDEMIG_WORK/d.10k"); wrk_s=$(distance_median <"$SDEMIG_WORK/d.wrk")
  echo
  printf 'clone 10,000 on loopback (auto), whole process: %.3f s; the server'"'"'s write bound (wrk): %.3f s; ratio %.2f\n' \
    "$clone_s" "$wrk_s" "$(awk -v a="$clone_s" -v b="$wrk_s" 'BEGIN {print a / b}')"
}
