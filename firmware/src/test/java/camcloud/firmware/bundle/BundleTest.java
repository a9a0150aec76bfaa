package camcloud.firmware.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.image.StandIn;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageArch;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageOs;
import camcloud.firmware.uimage.UImageType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {

    @TempDir
    Path tmp;

    private static final SigningKey KEY = SigningKey.generate();
    private static final CameraModel ANTS = CameraModels.builtIn().require("xiaomi-yi-ants");
    private static final byte[] KERNEL = UImage.create("camcloud test", UImageOs.LINUX, UImageArch.ARM,
            UImageType.KERNEL, UImageCompression.NONE, 0x80008000L, 0x80008000L, 0,
            StandIn.bytes("kernel", 300_000 - 64)).toBytes();
    private static final byte[] APP = StandIn.bytes("app", 500_000);

    private static List<BundleWriter.Content> parts() {
        return List.of(new BundleWriter.Content("kernel", "kernel", KERNEL),
                new BundleWriter.Content("app", "app", APP));
    }

    private static byte[] bundle(String model, String version, long min, SigningKey key) throws IOException {
        BundleManifest manifest = BundleWriter.manifest(model, FirmwareVersion.parse(version), min, key, parts());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, manifest, key, parts());
        return out.toByteArray();
    }

    private Path file(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(tmp, "b", ".bundle");
        Files.write(f, bytes);
        return f;
    }

    private BundleManifest verify(byte[] bytes) throws IOException {
        return BundleVerifier.verify(file(bytes), TrustStore.of(KEY.trustedKey()), CameraModels.builtIn());
    }

    @Test
    void streamsPartsAndVerifiesEachAtItsEnd() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.4.2", 1_000_000, KEY);
        try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(bytes), TrustStore.of(KEY.trustedKey()))) {
            BundleManifest m = reader.manifest();
            assertThat(m.model()).isEqualTo("xiaomi-yi-ants");
            assertThat(m.version().number()).isEqualTo(1_004_002);
            assertThat(m.minVersionNumber()).isEqualTo(1_000_000);
            assertThat(m.keyId()).isEqualTo(KEY.keyId()).hasSize(16);
            m.checkFits(ANTS);
            m.checkUpgradeFrom(1_004_001);
            assertThat(reader.nextPart().readAllBytes()).isEqualTo(KERNEL);
            assertThat(reader.nextPart().readAllBytes()).isEqualTo(APP);
            assertThat(reader.hasNextPart()).isFalse();
            reader.finish();
        }
    }

    @Test
    void chunksAreVerifiedBeforeTheyAreHandedOut() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        int kernelStart = bytes.length - APP.length - KERNEL.length;
        bytes[kernelStart + 3 * 65536 + 5] ^= 1; // chunk 3 of the kernel
        try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(bytes), TrustStore.of(KEY.trustedKey()))) {
            BundleReader.PartStream kernel = reader.nextPart();
            for (int i = 0; i < 3; i++) {
                assertThat(kernel.nextChunk()).isEqualTo(Arrays.copyOfRange(KERNEL, i * 65536, (i + 1) * 65536));
            }
            assertThatThrownBy(kernel::nextChunk).isInstanceOf(BundleException.class)
                    .hasMessageContaining("part kernel is corrupt: chunk 3 (bytes 196608..262143)");
        }
    }

    @Test
    void nextChunkReturnsTheWholePartThenNull() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(bytes), TrustStore.of(KEY.trustedKey()))) {
            ByteArrayOutputStream kernel = new ByteArrayOutputStream();
            BundleReader.PartStream part = reader.nextPart();
            for (byte[] c = part.nextChunk(); c != null; c = part.nextChunk()) {
                assertThat(c.length).isLessThanOrEqualTo(65536);
                kernel.write(c);
            }
            assertThat(kernel.toByteArray()).isEqualTo(KERNEL);
            assertThat(part.part().chunkHashes()).hasSize((KERNEL.length + 65535) / 65536);
            reader.nextPart().drain();
            reader.finish();
        }
    }

    @Test
    void emptyPartRoundTrips() throws IOException {
        List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("app", "app", new byte[0]));
        BundleManifest m = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.0.0"), 0, KEY, parts);
        assertThat(BundleManifest.parse(m.toBytes())).isEqualTo(m);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, m, KEY, parts);
        assertThat(verify(out.toByteArray()).parts().get(0).size()).isZero();
    }

    @Test
    void manifestRoundTripsAndIsHumanReadable() throws IOException {
        BundleManifest m = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.4.2-rc1"), 0, KEY, parts());
        assertThat(BundleManifest.parse(m.toBytes())).isEqualTo(m);
        assertThat(new String(m.toBytes(), StandardCharsets.UTF_8))
                .startsWith("format=camcloud-bundle/1\nmodel=xiaomi-yi-ants\nversion=1.4.2-rc1\nversionNumber=1004002\n")
                .contains("part.kernel.size=300000\n");
    }

    @Test
    void verifierAcceptsAGoodBundle() throws IOException {
        assertThat(verify(bundle("xiaomi-yi-ants", "1.0.0", 0, KEY)).parts()).hasSize(2);
    }

    @Test
    void tamperedPartIsNamed() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        bytes[bytes.length - APP.length - 10] ^= 1; // inside the kernel part
        assertThatThrownBy(() -> verify(bytes)).isInstanceOf(BundleException.class)
                .hasMessageContaining("part kernel is corrupt");
        byte[] bytes2 = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        bytes2[bytes2.length - 1] ^= 1;
        assertThatThrownBy(() -> verify(bytes2)).hasMessageContaining("part app is corrupt");
    }

    @Test
    void aKernelPartThatUBootWouldNotBootIsRefused() throws IOException {
        for (byte[] kernel : List.of(StandIn.bytes("not a uImage", 1000),
                UImage.create("gz", UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL, UImageCompression.GZIP, 0, 0,
                        0, new byte[100]).toBytes(),
                badDataCrc())) {
            List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("kernel", "kernel", kernel));
            BundleManifest m = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.0.0"), 0, KEY, parts);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BundleWriter.write(out, m, KEY, parts);
            assertThatThrownBy(() -> verify(out.toByteArray())).isInstanceOf(BundleException.class)
                    .hasMessageContaining("part kernel").hasMessageMatching(".*(Bad Magic|gzip|Bad Data CRC).*");
        }
    }

    private static byte[] badDataCrc() {
        byte[] k = KERNEL.clone();
        k[1000] ^= 1;
        return k;
    }

    @Test
    void tamperedManifestFailsTheSignature() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("version=1.0.0", "version=9.0.0");
        assertThatThrownBy(() -> verify(text.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(BundleException.class).hasMessageContaining("bad signature");
    }

    @Test
    void unknownKeyIsNamedWithTheTrustedOnes() throws IOException {
        SigningKey other = SigningKey.generate();
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, other);
        assertThatThrownBy(() -> verify(bytes)).isInstanceOf(BundleException.class)
                .hasMessageContaining("unknown key " + other.keyId()).hasMessageContaining(KEY.keyId());
    }

    @Test
    void rotatedKeysAreAllTrusted() throws IOException {
        SigningKey next = SigningKey.generate();
        TrustStore both = TrustStore.of(KEY.trustedKey(), next.trustedKey());
        for (SigningKey k : List.of(KEY, next)) {
            assertThat(BundleVerifier.verify(file(bundle("xiaomi-yi-ants", "1.0.0", 0, k)), both,
                    CameraModels.builtIn()).keyId()).isEqualTo(k.keyId());
        }
    }

    @Test
    void truncatedBundleSaysWhereItEnds() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        assertThatThrownBy(() -> verify(Arrays.copyOf(bytes, bytes.length - 1000)))
                .isInstanceOf(BundleException.class).hasMessageContaining("truncated")
                .hasMessageContaining("part app is missing its last 1000");
        assertThatThrownBy(() -> verify(Arrays.copyOf(bytes, 50))).hasMessageContaining("truncated in the manifest");
        assertThatThrownBy(() -> verify(new byte[0])).hasMessageContaining("truncated");
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        assertThatThrownBy(() -> verify(Arrays.copyOf(bytes, bytes.length + 7)))
                .hasMessageContaining("7 unexpected bytes");
    }

    @Test
    void notABundleIsSaidSo() throws IOException {
        assertThatThrownBy(() -> verify("hello world, definitely no bundle".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("bad magic");
    }

    @Test
    void wrongOrUnknownModelAndOversizedPartsAreRefused() throws IOException {
        assertThatThrownBy(() -> verify(bundle("no-such-camera", "1.0.0", 0, KEY)))
                .hasMessageContaining("unknown model 'no-such-camera'");
        BundleManifest m = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.0.0"), 0, KEY, parts());
        assertThatThrownBy(() -> m.checkFits(CameraModels.builtIn().require("hi3518ev200-8m")))
                .hasMessageContaining("not hi3518ev200-8m");
        BundleManifest huge = BundleWriter.manifest("hi3518ev200-8m", FirmwareVersion.parse("1.0.0"), 0, KEY,
                List.of(new BundleWriter.Content("kernel", "kernel", new byte[3648 * 1024 + 10])));
        assertThatThrownBy(() -> huge.checkFits(CameraModels.builtIn().require("hi3518ev200-8m")))
                .hasMessageContaining("part kernel").hasMessageContaining("10 bytes more");
        BundleManifest boot = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.0.0"), 0, KEY,
                List.of(new BundleWriter.Content("boot", "boot", new byte[10])));
        assertThatThrownBy(() -> boot.checkFits(ANTS)).hasMessageContaining("only kernel and app");
    }

    @Test
    void downgradeAndTooOldAreRefused() {
        BundleManifest m = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.4.2"), 1_002_000, KEY, parts());
        assertThatThrownBy(() -> m.checkUpgradeFrom(1_004_002)).hasMessageContaining("downgrade refused");
        assertThatThrownBy(() -> m.checkUpgradeFrom(2_000_000)).hasMessageContaining("downgrade refused");
        assertThatThrownBy(() -> m.checkUpgradeFrom(1_001_000)).hasMessageContaining("1002000 or later");
        m.checkUpgradeFrom(1_003_000);
    }

    @Test
    void partsMustBeReadToTheEndBeforeTheNext() throws IOException {
        byte[] bytes = bundle("xiaomi-yi-ants", "1.0.0", 0, KEY);
        try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(bytes), TrustStore.of(KEY.trustedKey()))) {
            reader.nextPart().readNBytes(10);
            assertThatThrownBy(reader::nextPart).hasMessageContaining("not read to its end");
            assertThatThrownBy(reader::finish).hasMessageContaining("not fully read");
        }
    }

    @Test
    void keysSurviveTheirFilesAndRefuseToBeOverwritten() throws IOException {
        SigningKey key = SigningKey.generate();
        Path priv = key.save(tmp, "ci");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)))
                .isEqualTo("rw-------");
        SigningKey loaded = SigningKey.load(priv);
        assertThat(loaded.keyId()).isEqualTo(key.keyId());
        TrustedKey pub = TrustedKey.load(tmp.resolve("ci.pub"));
        assertThat(pub).isEqualTo(key.trustedKey());
        byte[] data = "x".getBytes(StandardCharsets.US_ASCII);
        assertThat(pub.verifies(data, loaded.sign(data))).isTrue();
        assertThatThrownBy(() -> key.save(tmp, "ci")).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(TrustStore.load(List.of(tmp)).keyIds()).containsExactly(key.keyId());

        assertThatThrownBy(() -> SigningKey.load(tmp.resolve("ci.pub"))).isInstanceOf(BundleException.class)
                .hasMessageContaining("expected format=camcloud-signing-key/1");
        Path edited = tmp.resolve("edited.pub");
        Files.writeString(edited, Files.readString(tmp.resolve("ci.pub")).replace(key.keyId(), "0000000000000000"));
        assertThatThrownBy(() -> TrustedKey.load(edited)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> TrustedKey.load(tmp.resolve("absent.pub"))).hasMessageContaining("no such file");
        assertThatThrownBy(() -> TrustStore.load(List.of(Files.createDirectory(tmp.resolve("empty")))))
                .hasMessageContaining("no trusted keys");
    }

    @Test
    void versionsParseToMonotonicNumbers() {
        assertThat(FirmwareVersion.parse("0.0.1").number()).isEqualTo(1);
        assertThat(FirmwareVersion.parse("1.10.0")).isGreaterThan(FirmwareVersion.parse("1.9.999"));
        assertThatThrownBy(() -> FirmwareVersion.parse("1.2")).hasMessageContaining("1.4.2");
        assertThatThrownBy(() -> FirmwareVersion.parse("1.2.3/../x")).isInstanceOf(BundleException.class);
        assertThatThrownBy(() -> FirmwareVersion.parse(null)).isInstanceOf(BundleException.class);
    }

    @Test
    void aVersionNumberReadsBackAsTheVersionItStandsFor() {
        assertThat(FirmwareVersion.ofNumber(1_002_003)).isEqualTo(FirmwareVersion.parse("1.2.3"));
        assertThat(FirmwareVersion.ofNumber(0).text()).isEqualTo("0.0.0");
        assertThatThrownBy(() -> FirmwareVersion.ofNumber(-1)).isInstanceOf(BundleException.class);
        assertThatThrownBy(() -> FirmwareVersion.ofNumber(1_000_000_000)).isInstanceOf(BundleException.class);
    }
}
