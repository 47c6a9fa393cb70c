package dev.easel.engine.sd.tokenizer;

/**
 * Ids of the tokenizer's special tokens, looked up in its vocabulary.
 *
 * @param bos      begin-of-text token text, for example {@code <|startoftext|>}
 * @param bosId    its id
 * @param eos      end-of-text token text, for example {@code <|endoftext|>}
 * @param eosId    its id
 * @param padId    id that fills a prompt up to the maximum length (the end-of-text id in SD 1.x,
 *                 {@code !} in SD 2.x)
 * @param unknownId id used for a symbol missing from the vocabulary
 */
public record SpecialTokens(String bos, int bosId, String eos, int eosId, int padId, int unknownId) {

    /** Returns the id when {@code piece} is the text of the BOS or EOS token, else {@code null}. */
    Integer idOfSpecial(String piece) {
        if (piece.equals(bos)) {
            return bosId;
        }
        if (piece.equals(eos)) {
            return eosId;
        }
        return null;
    }
}
