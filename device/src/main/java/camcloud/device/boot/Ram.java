package camcloud.device.boot;

import java.util.HashMap;
import java.util.Map;

/**
 * The camera's DRAM as U-Boot sees it: sparse 64 KiB pages, zero at power-on, holding whatever
 * the last {@code sf read} left there. That last part matters: a second {@code sf read} that is
 * shorter than the image leaves the first image's tail behind, and {@code bootm}'s data CRC is
 * what notices.
 */
final class Ram {

    private static final int PAGE = 64 * 1024;

    private final Map<Long, byte[]> pages = new HashMap<>();

    void write(long address, byte[] data) {
        for (int done = 0; done < data.length; ) {
            long at = address + done;
            int inPage = (int) (at % PAGE);
            int n = Math.min(data.length - done, PAGE - inPage);
            System.arraycopy(data, done, pages.computeIfAbsent(at / PAGE, k -> new byte[PAGE]), inPage, n);
            done += n;
        }
    }

    byte[] read(long address, int length) {
        byte[] out = new byte[length];
        for (int done = 0; done < length; ) {
            long at = address + done;
            int inPage = (int) (at % PAGE);
            int n = Math.min(length - done, PAGE - inPage);
            byte[] page = pages.get(at / PAGE);
            if (page != null) {
                System.arraycopy(page, inPage, out, done, n);
            }
            done += n;
        }
        return out;
    }
}
