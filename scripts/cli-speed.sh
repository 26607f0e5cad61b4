#!/usr/bin/env bash
# Start-up of the CLI, median wall and CPU time of N runs.
#  commands:  the start-up goals of issues 12 and 14: `kiq --version`, `kiq models list`, `kiq simulate` of one
#             profile, `kiq profiles list --use-case code-generation` with the workload's profiles already cached (all
#             models), each from the runnable jar (`java -jar`) and, when ./mvnw -Ppackage package built them, from
#             the jar with its AppCDS archive target/kiq.jsa and the short-command JVM options of the app image's
#             launcher, and from the app image's bin/kiq (packaging/linux/kiq-launcher.sh); and the last not yet
#             cached (one model: every run starts with an empty cache), from the jar only.
#  profiles:  `kiq models list` and `kiq profiles list` from the runnable jar with the shipped profiles alone and
#             with 1x, 4x and 16x copies of them added through --profiles-dir (loading must grow no worse than
#             linearly with the number of profile files).
# Usage: scripts/cli-speed.sh [runs] [commands|profiles|all]   (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
WHAT=${2:-all}
JAR=${KIQ_JAR:-target/kiq.jar}   # KIQ_JAR=other.jar compares another build
[ -f "$JAR" ] || { echo "build $JAR first: ./mvnw -q package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export KIQ_HOME="$WORK/home"   # no per-user profiles or settings

SHIPPED=$(find profiles -path profiles/catalog -prune -o -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print | wc -l)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

median_ms() {  # runs a command RUNS times; prints "median wall ms / median CPU (user+sys) ms"
  local walls=() cpus=()
  for _ in $(seq "$RUNS"); do
    local out
    /usr/bin/time -o "$WORK/time" -f "%e %U %S" "$@" >/dev/null 2>&1
    out=$(tail -1 "$WORK/time")
    walls+=("$(echo "$out" | awk '{printf "%d", $1 * 1000}')")
    cpus+=("$(echo "$out" | awk '{printf "%d", ($2 + $3) * 1000}')")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) / $(printf '%s\n' "${cpus[@]}" | median)"
}

copies() {  # --profiles-dir flags for n folders, each a copy of the shipped profiles (copies of one profile
            # in separate folders replace each other silently, as a user folder replaces shipped profiles)
  local n=$1 args=()
  for i in $(seq "$n"); do
    local dir="$WORK/copy-$i"
    if [ ! -d "$dir" ]; then
      mkdir -p "$dir"
      (cd profiles && find . -path ./catalog -prune -o -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print \
        | while read -r f; do mkdir -p "$dir/$(dirname "$f")"; cp "$f" "$dir/$f"; done)
    fi
    args+=(--profiles-dir "$dir")
  done
  echo "${args[@]}"
}

echo "shipped profile files: $SHIPPED; runs per figure: $RUNS; java: $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "figures: median wall ms / median CPU ms (user+sys) of the process and its children"

if [[ $WHAT == commands || $WHAT == all ]]; then
    USE_CASE=(profiles list --use-case=code-generation)
    java -jar "$JAR" "${USE_CASE[@]}" >/dev/null 2>&1   # fills the per-user cache of the workload's modeled profiles
    uncached=(bash -c 'rm -rf "$0"; KIQ_HOME="$0" exec "$@"' "$WORK/fresh")   # an empty per-user folder each run
    # each command from the runnable jar, then (when ./mvnw -Ppackage package has run) from the same jar with its
    # AppCDS archive and the short-command options of the app image's launcher, and from the app image's bin/kiq
    JSA=$(dirname "$JAR")/kiq.jsa
    IMAGE=${KIQ_IMAGE:-$(dirname "$JAR")/dist/kiq}
    launchers=("java -jar")
    # an archive serves only the jar it was dumped from: -Xshare:on refuses a stale one (a jar built again since)
    if [[ -f $JSA ]] && java -Xshare:on -XX:SharedArchiveFile="$JSA" -jar "$JAR" --version >/dev/null 2>&1; then
        launchers+=("+ AppCDS, C1, serial GC")
    elif [[ -f $JSA ]]; then
        echo "$JSA does not match $JAR (built again since ./mvnw -Ppackage package): its column is left out"
    fi
    [[ -x $IMAGE/bin/kiq ]] && launchers+=("app image bin/kiq")
    run_with() {  # launcher name, kiq arguments...
        local how=$1
        shift
        case "$how" in
            "java -jar") median_ms java -jar "$JAR" "$@" ;;
            "+ AppCDS"*) median_ms java -XX:SharedArchiveFile="$JSA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn16m -jar "$JAR" "$@" ;;
            *) median_ms "$IMAGE/bin/kiq" "$@" ;;
        esac
    }
    row() {  # label, kiq arguments...
        local label=$1 line
        shift
        line=$(printf '%-54s' "$label")
        for how in "${launchers[@]}"; do
            line+=$(printf ' %24s' "$(run_with "$how" "$@")")
        done
        echo "$line"
    }
    header=$(printf '%-54s' "command (wall / CPU ms)")
    for how in "${launchers[@]}"; do header+=$(printf ' %24s' "$how"); done
    echo "$header"
    row "kiq --version" --version
    row "kiq models list" models list
    row "kiq simulate (gemma-2-27b-it on H100)" simulate --model=google/gemma-2-27b-it --accelerator-type=nvidia-h100-80gb
    row "kiq profiles list --use-case=code-generation (cached)" "${USE_CASE[@]}"
    printf '%-54s %24s\n' "  the same for --model=google/gemma-2-2b-it, not cached" \
        "$(median_ms "${uncached[@]}" java -jar "$JAR" "${USE_CASE[@]}" --model=google/gemma-2-2b-it)"
fi
[[ $WHAT == profiles || $WHAT == all ]] || { echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }
printf '%-28s %8s %20s %20s\n' "profiles loaded" "files" "models list" "profiles list"
printf '%-28s %8s %20s %20s\n' "shipped only" "$SHIPPED" \
  "$(median_ms java -jar "$JAR" models list)" "$(median_ms java -jar "$JAR" profiles list)"
for n in 1 4 16; do
  # shellcheck disable=SC2207
  flags=($(copies "$n"))
  files=$(( SHIPPED * (n + 1) ))
  printf '%-28s %8s %20s %20s\n' "shipped + ${n}x copies" "$files" \
    "$(median_ms java -jar "$JAR" models list "${flags[@]}")" \
    "$(median_ms java -jar "$JAR" profiles list "${flags[@]}")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
