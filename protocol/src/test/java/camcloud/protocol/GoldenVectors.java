package camcloud.protocol;

import camcloud.protocol.v1.ApplySettings;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.CameraStatus;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.DayNightMode;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.EventAck;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.GapKind;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.HeartbeatAck;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.LedState;
import camcloud.protocol.v1.LiveDemand;
import camcloud.protocol.v1.MediaAck;
import camcloud.protocol.v1.MediaGap;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.Ping;
import camcloud.protocol.v1.PtzMove;
import camcloud.protocol.v1.PtzPreset;
import camcloud.protocol.v1.ProvisionChallenge;
import camcloud.protocol.v1.ProvisionHello;
import camcloud.protocol.v1.ProvisionRequest;
import camcloud.protocol.v1.ProvisionResult;
import camcloud.protocol.v1.Reboot;
import camcloud.protocol.v1.StreamConfig;
import camcloud.protocol.v1.UpdateProgress;
import camcloud.protocol.v1.UpdateStep;
import camcloud.protocol.v1.Welcome;
import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/**
 * The catalogue of golden vectors: one whole frame per message kind, built from fixed field values.
 * The files under {@code src/test/resources/golden/} are these frames as {@link FrameWriter} wrote
 * them when the schema last changed on purpose; {@link GoldenVectorTest} checks both directions.
 *
 * <p>Map entries are inserted in key order: protobuf-java writes maps in insertion order, so the
 * bytes stay stable.
 */
final class GoldenVectors {

    /** One golden frame: {@code name}.hex holds {@code header} framed with {@code payload}. */
    record Vector(String name, Envelope header, byte[] payload) {

        String fileName() {
            return name + ".hex";
        }

        /** The whole frame exactly as {@link FrameWriter} and {@link FrameEncoder} put it on the wire. */
        byte[] encode() {
            ByteBuf prefix = new FrameWriter(FrameLimits.DEFAULT)
                    .prefix(UnpooledByteBufAllocator.DEFAULT, header, payload.length);
            try {
                byte[] out = new byte[prefix.readableBytes() + payload.length];
                prefix.getBytes(prefix.readerIndex(), out, 0, prefix.readableBytes());
                System.arraycopy(payload, 0, out, prefix.readableBytes(), payload.length);
                return out;
            } finally {
                prefix.release();
            }
        }

        /** The file text: a readable description in comment lines, then the bytes in hex. */
        String fileText() {
            byte[] frame = encode();
            StringBuilder text = new StringBuilder();
            text.append("# camcloud protocol v").append(ProtocolVersion.CURRENT)
                    .append(" golden frame: ").append(name).append('\n');
            text.append("# Written by GoldenVectorTest with -Dgolden.regenerate=true; see protocol/README.md.\n");
            text.append("# frame_length=").append(frame.length - 4)
                    .append(" header_length=").append(header.getSerializedSize())
                    .append(" payload_length=").append(payload.length).append('\n');
            text.append("# Envelope:\n");
            for (String line : TextFormat.printer().printToString(header).split("\n")) {
                text.append("#   ").append(line).append('\n');
            }
            if (payload.length > 0) {
                text.append("# payload: ").append(ByteBufUtil.hexDump(payload)).append('\n');
            }
            for (int i = 0; i < frame.length; i += 16) {
                ByteBuf line = Unpooled.wrappedBuffer(frame, i, Math.min(16, frame.length - i));
                text.append(ByteBufUtil.hexDump(line).replaceAll("(..)(?!$)", "$1 ")).append('\n');
            }
            return text.toString();
        }
    }

    /** Parses a golden file: comment lines start with {@code #}, the rest is hex with any whitespace. */
    static byte[] parseHex(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                hex.append(line.replaceAll("\\s", ""));
            }
        }
        return ByteBufUtil.decodeHexDump(hex);
    }

    static final long CAMERA_TIME_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long SERVER_TIME_MS = 1_767_225_600_250L;

    static List<Vector> all() {
        return List.of(
                control("hello", Envelope.newBuilder().setHello(Hello.newBuilder()
                        .setProtocolVersion(1)
                        .setSerial("CC1-000042")
                        .setModel("cc-dome-1")
                        .setFirmwareVersion("1.4.2")
                        .addCapabilities("h264")
                        .addCapabilities("snapshot")
                        .setBootId(0x1122334455667788L)
                        .setUptimeMs(93_000)
                        .setCameraTimeMs(CAMERA_TIME_MS))),
                control("welcome", Envelope.newBuilder().setWelcome(Welcome.newBuilder()
                        .setProtocolVersion(1)
                        .setSessionId("s-7f3a9c")
                        .setServerTimeMs(SERVER_TIME_MS)
                        .setHeartbeatIntervalMs(15_000)
                        .setHeartbeatTolerance(3)
                        .putSettings("video.bitrate_kbps", "2000")
                        .putSettings("video.fps", "25")
                        .addCapabilities("h264")
                        .setTargetFirmware("1.5.0"))),
                control("heartbeat", Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .setSequence(7)
                        .setCameraTimeMs(CAMERA_TIME_MS + 105_000)
                        .setUptimeMs(198_000))),
                control("heartbeat_ack", Envelope.newBuilder().setHeartbeatAck(HeartbeatAck.newBuilder()
                        .setSequence(7)
                        .setServerTimeMs(SERVER_TIME_MS + 105_000))),
                control("camera_status", Envelope.newBuilder().setStatus(CameraStatus.newBuilder()
                        .setLed(LedState.LED_STATE_ONLINE)
                        .setUptimeMs(95_000)
                        .setNetwork("wifi")
                        .setWifiRssiDbm(-61) // negative int32: a 10-byte varint on the wire
                        .setFreeMemoryBytes(12_582_912)
                        .putSettings("video.fps", "25"))),
                control("command_ping", Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(1)
                        .setPing(Ping.getDefaultInstance()))),
                control("command_reboot", Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(2)
                        .setReboot(Reboot.getDefaultInstance()))),
                control("command_apply_settings", Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(3)
                        .setApplySettings(ApplySettings.newBuilder()
                                .putSettings("image.flip", "true")
                                .putSettings("video.bitrate_kbps", "1500")))),
                control("command_ack", Envelope.newBuilder().setCommandAck(CommandAck.newBuilder()
                        .setId(3)
                        .setResult(CommandAck.Result.RESULT_REJECTED)
                        .setMessage("video.bitrate_kbps out of range"))),
                control("goodbye", Envelope.newBuilder().setGoodbye(Goodbye.newBuilder()
                        .setReason(Goodbye.Reason.REASON_REBOOT)
                        .setDetail("reboot command 2"))),
                control("provision_hello", Envelope.newBuilder().setProvisionHello(ProvisionHello.newBuilder()
                        .setProtocolVersion(1)
                        .setClientNonce(pattern(16, 0x10)))),
                control("provision_challenge", Envelope.newBuilder().setProvisionChallenge(ProvisionChallenge.newBuilder()
                        .setServerNonce(pattern(16, 0x20))
                        .setPlatformCa(pattern(40, 0x30)) // stands for a DER certificate; only the framing matters here
                        .setServerProof(pattern(32, 0x80)))),
                control("provision_request", Envelope.newBuilder().setProvisionRequest(ProvisionRequest.newBuilder()
                        .setSerial("CC1-000042")
                        .setMac("02:00:5e:10:00:2a")
                        .setModel("cc-dome-1")
                        .setPublicKey(pattern(33, 0x40))
                        .setClientProof(pattern(32, 0xa0)))),
                control("provision_result", Envelope.newBuilder().setProvisionResult(ProvisionResult.newBuilder()
                        .setDeviceCertificate(pattern(48, 0x50))
                        .setClaimCode("K7QX-M2PD"))),
                control("provision_result_with_keys", Envelope.newBuilder().setProvisionResult(ProvisionResult.newBuilder()
                        .setDeviceCertificate(pattern(48, 0x50))
                        .setClaimCode("K7QX-M2PD")
                        .addOfferKeys(pattern(44, 0x30)) // stands for an Ed25519 SubjectPublicKeyInfo
                        .addBundleKeys(pattern(44, 0x60))
                        .addBundleKeys(pattern(44, 0x90)))),
                control("stream_config", Envelope.newBuilder().setStreamConfig(StreamConfig.newBuilder()
                        .setStreamId(1)
                        .setCodec("h264")
                        .setWidth(1280)
                        .setHeight(720)
                        .setFps(25)
                        .setSps(pattern(12, 0x67))
                        .setPps(pattern(4, 0x68)))),
                new Vector("media_unit", Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                        .setStreamId(1)
                        .setSequence(4242)
                        .setCaptureMonotonicUs(86_400_000_123L)
                        .setCaptureWallMs(CAMERA_TIME_MS)
                        .setKeyframe(true)).build(),
                        new byte[] {0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x21, (byte) 0xff}),
                control("firmware_check", Envelope.newBuilder().setFirmwareCheck(FirmwareCheck.newBuilder()
                        .setRunningVersion("1.4.2")
                        .setRunningVersionNumber(1_004_002)
                        .setRecovering(true))),
                control("firmware_offer", Envelope.newBuilder().setFirmwareOffer(FirmwareOffer.newBuilder()
                        .setSerial("CC1-000042")
                        .setModel("cc-dome-1")
                        .setVersion("1.5.0")
                        .setVersionNumber(1_005_000)
                        .setBundleUrl("https://cloud.example/api/firmware/download/cc-dome-1/1.5.0?t=abc")
                        .setBundleSha256(pattern(32, 0x60))
                        .setBundleSize(9_437_600)
                        .setIssuedAtMs(SERVER_TIME_MS)
                        .setExpiresAtMs(SERVER_TIME_MS + 3_600_000)
                        .setKeyId("64e6571822dfbe6e")
                        .setSignature(pattern(64, 0x90)))),
                control("update_progress", Envelope.newBuilder().setUpdateProgress(UpdateProgress.newBuilder()
                        .setVersion("1.5.0")
                        .setStep(UpdateStep.UPDATE_STEP_WRITING_KERNEL)
                        .setBytesDone(1_048_576)
                        .setBytesTotal(3_670_080)
                        .setError(""))),
                control("media_ack", Envelope.newBuilder().setMediaAck(MediaAck.newBuilder()
                        .setStreamId(1)
                        .setPersistedSequence(4242))),
                control("media_gap", Envelope.newBuilder().setMediaGap(MediaGap.newBuilder()
                        .setStreamId(1)
                        .setFirstSequence(100)
                        .setLastSequence(174)
                        .setFirstCaptureMonotonicUs(4_000_000)
                        .setLastCaptureMonotonicUs(6_960_000)
                        .setReason("upload buffer full"))),
                control("media_gap_idle", Envelope.newBuilder().setMediaGap(MediaGap.newBuilder()
                        .setStreamId(1)
                        .setFirstSequence(200)
                        .setLastSequence(259)
                        .setFirstCaptureMonotonicUs(10_000_000)
                        .setLastCaptureMonotonicUs(13_933_000)
                        .setReason("no event")
                        .setKind(GapKind.GAP_KIND_IDLE))),
                new Vector("media_unit_live_only", Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                        .setStreamId(1)
                        .setSequence(4243)
                        .setCaptureMonotonicUs(86_400_066_789L)
                        .setCaptureWallMs(CAMERA_TIME_MS + 67)
                        .setLiveOnly(true)).build(),
                        new byte[] {0, 0, 0, 1, 0x41, (byte) 0x9a, 0x02, 0x11}),
                control("live_demand", Envelope.newBuilder().setLiveDemand(LiveDemand.newBuilder()
                        .setStreamId(1)
                        .setWanted(true))),
                control("command_ptz_move", Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(4)
                        .setPtzMove(PtzMove.newBuilder()
                                .setPanDeg(-12.5)
                                .setTiltDeg(30)
                                .setSpeedDegPerS(45)))),
                control("command_ptz_preset", Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(5)
                        .setPtzPreset(PtzPreset.newBuilder()
                                .setAction(PtzPreset.Action.ACTION_GOTO)
                                .setName("door")))),
                control("command_day_night", Envelope.newBuilder().setCommand(Command.newBuilder()
                        .setId(6)
                        .setDayNight(DayNightMode.newBuilder().setMode(DayNightMode.Mode.MODE_NIGHT)))),
                control("command_ack_with_state", Envelope.newBuilder().setCommandAck(CommandAck.newBuilder()
                        .setId(4)
                        .setResult(CommandAck.Result.RESULT_OK)
                        .setMessage("moving")
                        .putState("ptz.pan_deg", "-12.5")
                        .putState("ptz.tilt_deg", "30"))),
                // START carries the JPEG snapshot as the payload (here only its first bytes).
                new Vector("camera_event_start", Envelope.newBuilder().setCameraEvent(CameraEvent.newBuilder()
                        .setEventId("1122334455667788-7")
                        .setPhase(CameraEvent.Phase.PHASE_START)
                        .setType("motion")
                        .setZone("door")
                        .setStartMonotonicUs(86_410_000_000L)
                        .setStartWallMs(CAMERA_TIME_MS + 10_000)
                        .setScore(0.125f)
                        .setSnapshotType("image/jpeg")).build(),
                        new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}),
                control("camera_event_end", Envelope.newBuilder().setCameraEvent(CameraEvent.newBuilder()
                        .setEventId("1122334455667788-8")
                        .setPhase(CameraEvent.Phase.PHASE_END)
                        .setType("day_night")
                        .setStartMonotonicUs(86_420_000_000L)
                        .setStartWallMs(CAMERA_TIME_MS + 20_000)
                        .setEndMonotonicUs(86_420_000_000L)
                        .setEndWallMs(CAMERA_TIME_MS + 20_000)
                        .putDetails("state", "night"))),
                control("event_ack", Envelope.newBuilder().setEventAck(EventAck.newBuilder()
                        .setEventId("1122334455667788-7")
                        .setPhase(CameraEvent.Phase.PHASE_START))),
                // A control header may carry a raw payload too; receivers that expect none ignore it.
                new Vector("payload_frame", Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .setSequence(8)).build(),
                        new byte[] {0, 0, 0, 1, 0x09, (byte) 0xf0, 0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84,
                            0x00, 0x21, (byte) 0xff}));
    }

    private static Vector control(String name, Envelope.Builder header) {
        return new Vector(name, header.build(), new byte[0]);
    }

    /** {@code length} bytes counting up from {@code first}: recognisable in a hex dump. */
    private static ByteString pattern(int length, int first) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (first + i);
        }
        return ByteString.copyFrom(bytes);
    }

    private GoldenVectors() {
    }
}
