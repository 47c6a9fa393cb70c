package dev.easel.server.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses. The system resolver is the default; tests pass a table so
 * that a name can stand for an address no test can listen on.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver, {@link InetAddress#getAllByName(String)}. */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /**
     * Returns every address of the host; a numeric host returns itself without a DNS query.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
