package camcloud.cloud.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.live.LiveClient;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.camera.VirtualCamera;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real node recording 1 s segments, real streaming virtual cameras, and people with accounts; the
 * video endpoints (live, archive playlist, segments, export, timeline) as each of them sees them.
 */
final class OwnershipFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SEGMENT_URI = Pattern.compile("segments/(\\d+)\\.mp4");

    final TestCloud cloud;
    final SegmentIndex index;
    final Instant started = Instant.now();

    OwnershipFixture(Path dir) throws IOException {
        cloud = TestCloud.start(dir, c -> c.withRecording(c.recording().withRecorder(
                RecorderSettings.DEFAULT.withSegmentMicros(1_000_000))));
        index = new SegmentIndex(cloud.server().database());
    }

    /** A person with an account, signed in through the API; {@code cookie} is their session's. */
    record Person(String name, ApiClient api, String cookie) {
    }

    Person signUp(String name) {
        ApiClient api = new ApiClient(cloud.httpBase());
        ApiClient.Response r = api.signUp(name, "correct horse battery " + name);
        assertThat(r.status()).as("sign-up of %s", name).isEqualTo(201);
        String setCookie = r.header("Set-Cookie");
        return new Person(name, api, setCookie.substring(0, setCookie.indexOf(';')));
    }

    /** Another session of the same account (another browser). */
    Person signInAgain(Person p) {
        ApiClient api = new ApiClient(cloud.httpBase());
        ApiClient.Response r = api.signIn(p.name(), "correct horse battery " + p.name());
        assertThat(r.status()).isEqualTo(200);
        String setCookie = r.header("Set-Cookie");
        return new Person(p.name(), api, setCookie.substring(0, setCookie.indexOf(';')));
    }

    /** A provisioned camera, powered on and streaming. */
    record Camera(TestCloud.Provisioned provisioned, VirtualCamera camera) {
        String serial() {
            return provisioned.serial();
        }
    }

    Camera streamingCamera() throws IOException {
        TestCloud.Provisioned p = cloud.provision();
        return new Camera(p, cloud.powerOnStreaming(p.flash()));
    }

    void claim(Person p, Camera c) {
        assertThat(p.api().claim(c.provisioned().claimCode(), p.name() + "'s camera").status()).isEqualTo(201);
    }

    /** Every segment of the camera in the index now. */
    List<Segment> recorded(Camera c) {
        return index.segments(c.serial(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Waits until the camera has a segment that starts after {@code micros}. */
    void awaitSegmentAfter(Camera c, long micros) {
        assertThat(TestCloud.await(WAIT, () -> recorded(c).stream().anyMatch(s -> s.startMicros() > micros)))
                .as("a segment of %s recorded after %s", c.serial(), micros).isTrue();
    }

    /** The camera's video windows in the database (the truth the API is checked against). */
    List<Ownership> ownerships(Camera c) {
        return cloud.server().ownerships().of(c.serial());
    }

    static long nowMicros() {
        return System.currentTimeMillis() * 1000;
    }

    String range() {
        return "from=" + q(started.minusSeconds(60)) + "&to=" + q(Instant.now().plusSeconds(60));
    }

    /** Segment ids the person's archive playlist lists for the whole test. */
    Set<Long> playlist(Person p, Camera c) {
        ApiClient.Response r = p.api().get("/api/cameras/" + c.serial() + "/archive.m3u8?" + range());
        assertThat(r.status()).as("%s's playlist: %s", p.name(), r.text()).isEqualTo(200);
        Set<Long> ids = new LinkedHashSet<>();
        Matcher m = SEGMENT_URI.matcher(r.text());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    int status(Person p, String path) {
        return p.api().get(path).status();
    }

    /** Opens the person's live view; the refusal's HTTP status, or 101 when it opened. */
    int liveStatus(Person p, Camera c) {
        try (LiveClient live = LiveClient.connect(cloud.httpBase(), c.serial(), p.cookie())) {
            return 101;
        } catch (LiveClient.Refused e) {
            return e.status;
        }
    }

    LiveClient watch(Person p, Camera c) throws LiveClient.Refused {
        LiveClient live = LiveClient.connect(cloud.httpBase(), c.serial(), p.cookie());
        assertThat(TestCloud.await(WAIT, () -> live.binaryCount() > 1)).as("%s sees live video", p.name()).isTrue();
        return live;
    }

    /** Waits for the server to close the live view and returns its close code and reason. */
    static String awaitEnded(LiveClient live) {
        assertThat(TestCloud.await(Duration.ofSeconds(10), () -> live.closedWith() != null))
                .as("the live view was ended by the server").isTrue();
        return live.closedWith();
    }

    static String q(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        cloud.close();
    }
}
