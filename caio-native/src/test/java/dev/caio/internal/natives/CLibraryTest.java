package dev.caio.internal.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CLibraryTest {
    @Test
    void glibcProcessesAreNotMusl() {
        assertNull(CLibrary.MUSL, "this build machine runs glibc");
        assertNull(CLibrary.muslIn(List.of(
                "7f0e4c000000-7f0e4c028000 r--p 00000000 08:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f0e4c200000-7f0e4c22a000 r--p 00000000 08:01 1235 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0 [stack]").iterator()));
    }

    @Test
    void alpineMapsNameMuslsLoader() {
        assertEquals("/lib/ld-musl-x86_64.so.1", CLibrary.muslIn(List.of(
                "5581e1a00000-5581e1a01000 r--p 00000000 00:2f 101 /opt/java/openjdk/bin/java",
                "7f5d2c1d2000-7f5d2c1e6000 r--p 00000000 00:2f 202 /lib/ld-musl-x86_64.so.1").iterator()));
        assertEquals("/usr/lib/libc.musl-aarch64.so.1", CLibrary.muslIn(List.of(
                "ffff8a000000-ffff8a0a0000 r-xp 00000000 00:2f 7 /usr/lib/libc.musl-aarch64.so.1").iterator()));
    }
}
