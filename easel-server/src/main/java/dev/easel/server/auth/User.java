package dev.easel.server.auth;

/**
 * A user of the API.
 *
 * @param id        stable id, for example {@code usr_01M9...}; the owner of tasks
 * @param name      display name given by the admin
 * @param plan      the user's plan ({@code free}, {@code pro}, {@code enterprise}, or any
 *                  configured name), mapped onto a scheduler tier by {@code easel.auth.plans}
 * @param group     the user group (scenes may offer presets per group)
 * @param admin     whether the user may call {@code /v1/admin/...}
 * @param disabled  whether the user's keys are refused
 * @param createdAt creation time, milliseconds since the epoch
 */
public record User(String id, String name, String plan, String group, boolean admin, boolean disabled, long createdAt) {
}
