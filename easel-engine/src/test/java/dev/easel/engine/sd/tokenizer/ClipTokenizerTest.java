package dev.easel.engine.sd.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token ids on the bundled tiny model's vocabulary (1000 tokens, BOS 998, EOS = PAD 999). The
 * expected ids of the first three tests are the examples in the model folder's README, which
 * were checked against Hugging Face's tokenizers library; the others follow from the vocabulary
 * by hand (each digit is its own piece, so it ends a word).
 */
class ClipTokenizerTest {

    private static final ClipTokenizer TOKENIZER = ClipTokenizerLoader.load(Path.of(System.getProperty("easel.tinySd"), "tokenizer"));

    private static int[] padded(int... ids) {
        int[] expected = new int[77];
        Arrays.fill(expected, 999);
        System.arraycopy(ids, 0, expected, 0, ids.length);
        return expected;
    }

    @Test
    void encode_readmeExample() {
        assertThat(TOKENIZER.encode("a red fox in the snow")).isEqualTo(padded(998, 320, 552, 542, 515, 513, 536, 999));
    }

    @Test
    void encode_emptyPrompt_isBosThenPadding() {
        assertThat(TOKENIZER.encode("")).isEqualTo(padded(998, 999));
    }

    @Test
    void tokenize_rareWord_splitsIntoMergedPieces() {
        assertThat(TOKENIZER.tokenize("zebra")).containsExactly(89, 68, 687, 320);
    }

    @Test
    void specialTokens_comeFromVocabulary() {
        SpecialTokens special = TOKENIZER.specialTokens();

        assertThat(special.bosId()).isEqualTo(998);
        assertThat(special.eosId()).isEqualTo(999);
        assertThat(special.padId()).isEqualTo(999);
        assertThat(TOKENIZER.maxLength()).isEqualTo(77);
    }

    @Test
    void tokenize_upperCaseAndExtraWhitespace_normalised() {
        assertThat(TOKENIZER.tokenize("  A   RED\tFox\n")).isEqualTo(TOKENIZER.tokenize("a red fox"));
    }

    @Test
    void tokenize_digitsAndPunctuation_splitIntoPieces() {
        assertThat(TOKENIZER.tokenize("123")).containsExactly(272, 273, 274);
        assertThat(TOKENIZER.tokenize("fox!")).containsExactly(542, 256);
    }

    @Test
    void encode_longPrompt_truncatesAndKeepsEos() {
        int[] ids = TOKENIZER.encode("fox ".repeat(100));

        assertThat(ids).hasSize(77);
        assertThat(ids[0]).isEqualTo(998);
        assertThat(Arrays.copyOfRange(ids, 1, 76)).containsOnly(542);
        assertThat(ids[76]).isEqualTo(999);
    }

    @Test
    void tokenize_nonAscii_usesByteLevelSymbols() {
        int[] ids = TOKENIZER.tokenize("狐");

        assertThat(ids).as("three UTF-8 bytes, the last with the word end").hasSize(3);
        assertThat(ids[2]).isBetween(256, 511);
    }

    @Test
    void byteLevelAlphabet_isABijectionOverBytes() {
        char[] characters = ByteLevelAlphabet.characters();

        assertThat(new String(characters).chars().distinct().count()).isEqualTo(256);
        assertThat(ByteLevelAlphabet.charOf('a')).isEqualTo('a');
        assertThat(ByteLevelAlphabet.charOf(' ')).isEqualTo('\u0120');
    }

    @Test
    void load_missingMerges_rejectsNamingFile(@TempDir Path folder) throws IOException {
        Files.copy(Path.of(System.getProperty("easel.tinySd"), "tokenizer/vocab.json"), folder.resolve("vocab.json"));

        assertThatThrownBy(() -> ClipTokenizerLoader.load(folder))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage(folder.resolve("merges.txt") + ": file not found");
    }
}
