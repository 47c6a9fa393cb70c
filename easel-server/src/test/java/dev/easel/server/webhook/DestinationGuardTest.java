package dev.easel.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DestinationGuardTest {

    /** Resolves names from a table and counts lookups; numeric hosts resolve to themselves. */
    static final class TableResolver implements HostResolver {
        private final Map<String, List<String>> table;
        final AtomicInteger lookups = new AtomicInteger();

        TableResolver(Map<String, List<String>> table) {
            this.table = table;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            lookups.incrementAndGet();
            List<String> addresses = table.get(host);
            if (addresses == null) {
                if (host.contains(":") || host.matches("[0-9.]+")) {
                    return new InetAddress[] {InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            InetAddress[] result = new InetAddress[addresses.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = InetAddress.getByName(addresses.get(i));
            }
            return result;
        }
    }

    private final TableResolver resolver = new TableResolver(Map.of(
            "public.test", List.of("93.184.216.34"),
            "mixed.test", List.of("93.184.216.34", "10.0.0.7"),
            "rebind.test", List.of("169.254.169.254"),
            "receiver.test", List.of("127.0.0.1")));

    @Test
    void resolve_publicHost_returnsAddresses() throws Exception {
        DestinationGuard guard = new DestinationGuard(List.of(), resolver);

        assertThat(guard.resolve("public.test")).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }

    @Test
    void resolve_anyAddressBlocked_rejectsWholeHost() {
        DestinationGuard guard = new DestinationGuard(List.of(), resolver);

        assertThatThrownBy(() -> guard.resolve("mixed.test"))
                .isInstanceOfSatisfying(BlockedDestinationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BlockedAddressKind.PRIVATE);
                    assertThat(e.address().getHostAddress()).isEqualTo("10.0.0.7");
                    assertThat(e.getMessage()).contains("mixed.test", "10.0.0.7", "private", "easel.webhooks.allowlist");
                });
    }

    @Test
    void resolve_metadataHostName_rejectedWithoutLookup() {
        DestinationGuard guard = new DestinationGuard(List.of(Cidr.parse("0.0.0.0/0")), resolver);

        for (String host : List.of("metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata", "instance-data.ec2.internal")) {
            assertThatThrownBy(() -> guard.resolve(host))
                    .isInstanceOfSatisfying(BlockedDestinationException.class,
                            e -> assertThat(e.kind()).isEqualTo(BlockedAddressKind.CLOUD_METADATA));
        }
        assertThat(resolver.lookups).hasValue(0);
    }

    @Test
    void check_allowlistedLoopback_allowed() throws Exception {
        DestinationGuard guard = new DestinationGuard(List.of(Cidr.parse("127.0.0.1/32")), resolver);

        assertThat(guard.check(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(guard.check(InetAddress.getByName("127.0.0.2"))).contains(BlockedAddressKind.LOOPBACK);
        assertThat(guard.resolve("receiver.test")).hasSize(1);
    }

    @Test
    void check_metadataInsideAllowlistedRange_stillBlocked() throws Exception {
        DestinationGuard wide = new DestinationGuard(List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fd00::/8")), resolver);
        DestinationGuard exact = new DestinationGuard(List.of(Cidr.parse("169.254.169.254/32")), resolver);

        assertThat(wide.check(InetAddress.getByName("169.254.1.1"))).isEmpty();
        assertThat(wide.check(InetAddress.getByName("169.254.169.254"))).contains(BlockedAddressKind.CLOUD_METADATA);
        assertThat(wide.check(InetAddress.getByName("fd00:ec2::254"))).contains(BlockedAddressKind.CLOUD_METADATA);
        assertThat(exact.check(InetAddress.getByName("169.254.169.254"))).isEmpty();
    }

    @Test
    void resolve_unknownHost_unknownHostNotBlocked() {
        DestinationGuard guard = new DestinationGuard(List.of(), resolver);

        assertThatThrownBy(() -> guard.resolve("nowhere.test"))
                .isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(BlockedDestinationException.class);
    }

    @Test
    void checkUrl_valid_returnsUri() {
        DestinationGuard guard = DestinationGuard.strict();

        assertThat(guard.checkUrl("webhook.url", "https://hooks.example.com/easel?x=1").getHost()).isEqualTo("hooks.example.com");
    }

    @Test
    void checkUrl_invalid_namesFieldAndRule() {
        DestinationGuard guard = DestinationGuard.strict();
        Map<String, String> cases = Map.of(
                "ftp://example.com/x", "absolute http or https",
                "/relative/path", "absolute http or https",
                "https://user:pw@example.com/", "user name or password",
                "http://10.0.0.1/hook", "private address",
                "http://[::1]:8080/hook", "loopback address",
                "http://[::ffff:169.254.169.254]/", "cloud metadata address",
                "http://169.254.169.254/latest/meta-data", "cloud metadata address",
                "http://metadata.google.internal/computeMetadata/v1/", "cloud metadata service",
                "http://2130706433/", "loopback address",
                "https://example.com/" + "a".repeat(2100), "at most 2048 characters");

        cases.forEach((url, rule) -> assertThatThrownBy(() -> guard.checkUrl("webhook.url", url))
                .as(url)
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("webhook.url");
                    assertThat(e.rule()).contains(rule);
                }));
    }

    @Test
    void checkUrl_allowlistedLiteral_accepted() {
        DestinationGuard guard = new DestinationGuard(List.of(Cidr.parse("127.0.0.1/32")), resolver);

        assertThat(guard.checkUrl("webhook.url", "http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
    }
}
