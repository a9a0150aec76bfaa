package camcloud.cloud.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (BouncyCastle), stored in the PHC string format every Argon2 tool reads:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded standard Base64). The parameters
 * travel with each hash, so raising them later only affects new hashes and old ones still verify.
 *
 * <p>Argon2id is memory-hard on purpose: {@link Parameters#OWASP} uses 19 MiB per hash. A burst of
 * sign-ins on a server with hundreds of HTTP threads would otherwise need gigabytes, so at most
 * {@code concurrency} hashes run at once and the rest wait their turn.
 */
public final class PasswordHasher {

    /** Argon2id cost. {@code memoryKiB} in KiB, {@code iterations} passes, {@code parallelism} lanes. */
    public record Parameters(int memoryKiB, int iterations, int parallelism) {

        /** OWASP's recommended minimum for Argon2id (2024): m=19 MiB, t=2, p=1. */
        public static final Parameters OWASP = new Parameters(19 * 1024, 2, 1);

        /** Cheap parameters for tests only: a hash in well under a millisecond. Never in production. */
        public static final Parameters FOR_TESTS = new Parameters(64, 1, 1);

        public Parameters {
            if (parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("argon2 parallelism must be 1..16, was " + parallelism);
            }
            if (iterations < 1 || iterations > 32) {
                throw new IllegalArgumentException("argon2 iterations must be 1..32, was " + iterations);
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > 1024 * 1024) {
                throw new IllegalArgumentException("argon2 memory must be 8*p KiB..1 GiB, was " + memoryKiB + " KiB");
            }
        }
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Parameters parameters;
    private final Semaphore running;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when the user does not exist, so both paths cost the same time. */
    private final String decoy;

    public PasswordHasher(Parameters parameters, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("password hashing concurrency must be at least 1, was " + concurrency);
        }
        this.parameters = parameters;
        this.running = new Semaphore(concurrency, true);
        this.decoy = hash("decoy password that matches nothing");
    }

    /** Production parameters, and as many hashes at once as there are cores. */
    public static PasswordHasher owasp() {
        return new PasswordHasher(Parameters.OWASP, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** A new random salt and the encoded hash of {@code password}. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        return "$argon2id$v=19$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code encoded}; false as well when {@code encoded} is not ours. */
    public boolean verify(String password, String encoded) {
        Encoded e = Encoded.parse(encoded);
        if (e == null) {
            return false;
        }
        byte[] actual = derive(password, e.salt, e.parameters, e.hash.length);
        return MessageDigest.isEqual(actual, e.hash);
    }

    /** Spends the time of one {@link #verify} on nothing: the sign-in path of a user that does not exist. */
    public void verifyDecoy(String password) {
        verify(password, decoy);
    }

    private byte[] derive(String password, byte[] salt, Parameters p, int length) {
        Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon);
        byte[] out = new byte[length];
        running.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            running.release();
        }
        return out;
    }

    /** A parsed PHC string; null from {@link #parse} when the text is not an Argon2id v19 hash. */
    private record Encoded(Parameters parameters, byte[] salt, byte[] hash) {

        static Encoded parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.split("\\$", -1);
            // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
            if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            try {
                int m = -1;
                int t = -1;
                int p = -1;
                for (String kv : parts[3].split(",")) {
                    String[] pair = kv.split("=", 2);
                    if (pair.length != 2) {
                        return null;
                    }
                    int value = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = value;
                        case "t" -> t = value;
                        case "p" -> p = value;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = B64_DECODER.decode(parts[4]);
                byte[] hash = B64_DECODER.decode(parts[5]);
                if (salt.length < 8 || hash.length < 16) {
                    return null;
                }
                return new Encoded(new Parameters(m, t, p), salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
