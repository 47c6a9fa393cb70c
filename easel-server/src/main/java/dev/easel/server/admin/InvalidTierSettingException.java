package dev.easel.server.admin;

import dev.easel.server.task.RequestRejectedException;

/** Builds the 422 {@code invalid_tier_setting} rejection of a tier admin request. */
final class InvalidTierSettingException {

    private InvalidTierSettingException() {
    }

    /**
     * Returns the rejection of one field.
     *
     * @param field      the request field, for example {@code degrade[0].action}
     * @param value      the value given
     * @param limitKey   the bundle key that words the expected value, for example {@code limit.at_least}
     * @param limitText  the expected value in English, for the body's {@code limit} member
     * @param limitArgs  the bundle entry's arguments
     */
    static RequestRejectedException of(String field, Object value, String limitKey, String limitText, Object... limitArgs) {
        return new RequestRejectedException(422, "invalid_tier_setting", field, value, limitText).withLimitMessage(limitKey, limitArgs);
    }
}
