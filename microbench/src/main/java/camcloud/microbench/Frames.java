package camcloud.microbench;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.h264.MalformedH264Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames both paths are measured on: a real H.264 stream like a camera's (640x360, 15 fps, about
 * 850 kbit/s, a keyframe every 2 s) made by ffmpeg's libx264 (ffmpeg must be installed); each access unit in its own direct buffer, as it lies in a connection's decrypted bytes.
 */
final class Frames {

    private Frames() {
    }

    static List<ByteBuf> load() throws IOException, InterruptedException, MalformedH264Exception {
        List<ByteBuf> frames = new ArrayList<>();
        for (AccessUnit unit : AccessUnitAssembler.assemble(x264())) {
            byte[] annexB = unit.toAnnexB();
            frames.add(Unpooled.directBuffer(annexB.length).writeBytes(annexB));
        }
        return frames;
    }

    /** Four seconds of ffmpeg's moving test picture with noise (so the encoder spends its bitrate: ~7.5 KB/frame). */
    private static byte[] x264() throws IOException, InterruptedException {
        Path out = Files.createTempFile("microbench-", ".h264");
        try {
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=640x360:rate=15,noise=alls=8:allf=t", "-t", "4", "-c:v", "libx264", "-profile:v", "main",
                    "-pix_fmt", "yuv420p", "-x264-params",
                    "keyint=30:bframes=0:bitrate=850:vbv-maxrate=850:vbv-bufsize=850", "-f", "h264", out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IOException("ffmpeg could not encode the test stream (exit " + p.exitValue() + ")");
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
