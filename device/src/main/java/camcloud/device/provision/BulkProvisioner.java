package camcloud.device.provision;

import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryProvisioner.Provisioned;
import camcloud.device.provision.FactoryProvisioner.ProvisioningException;
import camcloud.firmware.model.CameraModel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The factory line for thousands of cameras at once: identities (serial, MAC, EC P-256 key pair)
 * made here on every core, registered with the cloud's operator API in requests of up to
 * {@link #BATCH} cameras ({@code POST /api/operator/cameras/batch}, one transaction each), and
 * every flash then written as {@link FactoryProvisioner} writes one ({@link ProvisionedFlash}).
 *
 * <p>The cloud's answer is checked before anything is written: one certificate per camera, in
 * order, naming its serial, carrying the key made for it and signed by the platform CA the answer
 * gives. A batch the cloud refuses writes nothing; batches before it stay provisioned (their
 * flash files exist, so a rerun that skips existing files carries on where this one stopped).
 *
 * <p>The operator token travels as a Bearer token: give an {@code https} URL outside a test bench.
 */
public final class BulkProvisioner {

    /** Cameras per request: the most the API takes. */
    public static final int BATCH = 1000;

    private static final String PATH = "/api/operator/cameras/batch";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A full batch is ~1000 ECDSA signatures and one commit: seconds, even on a busy node. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern CLAIM_CODE = Pattern.compile("[A-Z0-9-]{1,32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkProvisioner() {
    }

    /** A camera's identity before the cloud knows it. */
    private record Made(Path flash, CameraModel model, String serial, String mac, KeyPair keys) {
    }

    /** The cloud's answer to one batch, checked against it. */
    private record Answer(X509Certificate ca, List<byte[]> offerKeys, List<byte[]> bundleKeys,
                          List<X509Certificate> certificates, List<String> claimCodes) {
    }

    /**
     * Provisions a camera of {@code models.get(i)} into each {@code flashFiles.get(i)} (created if
     * missing; an existing one must hold no identity yet), dialing {@code cloud}. Returns the
     * cameras in the order of the files.
     *
     * @param api the cloud's HTTP API, e.g. {@code http://127.0.0.1:8080}
     * @throws ProvisioningException with the cloud's reason when it refused a batch (naming the
     *                               camera), or when its answer does not hold up
     */
    public static List<Provisioned> provision(List<Path> flashFiles, List<CameraModel> models, CameraConfig cloud,
                                              URI api, String operatorToken) throws IOException {
        if (flashFiles.size() != models.size()) {
            throw new IllegalArgumentException("one model per flash file: " + flashFiles.size() + " files, "
                    + models.size() + " models");
        }
        URI endpoint = endpoint(api);
        if (flashFiles.isEmpty()) {
            return List.of();
        }
        requireBlank(flashFiles, models);
        ExecutorService cores = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "bulk-provisioner");
            t.setDaemon(true);
            return t;
        });
        try {
            // Key generation is most of the factory's own work: on every core.
            List<Made> made = inParallel(cores, flashFiles.size(), i -> new Made(flashFiles.get(i), models.get(i),
                    FactoryProvisioner.newSerial(), FactoryProvisioner.newMac(), FactoryProvisioner.newDeviceKey()));
            HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
            List<Provisioned> provisioned = new ArrayList<>(made.size());
            for (int from = 0; from < made.size(); from += BATCH) {
                List<Made> batch = made.subList(from, Math.min(made.size(), from + BATCH));
                Answer answer = register(http, endpoint, operatorToken, batch, from);
                provisioned.addAll(inParallel(cores, batch.size(), i -> write(batch.get(i), answer, i, cloud)));
            }
            return provisioned;
        } finally {
            cores.shutdownNow();
        }
    }

    private static URI endpoint(URI api) {
        String base = api.toString();
        if (!"http".equals(api.getScheme()) && !"https".equals(api.getScheme())) {
            throw new IllegalArgumentException("the cloud's API must be an http(s) URL, was '" + base + "'");
        }
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    }

    /** A camera gets its identity once: an existing flash file must be blank. */
    private static void requireBlank(List<Path> flashFiles, List<CameraModel> models) throws IOException {
        for (int i = 0; i < flashFiles.size(); i++) {
            Path file = flashFiles.get(i);
            if (Files.exists(file)) {
                try (CameraFlash flash = CameraFlash.openOrCreate(file, models.get(i))) {
                    if (flash.hasIdentity()) {
                        throw new ProvisioningException(file + " is already provisioned as camera "
                                + flash.identity().serial() + "; a camera gets its identity once");
                    }
                }
            }
        }
    }

    private static Answer register(HttpClient http, URI endpoint, String operatorToken, List<Made> batch,
                                   int offset) throws IOException {
        List<Map<String, String>> cameras = new ArrayList<>(batch.size());
        for (Made m : batch) {
            Map<String, String> camera = new LinkedHashMap<>();
            camera.put("serial", m.serial());
            camera.put("mac", m.mac());
            camera.put("model", m.model().id());
            camera.put("publicKey", Base64.getEncoder().encodeToString(m.keys().getPublic().getEncoded()));
            cameras.add(camera);
        }
        String which = "cameras " + (offset + 1) + "-" + (offset + batch.size())
                + (offset == 0 ? "" : " (the " + offset + " before are provisioned)");
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("cameras", cameras))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ProvisioningException("cannot reach the cloud's API at " + endpoint + " (connection refused)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while registering " + which, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProvisioningException("the cloud refused " + which + " (" + response.statusCode() + "): "
                    + reason(response.body()));
        }
        try {
            return check(JSON.readTree(response.body()), batch);
        } catch (JsonProcessingException | RuntimeException | GeneralSecurityException e) {
            throw new ProvisioningException("the cloud's answer for " + which + " does not hold up: " + e.getMessage(),
                    e);
        }
    }

    /** The answer, or an exception when it is not one certificate per camera, in order, for its key, from the CA. */
    private static Answer check(JsonNode answer, List<Made> batch) throws IOException, GeneralSecurityException {
        X509Certificate ca = FactoryProvisioner.certificate(bytes(answer, "platformCa"));
        JsonNode cameras = answer.path("cameras");
        if (!cameras.isArray() || cameras.size() != batch.size()) {
            throw new IllegalArgumentException("expected " + batch.size() + " cameras");
        }
        List<X509Certificate> certificates = new ArrayList<>(batch.size());
        List<String> claimCodes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Made m = batch.get(i);
            JsonNode camera = cameras.get(i);
            if (!m.serial().equals(camera.path("serial").asText())) {
                throw new IllegalArgumentException("camera " + (i + 1) + " is not " + m.serial());
            }
            X509Certificate certificate = FactoryProvisioner.certificate(bytes(camera, "certificate"));
            certificate.verify(ca.getPublicKey()); // the platform CA signed it…
            if (!Arrays.equals(certificate.getPublicKey().getEncoded(), m.keys().getPublic().getEncoded())
                    || !m.serial().equals(commonName(certificate))) {
                throw new IllegalArgumentException("the certificate of " + m.serial() + " is not for its key");
            }
            String claimCode = camera.path("claimCode").asText();
            if (!CLAIM_CODE.matcher(claimCode).matches()) {
                throw new IllegalArgumentException("the claim code of " + m.serial() + " is malformed");
            }
            certificates.add(certificate);
            claimCodes.add(claimCode);
        }
        return new Answer(ca, keys(answer, "offerKeys"), keys(answer, "bundleKeys"), certificates, claimCodes);
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static Provisioned write(Made m, Answer answer, int i, CameraConfig cloud) throws IOException {
        ProvisionedFlash.write(m.flash(), m.model(), new CameraIdentity(m.serial(), m.mac(), m.model().id(),
                m.keys().getPrivate(), answer.certificates().get(i), answer.ca()), answer.offerKeys(),
                answer.bundleKeys(), cloud);
        return new Provisioned(m.serial(), m.mac(), m.model().id(), answer.claimCodes().get(i));
    }

    private static byte[] bytes(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return Base64.getDecoder().decode(value.textValue());
    }

    private static List<byte[]> keys(JsonNode answer, String field) {
        JsonNode list = answer.path(field);
        if (!list.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        List<byte[]> keys = new ArrayList<>();
        for (JsonNode key : list) {
            keys.add(Base64.getDecoder().decode(key.asText()));
        }
        return keys;
    }

    /** The {@code error} of the cloud's refusal, or the body itself, bounded and without control characters. */
    private static String reason(String body) {
        String text = body.strip();
        try {
            JsonNode error = JSON.readTree(body).get("error");
            if (error != null && error.isTextual()) {
                text = error.asText();
            }
        } catch (JsonProcessingException | RuntimeException notJson) {
            // shown as it is
        }
        text = text.replaceAll("\\p{Cntrl}", "?");
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(int index) throws IOException;
    }

    /** {@code step} for 0..n-1 on {@code pool}; results in index order; the first failure is thrown once all ended. */
    private static <T> List<T> inParallel(ExecutorService pool, int n, Step<T> step) throws IOException {
        List<Future<T>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> step.run(index)));
        }
        List<T> results = new ArrayList<>(n);
        IOException failed = null;
        int failures = 0;
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                failures++;
                if (failed == null) {
                    failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(),
                            e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted", e);
            }
        }
        if (failed != null) {
            if (failures > 1) {
                failed.addSuppressed(new IOException(failures - 1 + " more cameras failed the same step"));
            }
            throw failed;
        }
        return results;
    }
}
