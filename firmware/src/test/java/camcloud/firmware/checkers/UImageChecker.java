package camcloud.firmware.checkers;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.firmware.uimage.UImageHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks a uImage with Debian's {@code mkimage -l} and {@code dumpimage}, which are U-Boot's own
 * code: if they disagree with our header, U-Boot would too.
 */
public final class UImageChecker {

    private UImageChecker() {
    }

    /**
     * Lists the uImage at the start of {@code region} with {@code mkimage -l} and {@code dumpimage -l},
     * extracts its data with {@code dumpimage} and compares it with the data we wrote.
     *
     * @return the {@code mkimage -l} listing, for further assertions
     */
    public static String check(byte[] region, Path tempDir) {
        ExternalTool mkimage = ExternalTool.require("mkimage", "u-boot-tools");
        ExternalTool dumpimage = ExternalTool.require("dumpimage", "u-boot-tools");
        // mkimage -l misreads an image followed by flash padding: cut it to header + data first.
        long dataSize = Integer.toUnsignedLong(ByteBuffer.wrap(region, 12, 4).getInt());
        assertThat(UImageHeader.SIZE + dataSize).as("uImage size").isLessThanOrEqualTo(region.length);
        byte[] image = Arrays.copyOf(region, (int) (UImageHeader.SIZE + dataSize));
        try {
            Path file = Files.createTempFile(tempDir, "image", ".uImage");
            Files.write(file, image);
            ExternalTool.Result listing = mkimage.run("-l", file.toString());
            assertThat(listing.exitCode()).as("mkimage -l exit code; output:%n%s", listing.output()).isZero();
            ExternalTool.Result dumpListing = dumpimage.run("-l", file.toString());
            assertThat(dumpListing.exitCode()).as("dumpimage -l exit code; output:%n%s", dumpListing.output()).isZero();
            assertThat(dumpListing.output()).contains("Data Size:    " + dataSize + " Bytes");
            Path extracted = tempDir.resolve(file.getFileName() + ".data");
            ExternalTool.Result dump = dumpimage.run("-T", "kernel", "-p", "0", "-o", extracted.toString(),
                    file.toString());
            assertThat(dump.exitCode()).as("dumpimage extract exit code; output:%n%s", dump.output()).isZero();
            assertThat(Files.readAllBytes(extracted)).as("data extracted by dumpimage")
                    .isEqualTo(Arrays.copyOfRange(image, UImageHeader.SIZE, image.length));
            return listing.output();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
