package org.ferry.api.connector;

/** How a configuration field is entered and checked. */
public enum ConfigFieldType {
    /** Free text. */
    TEXT,
    /** An absolute http(s) URL; the engine checks the scheme and host policy before the connector sees it. */
    URL,
    /** A whole number. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** Free text that is never shown again once saved: passwords, client secrets, API keys. */
    PASSWORD,
    /** One of {@link ConfigField#options()}. */
    CHOICE
}
