package camcloud.device.boot;

import camcloud.device.flash.FlashChip;
import camcloud.firmware.env.EnvFormatException;
import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.image.BootEnvironment;
import camcloud.firmware.image.StandInFault;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageCheck;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageFormatException;
import camcloud.firmware.uimage.UImageHeader;
import camcloud.firmware.uimage.UImageType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The camera's bootloader, as far as the camera's environment uses it: reads the environment
 * block from flash (U-Boot's compiled-in default, the model's {@link BootEnvironment}, when its CRC
 * fails), then runs {@code bootcmd} with {@code sf probe}, {@code sf read}, {@code bootm} and
 * {@code setenv}.
 *
 * <p>{@code bootm} behaves as U-Boot's legacy-image path does, sharp edges included: a bad magic,
 * header CRC or (with {@code verify} not {@code n}) data CRC prints U-Boot's message and
 * <em>returns</em>, so the script goes on to the backup; {@code verify=n} skips the data CRC and
 * jumps into whatever is there; a failed decompression resets the board (before any backup can
 * run); an {@code sf read} shorter than the image leaves stale RAM that fails the data CRC. A
 * {@code bootm} that starts a kernel never returns.
 *
 * <pre>
 * BootResult boot = UBoot.powerOn(chip, model);
 * if (boot.booted()) { ... boot.kernelVersion(), boot.bootArgs() ... }
 * </pre>
 */
public final class UBoot {

    private final FlashChip chip;
    private final CameraModel model;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Ram ram = new Ram();
    private final Map<Long, Long> loadedFrom = new HashMap<>();
    private final List<String> console = new ArrayList<>();
    private boolean probed;
    private BootResult result;

    private UBoot(FlashChip chip, CameraModel model) {
        this.chip = chip;
        this.model = model;
    }

    /** Powers the board on and runs {@code bootcmd}; returns how it ended. */
    public static BootResult powerOn(FlashChip chip, CameraModel model) {
        UBoot uboot = new UBoot(chip, model);
        uboot.loadEnvironment();
        return uboot.runBootCmd();
    }

    private void loadEnvironment() {
        console.add("U-Boot (camcloud virtual " + model.soc() + ")");
        try {
            env.putAll(UBootEnvironment.decode(chip.read(model.envFlashOffset(), model.envSize())));
        } catch (EnvFormatException e) {
            console.add("*** Warning - bad CRC, using default environment");
            env.putAll(BootEnvironment.forModel(model));
        }
    }

    private BootResult runBootCmd() {
        String bootcmd = env.getOrDefault("bootcmd", "");
        console.add("Hit any key to stop autoboot: 0");
        for (String command : BootScript.commands(bootcmd)) {
            List<String> words = BootScript.expand(command, env);
            console.add("camcloud# " + String.join(" ", words));
            run(words);
            if (result != null) {
                return result;
            }
        }
        console.add("camcloud# (no kernel booted; waiting at the prompt)");
        return end(BootResult.Outcome.NO_KERNEL, null, -1);
    }

    private void run(List<String> words) {
        if (words.isEmpty()) {
            return;
        }
        switch (words.get(0)) {
            case "sf" -> sf(words);
            case "bootm" -> bootm(words.size() > 1 ? parseHex(words.get(1)) : model.loadAddress());
            case "setenv" -> setenv(words);
            default -> console.add("Unknown command '" + words.get(0) + "' - try 'help'");
        }
    }

    private void setenv(List<String> words) {
        if (words.size() < 2) {
            console.add("Usage: setenv name value ...");
        } else if (words.size() == 2) {
            env.remove(words.get(1));
        } else {
            env.put(words.get(1), String.join(" ", words.subList(2, words.size())));
        }
    }

    private void sf(List<String> words) {
        String sub = words.size() > 1 ? words.get(1) : "";
        if (sub.equals("probe")) {
            probed = true;
            console.add("SF: Detected flash with page size 256 Bytes, erase size " + model.eraseBlockSize() / 1024
                    + " KiB, total " + chip.size() / (1024 * 1024) + " MiB");
            return;
        }
        if (!sub.equals("read") || words.size() != 5) {
            console.add("Usage: sf read addr offset len");
            return;
        }
        if (!probed) {
            console.add("No SPI flash selected. Please run `sf probe'");
            return;
        }
        long address = parseHex(words.get(2));
        long offset = parseHex(words.get(3));
        long length = parseHex(words.get(4));
        if (address < 0 || offset < 0 || length < 0 || offset + length > chip.size() || length > Integer.MAX_VALUE) {
            console.add("ERROR: attempting read past flash size (0x" + Long.toHexString(chip.size()) + ")");
            return;
        }
        ram.write(address, chip.read(offset, (int) length));
        loadedFrom.put(address, offset);
        console.add("SF: " + length + " bytes @ 0x" + Long.toHexString(offset) + " Read: OK");
    }

    private void bootm(long address) {
        console.add("## Booting kernel from Legacy Image at " + Long.toHexString(address) + " ...");
        UImageHeader header;
        try {
            header = UImageHeader.parse(ram.read(address, UImageHeader.SIZE), 0);
        } catch (UImageFormatException e) {
            console.add(e.getMessage().startsWith("Bad Magic") ? "Bad Magic Number" : "Bad Header Checksum");
            return;
        }
        long ramBytes = ramBytes();
        if (header.dataSize() > ramBytes) {
            console.add("Image too large: " + header.dataSize() + " bytes");
            return;
        }
        console.add("   Image Name:   " + header.name());
        byte[] image = ram.read(address, (int) (UImageHeader.SIZE + header.dataSize()));
        byte[] data = java.util.Arrays.copyOfRange(image, UImageHeader.SIZE, image.length);
        if (!"n".equals(env.get("verify"))) {
            console.add("   Verifying Checksum ... ");
            UImageCheck check = UImage.check(image, 0, image.length);
            if (!check.ok()) {
                console.add("Bad Data CRC");
                return;
            }
            console.add("OK");
        }
        if (header.type() != UImageType.KERNEL) {
            console.add("Wrong Image Type for bootm command");
            return;
        }
        if (header.compression() == UImageCompression.GZIP) {
            console.add("   Uncompressing Kernel Image ... ");
            Optional<byte[]> inflated = gunzip(data);
            if (inflated.isEmpty()) {
                console.add("Error: inflate() returned -3");
                console.add("GUNZIP: uncompress, out-of-mem or overwrite error - must RESET board to recover");
                result = end(BootResult.Outcome.RESET_LOOP, null, -1);
                return;
            }
            data = inflated.get();
        } else if (header.compression() != UImageCompression.NONE) {
            console.add("Unimplemented compression type " + header.compression());
            return;
        } else {
            console.add("   Loading Kernel Image ... OK");
        }
        console.add("Starting kernel ...");
        String bootArgs = env.getOrDefault("bootargs", "");
        StringBuilder why = new StringBuilder();
        Optional<StandInKernel.Identity> kernel = StandInKernel.start(data, why);
        if (kernel.isEmpty()) {
            console.add("Kernel panic - not syncing: " + why);
            result = end(BootResult.Outcome.KERNEL_PANIC, null, -1);
            return;
        }
        if (!kernel.get().model().equals(model.id())) {
            console.add("Kernel panic - not syncing: kernel for " + kernel.get().model() + " on " + model.id());
            result = end(BootResult.Outcome.KERNEL_PANIC, null, -1);
            return;
        }
        console.add("Kernel command line: " + bootArgs);
        result = new BootResult(BootResult.Outcome.BOOTED, kernel.get().version(), kernel.get().model(), bootArgs,
                loadedFrom.getOrDefault(address, -1L), List.copyOf(console), kernel.get().fault());
    }

    private BootResult end(BootResult.Outcome outcome, String version, long offset) {
        return new BootResult(outcome, version, null, null, offset, List.copyOf(console), StandInFault.NONE);
    }

    /** RAM size from {@code mem=} is what Linux gets; U-Boot sees at least that. */
    private long ramBytes() {
        String mem = model.mem();
        long n = Long.parseLong(mem.replaceAll("[KMG]$", ""));
        return switch (mem.charAt(mem.length() - 1)) {
            case 'K' -> n << 10;
            case 'M' -> n << 20;
            case 'G' -> n << 30;
            default -> n;
        };
    }

    private static Optional<byte[]> gunzip(byte[] data) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return Optional.of(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** U-Boot parses these numbers as hex, with or without {@code 0x}; garbage reads as 0 like simple_strtoul. */
    private static long parseHex(String text) {
        String t = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        long value = 0;
        for (char c : t.toCharArray()) {
            int d = Character.digit(c, 16);
            if (d < 0 || value > (Long.MAX_VALUE >> 4)) {
                break;
            }
            value = value << 4 | d;
        }
        return value;
    }
}
