#!/usr/bin/env bash
# Builds kiq's Linux bundles: target/dist/kiq (app image) and target/dist/kiq_<version>-1_amd64.deb, then
# smoke-tests the app image (AppImageIT). Needs a JDK 17+ with jmods (Debian: openjdk-17-jdk-headless ships them);
# the .deb also needs dpkg-deb and fakeroot, installed here from Debian's packages when missing and run as root.
# Usage: packaging/build-linux.sh [--app-image-only] [extra Maven args]
set -euo pipefail
cd "$(dirname "$0")/.."

deb=true
if [[ "${1:-}" == "--app-image-only" ]]; then
    deb=false
    shift
fi

for tool in jlink jpackage jdeps; do
    if [[ ! -x "${JAVA_HOME:-/nonexistent}/bin/$tool" ]] && ! command -v "$tool" >/dev/null; then
        echo "ERROR: $tool not found; kiq's bundles need a full JDK 17 or newer (with jmods) as JAVA_HOME." >&2
        exit 2
    fi
done

if $deb; then
    missing=()
    command -v dpkg-deb >/dev/null || missing+=(dpkg)
    command -v fakeroot >/dev/null || missing+=(fakeroot)
    if ((${#missing[@]})); then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            echo "installing ${missing[*]} for the .deb" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
        else
            echo "ERROR: the .deb needs ${missing[*]} (sudo apt-get install ${missing[*]}); or run with --app-image-only." >&2
            exit 2
        fi
    fi
fi

./mvnw -B -ntp -Ppackage -Dkiq.deb.skip=$([[ $deb == true ]] && echo false || echo true) \
    -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AppImageIT -Dfailsafe.failIfNoSpecifiedTests=false \
    "$@" verify </dev/null

echo
echo "bundles in target/dist:"
du -sh target/dist/kiq
ls -l target/dist/*.deb 2>/dev/null || true
