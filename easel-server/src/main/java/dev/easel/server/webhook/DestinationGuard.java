package dev.easel.server.webhook;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side request forgery guard for webhook destinations: a webhook may only reach public
 * addresses, or addresses on the configured allowlist.
 *
 * <p>{@link #resolve(String)} resolves a host and rejects it when any of its addresses is
 * blocked, so that a name answering with one public and one internal address cannot slip through.
 * The HTTP sender calls it from inside the connection (its DNS resolver hook) and connects only to
 * the addresses it returned, so a DNS answer that changes between the check and the connection
 * cannot bypass the guard.
 *
 * <p>The allowlist opens any blocked kind, with one exception: a cloud metadata address is opened
 * only by an allowlist entry that names exactly that address ({@code 169.254.169.254/32}), never
 * by a wider range such as {@code 169.254.0.0/16}. Well-known metadata host names are rejected
 * before any DNS query.
 *
 * <p>Immutable and thread-safe.
 */
public final class DestinationGuard {

    /** Longest webhook URL accepted. */
    public static final int MAX_URL_LENGTH = 2048;

    /** Largest TCP port number. */
    static final int MAX_PORT = 65_535;

    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    private final List<Cidr> allowlist;
    private final HostResolver resolver;

    /**
     * @param allowlist ranges a webhook may reach even when they are blocked by default; empty in
     *                  production unless receivers live on the private network
     * @param resolver  how host names become addresses
     */
    public DestinationGuard(List<Cidr> allowlist, HostResolver resolver) {
        this.allowlist = List.copyOf(allowlist);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Returns a guard with no allowlist and the system resolver. */
    public static DestinationGuard strict() {
        return new DestinationGuard(List.of(), HostResolver.SYSTEM);
    }

    /**
     * Returns why this address is rejected, or empty when a webhook may reach it.
     */
    public Optional<BlockedAddressKind> check(InetAddress address) {
        Optional<BlockedAddressKind> kind = AddressClassifier.classify(address);
        if (kind.isEmpty() || isAllowlisted(address, kind.get())) {
            return Optional.empty();
        }
        return kind;
    }

    /**
     * Resolves the host and returns its addresses when every one of them may be reached.
     *
     * @throws BlockedDestinationException when the host name or any of its addresses is blocked
     * @throws UnknownHostException        when the host does not resolve
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String name = normaliseHost(host);
        if (METADATA_HOSTS.contains(name)) {
            throw new BlockedDestinationException(host, null, BlockedAddressKind.CLOUD_METADATA);
        }

        InetAddress[] addresses = resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host + ": no addresses");
        }
        for (InetAddress address : addresses) {
            Optional<BlockedAddressKind> kind = check(address);
            if (kind.isPresent()) {
                throw new BlockedDestinationException(host, address, kind.get());
            }
        }
        return List.of(addresses);
    }

    /**
     * Checks a webhook URL as a task request gives it, without any DNS query: absolute
     * {@code http} or {@code https}, a host, a port from 1 to 65535 when one is given, no user
     * info, at most {@value #MAX_URL_LENGTH}
     * characters, and neither a metadata host name nor a numeric address the guard blocks. Host
     * names are resolved and checked again at each delivery attempt.
     *
     * @param field the request field named in the error, for example {@code webhook.url}
     * @throws InvalidWebhookRequestException naming the field, the URL and the rule it broke
     */
    public URI checkUrl(String field, String url) {
        Objects.requireNonNull(url, "url");
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidWebhookRequestException(field, url.substring(0, 64) + "...",
                    "must be at most " + MAX_URL_LENGTH + " characters, was " + url.length(), "webhook.rule.too_long", MAX_URL_LENGTH,
                    url.length());
        }

        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidWebhookRequestException(field, url, "is not a valid URL: " + e.getReason(), "webhook.rule.syntax");
        }

        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidWebhookRequestException(field, url, "must be an absolute http or https URL", "webhook.rule.scheme");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidWebhookRequestException(field, url, "must name a host", "webhook.rule.host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidWebhookRequestException(field, url, "must not contain a user name or password", "webhook.rule.user_info");
        }
        // URI parses any digits as a port; the HTTP client rejects one outside 1-65535 only when it sends.
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > MAX_PORT)) {
            throw new InvalidWebhookRequestException(field, url, "must have a port from 1 to " + MAX_PORT + ", was " + uri.getPort(),
                    "webhook.rule.port", MAX_PORT, uri.getPort());
        }

        checkLiteralHost(field, url, uri.getHost());
        return uri;
    }

    private void checkLiteralHost(String field, String url, String host) {
        String name = normaliseHost(host);
        if (METADATA_HOSTS.contains(name)) {
            throw new InvalidWebhookRequestException(field, url, "names a cloud metadata service", "webhook.rule.metadata");
        }
        if (!isNumeric(name)) {
            return;
        }
        try {
            Optional<BlockedAddressKind> kind = check(InetAddress.getByName(name));
            if (kind.isPresent()) {
                throw new InvalidWebhookRequestException(field, url,
                        "is a " + kind.get().wireName().replace('_', ' ') + " address, which webhooks may not reach",
                        "webhook.rule.blocked_address", kind.get().wireName());
            }
        } catch (UnknownHostException e) {
            throw new InvalidWebhookRequestException(field, url, "has an invalid numeric address", "webhook.rule.numeric");
        }
    }

    private boolean isAllowlisted(InetAddress address, BlockedAddressKind kind) {
        for (Cidr cidr : allowlist) {
            boolean opens = kind != BlockedAddressKind.CLOUD_METADATA || cidr.isSingleAddress();
            if (opens && cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Strips IPv6 brackets and a trailing dot, and lower-cases, so that name checks see one form. */
    static String normaliseHost(String host) {
        String name = host.strip();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains(":")) {
            return name.toLowerCase(Locale.ROOT);
        }
        return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    private static boolean isNumeric(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
