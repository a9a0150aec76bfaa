package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareCommandTest {

    @TempDir
    Path tmp;

    private static void assertOneLineError(FirmwareCli r, String contains) {
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).startsWith("error: ").contains(contains).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void modelsPrintsATableWithAHeaderAndTheIdFirst() {
        FirmwareCli r = FirmwareCli.run("models");
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0).split(" +")).containsExactly("ID", "SOC", "SENSOR", "WI-FI", "FLASH", "NAME");
        assertThat(lines.stream().skip(1).map(l -> l.split(" ")[0]))
                .containsExactly("ambarella-s2l-ov4689", "hi3516cv200-imx222", "hi3518ev200-8m",
                        "noname-hi3518e-wired", "xiaomi-yi-ants");
        // the README shows these lines as they print
        assertThat(lines).contains(
                "hi3518ev200-8m        Hi3518EV200    jxh62   rtl8188fu  8 MiB   No-name Hi3518EV200 cube, 8 MiB flash (Wi-Fi)",
                "xiaomi-yi-ants        Hi3518E        ov9732  mt7601     16 MiB  Xiaomi Yi Ants 720p (Wi-Fi)");
        int name = lines.get(0).indexOf("NAME");
        assertThat(lines).allSatisfy(l -> assertThat(l.charAt(name - 1)).isEqualTo(' '));
    }

    @Test
    void keygenBuildVerifyEndToEnd() throws IOException {
        Path keys = tmp.resolve("keys");
        FirmwareCli keygen = FirmwareCli.run("keygen", "--out", keys.toString(), "--name", "ci");
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        assertThat(keygen.out()).contains("key id");
        assertOneLineError(FirmwareCli.run("keygen", "--out", keys.toString(), "--name", "ci"), "already exists");

        Path out = tmp.resolve("out");
        FirmwareCli build = FirmwareCli.run("build", "--all-models", "--version", "1.2.3", "--min-version", "1.0.0", "--out",
                out.toString(), "--key", keys.resolve("ci.key").toString());
        assertThat(build.exit()).as(build.err()).isZero();
        Path bundle = out.resolve("xiaomi-yi-ants/xiaomi-yi-ants-1.2.3.bundle");
        assertThat(out.resolve("hi3518ev200-8m/hi3518ev200-8m-1.2.3.flash.bin")).hasSize(8L << 20);

        FirmwareCli verify = FirmwareCli.run("verify", bundle.toString(), "--trust", keys.resolve("ci.pub").toString(),
                "--model", "xiaomi-yi-ants", "--from-version", "1.1.0");
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK ").contains("version 1.2.3");

        assertOneLineError(FirmwareCli.run("verify", bundle.toString(), "--trust", keys.toString(), "--from-version", "1.2.3"),
                "downgrade refused");
        assertOneLineError(FirmwareCli.run("verify", bundle.toString(), "--trust", keys.toString(), "--model", "hi3518ev200-8m"),
                "not hi3518ev200-8m");

        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length / 2] ^= 1;
        Path tampered = tmp.resolve("tampered.bundle");
        Files.write(tampered, bytes);
        assertOneLineError(FirmwareCli.run("verify", tampered.toString(), "--trust", keys.toString()), "is corrupt");

        Path truncated = tmp.resolve("truncated.bundle");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(bundle), 1_000_000));
        assertOneLineError(FirmwareCli.run("verify", truncated.toString(), "--trust", keys.toString()), "truncated");

        Path otherKeys = tmp.resolve("other");
        FirmwareCli.run("keygen", "--out", otherKeys.toString(), "--name", "other");
        assertOneLineError(FirmwareCli.run("verify", bundle.toString(), "--trust", otherKeys.toString()), "unknown key");
    }

    @Test
    void badBuildInputIsOneLineAndLeavesNothing() throws IOException {
        Path keys = tmp.resolve("keys");
        FirmwareCli.run("keygen", "--out", keys.toString(), "--name", "ci");
        String key = keys.resolve("ci.key").toString();
        Path out = tmp.resolve("out");
        assertOneLineError(FirmwareCli.run("build", "--model", "nope", "--version", "1.0.0", "--out", out.toString(), "--key", key),
                "unknown camera model 'nope'");
        Path big = tmp.resolve("kernel.bin");
        Files.write(big, new byte[5 << 20]);
        assertOneLineError(FirmwareCli.run("build", "--model", "hi3518ev200-8m", "--version", "1.0.0", "--out", out.toString(),
                "--key", key, "--kernel", big.toString()), "bytes more than");
        Path models = Files.createDirectory(tmp.resolve("models"));
        Files.writeString(models.resolve("broken.properties"), "id=broken\nname=x\n");
        assertOneLineError(FirmwareCli.run("build", "--model", "broken", "--models", models.toString(), "--version", "1.0.0",
                "--out", out.toString(), "--key", key), "broken.properties");
        assertOneLineError(FirmwareCli.run("build", "--model", "xiaomi-yi-ants", "--version", "1.0.0", "--out", out.toString(),
                "--key", keys.resolve("ci.pub").toString()), "camcloud-signing-key");
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }
}
