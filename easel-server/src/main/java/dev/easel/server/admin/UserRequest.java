package dev.easel.server.admin;

/**
 * The body of {@code POST /v1/admin/users}; {@link UserUpdateRequest} is the body of a change.
 *
 * @param name  display name; required on create
 * @param plan  a plan from {@code easel.auth.plans}; the default plan when left out
 * @param group user group; {@code default} when left out
 * @param admin whether the user may call the admin API; false when left out
 */
record UserRequest(String name, String plan, String group, Boolean admin) {
}
