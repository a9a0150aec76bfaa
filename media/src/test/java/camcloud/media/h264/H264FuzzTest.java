package camcloud.media.h264;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.testing.TestStreams;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Garbage, truncations and bit flips of real streams through every H.264 parser: each either
 * succeeds or throws {@link MalformedH264Exception}; no runtime exception may escape.
 */
class H264FuzzTest {

    private static final byte[] REAL = TestStreams.concat(TestStreams.jcodecFrames(96, 64, 6, 3));

    @Test
    void randomGarbage() {
        Random random = new Random(20261123L);
        for (int i = 0; i < 5000; i++) {
            byte[] data = new byte[random.nextInt(200)];
            random.nextBytes(data);
            if (data.length > 4 && random.nextBoolean()) {
                data[0] = 0;
                data[1] = 0;
                data[2] = 1; // get past the start code check into the parsers
            }
            feedEverything(data);
        }
    }

    @Test
    void truncationsOfARealStream() {
        Random random = new Random(7L);
        for (int i = 0; i < 3000; i++) {
            int from = random.nextInt(REAL.length);
            int to = from + random.nextInt(REAL.length - from + 1);
            feedEverything(Arrays.copyOfRange(REAL, random.nextInt(4) == 0 ? 0 : from, to));
        }
    }

    @Test
    void bitFlipsOfARealStream() {
        Random random = new Random(42L);
        for (int i = 0; i < 3000; i++) {
            byte[] data = REAL.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(Math.min(data.length, 400)); // the headers live at the front
                data[at] ^= (byte) (1 << random.nextInt(8));
            }
            feedEverything(data);
        }
    }

    @Test
    void mutatedParameterSetsAndConfigurationRecords() throws Exception {
        List<NalUnit> units = AnnexB.split(REAL);
        NalUnit sps = units.stream().filter(u -> u.type() == NalUnitType.SPS).findFirst().orElseThrow();
        NalUnit pps = units.stream().filter(u -> u.type() == NalUnitType.PPS).findFirst().orElseThrow();
        byte[] avcC = AvcConfigurationRecord.of(sps, pps).toBytes();
        Random random = new Random(99L);
        for (int i = 0; i < 5000; i++) {
            byte[] s = mutate(sps.bytes(), random);
            byte[] c = mutate(avcC, random);
            expectOnlyMalformed(() -> SpsParser.parse(NalUnit.of(s)));
            expectOnlyMalformed(() -> PictureParameterSet.parse(NalUnit.of(mutate(pps.bytes(), random))));
            expectOnlyMalformed(() -> AvcConfigurationRecord.parse(c).toBytes());
            expectOnlyMalformed(() -> Avcc.split(c, 1 + random.nextInt(4)));
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] data = Arrays.copyOf(original, random.nextInt(original.length + 8));
        for (int f = random.nextInt(4); f > 0 && data.length > 1; f--) {
            data[1 + random.nextInt(data.length - 1)] = (byte) random.nextInt(256);
        }
        return data;
    }

    private static void feedEverything(byte[] data) {
        expectOnlyMalformed(() -> AnnexB.split(data));
        expectOnlyMalformed(() -> AccessUnitAssembler.assemble(data));
        expectOnlyMalformed(() -> AccessUnit.fromAnnexB(data).toAvcc());
        expectOnlyMalformed(() -> Avcc.split(data, 4));
        expectOnlyMalformed(() -> AvcConfigurationRecord.parse(data));
        expectOnlyMalformed(() -> {
            AccessUnitAssembler assembler = new AccessUnitAssembler();
            for (NalUnit unit : AnnexB.split(data)) {
                try {
                    assembler.add(unit);
                } catch (MalformedH264Exception skipped) {
                    // a bad unit is dropped; the assembler must keep working
                }
            }
            assembler.flush();
            return null;
        });
    }

    interface Parse {
        Object run() throws MalformedH264Exception;
    }

    private static void expectOnlyMalformed(Parse parse) {
        try {
            parse.run();
        } catch (MalformedH264Exception expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
