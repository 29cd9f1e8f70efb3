# native.mk - the build every native backend shares: included by a backend's
# Makefile after it sets NAME (thread, linux, uring) and, optionally, its C
# test (TEST_MAIN, TEST_EXTRA) and CAIO_NATIVE, where the shared C is: caio-native's
# native-src artifact as Maven unpacks it (main/c, main/make, test/c).  Maven
# calls `make` with ARCH/VERSION/JAVA_HOME/CAIO_NATIVE; the defaults let it be
# run by hand from the backend's directory.

# CC has a built-in default ("cc"), so `?=` alone would never apply.
ifeq ($(origin CC),default)
CC := gcc
endif
CC           ?= gcc
JAVA_HOME    ?= /usr/lib/jvm/java-17-openjdk-amd64
ARCH         ?= x86_64
VERSION      ?= 0.1.0-SNAPSHOT
OUT_DIR      ?= target/native/META-INF/native
OBJ_DIR      ?= target/native-obj/$(ARCH)
EXTRA_CFLAGS ?=
READELF      ?= readelf
VALGRIND     ?= valgrind
# The binutils that match CC (aarch64-linux-gnu-gcc -> aarch64-linux-gnu-objcopy).
OBJCOPY      ?= $(patsubst %gcc,%objcopy,$(CC))
DEBUG_DIR    ?= target/native-debug
# The oldest glibc the libraries load on; check-deps fails on any newer symbol version.
CAIO_GLIBC_MAX := 2.17

SHARED_DIR := $(CAIO_NATIVE)/main/c
SRCS       := $(wildcard src/main/c/*.c) $(wildcard $(SHARED_DIR)/*.c)
HDRS       := $(wildcard src/main/c/*.h) $(wildcard $(SHARED_DIR)/*.h)
OBJS       := $(addprefix $(OBJ_DIR)/,$(notdir $(SRCS:.c=.o)))
LIB        := $(OUT_DIR)/libcaio_$(NAME)_$(ARCH).so
LIB_FULL   := $(OBJ_DIR)/libcaio_$(NAME)_$(ARCH).so.full

WARN_CFLAGS := -std=gnu11 -Wall -Wextra -Werror
CFLAGS_BASE := -O2 -g -fPIC $(WARN_CFLAGS) -fvisibility=hidden -fno-omit-frame-pointer
CPPFLAGS    := -I$(JAVA_HOME)/include -I$(JAVA_HOME)/include/linux -I$(SHARED_DIR) \
               -DCAIO_NATIVE_VERSION=\"$(VERSION)\"
# Library objects only (not the C tests) bind glibc 2.17's symbol versions: caio_glibc_compat.h.
LIB_CFLAGS  := -include $(SHARED_DIR)/caio_glibc_compat.h
# libpthread.so.0 is NEEDED by name: before glibc 2.34 the old pthread symbols live there (an empty stub after).
LDFLAGS_LIB := -shared -pthread -Wl,-z,noexecstack -Wl,-z,relro -Wl,-z,now -Wl,--build-id=sha1 \
               -Wl,--push-state,--no-as-needed -l:libpthread.so.0 -Wl,--pop-state

# The C test links the engine without the JNI face: no JVM needed.  Every
# backend's harness also links the engine-independent helpers of
# caio-native (test/c: caio_test_common.{h,c}).
TEST_DIR        := target/native-test
TEST_COMMON_DIR := $(CAIO_NATIVE)/test/c
# The shared core without the JNI face (caio_*jni.c).
SHARED_CORE     := $(filter-out %jni.c,$(wildcard $(SHARED_DIR)/*.c))
TEST_SRCS       := $(TEST_MAIN) $(TEST_EXTRA) $(TEST_COMMON_DIR)/caio_test_common.c $(SHARED_CORE)
TEST_DEPS       := $(TEST_SRCS) $(wildcard src/test/c/*.h) $(wildcard $(TEST_COMMON_DIR)/*.h) $(HDRS)
TEST_CFLAGS     := -O1 -g $(WARN_CFLAGS) -fno-omit-frame-pointer -Isrc/main/c -I$(SHARED_DIR) \
                   -I$(TEST_COMMON_DIR) -pthread
SAN_FLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=all

vpath %.c src/main/c $(SHARED_DIR)

.PHONY: all check-deps check-jar test-c test-valgrind test-native clean

all: $(LIB)

$(OBJ_DIR)/%.o: %.c $(HDRS) | $(OBJ_DIR)
	$(CC) $(CPPFLAGS) $(CFLAGS_BASE) $(LIB_CFLAGS) $(EXTRA_CFLAGS) -c $< -o $@

# The jar carries the stripped library; its DWARF goes to $(DEBUG_DIR)/.build-id/xx/rest.debug, where gdb and
# debuginfod look for it by the build-id both share (the debug artifact, docs/backends.md).
$(LIB): $(OBJS) | $(OUT_DIR)
	$(CC) -o $(LIB_FULL) $(OBJS) $(LDFLAGS_LIB) $(EXTRA_CFLAGS)
	@id=$$($(READELF) -n $(LIB_FULL) | awk '/Build ID:/ { print $$3 }'); \
	    test -n "$$id" || { echo "$(LIB_FULL): no build-id" >&2; exit 1; }; \
	    dbg=$(DEBUG_DIR)/.build-id/$$(echo $$id | cut -c1-2)/$$(echo $$id | cut -c3-).debug; \
	    mkdir -p $$(dirname $$dbg) && \
	    $(OBJCOPY) --only-keep-debug $(LIB_FULL) $$dbg && \
	    $(OBJCOPY) --strip-unneeded --add-gnu-debuglink=$$dbg $(LIB_FULL) $@

$(OBJ_DIR) $(OUT_DIR) $(TEST_DIR):
	mkdir -p $@

# A JNI library loaded into arbitrary JVMs may only depend on libc itself;
# anything else (libgcc_s, libstdc++, libasan) would make loading fail on
# hosts without it.
# Silent when the library passes (the build runs this on every package).
check-deps: $(LIB)
	@$(READELF) -d $(LIB) | awk '/\(NEEDED\)/ { lib = $$NF; gsub(/[][]/, "", lib); \
	    if (lib != "libc.so.6" && lib != "libpthread.so.0" && lib !~ /^ld-linux/) { \
	        print "$(LIB): unexpected NEEDED entry: " lib; bad = 1 } } \
	    END { exit bad }'
	@$(READELF) -V -W $(LIB) | awk -v max=$(CAIO_GLIBC_MAX) ' \
	    function newer(v, m,   a, b, i) { split(v, a, "."); split(m, b, "."); \
	        for (i = 1; i <= 3; i++) { if (a[i] + 0 != b[i] + 0) return a[i] + 0 > b[i] + 0 } return 0 } \
	    /Name: GLIBC_[0-9]/ { v = $$0; sub(/.*Name: GLIBC_/, "", v); sub(/[ \t].*/, "", v); \
	        if (newer(v, max)) { print "$(LIB): needs GLIBC_" v ", newer than the supported " max \
	            " (bind an older version in caio_glibc_compat.h)"; bad = 1 } } END { exit bad }'
	@$(READELF) --dyn-syms -W $(LIB) | awk '$$5 == "GLOBAL" && $$7 != "UND" && $$8 !~ /^JNI_On(Un)?[Ll]oad$$/ { \
	    print "$(LIB): unexpected exported symbol " $$8; bad = 1 } END { exit bad }'

test-c: $(TEST_DIR)/test_$(NAME)_san
	ASAN_OPTIONS="$${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1}" \
	UBSAN_OPTIONS="$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" $(TEST_DIR)/test_$(NAME)_san

$(TEST_DIR)/test_$(NAME)_san: $(TEST_DEPS) | $(TEST_DIR)
	$(CC) $(TEST_CFLAGS) $(SAN_FLAGS) $(EXTRA_CFLAGS) -o $@ $(TEST_SRCS)

# Valgrind cannot run ASan binaries, hence a separate plain build.
# Valgrind runs one thread at a time and keeps its lock through a system call it does not know to block
# (io_uring_enter waiting for completions): tests that block there check CAIO_TEST_UNDER_VALGRIND.
test-valgrind: $(TEST_DIR)/test_$(NAME)
	CAIO_TEST_UNDER_VALGRIND=1 $(VALGRIND) --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect $(TEST_DIR)/test_$(NAME)

$(TEST_DIR)/test_$(NAME): $(TEST_DEPS) | $(TEST_DIR)
	$(CC) $(TEST_CFLAGS) $(EXTRA_CFLAGS) -o $@ $(TEST_SRCS)

# The packaged jar (JAR=...) carries META-INF/native/libcaio_$(NAME)_<arch>.so for every arch in ARCHES, each an
# ELF object for that machine; Maven runs this in verify where the cross-aarch64 profile is on (CI).
ARCHES        ?= x86_64 aarch_64
JAR_CHECK_DIR := target/native-jar-check

check-jar:
	@test -f "$(JAR)" || { echo "check-jar: no jar at JAR=$(JAR)" >&2; exit 1; }
	@rm -rf $(JAR_CHECK_DIR) && mkdir -p $(JAR_CHECK_DIR) && \
	    cd $(JAR_CHECK_DIR) && $(JAVA_HOME)/bin/jar xf $(abspath $(JAR)) META-INF/native
	@bad=0; for a in $(ARCHES); do \
	    so=META-INF/native/libcaio_$(NAME)_$$a.so; \
	    case $$a in x86_64) m='X86-64';; aarch_64) m='AArch64';; *) m='';; esac; \
	    if [ ! -f $(JAR_CHECK_DIR)/$$so ]; then \
	        echo "$(JAR): $$so is missing: the jar must carry linux $$a" >&2; bad=1; \
	    elif ! $(READELF) -h $(JAR_CHECK_DIR)/$$so | grep -q "Machine:.*$$m"; then \
	        echo "$(JAR): $$so is not a $$a object: $$($(READELF) -h $(JAR_CHECK_DIR)/$$so | grep Machine:)" >&2; bad=1; \
	    fi; \
	done; exit $$bad

# What Maven's test phase runs (the parent pom's native-test execution): test-c where the compiler can link the
# sanitizers, test-valgrind where valgrind is installed.  Each one's output goes to $(TEST_DIR)/<target>.log and is
# printed only if it fails; a pass is one line.
test-native: | $(TEST_DIR)
	@run() { log=$(TEST_DIR)/$$1.log; start=$$(date +%s); \
	    if $(MAKE) --no-print-directory -s $$1 >$$log 2>&1; then \
	        echo "caio-$(NAME): make $$1 passed ($$(( $$(date +%s) - start )) s)"; \
	    else cat $$log; echo "caio-$(NAME): make $$1 FAILED (log: $$log)" >&2; return 1; fi; }; \
	status=0; \
	if echo 'int main(void) { return 0; }' | $(CC) $(SAN_FLAGS) -x c - -o $(TEST_DIR)/san-probe >/dev/null 2>&1; then \
	    run test-c || status=1; \
	else echo "caio-$(NAME): $(CC) cannot link -fsanitize=address,undefined: make test-c skipped"; fi; \
	if command -v $(VALGRIND) >/dev/null 2>&1; then \
	    run test-valgrind || status=1; \
	else echo "caio-$(NAME): $(VALGRIND) not installed: make test-valgrind skipped"; fi; \
	exit $$status

clean:
	rm -rf target/native target/native-obj $(DEBUG_DIR) $(TEST_DIR)
