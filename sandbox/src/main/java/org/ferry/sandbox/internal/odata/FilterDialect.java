package org.ferry.sandbox.internal.odata;

import java.util.Set;

/** Where the two services' $filter semantics differ. */
public enum FilterDialect {
    /** Dataverse: case-insensitive strings, contains/startswith/endswith functions. */
    DATAVERSE(false, Set.of("contains", "startswith", "endswith", "tolower", "toupper", "trim", "length")),
    /**
     * F&amp;O: the documented operators only, no functions; "contains is emulated with wildcards"
     * ({@code eq '*retail*'}); has/in unsupported (reference §3.2).
     */
    OPERATIONS(true, Set.of());

    private final boolean wildcards;
    private final Set<String> functions;

    FilterDialect(boolean wildcards, Set<String> functions) {
        this.wildcards = wildcards;
        this.functions = functions;
    }

    public boolean wildcards() {
        return wildcards;
    }

    public boolean supports(String function) {
        return functions.contains(function);
    }
}
