package org.ferry.runtime.management;

/**
 * One reason a project cannot run as it is.
 *
 * @param task    the task's name, or {@code null} for the project as a whole
 * @param leg     the leg ({@code sales:account -> cds:Account}), or {@code null}
 * @param field   the field at fault, or {@code null}
 * @param message what is wrong and how to fix it
 */
public record ValidationProblem(String task, String leg, String field, String message) {
}
