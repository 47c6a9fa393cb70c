package dev.easel.server.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The destination guard rejected a host, so no connection was opened. It extends
 * {@link UnknownHostException} because it is thrown from the HTTP client's DNS resolver hook,
 * which may only throw that type.
 */
public final class BlockedDestinationException extends UnknownHostException {

    private final String host;
    private final transient InetAddress address;
    private final BlockedAddressKind kind;

    BlockedDestinationException(String host, InetAddress address, BlockedAddressKind kind) {
        super(describe(host, address, kind));
        this.host = host;
        this.address = address;
        this.kind = kind;
    }

    /** Returns the host as the URL named it. */
    public String host() {
        return host;
    }

    /** Returns the rejected address, or {@code null} when the host name itself was rejected. */
    public InetAddress address() {
        return address;
    }

    /** Returns why it was rejected. */
    public BlockedAddressKind kind() {
        return kind;
    }

    private static String describe(String host, InetAddress address, BlockedAddressKind kind) {
        String target;
        if (address == null) {
            target = "host " + host;
        } else if (DestinationGuard.normaliseHost(host).equals(address.getHostAddress())) {
            target = "address " + address.getHostAddress();
        } else {
            target = "host " + host + " resolves to " + address.getHostAddress() + ", which";
        }
        return target + " is a " + kind.wireName().replace('_', ' ') + " address, and webhooks may not be sent there"
                + " unless the address is on the allowlist (easel.webhooks.allowlist)";
    }
}
