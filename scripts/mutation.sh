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
# It is expensive (minutes per package on 2 cores) and not part of .ci/run; see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("$@")
((${#packages[@]})) || packages=(recommend manifest deploy profile perf)
threads=${PIT_THREADS:-2}
# shellcheck disable=SC2206
mvn_args=(${MVN_ARGS--o})

nice -n "${NICE:-10}" ./mvnw -B -ntp -q "${mvn_args[@]}" test-compile </dev/null
for p in "${packages[@]}"; do
    echo "== dev.kiq.$p: mutating (log: target/pit-reports/$p.log)"
    mkdir -p target/pit-reports
    if ! nice -n "${NICE:-10}" ./mvnw -B -ntp "${mvn_args[@]}" -Pmutation org.pitest:pitest-maven:mutationCoverage \
            -Dkiq.pit.package="$p" -Dkiq.pit.threads="$threads" </dev/null >"target/pit-reports/$p.log" 2>&1; then
        tail -30 "target/pit-reports/$p.log" >&2
        echo "ERROR: PIT failed on dev.kiq.$p (whole log: target/pit-reports/$p.log)" >&2
        exit 1
    fi
done

echo
printf '%-12s %8s %8s %9s %8s %8s\n' package mutants killed survived "no cover" score
for p in "${packages[@]}"; do
    xml="target/pit-reports/$p/mutations.xml"
    [ -f "$xml" ] || { printf '%-12s %s\n' "$p" "no report"; continue; }
    # one <mutation ...> element per mutant; detected='true' for KILLED, TIMED_OUT, MEMORY_ERROR and RUN_ERROR
    total=$(grep -o '<mutation ' "$xml" | wc -l)
    killed=$(grep -o "<mutation detected='true'" "$xml" | wc -l)
    nocov=$(grep -o "status='NO_COVERAGE'" "$xml" | wc -l)
    survived=$((total - killed - nocov))
    score=$(awk -v k="$killed" -v t="$total" 'BEGIN { if (t) printf "%.0f%%", 100 * k / t; else print "-" }')
    printf '%-12s %8d %8d %9d %8d %8s\n' "$p" "$total" "$killed" "$survived" "$nocov" "$score"
done
