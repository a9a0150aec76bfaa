package camcloud.firmware.model;

import camcloud.firmware.layout.LayoutException;
import camcloud.firmware.layout.SizeText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one model file: Java properties (UTF-8), keys as documented in {@code firmware/MODELS.md}.
 * Unknown keys are errors, so a typo cannot silently fall back to nothing; sizes accept {@code 64K},
 * {@code 16M} or {@code 0x…}; every error names the file and the key.
 */
final class ModelFile {

    static final Set<String> KEYS = Set.of("id", "name", "soc", "sensor", "wifi", "arch", "flash.size",
            "flash.eraseBlock", "mtdparts", "mem", "console", "hwType", "regInfo", "loadAddress",
            "kernel.loadAddress", "kernel.entryPoint", "env.offset", "env.size", "standin.kernelSize",
            "standin.appSize");

    private final String source;
    private final Properties props;

    private ModelFile(String source, Properties props) {
        this.source = source;
        this.props = props;
    }

    /** Parses a model file; {@code source} names it in error messages and must be {@code <id>.properties}. */
    static CameraModel read(String source, InputStream in) {
        Properties props = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFormatException(source + ": not a readable properties file: " + e.getMessage(), e);
        }
        return new ModelFile(source, props).toModel();
    }

    private CameraModel toModel() {
        Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ModelFormatException(source + ": unknown key(s) " + unknown + " (known: " + new TreeSet<>(KEYS) + ")");
        }
        String id = text("id");
        String fileName = source.substring(source.lastIndexOf('/') + 1);
        if (!fileName.equals(id + ".properties")) {
            throw new ModelFormatException(source + ": id '" + id + "' does not match the file name (expected "
                    + id + ".properties)");
        }
        try {
            return new CameraModel(id, text("name"), text("soc"), text("sensor"), text("wifi"),
                    size("flash.size"), (int) Math.min(Integer.MAX_VALUE, size("flash.eraseBlock")), text("mem"),
                    text("mtdparts"), (int) number("hwType", Integer.MAX_VALUE), text("console"), text("regInfo"),
                    text("arch"), number("loadAddress", 0xFFFF_FFFFL), number("kernel.loadAddress", 0xFFFF_FFFFL),
                    number("kernel.entryPoint", 0xFFFF_FFFFL), size("env.offset"),
                    (int) Math.min(Integer.MAX_VALUE, size("env.size")), size("standin.kernelSize"),
                    size("standin.appSize"));
        } catch (ModelFormatException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private String text(String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ModelFormatException(source + ": missing key '" + key + "'");
        }
        return value.strip();
    }

    private long number(String key, long max) {
        String value = text(key);
        try {
            long n = value.toLowerCase(Locale.ROOT).startsWith("0x")
                    ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ModelFormatException(source + ": key '" + key + "' has an unreadable number '" + value
                    + "' (expected decimal or 0x hex, 0.." + max + ")");
        }
    }

    private long size(String key) {
        String value = text(key);
        try {
            return SizeText.parse(value);
        } catch (LayoutException e) {
            throw new ModelFormatException(source + ": key '" + key + "' has an unreadable size '" + value
                    + "' (expected e.g. 64K, 16M, 0x10000 or 65536)");
        }
    }
}
