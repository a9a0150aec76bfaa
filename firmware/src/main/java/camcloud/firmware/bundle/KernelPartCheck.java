package camcloud.firmware.bundle;

import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageFormatException;
import camcloud.firmware.uimage.UImageHeader;
import camcloud.firmware.uimage.UImageType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * Checks, while streaming, that a bundle's kernel part is what U-Boot's first {@code bootm} will
 * accept: a legacy uImage whose header and data CRCs hold, of type kernel, uncompressed, and
 * exactly as long as the part. A signed bundle with a broken kernel would still be refused here
 * rather than be published and fall back to the backup on every camera.
 */
final class KernelPartCheck {

    private KernelPartCheck() {
    }

    /** Reads {@code part} to its end. */
    static void check(String name, long size, InputStream part) throws IOException {
        byte[] head = part.readNBytes(UImageHeader.SIZE);
        UImageHeader header;
        try {
            header = UImageHeader.parse(head, 0);
        } catch (UImageFormatException e) {
            part.transferTo(OutputSink.INSTANCE);
            throw new BundleException("part " + name + " is not a bootable uImage: " + e.getMessage());
        }
        CRC32 crc = new CRC32();
        byte[] buf = new byte[64 * 1024];
        for (int n = part.read(buf); n >= 0; n = part.read(buf)) {
            crc.update(buf, 0, n);
        }
        if (header.type() != UImageType.KERNEL || header.compression() != UImageCompression.NONE) {
            throw new BundleException("part " + name + " is a " + header.type().mkimageName() + " uImage with "
                    + header.compression().mkimageName() + " compression; expected an uncompressed kernel");
        }
        if (header.imageSize() != size) {
            throw new BundleException("part " + name + " is " + size + " bytes but its uImage header says "
                    + header.imageSize());
        }
        if (crc.getValue() != header.dataCrc()) {
            throw new BundleException(String.format("part %s is not a bootable uImage: Bad Data CRC: stored 0x%08x, "
                    + "computed 0x%08x", name, header.dataCrc(), crc.getValue()));
        }
    }

    /** Discards bytes. */
    private static final class OutputSink extends OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
