package camcloud.cli.camera;

import camcloud.device.agent.AgentSettings;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The video flags shared by {@code camera} and {@code demo}: what the cameras show and how much
 * unacknowledged video their agents keep. Every value is checked before anything starts, and a bad
 * one stops the command with a message naming the flag and the value.
 */
public final class VideoOptions {

    private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})([KkMm]?)");

    @Option(names = "--source", paramLabel = "synthetic|scene[:SCRIPT]|file:PATH", defaultValue = "synthetic",
            description = "What the camera shows: 'synthetic' (a generated H.264 scene with moving objects under a "
                    + "clock showing the capture time, encoded once and replayed: cheap), "
                    + "'scene' or 'scene:SCRIPTFILE' (a world seen through a pan/tilt head, encoded live, that follows "
                    + "PTZ, image and day/night commands; the script times objects, lights and noises — see the "
                    + "README; costs a JCodec encode per frame, --resolution 1280x720, 640x360 or 320x180, --fps up "
                    + "to 30) "
                    + "or 'file:PATH' (real footage: an H.264 Annex B stream or an MP4, played in a loop). "
                    + "Default: ${DEFAULT-VALUE}")
    String source;

    @Option(names = "--resolution", paramLabel = "WxH", defaultValue = "640x360",
            description = "Picture size of the synthetic scene. Default: ${DEFAULT-VALUE}")
    String resolution;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "15",
            description = "Frame rate of the synthetic scene. Default: ${DEFAULT-VALUE}")
    int fps;

    @Option(names = "--bitrate", paramLabel = "KBIT/S", defaultValue = "800",
            description = "Target average bitrate of the synthetic scene. Default: ${DEFAULT-VALUE}")
    int bitrateKbps;

    @Option(names = "--upload-buffer", paramLabel = "SIZE", defaultValue = "4M",
            description = "Unacknowledged video the agent keeps in RAM to bridge outages (bytes, or with K or M). "
                    + "Default: ${DEFAULT-VALUE}")
    String uploadBuffer;

    /** The parsed {@code --source}, with the synthetic scene from {@code --resolution --fps --bitrate}. */
    public VideoSourceSpec source() {
        return VideoSourceSpec.parse(source, scene());
    }

    /** True when {@code --source} is the replayed synthetic loop (the default). */
    public boolean synthetic() {
        return "synthetic".equals(source);
    }

    /** {@code settings} with the upload buffer of {@code --upload-buffer}. */
    public AgentSettings applyTo(AgentSettings settings) {
        try {
            return settings.withUploadBufferBytes(uploadBufferBytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--upload-buffer " + uploadBuffer + ": " + e.getMessage(), e);
        }
    }

    private long uploadBufferBytes() {
        Matcher m = SIZE.matcher(uploadBuffer.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--upload-buffer must be a size such as 4M, 512K or 1048576, was '"
                    + uploadBuffer + "'");
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value;
        };
    }

    private SceneSettings scene() {
        Matcher m = RESOLUTION.matcher(resolution.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--resolution must be WIDTHxHEIGHT such as 640x360, was '"
                    + resolution + "'");
        }
        try {
            return new SceneSettings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), fps, bitrateKbps,
                    Math.max(1, 2 * fps), 4);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--resolution " + resolution + " --fps " + fps + " --bitrate "
                    + bitrateKbps + ": " + e.getMessage(), e);
        }
    }
}
