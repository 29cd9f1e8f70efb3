#!/usr/bin/env bash
# Sanitizer run for the native cores: in caio-thread, caio-linux and caio-uring, `make test-c` builds and
# runs the C harness under AddressSanitizer + UndefinedBehaviorSanitizer (-fno-sanitize-recover=all, so any report
# fails it) and `make test-valgrind` runs the plain build under valgrind (--error-exitcode=1, definite and indirect
# leaks are errors). Every module is run even after a failure; the exit status is non-zero if any failed.
# The build runs the same per module (make test-native, bound to each native module's test phase); this script is for
# running them by hand. Usage: caio-it/sanitize.sh [module...]   (from anywhere)
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
    modules=(caio-thread caio-linux caio-uring)
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for m in "${modules[@]}"; do
    for target in test-c test-valgrind; do
        echo "=== $m: make $target"
        start=$(date +%s)
        if make -C "$root/$m" -s "$target" CAIO_NATIVE="$root/caio-native/src"; then
            echo "=== $m: make $target passed ($(( $(date +%s) - start )) s)"
        else
            echo "=== $m: make $target FAILED (exit $?)" >&2
            failed+=("$m:$target")
        fi
    done
done
if [ ${#failed[@]} -ne 0 ]; then
    echo "sanitize.sh: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "sanitize.sh: all passed (${modules[*]})"
