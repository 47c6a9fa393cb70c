package dev.easel.server.admission;

/** What a degrade rule does to new tasks of an overloaded tier. */
public enum DegradeAction {
    /** Admit the task with its steps and resolution capped to the rule's limits. */
    CAP,
    /** Reject the task with {@link RejectionReason#TIER_OVERLOADED}. */
    REJECT
}
