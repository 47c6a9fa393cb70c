package dev.easel.server.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's DNS hook: every host the client connects to is resolved and checked here,
 * and the client connects only to the addresses returned, which pins the checked answer.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final DestinationGuard guard;

    GuardedDnsResolver(DestinationGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return guard.resolve(host).toArray(InetAddress[]::new);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return guard.resolve(host).stream().map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        // Only used for Kerberos/SPNEGO, which webhooks never do; answering without DNS leaks nothing.
        return host;
    }
}
