package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cloud's FirmwareStatus answer as the aligned text {@code firmware status} prints. */
class FirmwareStatusLinesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:05Z");

    @Test
    void anUpdateUnderWayShowsItsStepWithBytesAndTimeAndAnyError() throws Exception {
        assertThat(text("""
                {"serial":"CC-1","model":"xiaomi-yi-ants","online":true,"runningVersion":"1.0.0",
                 "targetVersion":"1.2.0","targetSetAt":"2026-01-01T09:58:00.250Z","state":"failed",
                 "pinnedKeyIds":["3f2a9c0d1e4b5a67","9d8e7f6a5b4c3d21"],
                 "lastProgress":{"version":"1.2.0","step":"UPDATE_STEP_WRITING_KERNEL","bytesDone":1048576,
                   "bytesTotal":3670080,"error":"kernel partition did not verify","reportedAt":"2026-01-01T10:00:02.900Z"}}
                """)).isEqualTo("""
                camera:      CC-1 (xiaomi-yi-ants)
                online:      yes
                running:     1.0.0
                target:      1.2.0, set 2026-01-01T09:58:00Z (2 min ago)
                state:       failed
                last step:   writing kernel (1.2.0), 1,048,576 of 3,670,080 bytes, 2026-01-01T10:00:02Z (3 s ago)
                error:       kernel partition did not verify
                pinned keys: 3f2a9c0d1e4b5a67, 9d8e7f6a5b4c3d21
                """);
    }

    @Test
    void aCameraThatNeverConnectedAndHasNoTargetSaysSoInWords() throws Exception {
        assertThat(text("""
                {"serial":"CC-2","model":"hi3518ev200-8m","online":false,"runningVersion":null,
                 "targetVersion":null,"targetSetAt":null,"state":"none","pinnedKeyIds":null}
                """)).isEqualTo("""
                camera:      CC-2 (hi3518ev200-8m)
                online:      no
                running:     unknown (it never connected)
                target:      none
                state:       none
                last step:   none reported
                pinned keys: unknown (provisioned before the cloud recorded them)
                """);
        assertThat(text("""
                {"serial":"CC-3","model":"m","online":false,"state":"none","pinnedKeyIds":[]}
                """)).contains("pinned keys: none (it accepts no update)\n");
    }

    @Test
    void whatTheCameraSaidCannotDriveTheOperatorsTerminal() throws Exception {
        String printed = text("""
                {"serial":"CC-4","model":"m","online":true,"runningVersion":"1.0.0\\u001b[2J","state":"failed",
                 "pinnedKeyIds":[],"lastProgress":{"version":"1.2.0","step":"UPDATE_STEP_REFUSED","bytesDone":0,
                 "bytesTotal":0,"error":"bad\\r\\u001b]0;owned\\u0007","reportedAt":"2026-01-01T10:00:00Z"}}
                """);
        assertThat(printed).doesNotContain("\u001b", "\r", "\u0007")
                .contains("running:     1.0.0?[2J\n", "error:       bad??]0;owned?\n");
    }

    private static String text(String json) throws Exception {
        StringWriter out = new StringWriter();
        FirmwareStatusLines.of(new ObjectMapper().readTree(json), NOW).printTo(new PrintWriter(out));
        return out.toString();
    }
}
