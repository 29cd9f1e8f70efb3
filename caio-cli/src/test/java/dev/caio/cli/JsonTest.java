package dev.caio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTrips() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "a \"quoted\"\\ line\n\u0001");
        map.put("n", 1.5);
        map.put("list", Arrays.asList(true, false, null, List.of()));
        map.put("empty", Map.of());
        assertEquals(map, Json.parse(Json.write(map)));
        assertEquals("{\"x\":null}", Json.write(Map.of("x", Double.NaN)));
    }

    @Test
    void rejectsBadJson() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("1 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("nope"));
    }
}
