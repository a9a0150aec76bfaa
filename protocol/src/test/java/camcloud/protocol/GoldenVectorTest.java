package camcloud.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.GoldenVectors.Vector;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the encoding: every frame of {@link GoldenVectors} must equal its checked-in file byte for
 * byte, and every file must decode back to the same fields. A failure here means the bytes on the
 * wire changed, which breaks cameras in the field unless it was deliberate (see protocol/README.md).
 */
class GoldenVectorTest {

    static List<Vector> vectors() {
        return GoldenVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void writerProducesTheGoldenBytes(Vector vector) throws IOException {
        byte[] golden = golden(vector);
        assertThat(ByteBufUtil.hexDump(vector.encode()))
                .as("bytes of %s; if the schema changed on purpose, regenerate (protocol/README.md)", vector.fileName())
                .isEqualTo(ByteBufUtil.hexDump(golden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void goldenBytesDecodeToTheFields(Vector vector) throws IOException {
        ByteBuf in = Unpooled.wrappedBuffer(golden(vector));
        FrameReader.Result result = new FrameReader(FrameLimits.DEFAULT).read(in);

        assertThat(result).isInstanceOf(FrameReader.Result.Decoded.class);
        Frame frame = ((FrameReader.Result.Decoded) result).frame();
        try {
            assertThat(frame.kind()).isEqualTo(vector.header().getBodyCase());
            assertThat(frame.header()).isEqualTo(vector.header());
            assertThat(frame.header().getUnknownFields().asMap()).isEmpty();
            assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(vector.payload());
            assertThat(in.isReadable()).as("bytes left after the frame").isFalse();
        } finally {
            frame.release();
            in.release();
        }
    }

    @Test
    void spotCheckDecodedFieldsAgainstTheSchema() throws IOException {
        Envelope hello = decodeHeader("hello");
        assertThat(hello.getHello().getSerial()).isEqualTo("CC1-000042");
        assertThat(hello.getHello().getBootId()).isEqualTo(0x1122334455667788L);
        assertThat(hello.getHello().getCapabilitiesList()).containsExactly("h264", "snapshot");

        Envelope welcome = decodeHeader("welcome");
        assertThat(welcome.getWelcome().getSettingsMap())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("video.bitrate_kbps", "2000", "video.fps", "25"));
        assertThat(welcome.getWelcome().getHeartbeatIntervalMs()).isEqualTo(15_000);

        assertThat(decodeHeader("camera_status").getStatus().getWifiRssiDbm()).isEqualTo(-61);
        assertThat(decodeHeader("command_reboot").getCommand().getKindCase()).isEqualTo(Command.KindCase.REBOOT);
        assertThat(decodeHeader("provision_challenge").getProvisionChallenge().getServerProof().size()).isEqualTo(32);
    }

    /**
     * A server holds a peer that has not authenticated to {@link FrameLimits#UNAUTHENTICATED}: what
     * such a peer sends (Hello, the provisioning messages) must fit many times over, so new fields
     * never bring a camera near the limit.
     */
    @Test
    void whatAPeerSendsBeforeAuthenticatingFitsTheUnauthenticatedLimitTwentyTimesOver() throws IOException {
        Set<Envelope.BodyCase> beforeAuthentication = EnumSet.of(Envelope.BodyCase.HELLO,
                Envelope.BodyCase.PROVISION_HELLO, Envelope.BodyCase.PROVISION_REQUEST);
        List<Vector> sent = vectors().stream().filter(v -> beforeAuthentication.contains(v.header().getBodyCase()))
                .toList();

        assertThat(sent).hasSize(beforeAuthentication.size());
        for (Vector vector : sent) {
            assertThat(golden(vector).length).as(vector.name())
                    .isLessThan(FrameLimits.UNAUTHENTICATED.maxFrameBytes() / 20);
        }
    }

    @Test
    void everyEnvelopeBodyAndCommandKindHasAGoldenVector() {
        Set<Envelope.BodyCase> bodies = EnumSet.allOf(Envelope.BodyCase.class);
        bodies.remove(Envelope.BodyCase.BODY_NOT_SET);
        Set<Command.KindCase> kinds = EnumSet.allOf(Command.KindCase.class);
        kinds.remove(Command.KindCase.KIND_NOT_SET);

        assertThat(vectors().stream().map(v -> v.header().getBodyCase()).collect(Collectors.toSet()))
                .as("add a golden vector for every new Envelope body")
                .containsAll(bodies);
        assertThat(vectors().stream().filter(v -> v.header().hasCommand())
                .map(v -> v.header().getCommand().getKindCase()).collect(Collectors.toSet()))
                .as("add a golden vector for every new Command kind")
                .containsAll(kinds);
        assertThat(vectors()).anyMatch(v -> v.payload().length > 0);
    }

    @Test
    void goldenDirectoryHoldsExactlyTheCatalogue() throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenVectorTest.class.getResource("/golden").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hex")))
                    .containsExactlyInAnyOrderElementsOf(vectors().stream().map(Vector::fileName).toList());
        }
    }

    /**
     * Rewrites the golden files from the catalogue. Runs only on purpose:
     * {@code mvn -q -B -pl protocol test -Dtest=GoldenVectorTest#regenerate -Dgolden.regenerate=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "golden.regenerate", matches = "true")
    void regenerate() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden");
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path file : old.filter(p -> p.toString().endsWith(".hex")).toList()) {
                Files.delete(file);
            }
        }
        for (Vector vector : vectors()) {
            Files.writeString(dir.resolve(vector.fileName()), vector.fileText(), StandardCharsets.UTF_8);
        }
        System.out.println("golden vectors rewritten in " + dir.toAbsolutePath() + ": "
                + Arrays.toString(vectors().stream().map(Vector::fileName).toArray()));
    }

    private static Envelope decodeHeader(String name) throws IOException {
        Vector vector = vectors().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
        ByteBuf in = Unpooled.wrappedBuffer(golden(vector));
        Frame frame = ((FrameReader.Result.Decoded) new FrameReader(FrameLimits.DEFAULT).read(in)).frame();
        frame.release();
        return frame.header();
    }

    private static byte[] golden(Vector vector) throws IOException {
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream("/golden/" + vector.fileName())) {
            assertThat(in).as("golden file %s", vector.fileName()).isNotNull();
            return GoldenVectors.parseHex(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
