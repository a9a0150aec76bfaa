package camcloud.firmware.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.checkers.EnvChecker;
import camcloud.firmware.checkers.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UBootEnvironmentTest {

    @TempDir
    Path tmp;

    private static Map<String, String> reference() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("bootargs", "mem=38M console=ttyAMA0,115200 rootfstype=ramfs "
                + "mtdparts=hi_sfc:256K(boot),64K(tech),4096K(kernel),8192K(app),-(config) hw_type=101");
        vars.put("bootcmd", "sf probe 0; sf read 0x82000000 0x50000 0x400000; bootm 0x82000000; "
                + "setenv bootargs ${bootargs} bkp=1; sf read 0x82000000 0x450000 0x400000; bootm 0x82000000");
        vars.put("bootdelay", "1");
        vars.put("verify", "y");
        return vars;
    }

    @Test
    void roundTripsInInsertionOrder() {
        byte[] block = UBootEnvironment.encode(reference(), 0x10000);
        assertThat(block).hasSize(0x10000);
        Map<String, String> back = UBootEnvironment.decode(block);
        assertThat(back).containsExactlyEntriesOf(reference());
    }

    @Test
    void fwPrintenvReadsWhatWeWrite() {
        for (byte pad : new byte[] {0x00, (byte) 0xFF}) {
            byte[] block = UBootEnvironment.encode(reference(), 0x10000, pad);
            assertThat(EnvChecker.printenv(block, tmp)).containsExactlyInAnyOrderEntriesOf(reference());
        }
    }

    @Test
    void readsWhatMkenvimageWrites() throws Exception {
        ExternalTool mkenvimage = ExternalTool.require("mkenvimage", "u-boot-tools");
        Path text = tmp.resolve("env.txt");
        Path out = tmp.resolve("env.bin");
        StringBuilder sb = new StringBuilder();
        reference().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(text, sb);
        ExternalTool.Result r = mkenvimage.run("-s", "0x10000", "-o", out.toString(), text.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        byte[] theirs = Files.readAllBytes(out);
        assertThat(UBootEnvironment.decode(theirs)).containsExactlyEntriesOf(reference());
        assertThat(UBootEnvironment.encode(reference(), 0x10000, (byte) 0xFF)).isEqualTo(theirs);
    }

    @Test
    void redundantCopiesAreReadByFwPrintenvAndSelectedByFlag() throws Exception {
        Map<String, String> old = Map.of("version", "old");
        Map<String, String> current = Map.of("version", "new");
        byte[] a = RedundantEnvironment.encode(old, 0x4000, 1);
        byte[] b = RedundantEnvironment.encode(current, 0x4000, 2);
        assertThat(RedundantEnvironment.select(a, b).vars()).isEqualTo(current);
        assertThat(RedundantEnvironment.select(b, a).vars()).isEqualTo(current);
        assertThat(EnvChecker.printenv(a, b, tmp)).containsExactlyEntriesOf(current);
        assertThat(EnvChecker.printenv(b, a, tmp)).containsExactlyEntriesOf(current);

        // wrap-around: 0 after 255 is newer
        byte[] wrapped = RedundantEnvironment.encode(current, 0x4000, 0);
        byte[] prev = RedundantEnvironment.encode(old, 0x4000, 255);
        assertThat(RedundantEnvironment.select(prev, wrapped).vars()).isEqualTo(current);

        // a torn write of the newer copy falls back to the older one
        byte[] torn = b.clone();
        Arrays.fill(torn, 100, torn.length, (byte) 0xFF);
        assertThat(RedundantEnvironment.select(a, torn).vars()).isEqualTo(old);
        assertThat(EnvChecker.printenv(a, torn, tmp)).containsExactlyEntriesOf(old);
    }

    @Test
    void redundantCopyRoundTrips() {
        byte[] block = RedundantEnvironment.encode(reference(), 0x10000, 7, (byte) 0xFF);
        RedundantEnvironment.Copy copy = RedundantEnvironment.decode(block);
        assertThat(copy.flags()).isEqualTo(7);
        assertThat(copy.vars()).containsExactlyEntriesOf(reference());
    }

    @Test
    void erasedBlockIsAClearError() {
        byte[] erased = new byte[0x10000];
        Arrays.fill(erased, (byte) 0xFF);
        assertThatThrownBy(() -> UBootEnvironment.decode(erased)).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("erased");
        assertThatThrownBy(() -> RedundantEnvironment.select(erased, erased)).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("both");
    }

    @Test
    void badCrcIsAClearError() {
        byte[] block = UBootEnvironment.encode(reference(), 0x1000);
        block[10] ^= 1;
        assertThatThrownBy(() -> UBootEnvironment.decode(block)).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("CRC mismatch");
    }

    @Test
    void malformedButCorrectlyCheckedDataIsAClearError() {
        byte[] data = "novalue\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] block = new byte[4 + data.length];
        System.arraycopy(data, 0, block, 4, data.length);
        UBootEnvironment.putCrc(block, 0, UBootEnvironment.crc(data));
        assertThatThrownBy(() -> UBootEnvironment.decode(block)).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("no '='");

        byte[] unterminated = new byte[12];
        Arrays.fill(unterminated, 4, 12, (byte) 'a');
        UBootEnvironment.putCrc(unterminated, 0, UBootEnvironment.crc(Arrays.copyOfRange(unterminated, 4, 12)));
        assertThatThrownBy(() -> UBootEnvironment.decode(unterminated)).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("without a NUL");

        assertThatThrownBy(() -> UBootEnvironment.decode(new byte[3])).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("too small");
        assertThatThrownBy(() -> UBootEnvironment.decode(null)).isInstanceOf(EnvFormatException.class);
    }

    @Test
    void refusesWhatDoesNotFitAndSaysByHowMuch() {
        Map<String, String> vars = Map.of("k", "x".repeat(100));
        assertThatThrownBy(() -> UBootEnvironment.encode(vars, 64)).isInstanceOf(EnvFormatException.class)
                .hasMessageContaining("bytes too many");
        assertThatThrownBy(() -> UBootEnvironment.encode(Map.of("a=b", "c"), 64))
                .isInstanceOf(EnvFormatException.class).hasMessageContaining("'='");
    }

    @Test
    void emptyEnvironmentRoundTrips() {
        assertThat(UBootEnvironment.decode(UBootEnvironment.encode(Map.of(), 256))).isEmpty();
    }
}
