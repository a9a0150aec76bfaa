package camcloud.cloud.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a new username and password must follow, each with the message a person sees when they
 * break it. Checked at sign-up only: sign-in never says which rule a wrong attempt broke.
 */
public final class Credentials {

    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 32;
    public static final int PASSWORD_MIN = 10;
    /** Generous for pass phrases; bounded so a request cannot make us hash a megabyte. */
    public static final int PASSWORD_MAX = 256;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private Credentials() {
    }

    /** Why {@code username} cannot be a username, or empty when it can. */
    public static Optional<String> usernameProblem(String username) {
        if (username.length() < USERNAME_MIN || username.length() > USERNAME_MAX) {
            return Optional.of("username must be " + USERNAME_MIN + " to " + USERNAME_MAX + " characters long");
        }
        if (!USERNAME.matcher(username.toLowerCase(Locale.ROOT)).matches()) {
            return Optional.of("username may contain only letters a-z, digits, '.', '_' and '-', "
                    + "and must start with a letter or digit");
        }
        return Optional.empty();
    }

    /** Why {@code password} cannot be the password of {@code username}, or empty when it can. */
    public static Optional<String> passwordProblem(String username, String password) {
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN) {
            return Optional.of("password must be at least " + PASSWORD_MIN + " characters long");
        }
        if (length > PASSWORD_MAX) {
            return Optional.of("password must be at most " + PASSWORD_MAX + " characters long");
        }
        if (password.strip().equalsIgnoreCase(username)) {
            return Optional.of("password must not be the username");
        }
        return Optional.empty();
    }
}
