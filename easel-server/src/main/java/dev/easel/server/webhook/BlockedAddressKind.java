package dev.easel.server.webhook;

import java.util.Locale;

/** Why the destination guard rejects an address. */
public enum BlockedAddressKind {
    /** A cloud instance metadata service (169.254.169.254, fd00:ec2::254, metadata.google.internal...). */
    CLOUD_METADATA,
    /** 127.0.0.0/8 and ::1. */
    LOOPBACK,
    /** RFC 1918 ranges (10/8, 172.16/12, 192.168/16) and the deprecated IPv6 site-local fec0::/10. */
    PRIVATE,
    /** Carrier-grade NAT shared space, 100.64.0.0/10 (RFC 6598). */
    SHARED_ADDRESS_SPACE,
    /** 169.254.0.0/16 and fe80::/10. */
    LINK_LOCAL,
    /** IPv6 unique local addresses, fc00::/7. */
    UNIQUE_LOCAL,
    /** 224.0.0.0/4 and ff00::/8. */
    MULTICAST,
    /** 0.0.0.0/8 and ::, which Linux connects to the local host. */
    UNSPECIFIED,
    /** 255.255.255.255. */
    BROADCAST,
    /** Ranges reserved for documentation, benchmarking, tunnelling or future use. */
    RESERVED;

    /** Returns the lower-case name used in stored attempt errors, for example {@code "loopback"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
