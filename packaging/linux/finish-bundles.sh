#!/usr/bin/env bash
# Runs after jpackage in the `package` Maven profile (pom.xml); Linux only.
#   kiq.jar:    target/kiq.classlist, the classes typical CLI verbs load (training runs of the jar), and from it
#               target/kiq.jsa, an AppCDS archive for the build's JDK:
#                 java -XX:SharedArchiveFile=target/kiq.jsa -jar target/kiq.jar ...
#   app image:  bin/kiq becomes packaging/linux/kiq-launcher.sh (a shell launcher: jpackage's native one queries
#               rpm and dpkg at every start), lib/app/kiq.classlist is added and lib/app/kiq.jsa dumped from it
#               with the image's own runtime. A CDS archive is only valid for the path of the jar it was dumped
#               with: moved elsewhere, the image still works, without it.
#   .deb:       the same launcher and class list (postinst dumps the archive where the package is installed), and
#               xdg-utils moved from Depends to Recommends: the menu entry is optional (see postinst).
# Usage: finish-bundles.sh TARGET_DIR     (the .deb is finished when target/dist has one)
set -euo pipefail
target=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
jar="$target/kiq.jar"
image="$target/dist/kiq"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Training runs: the verbs a user starts most, on the shipped data, offline, in an empty home.
classlist() {
    local java=$1 out=$2 i=0
    local -a runs=(
        "models list"
        "profiles list"
        "accelerators list"
        "simulate --model=google/gemma-2-27b-it --accelerator-type=nvidia-h100-80gb --requests-per-rate=200"
        "manifests create --model=google/gemma-2-27b-it --model-server=vllm --accelerator-type=nvidia-l4 --target-ntpot-milliseconds=200"
        "--help"
    )
    for run in "${runs[@]}"; do
        i=$((i + 1))
        # shellcheck disable=SC2086
        KIQ_HOME="$work/home" "$java" -Xshare:off -XX:DumpLoadedClassList="$work/run-$i.lst" -cp "$jar" \
            dev.kiq.Launcher $run >/dev/null 2>&1 </dev/null || true
    done
    # the JDK reads the list in order; keep each class once, at its first place
    cat "$work"/run-*.lst | awk '!seen[$0]++' >"$out"
    rm -f "$work"/run-*.lst
}

dump() {  # java classlist jar archive
    "$1" -Xshare:dump -XX:SharedClassListFile="$2" -XX:SharedArchiveFile="$4" -cp "$3" >"$work/dump.log" 2>&1 \
        || { cat "$work/dump.log" >&2; echo "ERROR: could not dump the CDS archive $4" >&2; exit 1; }
}

classlist "$(command -v java)" "$target/kiq.classlist"
echo "kiq.classlist: $(wc -l <"$target/kiq.classlist") classes"
dump "$(command -v java)" "$target/kiq.classlist" "$jar" "$target/kiq.jsa"
echo "kiq.jsa: AppCDS archive for java -XX:SharedArchiveFile=$target/kiq.jsa -jar $jar"

if [[ -d "$image" ]]; then
    install -m 755 "$here/kiq-launcher.sh" "$image/bin/kiq"
    install -m 644 "$target/kiq.classlist" "$image/lib/app/kiq.classlist"
    dump "$image/lib/runtime/bin/java" "$image/lib/app/kiq.classlist" "$image/lib/app/kiq.jar" "$image/lib/app/kiq.jsa"
    echo "app image: bin/kiq is the shell launcher; lib/app/kiq.jsa dumped"
fi

for pkg in "$target"/dist/*.deb; do
    [[ -f "$pkg" ]] || continue
    fakeroot bash -euo pipefail -c '
        pkg=$1 work=$2 launcher=$3 list=$4
        dpkg-deb -R "$pkg" "$work/deb"
        install -m 755 "$launcher" "$work/deb/opt/kiq/bin/kiq"
        install -m 644 "$list" "$work/deb/opt/kiq/lib/app/kiq.classlist"
        control="$work/deb/DEBIAN/control"
        depends=$(sed -n "s/^Depends: //p" "$control" | tr "," "\n" | sed "s/^ *//; s/ *\$//" \
            | grep -vx "xdg-utils" | grep -v "^\$" | paste -sd "," | sed "s/,/, /g")
        sed -i "s/^Depends: .*/Depends: $depends\nRecommends: xdg-utils/" "$control"
        size=$(du -sk --exclude=DEBIAN "$work/deb" | cut -f1)
        sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$control"
        dpkg-deb -Zxz -b "$work/deb" "$pkg" >/dev/null
    ' finish "$pkg" "$work" "$here/kiq-launcher.sh" "$target/kiq.classlist"
    echo "$(basename "$pkg"): $(dpkg-deb -f "$pkg" Depends | tr -d '\n'); Recommends: $(dpkg-deb -f "$pkg" Recommends)"
    rm -rf "$work/deb"
done
