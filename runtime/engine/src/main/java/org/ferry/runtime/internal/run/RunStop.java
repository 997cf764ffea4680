package org.ferry.runtime.internal.run;

import org.ferry.runtime.management.RunStatus;

/**
 * Why a run stops before its end, set from outside (cancel, shutdown, a plugin leaving) and checked by
 * the legs at batch boundaries, so a stop never splits a batch from its checkpoint.
 */
final class RunStop {
    private volatile RunStatus status;
    private volatile String reason;

    void request(RunStatus status, String reason) {
        if (this.status == null) {
            this.reason = reason;
            this.status = status;
        }
    }

    boolean requested() {
        return status != null;
    }

    RunStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
