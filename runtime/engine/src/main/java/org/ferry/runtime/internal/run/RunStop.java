package org.ferry.runtime.internal.run;

import org.ferry.runtime.management.RunStatus;

/**
 * Why a run stops before its end, set from outside (cancel, shutdown, a plugin leaving) and checked by
 * the legs at batch boundaries, so a stop never splits a batch from its checkpoint. A run whose lease this node
 * no longer holds stops too, and before its next call to a target ({@link #requireLease()}).
 */
final class RunStop {
    private final RunLease lease;
    private volatile RunStatus status;
    private volatile String reason;
    private volatile boolean handover;

    RunStop() {
        this(null);
    }

    RunStop(RunLease lease) {
        this.lease = lease;
    }

    void request(RunStatus status, String reason) {
        if (this.status == null) {
            this.reason = reason;
            this.status = status;
        }
    }

    /**
     * Stops the run at its next batch boundary without ending it: this node stops, and another takes the run over
     * from its checkpoints.
     */
    void handOver(String why) {
        handover = true;
        request(RunStatus.INTERRUPTED, why);
    }

    boolean handingOver() {
        return handover;
    }

    boolean requested() {
        return status != null || leaseLost();
    }

    /** @return whether this node may no longer act for the run (another node may hold it) */
    boolean leaseLost() {
        return lease != null && !lease.heldLocally();
    }

    /** @throws org.ferry.runtime.internal.store.LeaseLostException if this node no longer holds the run's lease */
    void requireLease() {
        if (lease != null) {
            lease.requireHeld();
        }
    }

    RunStatus status() {
        return status != null ? status : leaseLost() ? RunStatus.INTERRUPTED : null;
    }

    String reason() {
        return reason != null ? reason : leaseLost() ? "this node lost the run's lease" : null;
    }
}
