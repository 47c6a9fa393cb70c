package dev.easel.server.webhook;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The set of event types a task's webhook receives. An absent or empty filter in a request means
 * the terminal events only ({@code succeeded}, {@code failed}, {@code canceled}, {@code expired}),
 * so that a receiver is not flooded with progress unless it asks.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookEventFilter {

    /** The filter applied when a request names no events. */
    public static final WebhookEventFilter TERMINAL = new WebhookEventFilter(EnumSet.of(
            WebhookEventType.SUCCEEDED, WebhookEventType.FAILED, WebhookEventType.CANCELED, WebhookEventType.EXPIRED));

    /** Every event type, progress included. */
    public static final WebhookEventFilter ALL = new WebhookEventFilter(EnumSet.allOf(WebhookEventType.class));

    private final Set<WebhookEventType> types;

    private WebhookEventFilter(Set<WebhookEventType> types) {
        this.types = EnumSet.copyOf(types);
    }

    /** Returns a filter accepting exactly these types; an empty collection gives {@link #TERMINAL}. */
    public static WebhookEventFilter of(Collection<WebhookEventType> types) {
        return types.isEmpty() ? TERMINAL : new WebhookEventFilter(EnumSet.copyOf(types));
    }

    /**
     * Parses wire names as a request gives them; {@code null} or an empty list gives
     * {@link #TERMINAL}.
     *
     * @param field the request field, named in the error, for example {@code webhook.events}
     * @throws InvalidWebhookRequestException naming the field and the first unknown name
     */
    public static WebhookEventFilter parse(String field, List<String> wireNames) {
        if (wireNames == null || wireNames.isEmpty()) {
            return TERMINAL;
        }

        EnumSet<WebhookEventType> types = EnumSet.noneOf(WebhookEventType.class);
        for (String name : wireNames) {
            WebhookEventType type = WebhookEventType.fromWireName(Objects.requireNonNullElse(name, ""))
                    .orElseThrow(() -> new InvalidWebhookRequestException(field, String.valueOf(name),
                            "is not an event; expected one of " + allWireNames(), "webhook.rule.event", allWireNames()));
            types.add(type);
        }
        return new WebhookEventFilter(types);
    }

    /** Returns whether a webhook with this filter receives events of this type. */
    public boolean accepts(WebhookEventType type) {
        return types.contains(type);
    }

    /** Returns the accepted wire names in declaration order, as stored and shown to users. */
    public List<String> wireNames() {
        return types.stream().map(WebhookEventType::wireName).toList();
    }

    private static String allWireNames() {
        return Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookEventFilter that && types.equals(that.types);
    }

    @Override
    public int hashCode() {
        return types.hashCode();
    }

    @Override
    public String toString() {
        return "WebhookEventFilter" + wireNames();
    }
}
