package camcloud.firmware.image;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import org.junit.jupiter.api.Test;

class BootEnvironmentTest {

    @Test
    void xiaomiYiAntsGetsTheArticlesBootScript() {
        CameraModel ants = CameraModels.builtIn().require("xiaomi-yi-ants");
        assertThat(BootEnvironment.bootArgs(ants)).isEqualTo("mem=38M console=ttyAMA0,115200 rootfstype=ramfs "
                + "mtdparts=hi_sfc:256K(boot),64K(tech),4096K(kernel),8192K(app),-(config) hw_type=101");
        assertThat(BootEnvironment.bootCmd(ants)).isEqualTo("sf probe 0; sf read 0x82000000 0x50000 0x400000; "
                + "bootm 0x82000000; setenv bootargs ${bootargs} bkp=1; sf read 0x82000000 0x450000 0x400000; "
                + "bootm 0x82000000");
    }

    @Test
    void everyModelKeepsDataCrcCheckingOnAndReadsItsOwnLayout() {
        for (CameraModel m : CameraModels.builtIn().all()) {
            var env = BootEnvironment.forModel(m);
            assertThat(env).containsEntry("verify", "y");
            long kernel = m.layout().partition("kernel").offset();
            long app = m.layout().partition("app").offset();
            long size = m.layout().partition("kernel").size();
            assertThat(env.get("bootcmd"))
                    .contains("sf read 0x" + Long.toHexString(m.loadAddress()) + " 0x" + Long.toHexString(kernel)
                            + " 0x" + Long.toHexString(size))
                    .contains("sf read 0x" + Long.toHexString(m.loadAddress()) + " 0x" + Long.toHexString(app)
                            + " 0x" + Long.toHexString(size))
                    .contains("bkp=1");
            assertThat(env.get("bootargs")).contains("mtdparts=" + m.mtdparts()).contains("hw_type=" + m.hwType());
        }
    }
}
