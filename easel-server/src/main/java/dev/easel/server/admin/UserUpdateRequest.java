package dev.easel.server.admin;

/**
 * The body of {@code PATCH /v1/admin/users/{id}}. Only these fields can change, so a request
 * with any other field, {@code name} and {@code admin} included, is rejected with
 * {@code 400 unknown_field} instead of the field being ignored.
 *
 * @param plan  a plan from {@code easel.auth.plans}; unchanged when left out
 * @param group user group; unchanged when left out
 */
record UserUpdateRequest(String plan, String group) {
}
