package org.ferry.sandbox.internal.odata;

/** Where the two services' $filter semantics differ. */
public enum FilterDialect {
    /** Dataverse: case-insensitive strings, contains/startswith/endswith functions. */
    DATAVERSE(false, java.util.Set.of("contains", "startswith", "endswith", "tolower", "toupper", "trim", "length")),
    /** F&O: "contains is emulated with wildcards" ({@code eq '*retail*'}); has/in unsupported. */
    OPERATIONS(true, java.util.Set.of("contains", "startswith", "endswith", "tolower", "toupper", "trim", "length"));

    private final boolean wildcards;
    private final java.util.Set<String> functions;

    FilterDialect(boolean wildcards, java.util.Set<String> functions) {
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
