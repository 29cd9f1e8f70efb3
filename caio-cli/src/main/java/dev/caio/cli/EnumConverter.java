package dev.caio.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts command-line names to an enum's constants, case-insensitively, by their lower-case names with {@code -} for {@code _}; an unknown name
 * is refused with the list of known ones.
 *
 * @param <E> the enum
 */
abstract class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final String what;
    private final Class<E> type;

    /**
     * @param what what a value is, for the message ({@code "workload"})
     * @param type the enum
     */
    EnumConverter(String what, Class<E> type) {
        this.what = what;
        this.type = type;
    }

    @Override
    public E convert(String value) {
        for (E e : type.getEnumConstants()) {
            if (label(e).equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        throw new TypeConversionException("unknown " + what + " '" + value + "'; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(EnumConverter::label).collect(Collectors.joining(", ")));
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
