package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void contains_ipv4Range() throws Exception {
        Cidr cidr = Cidr.parse("172.16.0.0/12");

        assertThat(cidr.contains(InetAddress.getByName("172.16.0.0"))).isTrue();
        assertThat(cidr.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(cidr.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(cidr.contains(InetAddress.getByName("::ffff:172.16.0.1"))).isTrue();
    }

    @Test
    void contains_ipv6RangeNeverMatchesIpv4() throws Exception {
        Cidr cidr = Cidr.parse("fc00::/7");

        assertThat(cidr.contains(InetAddress.getByName("fdff::1"))).isTrue();
        assertThat(cidr.contains(InetAddress.getByName("fe00::1"))).isFalse();
        assertThat(cidr.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
    }

    @Test
    void parse_bareAddress_singleAddressRange() throws Exception {
        Cidr cidr = Cidr.parse("127.0.0.1");

        assertThat(cidr.isSingleAddress()).isTrue();
        assertThat(cidr.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(cidr.contains(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").isSingleAddress()).isFalse();
    }

    @Test
    void parse_hostBitsSet_maskedToNetwork() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void parse_invalid_messageNamesText() {
        assertThatThrownBy(() -> Cidr.parse("example.com/24"))
                .hasMessageContaining("'example.com/24'").hasMessageContaining("numeric");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
                .hasMessageContaining("'10.0.0.0/33'").hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("::/x"))
                .hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> Cidr.parse("300.0.0.0/8"))
                .hasMessageContaining("'300.0.0.0/8'");
    }
}
