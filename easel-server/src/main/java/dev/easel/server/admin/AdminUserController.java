package dev.easel.server.admin;

import dev.easel.server.auth.User;
import dev.easel.server.auth.Users;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users and keys under {@code /v1/admin/users}; the API key filter admits only admins here. */
@RestController
@RequestMapping("/v1/admin/users")
@Tag(name = "admin", description = "Users, keys and plans (admin key required)")
class AdminUserController {

    private final Users users;

    AdminUserController(Users users) {
        this.users = users;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a user", description = "Body: {\"name\": \"alice\", \"plan\": \"free\", \"group\": \"default\", "
            + "\"admin\": false}. Answers 201 with the user and its first API key, shown only in this answer.")
    ResponseEntity<Map<String, Object>> create(@RequestBody UserRequest request) {
        Users.Issued issued = users.create(request.name(), request.plan(), request.group(), Boolean.TRUE.equals(request.admin()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/v1/admin/users/" + issued.user().id()))
                .body(UserViews.issued(issued, users.tierOf(issued.user())));
    }

    @GetMapping
    @Operation(summary = "List users", description = "Every user, oldest first.")
    Map<String, Object> list() {
        List<Map<String, Object>> items = users.list().stream().map(u -> UserViews.user(u, users.tierOf(u))).toList();
        return Map.of("items", items);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a user", description = "The user and the ids of its keys; key texts are never shown again.")
    Map<String, Object> get(@PathVariable String id) {
        User user = users.require(id);
        Map<String, Object> view = new LinkedHashMap<>(UserViews.user(user, users.tierOf(user)));
        view.put("keys", UserViews.keys(users.keys(id)));
        return view;
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a user's plan or group", description = "Body: {\"plan\": \"pro\"} and/or {\"group\": \"studio\"}. "
            + "The new plan's tier applies to the user's next submit. Other fields answer 400 unknown_field.")
    Map<String, Object> update(@PathVariable String id, @RequestBody UserUpdateRequest request) {
        User user = users.update(id, request.plan(), request.group());
        return UserViews.user(user, users.tierOf(user));
    }

    @PostMapping("/{id}/disable")
    @Operation(summary = "Disable a user", description = "Requests with any of the user's keys get 401 from now on. Tasks stay as they are. "
            + "Answers 409 last_admin for the last enabled admin that has an enabled key.")
    Map<String, Object> disable(@PathVariable String id) {
        User user = users.setDisabled(id, true);
        return UserViews.user(user, users.tierOf(user));
    }

    @PostMapping("/{id}/enable")
    @Operation(summary = "Enable a user again")
    Map<String, Object> enable(@PathVariable String id) {
        User user = users.setDisabled(id, false);
        return UserViews.user(user, users.tierOf(user));
    }

    @PostMapping("/{id}/keys")
    @Operation(summary = "Create another key for a user", description = "Responds 201 with the key, which is shown only in this response.")
    ResponseEntity<Map<String, Object>> addKey(@PathVariable String id) {
        Users.Issued issued = users.addKey(id);
        return ResponseEntity.status(HttpStatus.CREATED).body(UserViews.issued(issued, users.tierOf(issued.user())));
    }

    @PostMapping("/{id}/keys/{keyId}/disable")
    @Operation(summary = "Disable one key", description = "Requests with the key get 401 from now on. The user's other keys still work. "
            + "Answers 409 last_admin for the last enabled key of the last enabled admin.")
    Map<String, Object> disableKey(@PathVariable String id, @PathVariable String keyId) {
        users.setKeyDisabled(id, keyId, true);
        return Map.of("keys", UserViews.keys(users.keys(id)));
    }
}
