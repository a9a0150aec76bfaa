package camcloud.device.agent;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local IPv4 addresses the agent's connections leave from, handed out round-robin over a CIDR block,
 * one per dial. Tens of thousands of connections from one host to one gateway port would run out of
 * ephemeral ports on a single source address; spread over {@code 127.1.0.0/16} they cannot (the
 * whole of 127.0.0.0/8 is the loopback interface on Linux). Thread-safe: a fleet shares one.
 */
public final class SourceAddresses {

    private final int first;
    private final long count;
    private final String cidr;
    private final AtomicLong next = new AtomicLong();

    private SourceAddresses(int first, long count, String cidr) {
        this.first = first;
        this.count = count;
        this.cidr = cidr;
    }

    /**
     * Parses {@code a.b.c.d/prefix} (or a single address).
     *
     * @throws IllegalArgumentException naming the value when it is not an IPv4 address or block
     */
    public static SourceAddresses parse(String cidr) {
        String[] parts = cidr.trim().split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || !parts[0].matches("[0-9.]+")) {
            throw new IllegalArgumentException("source addresses '" + cidr + "' are not an IPv4 block like 127.1.0.0/16");
        }
        int prefix;
        try {
            prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("source addresses '" + cidr + "': the prefix must be 0..32");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(parts[0]);
        } catch (UnknownHostException e) {
            address = null;
        }
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("source addresses '" + cidr + "' are not an IPv4 block like 127.1.0.0/16");
        }
        byte[] b = address.getAddress();
        int value = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new SourceAddresses(value & mask, 1L << (32 - prefix), cidr.trim());
    }

    /** True when every address of the block is a loopback address (127.0.0.0/8). */
    public boolean loopback() {
        return (first >>> 24) == 127 && count <= (1L << 24);
    }

    /** How many addresses the block holds. */
    public long size() {
        return count;
    }

    /** The next address, round-robin. */
    public InetAddress next() {
        int value = (int) (first + Math.floorMod(next.getAndIncrement(), count));
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                    (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    @Override
    public String toString() {
        return cidr;
    }
}
