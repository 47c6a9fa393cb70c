package dev.easel.sim.policy;

import dev.easel.core.schedule.FairScheduler;
import dev.easel.core.schedule.Scheduler;
import dev.easel.core.schedule.SchedulerSettings;
import dev.easel.core.schedule.TierConfig;
import dev.easel.sim.engine.VirtualClock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The policies the simulator can compare, by command-line name. */
public final class Policies {

    private static final Map<String, BiFunction<VirtualClock, List<TierConfig>, Scheduler>> FACTORIES = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        register("easel", (clock, tiers) -> FairScheduler.create(clock, SchedulerSettings.defaults().withTiers(tiers)),
                "Easel's FairScheduler with default settings: weighted fair tiers, equal shares per user, deadline promotion,"
                        + " batching and model affinity");
        register("fifo", FifoScheduler::new,
                "one FIFO queue (ComfyUI, SD WebUI, SwarmUI, hosted queues); one job at a time, no model affinity");
        register("priority", StrictPriorityScheduler::new,
                "strict priority between tiers, FIFO inside (RabbitMQ/Celery priority queues, Triton priority levels); one job at a time, no affinity, no aging");
        register("round-robin", UserRoundRobinScheduler::new,
                "round robin over users, FIFO per user, tiers ignored; one job at a time, no affinity");
        register("partition", StaticPartitionScheduler::new,
                "workers split among tiers by weight, FIFO per tier, no lending; one job at a time, no affinity");
    }

    private Policies() {
    }

    private static void register(String name, BiFunction<VirtualClock, List<TierConfig>, Scheduler> factory, String description) {
        FACTORIES.put(name, factory);
        DESCRIPTIONS.put(name, description);
    }

    /** Returns the policy names in a stable order. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** Returns a one-line description of a policy, naming the systems it stands for. */
    public static String describe(String name) {
        return DESCRIPTIONS.getOrDefault(name, name);
    }

    /**
     * Creates a fresh scheduler.
     *
     * @param clock the simulation's virtual clock
     * @throws IllegalArgumentException naming the known policies when {@code name} is unknown
     */
    public static Scheduler create(String name, VirtualClock clock, List<TierConfig> tiers) {
        BiFunction<VirtualClock, List<TierConfig>, Scheduler> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown policy '" + name + "', expected one of " + names());
        }
        return factory.apply(clock, tiers);
    }
}
