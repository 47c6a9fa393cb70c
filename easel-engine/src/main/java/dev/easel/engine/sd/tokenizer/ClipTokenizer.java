package dev.easel.engine.sd.tokenizer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLIP byte-level BPE tokenizer that Stable Diffusion's text encoder expects.
 *
 * <p>{@link #encode} returns exactly {@link #maxLength()} ids: the begin-of-text id, the prompt's
 * tokens (truncated so that the end-of-text id still fits), the end-of-text id, then padding.
 * Special-token ids come from the vocabulary, never from constants.
 *
 * <p>Implementation notes: the text is NFC-normalised, runs of whitespace become one space, it is
 * trimmed and lower-cased. It is then split with CLIP's pattern (the two special tokens, the
 * English contractions, runs of letters, single digits, runs of other non-space characters).
 * Each piece is turned into UTF-8 bytes, each byte into its {@link ByteLevelAlphabet} character,
 * the last character gets the {@code </w>} word-end marker, and the merges from
 * {@code merges.txt} are applied lowest rank first until none applies. Note that Hugging Face's
 * CLIPTokenizer also runs ftfy's text repair when ftfy is installed; this class does not, so
 * mojibake in a prompt is tokenized as written.
 *
 * <p>Thread-safe: the tables are read-only and the piece cache is concurrent.
 */
public final class ClipTokenizer {

    static final String WORD_END = "</w>";

    private static final Pattern PIECES = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MAX_CACHED_PIECES = 50_000;

    private final Map<String, Integer> vocabulary;
    private final Map<String, Integer> mergeRanks;
    private final SpecialTokens special;
    private final int maxLength;
    private final Map<String, int[]> pieceCache = new ConcurrentHashMap<>();

    /**
     * @param vocabulary token to id
     * @param merges     merge pairs in rank order, each {@code "left right"}
     * @param special    special-token ids
     * @param maxLength  ids per encoded prompt, at least 2
     */
    ClipTokenizer(Map<String, Integer> vocabulary, List<String> merges, SpecialTokens special, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, was " + maxLength);
        }
        this.vocabulary = Map.copyOf(vocabulary);
        this.special = Objects.requireNonNull(special, "special");
        this.maxLength = maxLength;
        this.mergeRanks = new ConcurrentHashMap<>(merges.size() * 2);
        for (int rank = 0; rank < merges.size(); rank++) {
            mergeRanks.putIfAbsent(merges.get(rank), rank);
        }
    }

    /** Returns the number of ids per encoded prompt (77 for Stable Diffusion). */
    public int maxLength() {
        return maxLength;
    }

    /** Returns the special-token ids read from the vocabulary. */
    public SpecialTokens specialTokens() {
        return special;
    }

    /** Returns {@link #maxLength()} ids for {@code text}: BOS, tokens, EOS, padding. */
    public int[] encode(String text) {
        int[] ids = new int[maxLength];
        Arrays.fill(ids, special.padId());
        ids[0] = special.bosId();

        int count = 1;
        for (int id : tokenize(text)) {
            if (count == maxLength - 1) {
                break;
            }
            ids[count++] = id;
        }
        ids[count] = special.eosId();
        return ids;
    }

    /** Returns the token ids of {@code text} without special tokens, padding or truncation. */
    public int[] tokenize(String text) {
        String clean = clean(text);
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        Matcher matcher = PIECES.matcher(clean);
        while (matcher.find()) {
            int[] ids = encodePiece(matcher.group());
            parts.add(ids);
            total += ids.length;
        }

        int[] all = new int[total];
        int offset = 0;
        for (int[] ids : parts) {
            System.arraycopy(ids, 0, all, offset, ids.length);
            offset += ids.length;
        }
        return all;
    }

    static String clean(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE.matcher(normalized).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }

    private int[] encodePiece(String piece) {
        Integer specialId = special.idOfSpecial(piece);
        if (specialId != null) {
            return new int[] {specialId};
        }
        int[] cached = pieceCache.get(piece);
        if (cached != null) {
            return cached;
        }
        int[] ids = toIds(merge(byteLevelSymbols(piece)));
        if (pieceCache.size() < MAX_CACHED_PIECES) {
            pieceCache.put(piece, ids);
        }
        return ids;
    }

    private static List<String> byteLevelSymbols(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        List<String> symbols = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            symbols.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        int last = symbols.size() - 1;
        symbols.set(last, symbols.get(last) + WORD_END);
        return symbols;
    }

    /** Applies the lowest-ranked merge to every occurrence, left to right, until none applies. */
    private List<String> merge(List<String> symbols) {
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String bestLeft = null;
            String bestRight = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestLeft = symbols.get(i);
                    bestRight = symbols.get(i + 1);
                }
            }
            if (bestLeft == null) {
                break;
            }
            symbols = mergeAll(symbols, bestLeft, bestRight);
        }
        return symbols;
    }

    private static List<String> mergeAll(List<String> symbols, String left, String right) {
        List<String> merged = new ArrayList<>(symbols.size());
        int i = 0;
        while (i < symbols.size()) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                merged.add(left + right);
                i += 2;
            } else {
                merged.add(symbols.get(i));
                i++;
            }
        }
        return merged;
    }

    private int[] toIds(List<String> symbols) {
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = vocabulary.get(symbols.get(i));
            ids[i] = id == null ? special.unknownId() : id;
        }
        return ids;
    }
}
