package dev.easel.server.admin;

import dev.easel.server.admission.AdmissionPolicy;
import dev.easel.server.admission.RateLimit;
import dev.easel.server.admission.TierLimits;
import dev.easel.server.admission.TierPauses;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.task.RequestRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiers at run time under {@code /v1/admin/tiers}: admission limits, pause and resume.
 *
 * <p>TODO: scheduler weights cannot be changed here yet; that needs a command on the dispatch
 * loop's queue that replaces the scheduler's tier configuration.
 */
@RestController
@RequestMapping("/v1/admin/tiers")
@Tag(name = "admin")
class AdminTierController {

    private final AdmissionPolicy policy;
    private final TierPauses pauses;
    private final DispatchLoop loop;

    AdminTierController(AdmissionPolicy policy, TierPauses pauses, DispatchLoop loop) {
        this.policy = policy;
        this.pauses = pauses;
        this.loop = loop;
    }

    @GetMapping
    @Operation(summary = "List tiers", description = "Each tier with its queued tasks, whether it is paused, and its admission limits.")
    Map<String, Object> list() {
        Map<String, Integer> queued = loop.queuedByTier();
        List<Map<String, Object>> items = loop.tierNames().stream().map(tier -> view(tier, queued.getOrDefault(tier, 0))).toList();
        return Map.of("items", items);
    }

    @PostMapping("/{tier}/pause")
    @Operation(summary = "Pause a tier", description = "New tasks of the tier get 503 tier_paused. Queued and running tasks go on.")
    Map<String, Object> pause(@PathVariable String tier) {
        pauses.pause(known(tier));
        return view(tier, loop.queuedByTier().getOrDefault(tier, 0));
    }

    @PostMapping("/{tier}/resume")
    @Operation(summary = "Resume a paused tier")
    Map<String, Object> resume(@PathVariable String tier) {
        pauses.resume(known(tier));
        return view(tier, loop.queuedByTier().getOrDefault(tier, 0));
    }

    @PutMapping(path = "/{tier}/limits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a tier's admission limits", description = "Applies to the next submit. Body fields (all optional; "
            + "missing means unlimited): rate_requests, rate_period_seconds, rate_burst, cost_budget_per_hour, "
            + "max_queued_per_user, max_running_per_user, max_queued.")
    Map<String, Object> limits(@PathVariable String tier, @RequestBody TierLimitsRequest request) {
        known(tier);
        TierLimits limits;
        try {
            RateLimit rate = request.rateRequests() == null ? null : new RateLimit(request.rateRequests(),
                    Duration.ofSeconds(request.ratePeriodSeconds() == null ? 60 : request.ratePeriodSeconds()), request.rateBurst());
            limits = new TierLimits(rate, request.costBudgetPerHour(), request.maxQueuedPerUser(), request.maxRunningPerUser(),
                    request.maxQueued(), policy.limits(tier).degrade());
        } catch (IllegalArgumentException e) {
            throw new RequestRejectedException(422, "invalid_field", "limits", null, e.getMessage());
        }
        policy.updateLimits(tier, limits);
        return view(tier, loop.queuedByTier().getOrDefault(tier, 0));
    }

    private String known(String tier) {
        if (!loop.tierNames().contains(tier)) {
            throw new RequestRejectedException(404, "unknown_tier", "tier", tier, "one of: " + String.join(", ", loop.tierNames()));
        }
        return tier;
    }

    private Map<String, Object> view(String tier, int queued) {
        TierLimits limits = policy.limits(tier);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", tier);
        view.put("queued", queued);
        view.put("paused", pauses.isPaused(tier));
        Map<String, Object> shown = new LinkedHashMap<>();
        if (limits.rate() != null) {
            shown.put("rate_requests", limits.rate().requests());
            shown.put("rate_period_seconds", limits.rate().period().toSeconds());
            shown.put("rate_burst", limits.rate().burst());
        }
        shown.put("cost_budget_per_hour", limits.costBudgetPerHour());
        shown.put("max_queued_per_user", limits.maxQueuedPerUser());
        shown.put("max_running_per_user", limits.maxRunningPerUser());
        shown.put("max_queued", limits.maxQueued());
        shown.put("degrade_rules", limits.degrade().size());
        view.put("limits", shown);
        return view;
    }
}
