package camcloud.cloud.config;

import camcloud.cloud.gateway.StrangerLimits;
import camcloud.cloud.gateway.TlsProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Everything a cloud node needs to start. Embedded defaults (SQLite and video under {@code ./data},
 * HTTP on 8080, gateway on 7443, camera HTTPS on 8443) can be overridden by a properties file and
 * then by command-line flags. Bad values fail fast with the setting's name.
 *
 * @param dataDir           where the database, platform CA, operator token and video live
 * @param bindHost          address every listener binds
 * @param httpPort          HTTP API and web app (0 = any free port)
 * @param gatewayPort       camera gateway, TLS (0 = any free port)
 * @param cameraHttpsPort   the HTTP API for cameras (firmware downloads), mutual TLS (0 = any free port)
 * @param gatewayNames      host names and addresses cameras dial, put in the gateway certificate
 * @param heartbeatInterval how often cameras heartbeat
 * @param secureCookies     mark session cookies {@code Secure} (set when users reach the node over HTTPS)
 * @param recording         recorder, retention, storage and media-budget settings ({@link RecordingConfig#KEYS})
 * @param strangers         the gateway's limits for connections that have not authenticated yet
 *                          ({@code gateway.unauthenticated.seconds}, {@code .per.address}, {@code .max})
 * @param http              trusted reverse proxies and sign-up limit of the users' HTTP side ({@link HttpConfig#KEYS})
 * @param notifications     notifications (offline grace, flap cap) and webhooks ({@link NotifyConfig#KEYS})
 * @param database          the relational database: embedded SQLite or a shared PostgreSQL ({@link DatabaseConfig#KEYS})
 * @param storage           where files are kept: local directories or S3-compatible storage ({@link StorageConfig#KEYS})
 * @param cluster           this node among several sharing database and store ({@link ClusterConfig#KEYS})
 * @param gatewayTls        the camera gateway's TLS engine ({@code gateway.tls.provider = openssl | jdk};
 *                          default openssl where Netty's native engine loads, else jdk)
 */
public record CloudConfig(
        Path dataDir,
        String bindHost,
        int httpPort,
        int gatewayPort,
        int cameraHttpsPort,
        List<String> gatewayNames,
        Duration heartbeatInterval,
        boolean secureCookies,
        RecordingConfig recording,
        StrangerLimits strangers,
        HttpConfig http,
        NotifyConfig notifications,
        DatabaseConfig database,
        StorageConfig storage,
        ClusterConfig cluster,
        TlsProvider gatewayTls) {

    public static final Set<String> KEYS = union(union(Set.of("data", "bind", "http.port", "gateway.port",
            "camera.https.port", "gateway.names", "heartbeat.seconds", "cookies.secure",
            "gateway.unauthenticated.seconds", "gateway.unauthenticated.per.address", "gateway.unauthenticated.max",
            "gateway.tls.provider"),
            RecordingConfig.KEYS), union(union(HttpConfig.KEYS, NotifyConfig.KEYS),
            union(DatabaseConfig.KEYS, union(StorageConfig.KEYS, ClusterConfig.KEYS))));

    /** Settings with the default video settings. */
    public CloudConfig(Path dataDir, String bindHost, int httpPort, int gatewayPort, int cameraHttpsPort,
                       List<String> gatewayNames, Duration heartbeatInterval, boolean secureCookies) {
        this(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames, heartbeatInterval, secureCookies,
                RecordingConfig.defaults(), StrangerLimits.DEFAULT, HttpConfig.defaults(), NotifyConfig.defaults(),
                DatabaseConfig.defaults(), StorageConfig.defaults(), ClusterConfig.defaults(),
                TlsProvider.preferred());
    }

    public static CloudConfig defaults() {
        return new CloudConfig(Path.of("data"), "0.0.0.0", 8080, 7443, 8443, List.of("localhost", "127.0.0.1"),
                Duration.ofSeconds(10), false);
    }

    public CloudConfig {
        checkPort("http.port", httpPort);
        checkPort("gateway.port", gatewayPort);
        checkPort("camera.https.port", cameraHttpsPort);
        if (heartbeatInterval.toMillis() < 50 || heartbeatInterval.toHours() > 1) {
            throw new IllegalArgumentException("heartbeat.seconds must be between 0.05 and 3600, was "
                    + heartbeatInterval.toMillis() / 1000.0);
        }
        if (gatewayNames.isEmpty()) {
            throw new IllegalArgumentException("gateway.names must name at least one host");
        }
        gatewayNames = List.copyOf(gatewayNames);
        if (recording == null) {
            throw new IllegalArgumentException("recording settings are required");
        }
        if (strangers == null) {
            throw new IllegalArgumentException("gateway limits for unauthenticated connections are required");
        }
        if (http == null) {
            throw new IllegalArgumentException("http settings are required");
        }
        if (notifications == null) {
            throw new IllegalArgumentException("notification settings are required");
        }
        if (database == null || storage == null || cluster == null) {
            throw new IllegalArgumentException("database, storage and cluster settings are required");
        }
        if (gatewayTls == null) {
            throw new IllegalArgumentException("gateway.tls.provider is required (openssl or jdk)");
        }
    }

    /** Reads a properties file over these settings; unknown keys are an error (a typo must not be ignored). */
    public CloudConfig withFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' in " + file + "; known: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        return new CloudConfig(
                p.containsKey("data") ? Path.of(p.getProperty("data")) : dataDir,
                p.getProperty("bind", bindHost),
                p.containsKey("http.port") ? Settings.wholeInt(p, "http.port") : httpPort,
                p.containsKey("gateway.port") ? Settings.wholeInt(p, "gateway.port") : gatewayPort,
                p.containsKey("camera.https.port") ? Settings.wholeInt(p, "camera.https.port")
                        : cameraHttpsPort,
                p.containsKey("gateway.names") ? List.of(p.getProperty("gateway.names").split("\\s*,\\s*"))
                        : gatewayNames,
                p.containsKey("heartbeat.seconds")
                        ? Duration.ofMillis((long) (Settings.number(p, "heartbeat.seconds")
                        * 1000)) : heartbeatInterval,
                p.containsKey("cookies.secure") ? Boolean.parseBoolean(p.getProperty("cookies.secure")) : secureCookies,
                recording.with(p),
                strangersWith(p),
                http.with(p),
                notifications.with(p),
                database.with(p),
                storage.with(p),
                cluster.with(p),
                p.containsKey("gateway.tls.provider") ? TlsProvider.parse(p.getProperty("gateway.tls.provider"))
                        : gatewayTls);
    }

    public CloudConfig withDataDir(Path dir) {
        return new CloudConfig(dir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames, heartbeatInterval,
                secureCookies, recording, strangers, http, notifications, database, storage, cluster, gatewayTls);
    }

    /** The HTTP, gateway and camera HTTPS ports (0 = any free port). */
    public CloudConfig withPorts(int http, int gateway, int cameraHttps) {
        return new CloudConfig(dataDir, bindHost, http, gateway, cameraHttps, gatewayNames, heartbeatInterval,
                secureCookies, recording, strangers, this.http, notifications, database, storage, cluster, gatewayTls);
    }

    public CloudConfig withBindHost(String host) {
        return new CloudConfig(dataDir, host, httpPort, gatewayPort, cameraHttpsPort, gatewayNames, heartbeatInterval,
                secureCookies, recording, strangers, http, notifications, database, storage, cluster, gatewayTls);
    }

    public CloudConfig withHeartbeatInterval(Duration interval) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames, interval,
                secureCookies, recording, strangers, http, notifications, database, storage, cluster, gatewayTls);
    }

    public CloudConfig withRecording(RecordingConfig settings) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, settings, strangers, http, notifications, database, storage, cluster,
                gatewayTls);
    }

    /** The same settings with other gateway limits for connections that have not authenticated yet. */
    public CloudConfig withStrangers(StrangerLimits limits) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, limits, http, notifications, database, storage, cluster,
                gatewayTls);
    }

    public CloudConfig withDatabase(DatabaseConfig settings) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, strangers, http, notifications, settings, storage, cluster,
                gatewayTls);
    }

    public CloudConfig withStorage(StorageConfig settings) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, strangers, http, notifications, database, settings, cluster,
                gatewayTls);
    }

    public CloudConfig withCluster(ClusterConfig settings) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, strangers, http, notifications, database, storage, settings,
                gatewayTls);
    }

    /** The same settings with the gateway on another TLS engine. */
    public CloudConfig withGatewayTls(TlsProvider provider) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, strangers, http, notifications, database, storage, cluster,
                provider);
    }

    private StrangerLimits strangersWith(Properties p) {
        StrangerLimits s = strangers;
        if (p.containsKey("gateway.unauthenticated.seconds")) {
            double seconds = Settings.number(p, "gateway.unauthenticated.seconds");
            s = s.withDeadline(Duration.ofMillis((long) (seconds * 1000)));
        }
        if (p.containsKey("gateway.unauthenticated.per.address")) {
            s = s.withPerAddress(Settings.wholeInt(p, "gateway.unauthenticated.per.address"));
        }
        if (p.containsKey("gateway.unauthenticated.max")) {
            s = s.withTotal(Settings.wholeInt(p, "gateway.unauthenticated.max"));
        }
        return s;
    }

    public CloudConfig withHttp(HttpConfig settings) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, strangers, settings, notifications, database, storage, cluster,
                gatewayTls);
    }

    public CloudConfig withNotifications(NotifyConfig settings) {
        return new CloudConfig(dataDir, bindHost, httpPort, gatewayPort, cameraHttpsPort, gatewayNames,
                heartbeatInterval, secureCookies, recording, strangers, http, settings, database, storage, cluster,
                gatewayTls);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
        }
    }
}
