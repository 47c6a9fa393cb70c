package dev.easel.server.admission;

import java.util.Objects;

/**
 * Admission turned a request down; the API answers with the reason's status, its code, the
 * limit that was hit and {@code Retry-After} when a time is known.
 */
public final class AdmissionRejectedException extends RuntimeException {

    private final transient AdmissionDecision.Rejected rejection;

    public AdmissionRejectedException(AdmissionDecision.Rejected rejection) {
        super(Objects.requireNonNull(rejection, "rejection").reason().code());
        this.rejection = rejection;
    }

    public AdmissionDecision.Rejected rejection() {
        return rejection;
    }
}
