package camcloud.cloud.config;

/** Hides secrets in addresses before they reach a log or an error message. */
public final class Redact {

    private Redact() {
    }

    /** {@code url} with the values of {@code password=} parameters and of {@code user:password@} replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }
}
