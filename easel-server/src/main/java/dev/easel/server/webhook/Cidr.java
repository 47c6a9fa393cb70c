package dev.easel.server.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation, for example {@code 10.0.0.0/8} or
 * {@code fc00::/7}. A bare address is a range of one ({@code /32} or {@code /128}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code address/prefix} or a bare address. Only numeric addresses are accepted, so
     * parsing never queries DNS.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);

        byte[] address = parseNumericAddress(text, addressText);
        int maxPrefix = address.length * 8;
        int prefix = slash < 0 ? maxPrefix : parsePrefix(text, trimmed.substring(slash + 1), maxPrefix);
        return new Cidr(mask(address, prefix), prefix, trimmed);
    }

    /** Returns whether the address lies in this range; IPv4 never matches an IPv6 range. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    /** Returns whether the range holds exactly one address. */
    public boolean isSingleAddress() {
        return prefixLength == network.length * 8;
    }

    private static byte[] parseNumericAddress(String text, String addressText) {
        boolean numeric = addressText.contains(":") || addressText.matches("[0-9]+(\\.[0-9]+){3}");
        if (!numeric) {
            throw new IllegalArgumentException("CIDR '" + text + "' must start with a numeric IPv4 or IPv6 address");
        }
        try {
            // A numeric literal is parsed locally; getByName only queries DNS for host names.
            return InetAddress.getByName(addressText).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("CIDR '" + text + "' has an invalid address: " + e.getMessage());
        }
    }

    private static int parsePrefix(String text, String prefixText, int maxPrefix) {
        try {
            int prefix = Integer.parseInt(prefixText);
            if (prefix >= 0 && prefix <= maxPrefix) {
                return prefix;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("CIDR '" + text + "' must have a prefix length from 0 to " + maxPrefix);
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int bit = prefixLength; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
