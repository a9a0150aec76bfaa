package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing limits that slow the guesser and not the innocent, over HTTP, with the node behind a
 * reverse proxy on 127.0.0.1 that is listed in {@code http.trusted.proxies}: each "browser" here is
 * a client at its own address, as the proxy's {@code X-Forwarded-For} says.
 */
class GuessLimitsTest {

    private static final String HOME = "198.51.100.7";
    private static final String WORK = "192.0.2.44";
    private static final String ATTACKER = "203.0.113.9";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A node behind a trusted proxy with every limit as on a real server. */
    private ApiServer behindProxy() {
        server = new ApiServer(dir, s -> s.withLimits(ApiLimits.DEFAULTS).withClientAddress(
                new ClientAddress(ClientAddress.parseBlocks("127.0.0.1"), ClientAddress.Header.X_FORWARDED_FOR)));
        return server;
    }

    /** A browser at {@code address}, reaching the node through the proxy (which appends the address it saw). */
    private ApiClient at(String address) {
        return new ApiClient(server.base(), Map.of("X-Forwarded-For", address));
    }

    @Test
    void tenGuessesCannotLockAKnownUsernameOut() {
        behindProxy();
        assertThat(at(HOME).signUp("alice", PASSWORD).status()).isEqualTo(201);
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(at(ATTACKER).signIn("alice", "guess " + i).status());
        }
        // ten tries, then the guesser waits; the owner, anywhere else, does not
        assertThat(answers.subList(0, 10)).containsOnly(401);
        assertThat(answers.subList(10, 50)).containsOnly(429);
        assertThat(at(WORK).signIn("alice", PASSWORD).status()).isEqualTo(200);
        assertThat(at(HOME).signIn("alice", PASSWORD).status()).isEqualTo(200);
        // the right password from the guesser's address waits too: it is not told whether it was right
        assertThat(at(ATTACKER).signIn("alice", PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void theGuesserIsSlowedToOneTryEach90Seconds() {
        behindProxy();
        at(HOME).signUp("alice", PASSWORD);
        for (int i = 0; i < 10; i++) {
            at(ATTACKER).signIn("alice", "guess " + i);
        }
        ApiClient.Response limited = at(ATTACKER).signIn("alice", "guess 10");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("90");
        server.clock.advance(Duration.ofSeconds(90));
        assertThat(at(ATTACKER).signIn("alice", "guess 11").status()).isEqualTo(401);
        assertThat(at(ATTACKER).signIn("alice", "guess 12").status()).isEqualTo(429);
    }

    @Test
    void aGuesserSpreadOverManyAddressesIsSlowedWhileTheOwnerAtAKnownPlaceIsNot() {
        behindProxy();
        at(HOME).signUp("alice", PASSWORD);
        for (int a = 1; a <= 3; a++) {
            for (int i = 0; i < 10; i++) {
                assertThat(at("203.0.113." + a).signIn("alice", "guess " + a + "." + i).status()).isEqualTo(401);
            }
        }
        // 30 wrong passwords for alice from everywhere: new places wait for the account's budget
        ApiClient.Response fourth = at("203.0.113.4").signIn("alice", "guess 4");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.header("Retry-After")).isEqualTo("30");
        // where alice has signed in before, she gets in at once
        assertThat(at(HOME).signIn("alice", PASSWORD).status()).isEqualTo(200);
        // from a new place she waits one step, as the guessers do: the price of a distributed attack
        assertThat(at(WORK).signIn("alice", PASSWORD).status()).isEqualTo(429);
        server.clock.advance(Duration.ofSeconds(30));
        assertThat(at(WORK).signIn("alice", PASSWORD).status()).isEqualTo(200);
        // and other accounts are untouched
        at(HOME).signUp("bob", "another good password");
        assertThat(at("192.0.2.99").signIn("bob", "another good password").status()).isEqualTo(200);
    }

    @Test
    void oneAddressBehindTheProxyDoesNotLockOutTheOthers() {
        behindProxy();
        at(HOME).signUp("alice", PASSWORD);
        at(WORK).signUp("bob", "another good password");
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            answers.add(at(ATTACKER).signIn("user" + i, "guess").status());
        }
        // 100 wrong passwords from one address, whatever the names; then that address waits
        assertThat(answers.subList(0, 100)).containsOnly(401);
        assertThat(answers.subList(100, 120)).containsOnly(429);
        assertThat(at(ATTACKER).signIn("alice", PASSWORD).status()).isEqualTo(429);
        // everybody else behind the same proxy
        assertThat(at(HOME).signIn("alice", PASSWORD).status()).isEqualTo(200);
        assertThat(at(WORK).signIn("bob", "another good password").status()).isEqualTo(200);
        assertThat(at("192.0.2.200").signIn("alice", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void whatAClientWritesIntoTheHeaderItselfBuysNoFreshBudget() {
        behindProxy();
        at(HOME).signUp("alice", PASSWORD);
        for (int i = 0; i < 20; i++) {
            // the proxy appends the address it saw to whatever the client sent
            ApiClient spoofer = new ApiClient(server.base(), Map.of("X-Forwarded-For", "10.66.0." + i + ", " + ATTACKER));
            assertThat(spoofer.signIn("alice", "guess " + i).status()).isEqualTo(i < 10 ? 401 : 429);
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        server = new ApiServer(dir, s -> s.withLimits(ApiLimits.DEFAULTS));
        server.client().signUp("alice", PASSWORD);
        for (int i = 0; i < 12; i++) {
            ApiClient spoofer = new ApiClient(server.base(), Map.of("X-Forwarded-For", "198.51.100." + i));
            assertThat(spoofer.signIn("alice", "guess " + i).status()).isEqualTo(i < 10 ? 401 : 429);
        }
    }

    @Test
    void signUpsAreLimitedPerClientAddress() {
        behindProxy();
        for (int i = 0; i < 4; i++) {
            assertThat(at(HOME).signUp("person" + i, PASSWORD).status()).isEqualTo(201);
        }
        // a typo in the form is free; a taken name is not (it tells that the name exists)
        assertThat(at(HOME).signUp("person9", "short").status()).isEqualTo(400);
        assertThat(at(HOME).signUp("person0", PASSWORD).status()).isEqualTo(409);
        ApiClient.Response limited = at(HOME).signUp("person5", PASSWORD);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("720"); // 5 an hour: one back each 12 minutes
        assertThat(limited.error()).contains("too many sign-ups");
        assertThat(at(WORK).signUp("person5", PASSWORD).status()).isEqualTo(201);
        server.clock.advance(Duration.ofMinutes(12));
        assertThat(at(HOME).signUp("person6", PASSWORD).status()).isEqualTo(201);
        assertThat(at(HOME).signUp("person7", PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void claimCodesAreLimitedPerAccountAndPerRealClientAddress() {
        behindProxy();
        ApiServer.Camera bobs = server.newCamera();
        ApiClient bob = at(WORK);
        bob.signUp("bob", "another good password");
        for (int a = 0; a < 4; a++) {
            ApiClient attacker = at(ATTACKER);
            attacker.signUp("attacker" + a, PASSWORD);
            for (int i = 0; i < 5; i++) {
                assertThat(attacker.claim("33333-33333-3333" + (i + 3), "x").status()).isEqualTo(404);
            }
            assertThat(attacker.claim("33333-33333-33339", "x").status()).isEqualTo(429);
        }
        // 20 wrong codes from the attacker's address: a fresh account there waits as well
        ApiClient fresh = at(ATTACKER);
        fresh.signUp("attacker9", PASSWORD);
        assertThat(fresh.claim("33333-33333-33339", "x").status()).isEqualTo(429);
        // bob, behind the same proxy, claims his camera
        assertThat(bob.claim(bobs.code(), "Porch").status()).isEqualTo(201);
    }
}
