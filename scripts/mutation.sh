#!/usr/bin/env bash
# Mutation testing of kiq's core packages with PIT (pitest-maven and its JUnit 5 plugin, the `mutation` Maven
# profile in pom.xml). Each package is mutated on its own (dev.kiq.<package>.*) and checked by its own tests
# (dev.kiq.<package>.*). PIT's incremental analysis (withHistory) is an Arcmutate (commercial) plugin since
# PIT 1.2x, so every run analyses a package whole: name only the packages you changed.
# Prints the mutation score of each package (killed / all mutants; a mutant no test covers counts as survived)
# and leaves the HTML and XML reports in target/pit-reports/<package>/.
#
# Usage: scripts/mutation.sh [package ...]     default: recommend manifest deploy profile perf
# Env:   PIT_THREADS (default 2), MVN_ARGS (default "-o": offline), NICE (default 10)
#        PIT_EXCLUDE_TESTS=<glob,glob>: test classes left out of the run (e.g. the end-to-end sweeps of perf), for a
#        quick unit-test score; the printed score is then a lower bound of the whole suite's
#        PIT_BASE=<git revision>: also print the score the package's test classes of that revision reach, from the
#        same run (PIT's full mutation matrix lists every test that kills each mutant; XML report only). A mutant
#        that timed out names no killing test and counts as detected in both scores.
# It is expensive and not part of .ci/run; see the README. Budget (2 cores shared with other builds, load ~20):
# perf is the costly one, because every surviving mutant of the engine runs the tests that simulate whole rate
# sweeps (ShippedProfilesTest regenerates every shipped profile: 22 s per run under PIT's instrumentation).
# Run one package at a time; each run prints its wall and CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("$@")
((${#packages[@]})) || packages=(recommend manifest deploy profile perf)
threads=${PIT_THREADS:-2}
# shellcheck disable=SC2206
mvn_args=(${MVN_ARGS--o})
pit_args=()
[ -z "${PIT_BASE:-}" ] || pit_args=(-Dkiq.pit.formats=XML -DfullMutationMatrix=true)
[ -z "${PIT_EXCLUDE_TESTS:-}" ] || pit_args+=("-DexcludedTestClasses=$PIT_EXCLUDE_TESTS")

nice -n "${NICE:-10}" ./mvnw -B -ntp -q "${mvn_args[@]}" test-compile </dev/null
for p in "${packages[@]}"; do
    echo "== dev.kiq.$p: mutating (log: target/pit-reports/$p.log)"
    mkdir -p target/pit-reports
    start=$(date +%s); cpu0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    if ! nice -n "${NICE:-10}" ./mvnw -B -ntp "${mvn_args[@]}" -Pmutation org.pitest:pitest-maven:mutationCoverage \
            -Dkiq.pit.package="$p" -Dkiq.pit.threads="$threads" "${pit_args[@]}" </dev/null >"target/pit-reports/$p.log" 2>&1; then
        tail -30 "target/pit-reports/$p.log" >&2
        echo "ERROR: PIT failed on dev.kiq.$p (whole log: target/pit-reports/$p.log)" >&2
        exit 1
    fi
    # CPU of the finished children (Maven and its PIT minions), in clock ticks
    cpu1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
    echo "   wall $(( $(date +%s) - start )) s, CPU $(( (cpu1 - cpu0) / $(getconf CLK_TCK) )) s"
done

echo
printf '%-12s %8s %8s %9s %8s %8s %9s%s\n' package mutants killed survived "no cover" score strength "${PIT_BASE:+   score with the tests of $PIT_BASE}"
for p in "${packages[@]}"; do
    xml="target/pit-reports/$p/mutations.xml"
    [ -f "$xml" ] || { printf '%-12s %s\n' "$p" "no report"; continue; }
    # one <mutation ...> element per mutant; detected='true' for KILLED, TIMED_OUT, MEMORY_ERROR and RUN_ERROR
    total=$(grep -o '<mutation ' "$xml" | wc -l)
    killed=$(grep -o "<mutation detected='true'" "$xml" | wc -l)
    nocov=$(grep -o "status='NO_COVERAGE'" "$xml" | wc -l)
    survived=$((total - killed - nocov))
    score=$(awk -v k="$killed" -v t="$total" 'BEGIN { if (t) printf "%.1f%%", 100 * k / t; else print "-" }')
    # PIT's test strength: killed / mutants some test covers
    strength=$(awk -v k="$killed" -v t="$((total - nocov))" 'BEGIN { if (t) printf "%.1f%%", 100 * k / t; else print "-" }')
    base=""
    if [ -n "${PIT_BASE:-}" ]; then
        # test classes of the package at PIT_BASE, as PIT names them in killingTests: [class:dev.kiq.p.FooTest]
        classes=$(git ls-tree -r --name-only "$PIT_BASE" -- "src/test/java/dev/kiq/$p/" | sed -n 's|^src/test/java/\(.*\)\.java$|\1|p' | tr / .)
        pattern=$(printf '\\[class:%s\\]|' $classes); pattern=${pattern%|}
        baseKilled=$(grep -o "<mutation detected='true'[^>]*>.*</mutation>" "$xml" \
            | grep -cE "status='(TIMED_OUT|MEMORY_ERROR|RUN_ERROR)'|<killingTests?>[^<]*(${pattern:-none})" || true)
        base=$(awk -v k="$baseKilled" -v t="$total" 'BEGIN { if (t) printf "   %d/%d = %.1f%%", k, t, 100 * k / t }')
    fi
    printf '%-12s %8d %8d %9d %8d %8s %9s%s\n' "$p" "$total" "$killed" "$survived" "$nocov" "$score" "$strength" "$base"
done
