package camcloud.firmware.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlashLayoutTest {

    private static final long MIB16 = 16L << 20;
    private static final int BLOCK = 64 << 10;
    private static final String REFERENCE = "mtdparts=hi_sfc:256K(boot),64K(tech),4096K(kernel),8192K(app),-(config)";

    @Test
    void parsesTheReferenceLayoutOfTheArticle() {
        FlashLayout layout = FlashLayout.parse(REFERENCE, MIB16, BLOCK);
        assertThat(layout.mtdId()).isEqualTo("hi_sfc");
        assertThat(layout.partitions()).containsExactly(
                new Partition("boot", 0, 0x40000),
                new Partition("tech", 0x40000, 0x10000),
                new Partition("kernel", 0x50000, 0x400000),
                new Partition("app", 0x450000, 0x800000),
                new Partition("config", 0xC50000, 0x3B0000));
        assertThat(layout.partition("kernel").offset()).isEqualTo(0x50000);
        assertThat(layout.partition("app").offset()).isEqualTo(0x450000);
        assertThat(layout.unallocated()).isZero();
        assertThat(layout.chipSize()).isEqualTo(MIB16);
        assertThat(layout.eraseBlockSize()).isEqualTo(BLOCK);
    }

    @Test
    void acceptsHexDecimalMegabytesOffsetsAndReadOnly() {
        FlashLayout layout = FlashLayout.parse("spi0.0:0x40000(boot)ro,1M@0x100000(kernel),-(rest)", MIB16, BLOCK);
        assertThat(layout.partition("boot").size()).isEqualTo(0x40000);
        assertThat(layout.isReadOnly("boot")).isTrue();
        assertThat(layout.partition("kernel")).isEqualTo(new Partition("kernel", 0x100000, 0x100000));
        assertThat(layout.partition("rest").offset()).isEqualTo(0x200000);
        assertThat(layout.unallocated()).isEqualTo(0xC0000);
    }

    @Test
    void misalignedSizeNamesThePartitionAndTheBytes() {
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K(boot),65K(tech),-(rest)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("'tech'").hasMessageContaining("1024 bytes over");
    }

    @Test
    void misalignedOffsetNamesThePartitionAndTheBytes() {
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K(boot),64K@0x41000(tech)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("'tech'").hasMessageContaining("4096 bytes past");
    }

    @Test
    void overlapNamesBothPartitionsAndTheBytes() {
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K(boot),64K@192K(tech)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("'tech' overlaps partition 'boot' by 65536 bytes");
    }

    @Test
    void tooBigForTheChipSaysByHowMuch() {
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K(boot),64K(tech),4096K(kernel),12288K(app)",
                MIB16, BLOCK))
                .isInstanceOf(LayoutException.class)
                .hasMessageContaining("'app'").hasMessageContaining("327680 bytes past the end");
    }

    @Test
    void hugeNumbersCannotWrapAroundTheChipCheck() {
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:64K(a),0x7fffffffffff0000(b)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class).hasMessageContaining("'b'").hasMessageContaining("past the end");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:64K@0x7fffffffffff0000(a)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class).hasMessageContaining("'a'").hasMessageContaining("past the end");
    }

    @Test
    void restMustBeLastAndNotEmpty() {
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:-(a),64K(b)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class).hasMessageContaining("'a'").hasMessageContaining("not the last");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:16M(all),-(none)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class).hasMessageContaining("'none'");
    }

    @Test
    void malformedTextIsAClearError() {
        assertThatThrownBy(() -> FlashLayout.parse("", MIB16, BLOCK)).hasMessageContaining("empty");
        assertThatThrownBy(() -> FlashLayout.parse("256K(boot)", MIB16, BLOCK)).hasMessageContaining("mtd-id");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K", MIB16, BLOCK)).hasMessageContaining("no (name)");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:25xK(boot)", MIB16, BLOCK))
                .hasMessageContaining("'boot'").hasMessageContaining("unreadable size");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K(boot),64K(boot)", MIB16, BLOCK))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:256K()", MIB16, BLOCK)).hasMessageContaining("empty name");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:0(boot)", MIB16, BLOCK)).hasMessageContaining("size 0");
        assertThatThrownBy(() -> FlashLayout.parse("a:1M(x);b:1M(y)", MIB16, BLOCK)).hasMessageContaining("several");
        assertThatThrownBy(() -> FlashLayout.parse(REFERENCE, MIB16, 3000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> FlashLayout.parse("hi_sfc:99999999999999999999K(x)", MIB16, BLOCK))
                .isInstanceOf(LayoutException.class);
    }

    @Test
    void missingPartitionIsNamed() {
        FlashLayout layout = FlashLayout.parse(REFERENCE, MIB16, BLOCK);
        assertThatThrownBy(() -> layout.partition("rootfs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rootfs'").hasMessageContaining("boot, tech, kernel, app, config");
    }

    @Test
    void sizeTextFormatsAsMtdpartsWritesIt() {
        assertThat(SizeText.format(0x400000)).isEqualTo("4096K");
        assertThat(SizeText.format(16L << 20)).isEqualTo("16M");
        assertThat(SizeText.format(100)).isEqualTo("100");
        assertThat(SizeText.parse("0x10000")).isEqualTo(65536);
    }
}
