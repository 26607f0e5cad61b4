#!/bin/sh
# bin/kiq, the command-line launcher of the app image and the .deb (packaging/linux/finish-bundles.sh puts it in
# place of jpackage's native launcher, which runs `rpm -qf` and `dpkg -S` on itself at every start to find out
# whether a package installed it: about 0.5 s of CPU before Java starts).
#
# Short commands run on C1 alone with the serial collector (C2 compiles cost a short command more CPU than they
# save) and a 16 MB young generation (a one-profile `simulate` allocates about 65 MB; with the default young
# generation of about 125 MB every allocated page is new to the process, and faulting in its pages cost more
# CPU than the few young collections of a small one: README, "Start-up"), and on the AppCDS archive
# lib/app/kiq.jsa (ignored quietly when it is missing or was dumped for another path); the long-running verbs
# keep the JVM's defaults.
self=$(readlink -f "$0")
app=$(dirname "$(dirname "$self")")
tuning="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn16m"
case "${1:-}" in
    emulator|bench|ui) tuning="" ;;
esac
# simulate --all models every shipped profile and --benchmark times warm runs: C2 pays off there; --benchmark
# --repeat 0 times one cold run, the one-off simulate's compute, so it runs as simulate does
all="" benchmark="" cold="" prev=""
for arg in "$@"; do
    case "$arg" in
        --all) all=1 ;;
        --benchmark) benchmark=1 ;;
        --repeat=0) cold=1 ;;
        0) [ "$prev" = --repeat ] && cold=1 ;;
    esac
    prev=$arg
done
if [ -n "$all" ] || { [ -n "$benchmark" ] && [ -z "$cold" ]; }; then
    tuning=""
fi
# shellcheck disable=SC2086
exec "$app/lib/runtime/bin/java" $tuning -Xshare:auto -XX:SharedArchiveFile="$app/lib/app/kiq.jsa" \
    -cp "$app/lib/app/kiq.jar" dev.kiq.Launcher "$@"
