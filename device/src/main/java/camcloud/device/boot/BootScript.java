package camcloud.device.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small part of U-Boot's command-line syntax the camera's {@code bootcmd} uses: commands
 * separated by {@code ;} (each runs whether or not the one before failed, as in U-Boot), and
 * {@code ${var}} / {@code $(var)} expanded from the environment when each command runs — so
 * {@code setenv bootargs ${bootargs} bkp=1} sees the value at that moment. An unset variable
 * expands to nothing. Quotes, {@code &&}, {@code ||} and {@code if} are not supported (not used).
 */
final class BootScript {

    private BootScript() {
    }

    /** The commands of {@code script}, unexpanded, in order, empty ones dropped. */
    static List<String> commands(String script) {
        List<String> out = new ArrayList<>();
        for (String part : script.split(";")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** {@code command} with every variable reference replaced by its value, split into words. */
    static List<String> expand(String command, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '$' && i + 1 < command.length() && (command.charAt(i + 1) == '{' || command.charAt(i + 1) == '(')) {
                char close = command.charAt(i + 1) == '{' ? '}' : ')';
                int end = command.indexOf(close, i + 2);
                if (end > 0) {
                    out.append(env.getOrDefault(command.substring(i + 2, end), ""));
                    i = end;
                    continue;
                }
            }
            out.append(c);
        }
        List<String> words = new ArrayList<>();
        for (String w : out.toString().trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
