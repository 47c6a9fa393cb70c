package dev.easel.server.admin;

import dev.easel.server.auth.User;
import dev.easel.server.auth.Users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON views of users and keys for the admin API and {@code GET /v1/me}. */
final class UserViews {

    private UserViews() {
    }

    static Map<String, Object> user(User user, String schedulerTier) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id());
        view.put("name", user.name());
        view.put("plan", user.plan());
        view.put("tier", schedulerTier);
        view.put("group", user.group());
        view.put("admin", user.admin());
        view.put("disabled", user.disabled());
        view.put("created_at", Instant.ofEpochMilli(user.createdAt()).toString());
        return view;
    }

    static Map<String, Object> issued(Users.Issued issued, String schedulerTier) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("user", user(issued.user(), schedulerTier));
        view.put("key_id", issued.keyId());
        view.put("api_key", issued.apiKey());
        view.put("note", "The api_key is shown only now; Easel stores only its hash.");
        return view;
    }

    static List<Map<String, Object>> keys(List<Users.Key> keys) {
        return keys.stream().map(k -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("key_id", k.keyId());
            view.put("disabled", k.disabled());
            view.put("created_at", Instant.ofEpochMilli(k.createdAt()).toString());
            return view;
        }).toList();
    }
}
