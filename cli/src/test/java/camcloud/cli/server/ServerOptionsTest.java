package camcloud.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the node's database comes from: the default, the config file, and --db over both. */
class ServerOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseIsEmbeddedUnlessTheConfigFileOrDbSaysOtherwise() throws Exception {
        assertThat(options().toConfig().database().embedded()).isTrue();

        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, "db.url=jdbc:postgresql://db1:5432/cam?user=cam&password=x\ndb.pool.size=20\n");
        var fromFile = options("--config", file.toString()).toConfig().database();
        assertThat(fromFile.url()).isEqualTo("jdbc:postgresql://db1:5432/cam?user=cam&password=x");
        assertThat(fromFile.poolSize()).isEqualTo(20);

        var flag = options("--config", file.toString(), "--db", "jdbc:postgresql://db2:5432/cam").toConfig().database();
        assertThat(flag.url()).isEqualTo("jdbc:postgresql://db2:5432/cam");
        assertThat(flag.poolSize()).isEqualTo(20);
        assertThat(flag.toString()).doesNotContain("password");
    }

    private static ServerOptions options(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.options;
    }
}
