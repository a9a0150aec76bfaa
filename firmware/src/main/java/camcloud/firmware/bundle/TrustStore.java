package camcloud.firmware.bundle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a camera accepts bundles from. Several at once, so keys can be rotated: ship firmware
 * trusting old and new key, start signing with the new one, later drop the old one.
 */
public final class TrustStore {

    private final Map<String, TrustedKey> keys;

    private TrustStore(Map<String, TrustedKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static TrustStore of(TrustedKey... keys) {
        return of(List.of(keys));
    }

    public static TrustStore of(Collection<TrustedKey> keys) {
        Map<String, TrustedKey> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k.keyId(), k));
        return new TrustStore(map);
    }

    /**
     * Keys from {@code .pub} files and from every {@code *.pub} file of the given directories.
     *
     * @throws BundleException naming a bad file, or if no key was found
     */
    public static TrustStore load(List<Path> filesOrDirs) {
        Map<String, TrustedKey> map = new LinkedHashMap<>();
        for (Path p : filesOrDirs) {
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(p, "*.pub")) {
                    for (Path f : files) {
                        TrustedKey k = TrustedKey.load(f);
                        map.put(k.keyId(), k);
                    }
                } catch (IOException e) {
                    throw new BundleException("cannot list trusted keys in " + p + ": " + e.getMessage(), e);
                }
            } else {
                TrustedKey k = TrustedKey.load(p);
                map.put(k.keyId(), k);
            }
        }
        if (map.isEmpty()) {
            throw new BundleException("no trusted keys found in " + filesOrDirs);
        }
        return new TrustStore(map);
    }

    public Optional<TrustedKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** Ids of the trusted keys, sorted. */
    public List<String> keyIds() {
        return keys.keySet().stream().sorted().toList();
    }
}
