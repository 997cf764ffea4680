package org.ferry.connectors.cds.internal.read;

import java.util.OptionalLong;

import org.ferry.api.error.ConfigurationException;

/**
 * The hub's checkpoint: {@code cds1:<environment instance id>:<change number>}. The instance id is made when
 * the environment's database is created, so a checkpoint from a deleted and re-created environment, whose
 * change numbers started again, leads to a full read instead of a read that skips everything.
 */
public final class Checkpoint {
    private static final String PREFIX = "cds1:";

    private Checkpoint() {
    }

    public static String format(String instanceId, long changeNumber) {
        return PREFIX + instanceId + ":" + changeNumber;
    }

    /**
     * @return the change number to read after, or empty if the checkpoint belongs to another database
     * @throws ConfigurationException if the text is not a checkpoint of this connector
     */
    public static OptionalLong since(String checkpoint, String instanceId) {
        int colon = checkpoint.lastIndexOf(':');
        if (!checkpoint.startsWith(PREFIX) || colon <= PREFIX.length()) {
            throw new ConfigurationException("checkpoint", "'" + checkpoint + "' is not a checkpoint of the cds connector");
        }
        long number;
        try {
            number = Long.parseLong(checkpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("checkpoint", "'" + checkpoint + "' is not a checkpoint of the cds connector");
        }
        String instance = checkpoint.substring(PREFIX.length(), colon);
        return instance.equals(instanceId) ? OptionalLong.of(number) : OptionalLong.empty();
    }
}
