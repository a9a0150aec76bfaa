package camcloud.cloud.storage;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What a storage key may look like in every backend: relative path segments of letters, digits,
 * {@code . _ -}, no {@code ..}. The same key then names the same object in a directory and in a bucket,
 * and no key (they carry serials and model names from outside) can climb out of its root or prefix.
 */
final class StorageKeys {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern SAFE_PREFIX = Pattern.compile("([A-Za-z0-9._-]+/)*[A-Za-z0-9._-]*");

    private StorageKeys() {
    }

    static String check(String key) throws IOException {
        if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IOException("invalid storage key '" + key + "'");
        }
        return key;
    }

    /** A prefix to list by: a key's beginning ({@code CAM/}, {@code CAM/2026-}), empty for all. */
    static String checkPrefix(String prefix) throws IOException {
        if (prefix == null || !SAFE_PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
            throw new IOException("invalid storage key prefix '" + prefix + "'");
        }
        return prefix;
    }
}
