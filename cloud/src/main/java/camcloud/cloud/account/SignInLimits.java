package camcloud.cloud.account;

import camcloud.cloud.claim.GuessLimiter;
import camcloud.cloud.claim.GuessLimiter.Budget;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing without locking the owner out (OWASP Authentication Cheat Sheet: a lockout
 * by username alone lets anyone who knows a name deny that account). Three budgets of wrong
 * passwords, each refilling evenly ({@link GuessLimiter}):
 *
 * <ol>
 *   <li><b>per username and client address</b> — the strict one (10 per 15 minutes by default): a
 *       guesser at one address gets one try per 90 s at one account; the owner, at another address,
 *       is not touched by it;</li>
 *   <li><b>per client address</b>, whatever the username — generous (100 per 15 minutes): one address
 *       cannot spray passwords over many accounts, and still an office behind one address is not
 *       blocked by one person's typos;</li>
 *   <li><b>per username</b>, from everywhere (30 per 15 minutes) — against guessers spread over many
 *       addresses. When it is spent, sign-ins for that username from addresses where it has not
 *       signed in recently wait their turn; an address where the account signed in successfully in
 *       the last {@value #KNOWN_DAYS} days is let through. The owner at home is never slowed by
 *       strangers, and reaching this budget at all takes at least three addresses.</li>
 * </ol>
 *
 * A refused attempt (429) is not counted: no password was checked. A correct password forgets the
 * failures of that username at that address only; the address and username budgets run on, since
 * a guesser can sign into an account of their own between guesses.
 *
 * <p>Addresses are the keys {@code ClientAddress.limitKey} gives (an IPv4 address, an IPv6 /64). In
 * memory and bounded like every {@link GuessLimiter}: at most {@value #MAX_KEYS} keys per budget and
 * as many remembered successful sign-ins, least recent first out.
 */
public final class SignInLimits {

    static final int MAX_KEYS = 100_000;
    static final int KNOWN_DAYS = 30;

    private final GuessLimiter perAccountAndAddress;
    private final GuessLimiter perAddress;
    private final GuessLimiter perAccount;
    private final Clock clock;
    /** "username address" → when that account last signed in from that address; access order. */
    private final LinkedHashMap<String, Long> knownPlaces = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public SignInLimits(Budget perAccountAndAddress, Budget perAddress, Budget perAccount, Clock clock) {
        this.perAccountAndAddress = new GuessLimiter(perAccountAndAddress, MAX_KEYS, clock);
        this.perAddress = new GuessLimiter(perAddress, MAX_KEYS, clock);
        this.perAccount = new GuessLimiter(perAccount, MAX_KEYS, clock);
        this.clock = clock;
    }

    /**
     * How long a sign-in as {@code typedUsername} from {@code address} must wait, or
     * {@link Duration#ZERO} when its password may be checked now.
     */
    public Duration retryAfter(String typedUsername, String address) {
        String name = normalize(typedUsername);
        Duration wait = max(perAccountAndAddress.retryAfter(pair(name, address)), perAddress.retryAfter(address));
        if (!knownPlace(name, address)) {
            wait = max(wait, perAccount.retryAfter(name));
        }
        return wait;
    }

    /** A wrong password (or an unknown username: the two are counted alike, as they are answered alike). */
    public void failed(String typedUsername, String address) {
        String name = normalize(typedUsername);
        perAccountAndAddress.failed(pair(name, address));
        perAddress.failed(address);
        perAccount.failed(name);
    }

    /** A correct password: that address is now a known place of the account. */
    public void succeeded(String typedUsername, String address) {
        String name = normalize(typedUsername);
        perAccountAndAddress.succeeded(pair(name, address));
        synchronized (knownPlaces) {
            knownPlaces.put(pair(name, address), clock.millis());
        }
    }

    private boolean knownPlace(String name, String address) {
        synchronized (knownPlaces) {
            Long at = knownPlaces.get(pair(name, address));
            return at != null && clock.millis() - at < Duration.ofDays(KNOWN_DAYS).toMillis();
        }
    }

    /** A client address never holds a space, so the pair is unambiguous whatever was typed as the name. */
    private static String pair(String name, String address) {
        return name + " " + address;
    }

    private static String normalize(String typedUsername) {
        return typedUsername.strip().toLowerCase(Locale.ROOT);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
