package dev.easel.engine.sd.tokenizer;

/**
 * The byte-to-character table of GPT-2 and CLIP byte-level BPE: every byte gets a printable
 * character, so vocabulary entries are plain strings.
 *
 * <p>Implementation notes: bytes that are printable Latin-1 ({@code !..~}, {@code ¡..¬},
 * {@code ®..ÿ}) map to themselves; the remaining 68 bytes map, in byte order, to the characters
 * from U+0100 upward. This is the {@code bytes_to_unicode} table of OpenAI's CLIP tokenizer.
 */
final class ByteLevelAlphabet {

    private static final char[] CHAR_OF_BYTE = buildTable();

    private ByteLevelAlphabet() {
    }

    /** Returns the character that stands for {@code b} (0..255). */
    static char charOf(int b) {
        return CHAR_OF_BYTE[b & 0xff];
    }

    /** Returns the 256 characters in byte order. */
    static char[] characters() {
        return CHAR_OF_BYTE.clone();
    }

    private static char[] buildTable() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            table[b] = printable ? (char) b : (char) next++;
        }
        return table;
    }
}
