package dev.easel.server.admin;

import dev.easel.server.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /v1/me}: who the key in the request belongs to. */
@RestController
@Tag(name = "users", description = "The caller's own account")
class MeController {

    @GetMapping("/v1/me")
    @Operation(summary = "Read the caller's account", description = "The user the API key belongs to, its plan and scheduler tier.")
    Map<String, Object> me(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        Map<String, Object> view = new LinkedHashMap<>(UserViews.user(caller.user(), caller.schedulerTier()));
        view.put("key_id", caller.keyId());
        return view;
    }
}
