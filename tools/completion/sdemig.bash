# bash completion for sdemig: subcommands, each one's flags, and the values
# of the flags that take a fixed set; after a flag that takes a URL, a
# number or some text, nothing (a flag name is never its value). Installed
# to share/bash-completion/completions/sdemig.

_sdemig() {
  local cur prev words cword
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local commands="export plan clone import verify bench edit apply restore"
  local instance="--ca-file --insecure --proxy --no-proxy --page-size --timeout --retry-budget --metrics-file"
  local from="--from --from-token-file --from-api --from-ca-file --from-insecure"
  local to="--to --to-token-file --to-api --to-ca-file --to-insecure"
  local sync="--job --kind --secrets --progress --connections"
  local apply="--concurrency --max-concurrency --rate --dry-run --journal --report --html --patch --put --show-noop --backup"
  local flags
  case "${COMP_WORDS[1]}" in
    export) flags="$from --api --kind --out --format --include-secrets --connections --progress --concurrency --max-concurrency --rate $instance" ;;
    plan) flags="$from $to $sync --allow-same-instance --json --detailed-exitcode --show-noop --html --out --patch --put --concurrency --max-concurrency --rate $instance" ;;
    clone) flags="$from $to $sync --allow-same-instance $apply $instance" ;;
    import) flags="--file $to $sync $apply $instance" ;;
    verify) flags="$from $to $sync --allow-same-instance --concurrency --max-concurrency --rate --json --html --test-connections $instance" ;;
    edit) flags="--on --on-token-file --on-api --on-ca-file --on-insecure --job --kind --secrets --connections --progress --out $apply $instance" ;;
    apply) flags="$from $to --secrets --skip-drifted --progress ${apply% --patch --put --show-noop --backup} --show-noop --backup $instance" ;;
    restore) flags="$to --secrets --force --progress $apply $instance" ;;
    bench) flags="--url --token-file --api --op -c --connections -d --duration -n --requests --rate --mix --warmup --json --hdr-out --html --threshold --baseline --capacity --max-connections --step-seconds --max-errors --slo $instance" ;;
    *)
      if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
      fi
      return 0
      ;;
  esac
  # Flags that take a value that is not a file or one of a fixed set.
  local valued="--from --to --on --url --proxy --page-size --timeout --retry-budget --concurrency"
  valued+=" --max-concurrency --rate -d --duration -n --requests --mix --warmup --threshold"
  valued+=" --max-connections --step-seconds --max-errors --slo"
  [ "${COMP_WORDS[1]}" = bench ] && valued+=" -c --connections"  # elsewhere a switch
  case "$prev" in
    --concurrency) COMPREPLY=($(compgen -W "auto" -- "$cur")); return 0 ;;
    --kind) COMPREPLY=($(compgen -W "alm issue-tracker analysis all" -- "$cur")); return 0 ;;
    --format) COMPREPLY=($(compgen -W "json ndjson" -- "$cur")); return 0 ;;
    --from-api|--to-api|--on-api|--api) COMPREPLY=($(compgen -W "legacy current auto" -- "$cur")); return 0 ;;
    --progress) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return 0 ;;
    --op) COMPREPLY=($(compgen -W "list get create update mix" -- "$cur")); return 0 ;;
    --job|--secrets|--journal|--report|--metrics-file|--html|--hdr-out|--out|--file|--baseline|--backup|--ca-file|--from-ca-file|--to-ca-file|--on-ca-file|--from-token-file|--to-token-file|--on-token-file|--token-file)
      COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
  esac
  if [[ " $valued " == *" $prev "* ]]; then
    _sdemig_nothing
    return 0
  fi
  COMPREPLY=($(compgen -W "$flags --help" -- "$cur"))
}

# Offers nothing, not even file names (-o default would).
_sdemig_nothing() {
  COMPREPLY=()
  compopt +o default 2>/dev/null
}
complete -o default -F _sdemig sdemig
