package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AddressClassifierProperties {

    @Property
    void ipv4InsideIpv6_classifiedLikeIpv4(@ForAll @Size(4) byte[] ipv4) throws Exception {
        InetAddress plain = InetAddress.getByAddress(ipv4);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, mapped, 12, 4);
        byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ipv4[0], ipv4[1], ipv4[2], ipv4[3]};
        byte[] sixToFour = {0x20, 0x02, ipv4[0], ipv4[1], ipv4[2], ipv4[3], 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

        assertThat(AddressClassifier.classify(Inet6Address.getByAddress(null, mapped, -1))).isEqualTo(AddressClassifier.classify(plain));
        assertThat(AddressClassifier.classify(InetAddress.getByAddress(nat64))).isEqualTo(AddressClassifier.classify(plain));
        assertThat(AddressClassifier.classify(InetAddress.getByAddress(sixToFour))).isEqualTo(AddressClassifier.classify(plain));
    }

    @Property
    void cidr_containsItsOwnAddresses(@ForAll @Size(16) byte[] address, @ForAll @IntRange(min = 0, max = 128) int prefix) throws Exception {
        String text = InetAddress.getByAddress(address).getHostAddress();
        int maxPrefix = InetAddress.getByAddress(address).getAddress().length * 8;

        Cidr cidr = Cidr.parse(text + "/" + Math.min(prefix, maxPrefix));

        assertThat(cidr.contains(InetAddress.getByAddress(address))).isTrue();
    }
}
