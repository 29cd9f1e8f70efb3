#!/usr/bin/env bash
# The TCK (and each backend's own tests) against native libraries built with AddressSanitizer + UBSan, loaded into
# the JVM with the ASan runtime preloaded. Run after `./mvnw install -DskipTests`; exits non-zero on any test failure
# or sanitizer report (halt_on_error). Usage: caio-it/asan-tck.sh [thread|linux|uring ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(thread linux uring)
asan="$(gcc -print-file-name=libasan.so)"
version="$(grep -m1 -o '<version>[^<]*' "$root/pom.xml" | sed 's/<version>//')"
# The JVM handles SIGSEGV itself (implicit null checks, safepoints): ASan must leave it alone. Leak checking is off
# because the JVM's own allocations are not ours; the C harnesses check leaks (sanitize.sh).
export ASAN_OPTIONS="detect_leaks=0:handle_segv=0:allow_user_segv_handler=1:halt_on_error=1:use_sigaltstack=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
for n in "${names[@]}"; do
    out="$root/caio-$n/target/asan-native"
    make -s -C "$root/caio-$n" all VERSION="$version" OUT_DIR="$out" OBJ_DIR="$root/caio-$n/target/asan-obj" \
        EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    echo "=== caio-$n: tests against $out/libcaio_${n}_*.so with $asan preloaded"
    (cd "$root" && LD_PRELOAD="$asan" ./mvnw -B -o surefire:test -pl "caio-$n" \
        "-Dcaio.test.argLine=-Xcheck:jni -Dcaio.native.path=$out")
done
echo "asan-tck.sh: all passed (${names[*]})"
