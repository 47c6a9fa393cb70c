package dev.easel.engine.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen regular files from a gzip-compressed tar archive, such as an npm package tarball.
 *
 * <p>Implementation notes: a tar archive is a sequence of 512-byte headers, each followed by the
 * file's bytes padded to a multiple of 512. The name is the ustar {@code prefix} (offset 345) and
 * {@code name} (offset 0) fields; the size is octal at offset 124; the type flag at offset 156
 * is {@code '0'} or NUL for a regular file. A pax extended header ({@code 'x'}) may carry a
 * {@code path} record for the next entry, which overrides its ustar name. Two zero blocks end
 * the archive.
 */
final class TarballReader {

    private static final int BLOCK = 512;

    private TarballReader() {
    }

    /**
     * Extracts every regular file for which {@code destinationOf} returns a path.
     *
     * @param destinationOf maps an entry name (for example {@code package/dist/resources.json})
     *                      to where to write it, or to {@code null} to skip the entry
     * @return how many files were written
     */
    static int extract(Path tarball, Function<String, Path> destinationOf) throws IOException {
        int written = 0;
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tarball), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String paxPath = null;
            while (readFully(in, header) && !isZeroBlock(header)) {
                String name = paxPath != null ? paxPath : entryName(header);
                paxPath = null;
                long size = parseOctal(header, 124, 12);
                char type = (char) header[156];

                if (type == 'x') {
                    paxPath = paxPathRecord(readBytes(in, size));
                    skip(in, padding(size));
                    continue;
                }
                Path destination = (type == '0' || type == '\0') ? destinationOf.apply(name) : null;
                if (destination == null) {
                    skip(in, size + padding(size));
                    continue;
                }
                Files.createDirectories(destination.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(destination)) {
                    copy(in, out, size);
                }
                skip(in, padding(size));
                written++;
            }
        }
        return written;
    }

    /**
     * Returns {@code folder/relative}, or {@code null} when {@code relative} would leave the
     * folder (an entry name with {@code ..} or an absolute path), so such entries are skipped.
     */
    static Path inside(Path folder, String relative) {
        Path base = folder.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        return resolved.startsWith(base) && !resolved.equals(base) ? resolved : null;
    }

    private static String entryName(byte[] header) {
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPathRecord(byte[] records) {
        // Each record is "<length> <key>=<value>\n".
        for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] header, int offset, int length) throws IOException {
        String digits = text(header, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header: size field is " + digits, e);
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read == 0) {
            return false;
        }
        if (read < buffer.length) {
            throw new IOException("tar archive ends inside a header");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length != size) {
            throw new IOException("tar archive ends inside an entry");
        }
        return bytes;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("tar archive ends inside an entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("tar archive ends inside an entry");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
