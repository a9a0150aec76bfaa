package camcloud.cloud.health;

import camcloud.cloud.db.Database;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The database answers a trivial query ({@code SELECT 1}, with a query timeout) through the node's
 * own pool, so a pool with no free connection shows as well as an engine that is down.
 */
public final class DatabaseCheck implements HealthCheck {

    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final Database db;

    public DatabaseCheck(Database db) {
        this.db = db;
    }

    @Override
    public Status check() {
        boolean answered = db.query(c -> {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            }
        });
        return answered ? Status.up() : Status.down("unexpected answer to SELECT 1");
    }
}
