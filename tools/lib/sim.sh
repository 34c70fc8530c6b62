# start_sim NAME ARGS...: starts build/tools/sde-sim in the background, waits
# for its "listening on HOST:PORT" line and sets NAME_PORT and NAME_PID.
# stop_sims: SIGTERM to every sim started here, then waits for them.
SDEMIG_SIM_PIDS=()

start_sim() {
  local name="$1"; shift
  local out="$SDEMIG_WORK/$name.out"
  "$SDEMIG_ROOT/build/tools/sde-sim/sde-sim" --port 0 "$@" >"$out" 2>"$SDEMIG_WORK/$name.err" &
  local pid=$!
  SDEMIG_SIM_PIDS+=("$pid")
  local i
  for i in $(seq 1 100); do
    if grep -q '^listening on ' "$out" 2>/dev/null; then
      printf -v "${name}_PORT" '%s' "$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out")"
      printf -v "${name}_PID" '%s' "$pid"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "sde-sim $name did not start: $(cat "$SDEMIG_WORK/$name.err")" >&2
  return 1
}

stop_sims() {
  local pid
  for pid in "${SDEMIG_SIM_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SDEMIG_SIM_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SDEMIG_SIM_PIDS=()
}
