package camcloud.cloud.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher fast = new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 2);

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String stored = fast.hash("correct horse battery");
        assertThat(fast.verify("correct horse battery", stored)).isTrue();
        assertThat(fast.verify("correct horse batterY", stored)).isFalse();
        assertThat(fast.verify("", stored)).isFalse();
    }

    @Test
    void theStoredFormIsAPhcStringWithItsParametersAndARandomSalt() {
        String a = fast.hash("same password");
        String b = fast.hash("same password");
        assertThat(a).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void productionParametersAreOwaspsAndVerifyAcrossInstances() {
        PasswordHasher owasp = new PasswordHasher(PasswordHasher.Parameters.OWASP, 1);
        String stored = owasp.hash("correct horse battery");
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        // The parameters travel with the hash: a hasher configured differently still verifies it.
        assertThat(fast.verify("correct horse battery", stored)).isTrue();
    }

    @Test
    void hashesOfTheReferenceImplementationVerify() {
        // Golden vectors from the reference C library (libargon2 20171227, argon2id_hash_encoded),
        // password "password", salt "somesalt": our PHC parsing and BouncyCastle agree with it.
        String light = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI";
        String owasp = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E";
        assertThat(fast.verify("password", light)).isTrue();
        assertThat(fast.verify("Password", light)).isFalse();
        assertThat(fast.verify("password", owasp)).isTrue();
    }

    @Test
    void garbageStoredHashesNeverVerifyAndNeverThrow() {
        for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=64,t=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=64,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"}) {
            assertThat(fast.verify("password", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void badParametersFailFastNamingTheSetting() {
        assertThatThrownBy(() -> new PasswordHasher.Parameters(19456, 0, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new PasswordHasher.Parameters(4, 1, 1)).hasMessageContaining("memory");
        assertThatThrownBy(() -> new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 0))
                .hasMessageContaining("concurrency");
    }
}
