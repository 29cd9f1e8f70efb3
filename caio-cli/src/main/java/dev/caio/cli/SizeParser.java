package dev.caio.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Byte sizes as typed on the command line: a whole number with an optional binary suffix {@code k}, {@code m},
 * {@code g} or {@code t} (case-insensitive, optionally followed by {@code b} or {@code ib}): {@code 4096},
 * {@code 4k}, {@code 64M}, {@code 1GiB}.
 */
public final class SizeParser implements ITypeConverter<Long> {
    private static final String UNITS = "kmgt";

    /** Creates the converter; picocli instantiates it. */
    public SizeParser() {
    }

    /**
     * The number of bytes {@code text} denotes.
     *
     * @throws IllegalArgumentException if it is not a size, is negative, or overflows a {@code long}
     */
    public static long parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            int unit = UNITS.indexOf(s.charAt(s.length() - 1));
            if (unit >= 0) {
                shift = 10 * (unit + 1);
                s = s.substring(0, s.length() - 1);
            }
        }
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected e.g. 4096, 4k, 64m, 1g)");
        }
        try {
            long value = Long.parseLong(s);
            if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("size too large: '" + text + "'");
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'", e);
        }
    }

    /** {@code bytes} in the largest unit that divides it exactly: {@code 4k}, {@code 64m}, {@code 1536}. */
    public static String format(long bytes) {
        int unit = 0;
        long value = bytes;
        while (value != 0 && unit < UNITS.length() && (value & 1023) == 0) {
            value >>= 10;
            unit++;
        }
        return unit == 0 ? Long.toString(value) : value + String.valueOf(UNITS.charAt(unit - 1));
    }

    @Override
    public Long convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
