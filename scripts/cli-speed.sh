#!/usr/bin/env bash
# Start-up of the CLI, median wall and CPU time of N runs.
#  launchers: `kiq models list` and `kiq simulate` of one profile, started as `java -jar kiq.jar`, as the same jar
#             with the AppCDS archive and the short-command JVM options the app image's launcher uses, and as the
#             app image's bin/kiq (packaging/linux/kiq-launcher.sh); the last two need ./mvnw -Ppackage package
#             (target/kiq.jsa, target/dist/kiq) and are left out when it has not run.
#  commands:  the start-up goals of issues 12 and 14 from the runnable jar: `kiq --version`, `kiq models list`,
#             `kiq simulate` of one profile, `kiq profiles list --use-case code-generation` with the workload's
#             profiles already cached (all models) and not yet cached (one model: every run starts with an empty cache).
#  profiles:  `kiq models list` and `kiq profiles list` from the runnable jar with the shipped profiles alone and
#             with 1x, 4x and 16x copies of them added through --profiles-dir (loading must grow no worse than
#             linearly with the number of profile files).
# Usage: scripts/cli-speed.sh [runs] [launchers|commands|profiles|all]   (build first: ./mvnw -q package -DskipTests)
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

if [[ $WHAT == launchers || $WHAT == all ]]; then
    SIMULATE=(simulate --model=google/gemma-2-27b-it --accelerator-type=nvidia-h100-80gb)
    JSA=$(dirname "$JAR")/kiq.jsa
    IMAGE=${KIQ_IMAGE:-$(dirname "$JAR")/dist/kiq}
    printf '%-44s %20s %20s\n' "launcher" "models list" "simulate (1 profile)"
    printf '%-44s %20s %20s\n' "java -jar" "$(median_ms java -jar "$JAR" models list)" \
        "$(median_ms java -jar "$JAR" "${SIMULATE[@]}")"
    if [[ -f $JSA ]]; then
        fast=(-XX:SharedArchiveFile="$JSA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
        printf '%-44s %20s %20s\n' "java -jar + AppCDS, C1, serial GC" \
            "$(median_ms java "${fast[@]}" -jar "$JAR" models list)" \
            "$(median_ms java "${fast[@]}" -jar "$JAR" "${SIMULATE[@]}")"
    fi
    if [[ -x $IMAGE/bin/kiq ]]; then
        printf '%-44s %20s %20s\n' "app image bin/kiq" "$(median_ms "$IMAGE/bin/kiq" models list)" \
            "$(median_ms "$IMAGE/bin/kiq" "${SIMULATE[@]}")"
    fi
fi
if [[ $WHAT == commands || $WHAT == all ]]; then
    USE_CASE=(profiles list --use-case=code-generation)
    java -jar "$JAR" "${USE_CASE[@]}" >/dev/null 2>&1   # fills the per-user cache of the workload's modeled profiles
    uncached=(bash -c 'rm -rf "$0"; KIQ_HOME="$0" exec "$@"' "$WORK/fresh")   # an empty per-user folder each run
    printf '%-58s %20s\n' "command (java -jar)" "wall / CPU ms"
    printf '%-58s %20s\n' "kiq --version" "$(median_ms java -jar "$JAR" --version)"
    printf '%-58s %20s\n' "kiq models list" "$(median_ms java -jar "$JAR" models list)"
    printf '%-58s %20s\n' "kiq simulate (gemma-2-27b-it on H100)" \
        "$(median_ms java -jar "$JAR" simulate --model=google/gemma-2-27b-it --accelerator-type=nvidia-h100-80gb)"
    printf '%-58s %20s\n' "kiq profiles list --use-case=code-generation (cached)" \
        "$(median_ms java -jar "$JAR" "${USE_CASE[@]}")"
    printf '%-58s %20s\n' "  the same for --model=google/gemma-2-2b-it, not cached" \
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
