package camcloud.cloud.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.io.ByteArrayInputStream;
import java.util.Base64;

/** PEM files of the platform's keys and certificates; private keys are written with mode 600. */
final class Pem {

    private Pem() {
    }

    static void writeCertificate(Path file, X509Certificate cert) throws IOException {
        try {
            write(file, "CERTIFICATE", cert.getEncoded(), false);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode certificate", e);
        }
    }

    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        write(file, "PRIVATE KEY", key.getEncoded(), true);
    }

    static X509Certificate readCertificate(Path file) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(decode(file, "CERTIFICATE")));
        } catch (CertificateException e) {
            throw new IOException(file + " does not hold a valid certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readEcPrivateKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode(file, "PRIVATE KEY")));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(file + " does not hold a valid EC private key: " + e.getMessage(), e);
        }
    }

    private static byte[] decode(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " is not a PEM " + type.toLowerCase() + " file");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " has a corrupt PEM body", e);
        }
    }

    private static void write(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
