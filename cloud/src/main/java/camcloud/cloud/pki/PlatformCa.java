package camcloud.cloud.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The platform's certificate authority, created at the cloud's first start. Cameras pin its
 * certificate (it is written into their flash at provisioning); it issues the gateway's TLS
 * certificate (server use only), one client certificate per camera whose CN is the serial, and one
 * certificate per cloud node ({@code O=camcloud node, CN=node:<id>}, client and server use) for
 * node-to-node calls. The key usages keep the gateway and cameras apart (a camera's certificate
 * cannot impersonate the gateway); the subject keeps nodes and cameras apart: {@link #serialOf}
 * finds no serial in a node certificate (so it never acts as a camera) and {@link #nodeIdOf} finds
 * no node in a camera's (serials cannot contain ':', and a camera's O is another).
 *
 * <p>Files under {@code DIR/pki}: {@code ca.crt}, {@code ca.key} (mode 600), {@code gateway.crt},
 * {@code gateway.key} (mode 600).
 */
public final class PlatformCa {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Signs certificates in half the JDK's time (0.34 ms against 0.69 ms of CPU for an ECDSA P-256
     * signature here): the signature is most of what registering a batch of cameras costs. Used by
     * name, never registered as a JCA provider.
     */
    private static final java.security.Provider BOUNCY_CASTLE = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration DEVICE_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration GATEWAY_VALIDITY = Duration.ofDays(2 * 365);
    /** Node certificates are made in memory at each start, never written: a short life is free. */
    private static final Duration NODE_VALIDITY = Duration.ofDays(90);
    private static final String NODE_ORGANIZATION = "camcloud node";
    private static final String NODE_PREFIX = "node:";

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final X509Certificate gatewayCertificate;
    private final PrivateKey gatewayKey;

    private PlatformCa(X509Certificate certificate, PrivateKey key, X509Certificate gatewayCertificate,
                       PrivateKey gatewayKey) {
        this.certificate = certificate;
        this.key = key;
        this.gatewayCertificate = gatewayCertificate;
        this.gatewayKey = gatewayKey;
    }

    /**
     * Loads the CA from {@code dir}, creating it (and the gateway certificate for {@code gatewayNames})
     * if this is the first start. Existing files are never replaced: cameras in the field pin them.
     */
    public static PlatformCa loadOrCreate(Path dir, List<String> gatewayNames) throws IOException {
        Files.createDirectories(dir);
        Path caCrt = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        Path gwCrt = dir.resolve("gateway.crt");
        Path gwKey = dir.resolve("gateway.key");
        try {
            X509Certificate ca;
            PrivateKey caPrivate;
            if (Files.exists(caCrt) && Files.exists(caKey)) {
                ca = Pem.readCertificate(caCrt);
                caPrivate = Pem.readEcPrivateKey(caKey);
            } else {
                KeyPair pair = newKeyPair();
                ca = selfSignedCa(pair);
                caPrivate = pair.getPrivate();
                Pem.writePrivateKey(caKey, caPrivate);
                Pem.writeCertificate(caCrt, ca);
            }
            X509Certificate gateway;
            PrivateKey gatewayPrivate;
            if (Files.exists(gwCrt) && Files.exists(gwKey) && !expiresSoon(Pem.readCertificate(gwCrt))) {
                gateway = Pem.readCertificate(gwCrt);
                gatewayPrivate = Pem.readEcPrivateKey(gwKey);
            } else {
                KeyPair pair = newKeyPair();
                gateway = issue(ca, caPrivate, pair.getPublic(), new X500Name("CN=camcloud gateway"),
                        GATEWAY_VALIDITY, KeyPurposeId.id_kp_serverAuth, gatewayNames);
                gatewayPrivate = pair.getPrivate();
                Pem.writePrivateKey(gwKey, gatewayPrivate);
                Pem.writeCertificate(gwCrt, gateway);
            }
            return new PlatformCa(ca, caPrivate, gateway, gatewayPrivate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot set up the platform CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate gatewayCertificate() {
        return gatewayCertificate;
    }

    public PrivateKey gatewayKey() {
        return gatewayKey;
    }

    /**
     * A 32-byte secret for {@code purpose} that every node holding this CA derives alike (HMAC-SHA256
     * keyed with the CA key), and nobody without the CA key can: e.g. the gateway's session-ticket keys,
     * so a camera resumes its TLS session on any node. Different purposes give unrelated secrets.
     */
    public byte[] derivedSecret(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * The serial a camera's certificate names (its CN), or null when it names none. A node
     * certificate names none: a node can never act as a camera.
     */
    public static String serialOf(X509Certificate deviceCertificate) {
        if (NODE_ORGANIZATION.equals(subjectValue(deviceCertificate, "O"))) {
            return null;
        }
        String cn = subjectValue(deviceCertificate, "CN");
        return cn == null || cn.startsWith(NODE_PREFIX) ? null : cn;
    }

    /**
     * The node a node certificate names ({@code node:<id>}), or null for any other certificate (a
     * camera's, the gateway's). The caller has already checked that the platform CA issued it (the
     * TLS handshake did); this checks that it was issued as a node's: subject and both key purposes.
     */
    public static String nodeIdOf(X509Certificate certificate) {
        String cn = subjectValue(certificate, "CN");
        if (!NODE_ORGANIZATION.equals(subjectValue(certificate, "O")) || cn == null || !cn.startsWith(NODE_PREFIX)
                || cn.length() == NODE_PREFIX.length()) {
            return null;
        }
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            if (purposes == null || !purposes.contains(KeyPurposeId.id_kp_clientAuth.getId())
                    || !purposes.contains(KeyPurposeId.id_kp_serverAuth.getId())) {
                return null;
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return null;
        }
        return cn.substring(NODE_PREFIX.length());
    }

    private static String subjectValue(X509Certificate certificate, String type) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    /**
     * A certificate for cloud node {@code nodeId}: {@code O=camcloud node, CN=node:<id>}, for TLS
     * client and server use (node-to-node calls). Every node holds the shared CA key, so each issues
     * its own at start, in memory.
     */
    public X509Certificate issueNodeCertificate(String nodeId, PublicKey nodePublicKey) {
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a node id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, NODE_ORGANIZATION)
                .addRDN(BCStyle.CN, NODE_PREFIX + nodeId)
                .build();
        try {
            return issue(certificate, key, nodePublicKey, subject, NODE_VALIDITY,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}, List.of());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** A client certificate for a camera: CN = serial, client authentication only. */
    public X509Certificate issueDeviceCertificate(String serial, PublicKey devicePublicKey) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "camcloud camera")
                .addRDN(BCStyle.CN, serial)
                .build();
        try {
            return issue(certificate, key, devicePublicKey, subject, DEVICE_VALIDITY,
                    KeyPurposeId.id_kp_clientAuth, List.of());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + serial + ": " + e.getMessage(), e);
        }
    }

    /** A new EC P-256 key pair, the kind cameras and the platform use. */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static boolean expiresSoon(X509Certificate cert) {
        return cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)));
    }

    private static X509Certificate selfSignedCa(KeyPair pair)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=camcloud platform CA " + Long.toHexString(RANDOM.nextLong()));
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(builder, pair.getPrivate());
    }

    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, X500Name subject,
                                         Duration validity, KeyPurposeId purpose, List<String> dnsOrIpNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        return issue(ca, caKey, subjectKey, subject, validity, new KeyPurposeId[] {purpose}, dnsOrIpNames);
    }

    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, X500Name subject,
                                         Duration validity, KeyPurposeId[] purposes, List<String> dnsOrIpNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serialNumber(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKey);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
        if (!dnsOrIpNames.isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            for (String n : dnsOrIpNames) {
                boolean ip = n.matches("[0-9.]+") || n.contains(":");
                names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return sign(builder, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BOUNCY_CASTLE)
                .build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM);
    }
}
