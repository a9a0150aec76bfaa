package camcloud.cli.firmware;

import camcloud.firmware.model.CameraModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code camcloud firmware models}: a table of the camera models, one per line after a header, the
 * id first (what {@code --model} takes):
 *
 * <pre>
 * ID                    SOC            SENSOR  WI-FI      FLASH   NAME
 * ambarella-s2l-ov4689  Ambarella S2L  ov4689  rtl8189es  16 MiB  No-name Ambarella S2L 4MP (Wi-Fi)
 * </pre>
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the camera models as a table: id (what --model takes), SoC, sensor, Wi-Fi chip, "
                + "flash size, name; one model per line after a header line.")
public final class FirmwareModelsCommand implements Callable<Integer> {

    static final List<String> HEADER = List.of("ID", "SOC", "SENSOR", "WI-FI", "FLASH", "NAME");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ModelsOption models = new ModelsOption();

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            for (CameraModel m : models.models().all()) {
                rows.add(List.of(m.id(), m.soc(), m.sensor(), m.wifi(), flash(m.flashSize()), m.name()));
            }
            int[] widths = widths(rows);
            PrintWriter out = spec.commandLine().getOut();
            rows.forEach(row -> out.println(line(row, widths)));
            out.flush();
            return 0;
        });
    }

    /** Columns two spaces apart; the last one is not padded. */
    private static String line(List<String> row, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            sb.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
        }
        return sb.toString();
    }

    private static int[] widths(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    /** {@code 16 MiB}, {@code 512 KiB}. */
    private static String flash(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB"
                : bytes + " bytes";
    }
}
