package org.ferry.runtime.management;

import java.util.List;

/**
 * One task of a run.
 *
 * @param name the task's name
 * @param legs its legs in order
 */
public record RunTaskInfo(String name, List<RunLegInfo> legs) {
}
