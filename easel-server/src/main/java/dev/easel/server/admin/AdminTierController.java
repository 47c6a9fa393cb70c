package dev.easel.server.admin;

import dev.easel.core.schedule.TierConfig;
import dev.easel.server.admission.AdmissionPolicy;
import dev.easel.server.admission.TierLimits;
import dev.easel.server.admission.TierPauses;
import dev.easel.server.dispatch.DispatchLoop;
import dev.easel.server.dispatch.TierWait;
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
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tiers at run time under {@code /v1/admin/tiers}: scheduler settings, admission limits with
 * degrade rules, pause and resume. Each change is stored first ({@link JdbcTierSettings}), so a
 * restart applies it again, then applied: admission limits and pauses to the next submit,
 * scheduler settings to the scheduler's next decision.
 *
 * <p>NOTE: a change applies only in the process that served the request. Other API nodes on the
 * same PostgreSQL store pick it up at their next start, not at once.
 */
@RestController
@RequestMapping("/v1/admin/tiers")
@Tag(name = "admin")
class AdminTierController {

    private static final long LOOP_WAIT_SECONDS = 5;

    private final AdmissionPolicy policy;
    private final TierPauses pauses;
    private final DispatchLoop loop;
    private final JdbcTierSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    AdminTierController(AdmissionPolicy policy, TierPauses pauses, DispatchLoop loop, JdbcTierSettings settings, JsonMapper json) {
        this.policy = policy;
        this.pauses = pauses;
        this.loop = loop;
        this.settings = settings;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    @GetMapping
    @Operation(summary = "List tiers", description = "Each tier with its queued tasks, projected wait, whether it is paused, "
            + "its scheduler settings and its admission limits with degrade rules.")
    Map<String, Object> list() {
        List<Map<String, Object>> items = loop.tierNames().stream().map(this::view).toList();
        return Map.of("items", items);
    }

    @PostMapping("/{tier}/pause")
    @Operation(summary = "Pause a tier", description = "New tasks of the tier get 503 tier_paused with Retry-After. Queued and "
            + "running tasks go on. Optional body: {\"for_seconds\": 600} ends the pause by itself; for_seconds is an "
            + "integer from 1 to 2592000 (30 days).")
    Map<String, Object> pause(@PathVariable String tier, @RequestBody(required = false) PauseRequest request) {
        known(tier);
        Long forSeconds = TierSettingChecks.checkPause(request);
        Instant until = forSeconds == null ? null : clock.instant().plusSeconds(forSeconds);
        settings.savePause(tier, true, until == null ? null : until.toEpochMilli());
        pauses.pause(tier, until);
        return view(tier);
    }

    @PostMapping("/{tier}/resume")
    @Operation(summary = "Resume a paused tier")
    Map<String, Object> resume(@PathVariable String tier) {
        known(tier);
        settings.savePause(tier, false, null);
        pauses.resume(tier);
        return view(tier);
    }

    @PutMapping(path = "/{tier}/limits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a tier's admission limits", description = "Applies to the next submit. Body fields (all optional; "
            + "missing means unlimited): rate_requests, rate_period_seconds and rate_burst (the last two only with rate_requests), "
            + "cost_budget_per_hour (above 0), max_queued_per_user (at least 1), max_running_per_user, max_queued, and "
            + "degrade: a list of {when_wait_over_seconds, action (cap or reject), max_steps, max_pixels}, each threshold once. "
            + "Without degrade the tier's rules stay; an empty list removes them.")
    Map<String, Object> limits(@PathVariable String tier, @RequestBody TierLimitsRequest request) {
        known(tier);
        TierSettingChecks.checkLimits(request);
        TierLimits limits = TierSettingsMapping.toLimits(request, policy.limits(tier));
        settings.saveAdmission(tier, json.writeValueAsString(TierSettingsMapping.toRequest(limits)));
        policy.updateLimits(tier, limits);
        return view(tier);
    }

    @PutMapping(path = "/{tier}/scheduler", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a tier's scheduler settings", description = "The scheduler's next decision uses them. Body fields "
            + "(all optional; missing keeps the value in force): weight (0.01 to 10000), max_queued (at least 1), "
            + "max_queued_per_user (0 for no limit), max_wait_seconds (1 to 2592000). Integer fields reject fractions.")
    Map<String, Object> scheduler(@PathVariable String tier, @RequestBody TierSchedulerRequest request) {
        known(tier);
        TierSettingChecks.checkScheduler(request);
        TierConfig config = TierSettingsMapping.toConfig(request, loop.tierConfig(tier));
        settings.saveScheduler(tier, config.weight(), config.maxQueued(), config.maxQueuedPerUser(), config.maxWaitMillis());
        try {
            loop.updateTier(config).get(LOOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Stored already: the restore at the next start applies it if the loop never does.
            throw new RequestRejectedException(503, "dispatch_unavailable", null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRejectedException(503, "dispatch_unavailable", null, null, null);
        }
        return view(tier);
    }

    private void known(String tier) {
        if (!loop.tierNames().contains(tier)) {
            String names = String.join(", ", loop.tierNames());
            throw new RequestRejectedException(404, "unknown_tier", "tier", tier, "one of: " + names)
                    .withLimitMessage("limit.one_of", names);
        }
    }

    private Map<String, Object> view(String tier) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", tier);
        view.put("queued", loop.queuedByTier().getOrDefault(tier, 0));
        Optional<TierWait> wait = loop.tierWait(tier);
        view.put("projected_wait_seconds", wait.map(w -> w.projectedWait().toMillis() / 1000.0).orElse(0.0));
        view.put("next_start_in_seconds", wait.map(w -> w.nextStartIn().toMillis() / 1000.0).orElse(null));
        view.put("paused", pauses.isPaused(tier));
        view.put("paused_until", pauses.pausedUntil(tier).map(Instant::toString).orElse(null));

        TierConfig config = loop.tierConfig(tier);
        Map<String, Object> scheduler = new LinkedHashMap<>();
        scheduler.put("weight", config.weight());
        scheduler.put("strict_priority", config.strictPriority());
        scheduler.put("max_queued", config.maxQueued());
        scheduler.put("max_queued_per_user", config.maxQueuedPerUser());
        scheduler.put("max_wait_seconds", config.maxWaitMillis() / 1000.0);
        view.put("scheduler", scheduler);

        TierLimits limits = policy.limits(tier);
        TierLimitsRequest limitsView = TierSettingsMapping.toRequest(limits);
        Map<String, Object> admission = new LinkedHashMap<>();
        if (limits.rate() != null) {
            admission.put("rate_requests", limitsView.rateRequests());
            admission.put("rate_period_seconds", limitsView.ratePeriodSeconds());
            admission.put("rate_burst", limitsView.rateBurst());
        }
        admission.put("cost_budget_per_hour", limitsView.costBudgetPerHour());
        admission.put("max_queued_per_user", limitsView.maxQueuedPerUser());
        admission.put("max_running_per_user", limitsView.maxRunningPerUser());
        admission.put("max_queued", limitsView.maxQueued());
        admission.put("degrade_rules", limits.degrade().size());
        admission.put("degrade", limitsView.degrade().stream().map(rule -> {
            Map<String, Object> shownRule = new LinkedHashMap<>();
            shownRule.put("when_wait_over_seconds", rule.whenWaitOverSeconds());
            shownRule.put("action", rule.action());
            shownRule.put("max_steps", rule.maxSteps());
            shownRule.put("max_pixels", rule.maxPixels());
            return shownRule;
        }).toList());
        view.put("limits", admission);
        return view;
    }
}
