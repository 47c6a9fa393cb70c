package dev.easel.catalog.load;

import dev.easel.catalog.CatalogInvalidException;
import dev.easel.catalog.LiveCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a live catalog when files in its folder change.
 *
 * <p>The watcher polls: every {@code interval} it lists the folder (path, size and modification
 * time of each file). When the listing differs from the last one it waits until the listing has
 * stayed the same for {@code debounce}, so an editor's several writes cause one reload, then calls
 * {@link LiveCatalog#reload()}. A rejected reload is logged by the catalog and leaves the last good
 * catalog in force; the next change triggers another attempt. A reload that fails for another
 * reason (the archive store could not save new versions) is tried again after the next poll.
 * Polling is used instead of {@code java.nio.file.WatchService} because it detects new subfolders
 * and works on network and container-mounted folders, where change events are often missing.
 *
 * <p>Runs on one daemon thread. {@link #close()} stops it.
 */
public final class CatalogWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    private final LiveCatalog catalog;
    private final Path root;
    private final long debounceNanos;
    private final ScheduledExecutorService executor;

    private String lastListing;
    private String pendingListing;
    private long pendingSinceNanos;
    private volatile String lastError;

    private CatalogWatcher(LiveCatalog catalog, Duration debounce) {
        this.catalog = catalog;
        this.root = catalog.root();
        this.debounceNanos = debounce.toNanos();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "easel-catalog-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts watching the folder the catalog was opened on.
     *
     * @param catalog  the catalog to reload
     * @param interval time between two listings, for example 500 ms
     * @param debounce how long the listing must stay unchanged before a reload, for example 300 ms
     */
    public static CatalogWatcher start(LiveCatalog catalog, Duration interval, Duration debounce) {
        Objects.requireNonNull(catalog, "catalog");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        CatalogWatcher watcher = new CatalogWatcher(catalog, debounce);
        watcher.lastListing = watcher.listing();
        watcher.executor.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watching catalog folder: root={} interval_ms={} debounce_ms={}", watcher.root, interval.toMillis(), debounce.toMillis());
        return watcher;
    }

    /** Returns the first problem of the last rejected automatic reload, or {@code null} when the last one succeeded. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void poll() {
        try {
            String listing = listing();
            long now = System.nanoTime();
            if (listing.equals(lastListing)) {
                pendingListing = null;
                return;
            }
            if (!listing.equals(pendingListing)) {
                pendingListing = listing;
                pendingSinceNanos = now;
                return;
            }
            if (now - pendingSinceNanos < debounceNanos) {
                return;
            }
            lastListing = listing;
            pendingListing = null;
            reload();
        } catch (RuntimeException e) {
            log.warn("catalog watcher poll failed: root={} error=\"{}\"", root, e.toString());
        }
    }

    private void reload() {
        try {
            catalog.reload();
            lastError = null;
        } catch (CatalogInvalidException e) {
            lastError = e.errors().get(0).toString();
        } catch (UncheckedIOException e) {
            lastError = e.getMessage();
            log.warn("catalog reload failed to read files: root={} error=\"{}\"", root, e.getMessage());
        } catch (RuntimeException e) {
            // The archive store failed (a database outage, for example). Unlike invalid files,
            // this can pass without a file change, so the watcher tries again after the next poll.
            lastError = e.getMessage();
            lastListing = null;
            log.warn("catalog reload failed; trying again shortly: root={} error=\"{}\"", root, e.toString());
        }
    }

    /** Returns one line per file: relative path, size and modification time. */
    private String listing() {
        StringBuilder listing = new StringBuilder();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted().toList()) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    listing.append(root.relativize(path)).append(' ').append(attributes.size()).append(' ')
                            .append(attributes.lastModifiedTime().toInstant()).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list catalog folder " + root, e);
        } catch (UncheckedIOException e) {
            // A file vanished between listing and reading its attributes: an edit is in progress.
            return listing.append("incomplete ").append(System.nanoTime()).toString();
        }
        return listing.toString();
    }
}
