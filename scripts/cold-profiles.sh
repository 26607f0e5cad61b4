#!/usr/bin/env bash
# One profile as a user gets it, for every shipped modeled profile: `kiq simulate` of its model, accelerator, count and
# server version as a cold process (a new JVM, an empty per-user folder), its CPU time (user+sys) and wall time. Checks
# each output against the shipped file (the date line aside: simulate writes today's) and prints the distribution.
# Then the profile's compute alone, in another cold process: `simulate --benchmark --repeat 0` of the same profile
# times its first run in the process (the interpreter and the JIT compiling included, the JVM's start, kiq's start and
# the catalog read before it not; CPU of the whole process, at the 10 ms the JVM reports).
# Usage: scripts/cold-profiles.sh [launcher...]   (default: the app image's bin/kiq; e.g. `java -jar target/kiq.jar`)
# Build first: packaging/build-linux.sh --app-image-only (or ./mvnw -q package -DskipTests for the jar).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=("$@")
[ ${#launcher[@]} -gt 0 ] || launcher=(target/dist/kiq/bin/kiq)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "launcher: ${launcher[*]}; load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
for f in $(find profiles/modeled -name '*.yaml' | sort); do
    rel=${f#profiles/modeled/}
    version=${rel%%/*}; version=${version#vllm-}
    rest=${rel#*/}; model=${rest%/*}; file=${rest##*/}
    accelerator=${file%-x*}; count=${file##*-x}; count=${count%.yaml}
    rm -rf "$work/home"
    KIQ_HOME="$work/home" /usr/bin/time -o "$work/time" -f "%e %U %S" "${launcher[@]}" simulate --model="$model" \
        --accelerator-type="$accelerator" --accelerator-count="$count" --model-server-version="$version" \
        --output-path="$work/out.yaml" >/dev/null 2>"$work/err" || { echo "FAILED $rel: $(head -1 "$work/err")"; continue; }
    diff -q <(grep -v '^  date: ' "$work/out.yaml") <(grep -v '^  date: ' "$f") >/dev/null || echo "DIFFERS from the shipped file: $rel"
    awk -v r="$rel" '{printf "%.2f %.2f %s\n", $2 + $3, $1, r}' "$work/time" >> "$work/all"
    rm -rf "$work/home"
    KIQ_HOME="$work/home" "${launcher[@]}" simulate --benchmark --repeat 0 --model="$model" \
        --accelerator-type="$accelerator" --accelerator-count="$count" --model-server-version="$version" >"$work/bench" \
        2>"$work/err" || { echo "FAILED benchmark $rel: $(head -1 "$work/err")"; continue; }
    sed -n 's/.*(cold) \([0-9]*\) ms wall, \([0-9]*\) ms CPU.*/\2 \1/p' "$work/bench" \
        | awk -v r="$rel" '{printf "%.2f %.2f %s\n", $1 / 1000, $2 / 1000, r}' >> "$work/compute"
done
# the distribution of one list of "CPU wall profile" lines: its five slowest, then median, 90th percentile and max
summarise() {
    sort -n "$1" > "$work/sorted"
    echo "$2, slowest (CPU s, wall s, profile):"
    tail -5 "$work/sorted"
    awk '{c[NR] = $1; if ($1 < 1.0) under++; if ($2 > w) w = $2}
         END {printf "%d profiles: CPU median %.2f s, 90th percentile %.2f s, max %.2f s; %d under 1 s of CPU; wall max %.2f s\n",
              NR, c[int((NR + 1) / 2)], c[int(0.9 * NR)], c[NR], under, w}' "$work/sorted"
}
summarise "$work/all" "the whole process"
summarise "$work/compute" "the profile's compute alone (its first run in the process, without the JVM's and kiq's start)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
