package dev.easel.server.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Sorts an address into the kinds that a webhook must never reach, or none.
 *
 * <p>Implementation notes: IPv6 forms that carry an IPv4 address are unwrapped first and the
 * IPv4 address is classified: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:AABB:CCDD::}. Without
 * this, {@code ::ffff:127.0.0.1} or {@code 64:ff9b::a9fe:a9fe} would reach the loopback or the
 * metadata service through a translator. Teredo (2001::/32) hides its IPv4 address behind an XOR,
 * so the whole prefix is reserved. The metadata addresses are checked before the ranges that
 * contain them, so that a report names "cloud metadata", not "link-local".
 *
 * <p>Stateless and thread-safe.
 */
final class AddressClassifier {

    private record Range(Cidr cidr, BlockedAddressKind kind) {
    }

    private static final List<Range> METADATA = List.of(
            range("169.254.169.254/32", BlockedAddressKind.CLOUD_METADATA),  // AWS, GCP, Azure, OpenStack...
            range("169.254.170.2/32", BlockedAddressKind.CLOUD_METADATA),    // AWS ECS task metadata
            range("100.100.100.200/32", BlockedAddressKind.CLOUD_METADATA),  // Alibaba Cloud
            range("192.0.0.192/32", BlockedAddressKind.CLOUD_METADATA),      // Oracle Cloud
            range("fd00:ec2::254/128", BlockedAddressKind.CLOUD_METADATA));  // AWS over IPv6

    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0/8", BlockedAddressKind.UNSPECIFIED),
            range("10.0.0.0/8", BlockedAddressKind.PRIVATE),
            range("100.64.0.0/10", BlockedAddressKind.SHARED_ADDRESS_SPACE),
            range("127.0.0.0/8", BlockedAddressKind.LOOPBACK),
            range("169.254.0.0/16", BlockedAddressKind.LINK_LOCAL),
            range("172.16.0.0/12", BlockedAddressKind.PRIVATE),
            range("192.0.0.0/24", BlockedAddressKind.RESERVED),
            range("192.0.2.0/24", BlockedAddressKind.RESERVED),
            range("192.88.99.0/24", BlockedAddressKind.RESERVED),
            range("192.168.0.0/16", BlockedAddressKind.PRIVATE),
            range("198.18.0.0/15", BlockedAddressKind.RESERVED),
            range("198.51.100.0/24", BlockedAddressKind.RESERVED),
            range("203.0.113.0/24", BlockedAddressKind.RESERVED),
            range("224.0.0.0/4", BlockedAddressKind.MULTICAST),
            range("255.255.255.255/32", BlockedAddressKind.BROADCAST),
            range("240.0.0.0/4", BlockedAddressKind.RESERVED));

    private static final List<Range> IPV6 = List.of(
            range("::/128", BlockedAddressKind.UNSPECIFIED),
            range("::1/128", BlockedAddressKind.LOOPBACK),
            range("64:ff9b:1::/48", BlockedAddressKind.RESERVED),
            range("100::/64", BlockedAddressKind.RESERVED),
            range("2001::/32", BlockedAddressKind.RESERVED),
            range("2001:db8::/32", BlockedAddressKind.RESERVED),
            range("fc00::/7", BlockedAddressKind.UNIQUE_LOCAL),
            range("fe80::/10", BlockedAddressKind.LINK_LOCAL),
            range("fec0::/10", BlockedAddressKind.PRIVATE),
            range("ff00::/8", BlockedAddressKind.MULTICAST));

    private static final Cidr COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private AddressClassifier() {
    }

    /** Returns the kind of blocked address this is, or empty when a webhook may reach it. */
    static Optional<BlockedAddressKind> classify(InetAddress address) {
        Optional<BlockedAddressKind> metadata = match(METADATA, address);
        if (metadata.isPresent()) {
            return metadata;
        }
        if (address instanceof Inet4Address) {
            return match(IPV4, address);
        }

        Optional<InetAddress> embedded = embeddedIpv4((Inet6Address) address);
        if (embedded.isPresent()) {
            return classify(embedded.get());
        }
        return match(IPV6, address);
    }

    /** Returns whether the address is one of the cloud metadata addresses. */
    static boolean isCloudMetadata(InetAddress address) {
        return match(METADATA, address).isPresent();
    }

    private static Optional<InetAddress> embeddedIpv4(Inet6Address address) {
        byte[] bytes = address.getAddress();
        boolean unspecifiedOrLoopback = COMPATIBLE.contains(address) && (bytes[12] | bytes[13] | bytes[14]) == 0 && (bytes[15] & 0xfe) == 0;
        if (unspecifiedOrLoopback) {
            return Optional.empty();
        }
        if (isIpv4Mapped(bytes) || COMPATIBLE.contains(address) || NAT64.contains(address)) {
            return Optional.of(ipv4(bytes, 12));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(ipv4(bytes, 2));
        }
        return Optional.empty();
    }

    /**
     * Returns whether the bytes are {@code ::ffff:a.b.c.d}. Java turns such addresses into
     * {@link Inet4Address} when it parses them, but {@link Inet6Address#getByAddress} keeps them.
     */
    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress ipv4(byte[] bytes, int offset) {
        try {
            return InetAddress.getByAddress(new byte[] {bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
        }
    }

    private static Optional<BlockedAddressKind> match(List<Range> ranges, InetAddress address) {
        for (Range range : ranges) {
            if (range.cidr().contains(address)) {
                return Optional.of(range.kind());
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, BlockedAddressKind kind) {
        return new Range(Cidr.parse(cidr), kind);
    }
}
