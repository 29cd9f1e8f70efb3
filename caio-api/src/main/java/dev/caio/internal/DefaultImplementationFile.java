package dev.caio.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code META-INF/caio/default_implementation}, the distro packagers' hook: UTF-8, one implementation name per
 * line, surrounding white space stripped, blank lines and lines starting with {@code #} skipped. The caller takes the
 * first line naming an available implementation, so the file can list fallbacks in order.
 */
public final class DefaultImplementationFile {
    /** The resource name looked up on the class path. */
    public static final String RESOURCE = "META-INF/caio/default_implementation";

    private DefaultImplementationFile() {
    }

    /** The candidate names of {@code text}, in order. */
    public static List<String> parse(String text) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                names.add(s);
            }
        }
        return names;
    }

    /** The candidate names of the resource at {@code url}. */
    public static List<String> read(URL url) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) {
                sb.append(line).append('\n');
            }
            return parse(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }
}
