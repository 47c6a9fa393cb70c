package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "::1, LOOPBACK",
            "10.1.2.3, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "fec0::1, PRIVATE",
            "100.64.0.1, SHARED_ADDRESS_SPACE",
            "100.127.255.255, SHARED_ADDRESS_SPACE",
            "169.254.1.1, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "fc00::1, UNIQUE_LOCAL",
            "fd12:3456::1, UNIQUE_LOCAL",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "ff02::1, MULTICAST",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "::, UNSPECIFIED",
            "255.255.255.255, BROADCAST",
            "169.254.169.254, CLOUD_METADATA",
            "169.254.170.2, CLOUD_METADATA",
            "fd00:ec2::254, CLOUD_METADATA",
            "100.100.100.200, CLOUD_METADATA",
            "192.0.0.192, CLOUD_METADATA",
            "192.0.2.1, RESERVED",
            "198.18.0.1, RESERVED",
            "240.0.0.1, RESERVED",
            "2001:db8::1, RESERVED",
            "2001:0:4136:e378::1, RESERVED",
            // IPv4 hidden in IPv6 forms
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:10.0.0.1, PRIVATE",
            "::ffff:169.254.169.254, CLOUD_METADATA",
            "::127.0.0.1, LOOPBACK",
            "::10.0.0.1, PRIVATE",
            "64:ff9b::a9fe:a9fe, CLOUD_METADATA",
            "64:ff9b::7f00:1, LOOPBACK",
            "2002:c0a8:0101::1, PRIVATE",
            "2002:7f00:0001::, LOOPBACK",
    })
    void classify_blockedAddress_kind(String address, BlockedAddressKind expected) throws Exception {
        assertThat(AddressClassifier.classify(InetAddress.getByName(address))).contains(expected);
    }

    @org.junit.jupiter.api.Test
    void classify_ipv6ObjectHoldingMappedLoopback_loopback() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 2};

        InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(address).isInstanceOf(java.net.Inet6Address.class);
        assertThat(AddressClassifier.classify(address)).contains(BlockedAddressKind.LOOPBACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "169.255.0.1",
            "2606:4700:4700::1111", "64:ff9b::808:808", "2002:0808:0808::1", "::ffff:8.8.8.8"})
    void classify_publicAddress_empty(String address) throws Exception {
        assertThat(AddressClassifier.classify(InetAddress.getByName(address))).isEqualTo(Optional.empty());
    }
}
