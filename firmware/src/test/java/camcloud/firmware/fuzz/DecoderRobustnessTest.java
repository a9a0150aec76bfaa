package camcloud.firmware.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.firmware.bundle.BundleException;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleReader;
import camcloud.firmware.bundle.BundleWriter;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.env.EnvFormatException;
import camcloud.firmware.env.RedundantEnvironment;
import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.layout.FlashLayout;
import camcloud.firmware.layout.LayoutException;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageArch;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageFormatException;
import camcloud.firmware.uimage.UImageOs;
import camcloud.firmware.uimage.UImageType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoders of untrusted bytes (flash contents, downloaded bundles, model text) may only fail with
 * their own exception: mutated and random inputs never escape as NPE, IndexOutOfBounds & co.
 */
class DecoderRobustnessTest {

    private static final int ROUNDS = 3000;

    private static byte[] mutate(byte[] good, Random random) {
        byte[] b = random.nextInt(4) == 0 ? java.util.Arrays.copyOf(good, random.nextInt(good.length + 1)) : good.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }

    @Test
    void environmentBlocks() {
        Random random = new Random(1);
        byte[] good = UBootEnvironment.encode(Map.of("a", "1", "bootcmd", "bootm"), 256);
        byte[] goodRedundant = RedundantEnvironment.encode(Map.of("a", "1"), 256, 3);
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = mutate(good, random);
            try {
                UBootEnvironment.decode(b);
            } catch (EnvFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            try {
                RedundantEnvironment.select(mutate(goodRedundant, random), mutate(goodRedundant, random));
            } catch (EnvFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void uImages() {
        Random random = new Random(2);
        byte[] good = UImage.create("k", UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL, UImageCompression.NONE,
                0, 0, 0, new byte[500]).toBytes();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = mutate(good, random);
            assertThat(UImage.check(b, 0, b.length).message()).isNotBlank();
            try {
                UImage.decode(b);
            } catch (UImageFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void mtdparts() {
        Random random = new Random(3);
        String alphabet = "0123456789xKMG-@(),:;ro_abc ";
        for (int i = 0; i < ROUNDS; i++) {
            StringBuilder sb = new StringBuilder("hi_sfc:");
            int n = random.nextInt(40);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                FlashLayout.parse(sb.toString(), 16L << 20, 65536);
            } catch (LayoutException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void bundles() throws IOException {
        Random random = new Random(4);
        SigningKey key = SigningKey.generate();
        List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("kernel", "kernel", new byte[300]));
        BundleManifest manifest = BundleWriter.manifest("xiaomi-yi-ants", FirmwareVersion.parse("1.0.0"), 0, key, parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, manifest, key, parts);
        byte[] good = out.toByteArray();
        TrustStore trust = TrustStore.of(key.trustedKey());
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = mutate(good, random);
            try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(b), trust)) {
                while (reader.hasNextPart()) {
                    reader.nextPart().drain();
                }
                reader.finish();
            } catch (BundleException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            try {
                BundleManifest.parse(mutate(manifest.toBytes(), random));
            } catch (BundleException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
