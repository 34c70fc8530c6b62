# bench/compare change-window [COUNT] [ROUNDS]: sourced by bench/compare
# (which starts and stops the servers). What a change window's files cost,
# each against a fresh target of the same shape: a source of COUNT
# (10,000) connectors, a target holding half of them, and a job that
# changes every one, so each run writes COUNT items (half creates, half
# updates), all at --concurrency 64:
#   clone           the reference
#   clone --backup  the before-image written and synced before the first write
#   apply           of a plan saved before (plan --out; its secrets read
#                   from the source, as a plan file holds none)
#   restore         of the clone --backup run: COUNT/2 written back, COUNT/2 deleted
# ROUNDS (3) rounds; each row is the median, and the ratios are against
# clone's median. SDEMIG_BIN: another sdemig (a before/after).

change_window_job() {
  echo '{"kinds": ["alm"], "transforms": [{"set_params": {"title_format": "moved $title"}}]}' \
    >"$SDEMIG_WORK/job.json"
}

# change_window_time CMD...: seconds the command took, by the wall clock.
change_window_time() {
  local start
  start=$(date +%s.%N)
  "$@" >>"$SDEMIG_WORK/change-window.log" 2>&1 || { echo "failed: $*" >&2; tail -3 "$SDEMIG_WORK/change-window.log" >&2; return 1; }
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f", b - a}'
}

change_window_compare() {
  local count="$1" rounds="$2"
  local bin="${SDEMIG_BIN:-build/tools/sdemig/sdemig}"
  echo sdemig-bench-token >"$SDEMIG_WORK/token"; chmod 600 "$SDEMIG_WORK/token"
  change_window_job
  machine
  local tok="$SDEMIG_WORK/token"
  local clone=() backup=() apply=() restore=() round
  for round in $(seq 1 "$rounds"); do
    start_sim SRC --seed-alm "$count" --page-size-default 1000 --api current
    local from=(--from "http://127.0.0.1:$SRC_PORT" --from-token-file "$tok")
    # clone
    start_sim DST --seed-alm $((count / 2)) --page-size-default 1000 --api current
    clone+=("$(change_window_time "$bin" clone "${from[@]}" --to "http://127.0.0.1:$DST_PORT" \
      --to-token-file "$tok" --job "$SDEMIG_WORK/job.json" --concurrency 64)")
    # clone --backup, then restore of it
    start_sim BAK --seed-alm $((count / 2)) --page-size-default 1000 --api current
    rm -f "$SDEMIG_WORK/b.json"
    backup+=("$(change_window_time "$bin" clone "${from[@]}" --to "http://127.0.0.1:$BAK_PORT" \
      --to-token-file "$tok" --job "$SDEMIG_WORK/job.json" --concurrency 64 \
      --backup "$SDEMIG_WORK/b.json")")
    restore+=("$(change_window_time "$bin" restore --backup "$SDEMIG_WORK/b.json" \
      --to "http://127.0.0.1:$BAK_PORT" --to-token-file "$tok" --concurrency 64)")
    # apply of a saved plan
    start_sim APL --seed-alm $((count / 2)) --page-size-default 1000 --api current
    "$bin" plan "${from[@]}" --to "http://127.0.0.1:$APL_PORT" --to-token-file "$tok" \
      --job "$SDEMIG_WORK/job.json" --out "$SDEMIG_WORK/p.json" >/dev/null 2>&1
    apply+=("$(change_window_time "$bin" apply "$SDEMIG_WORK/p.json" "${from[@]}" \
      --to "http://127.0.0.1:$APL_PORT" --to-token-file "$tok" --concurrency 64)")
    stop_sims
  done
  local median_clone
  median_clone=$(printf '%s\n' "${clone[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-16s %10s %8s   %s\n' "run" "median s" "ratio" "rounds"
  local name values m
  for name in clone backup apply restore; do
    local -n list="$name"
    m=$(printf '%s\n' "${list[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-16s %10s %8.2f   %s\n' "$(change_window_label "$name")" "$m" \
      "$(awk -v a="$m" -v b="$median_clone" 'BEGIN {print a / b}')" "${list[*]}"
  done
  echo "($count items written by each run, half creates and half updates; restore: $((count / 2)) written back, $((count / 2)) deleted)"
}

change_window_label() {
  case "$1" in
    clone) echo "clone" ;;
    backup) echo "clone --backup" ;;
    apply) echo "apply PLAN" ;;
    restore) echo "restore" ;;
  esac
}
