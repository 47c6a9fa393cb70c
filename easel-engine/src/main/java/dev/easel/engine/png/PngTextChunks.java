package dev.easel.engine.png;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Adds and reads text chunks of an encoded PNG file.
 *
 * <p>Implementation notes: a PNG file is an 8-byte signature followed by chunks, each a 4-byte
 * big-endian length, a 4-byte type, the data and a CRC-32 over type and data (PNG specification,
 * 3rd edition, section 5.3). New text goes into an uncompressed {@code iTXt} chunk right after
 * {@code IHDR}, so it is UTF-8 and readers find it before the image data. Reading accepts
 * {@code iTXt} (uncompressed) and {@code tEXt} (Latin-1) chunks.
 *
 * <p>Stateless and thread-safe.
 */
public final class PngTextChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IHDR_END = SIGNATURE.length + 8 + 13 + 4;
    private static final int MAX_KEYWORD_LENGTH = 79;

    private PngTextChunks() {
    }

    /**
     * Returns a copy of {@code png} with an {@code iTXt} chunk holding {@code text} under
     * {@code keyword}.
     *
     * @param keyword 1 to 79 printable Latin-1 characters, as the PNG specification requires
     * @throws IllegalArgumentException when {@code png} is not a PNG file or the keyword is invalid
     */
    public static byte[] withText(byte[] png, String keyword, String text) {
        checkSignature(png);
        checkKeyword(keyword);

        ByteArrayOutputStream data = new ByteArrayOutputStream(keyword.length() + text.length() + 8);
        data.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        data.write(0); // compression flag: uncompressed
        data.write(0); // compression method
        data.write(0); // empty language tag
        data.write(0); // empty translated keyword
        data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        byte[] chunk = chunk("iTXt", data.toByteArray());

        byte[] result = Arrays.copyOf(png, png.length + chunk.length);
        System.arraycopy(chunk, 0, result, IHDR_END, chunk.length);
        System.arraycopy(png, IHDR_END, result, IHDR_END + chunk.length, png.length - IHDR_END);
        return result;
    }

    /**
     * Returns the text stored under {@code keyword} in the first matching {@code iTXt} or
     * {@code tEXt} chunk, or empty when there is none. Compressed {@code iTXt} chunks are skipped.
     *
     * @throws IllegalArgumentException when {@code png} is not a PNG file or a chunk is truncated
     */
    public static Optional<String> readText(byte[] png, String keyword) {
        checkSignature(png);
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int position = SIGNATURE.length;
        while (position + 12 <= png.length) {
            int length = buffer.getInt(position);
            if (length < 0 || position + 12L + length > png.length) {
                throw new IllegalArgumentException("truncated PNG chunk at byte " + position);
            }
            String type = new String(png, position + 4, 4, StandardCharsets.ISO_8859_1);
            int dataStart = position + 8;
            Optional<String> text = switch (type) {
                case "iTXt" -> internationalText(png, dataStart, length, keyword);
                case "tEXt" -> latinText(png, dataStart, length, keyword);
                default -> Optional.empty();
            };
            if (text.isPresent() || type.equals("IEND")) {
                return text;
            }
            position = dataStart + length + 4;
        }
        return Optional.empty();
    }

    private static Optional<String> internationalText(byte[] png, int start, int length, String keyword) {
        int end = start + length;
        int keywordEnd = indexOfZero(png, start, end);
        if (keywordEnd < 0 || keywordEnd + 2 >= end || !matches(png, start, keywordEnd, keyword)) {
            return Optional.empty();
        }
        boolean compressed = png[keywordEnd + 1] != 0;
        int languageEnd = indexOfZero(png, keywordEnd + 3, end);
        int translatedEnd = languageEnd < 0 ? -1 : indexOfZero(png, languageEnd + 1, end);
        if (compressed || translatedEnd < 0) {
            return Optional.empty();
        }
        return Optional.of(new String(png, translatedEnd + 1, end - translatedEnd - 1, StandardCharsets.UTF_8));
    }

    private static Optional<String> latinText(byte[] png, int start, int length, String keyword) {
        int end = start + length;
        int keywordEnd = indexOfZero(png, start, end);
        if (keywordEnd < 0 || !matches(png, start, keywordEnd, keyword)) {
            return Optional.empty();
        }
        return Optional.of(new String(png, keywordEnd + 1, end - keywordEnd - 1, StandardCharsets.ISO_8859_1));
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);

        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
        return chunk.array();
    }

    private static boolean matches(byte[] png, int start, int end, String keyword) {
        return new String(png, start, end - start, StandardCharsets.ISO_8859_1).equals(keyword);
    }

    private static int indexOfZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static void checkSignature(byte[] png) {
        if (png.length < IHDR_END || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalArgumentException("not a PNG file: the 8-byte PNG signature or the IHDR chunk is missing");
        }
    }

    private static void checkKeyword(String keyword) {
        boolean printable = keyword.chars().allMatch(c -> (c >= 32 && c <= 126) || (c >= 161 && c <= 255));
        if (keyword.isEmpty() || keyword.length() > MAX_KEYWORD_LENGTH || !printable) {
            throw new IllegalArgumentException("PNG text keyword must be 1 to 79 printable Latin-1 characters, was '" + keyword + "'");
        }
    }
}
