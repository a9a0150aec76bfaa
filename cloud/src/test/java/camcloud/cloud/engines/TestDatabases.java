package camcloud.cloud.engines;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.config.DatabaseConfig;
import camcloud.cloud.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The engines database-facing tests run on: a parameter source giving SQLite (always) and
 * PostgreSQL ({@link PostgresServer}). Without PostgreSQL its cases skip, except under
 * {@code CI=true} where they fail. {@link OnBothDatabases} on a test method taking a
 * {@link TestDatabase}, or {@link DatabaseTest} on a class with a {@code @Parameter TestDatabase}
 * field:
 *
 * <pre>{@code
 * @DatabaseTest
 * class StoreTest {
 *     @Parameter TestDatabase engine;
 *     @TempDir Path dir;
 *
 *     @Test void keepsIt() {
 *         try (Database db = engine.open(dir)) { ... }
 *     }
 * }
 * }</pre>
 */
public final class TestDatabases implements ArgumentsProvider {

    /** SQLite only, unless the system property {@code camcloud.test.db} is {@code postgresql}. */
    public static final String ENGINE_PROPERTY = "camcloud.test.db";

    /** One engine, opening a fresh database per call. */
    public enum TestDatabase {
        SQLITE,
        POSTGRESQL;

        /** Where a fresh database is: a file in {@code dir}, or a new database on the shared server. */
        public DatabaseConfig config(Path dir) {
            if (this == SQLITE) {
                return new DatabaseConfig("jdbc:sqlite:" + dir.resolve("test-" + System.nanoTime() + ".db"), 4);
            }
            assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(),
                    "no PostgreSQL on this machine");
            return new DatabaseConfig(PostgresServer.require().newDatabase(), 4);
        }

        /** A fresh, migrated database on this engine. */
        public Database open(Path dir) {
            return open(dir, new SimpleMeterRegistry());
        }

        public Database open(Path dir, MeterRegistry registry) {
            return Database.open(config(dir), dir, registry);
        }

        @Override
        public String toString() {
            return this == SQLITE ? "SQLite" : "PostgreSQL";
        }
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return Stream.of(TestDatabase.values()).map(Arguments::of);
    }

    /**
     * The engine whole-node fixtures (ApiServer, TestCloud) use: SQLite, or PostgreSQL when
     * {@code -Dcamcloud.test.db=postgresql}, so any suite can be run on PostgreSQL too.
     */
    public static TestDatabase fixtureEngine() {
        return "postgresql".equalsIgnoreCase(System.getProperty(ENGINE_PROPERTY, "")) ? TestDatabase.POSTGRESQL
                : TestDatabase.SQLITE;
    }
}
