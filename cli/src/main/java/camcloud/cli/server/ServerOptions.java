package camcloud.cli.server;

import camcloud.cloud.config.CloudConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags {@code server} and {@code demo} share; flags win over the config file, which wins over defaults. */
public final class ServerOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (database, CA, video). Default: ./data")
    Path data;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP API and web app port. Default: 8080")
    Integer httpPort;

    @Option(names = "--gateway-port", paramLabel = "N", description = "Camera gateway (TLS) port. Default: 7443")
    Integer gatewayPort;

    @Option(names = "--camera-https-port", paramLabel = "N",
            description = "Camera HTTPS port (firmware downloads; mutual TLS, device certificates only). Default: 8443")
    Integer cameraHttpsPort;

    @Option(names = "--bind", paramLabel = "HOST", description = "Address to listen on. Default: 0.0.0.0")
    String bind;

    @Option(names = "--db", paramLabel = "URL",
            description = "Database: a JDBC URL such as jdbc:postgresql://HOST:PORT/DB?user=U&password=P "
                    + "(prefer db.url in the config file: a password on the command line shows in ps). "
                    + "Default: the embedded SQLite file DATA/camcloud.db")
    String db;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with any of: data, bind, http.port, gateway.port, camera.https.port, "
                    + "gateway.names, heartbeat.seconds, cookies.secure, db.url, db.pool.size")
    Path configFile;

    /** The effective configuration. */
    public CloudConfig toConfig() throws IOException {
        CloudConfig config = CloudConfig.defaults();
        if (configFile != null) {
            config = config.withFile(configFile);
        }
        if (data != null) {
            config = config.withDataDir(data);
        }
        if (bind != null) {
            config = config.withBindHost(bind);
        }
        if (db != null) {
            config = config.withDatabase(config.database().withUrl(db));
        }
        return config.withPorts(httpPort != null ? httpPort : config.httpPort(),
                gatewayPort != null ? gatewayPort : config.gatewayPort(),
                cameraHttpsPort != null ? cameraHttpsPort : config.cameraHttpsPort());
    }
}
