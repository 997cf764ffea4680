package com.example.ferry.csv.internal;

import java.util.ArrayList;
import java.util.List;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConfigFieldType;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.error.FieldProblem;
import org.osgi.service.component.annotations.Component;

/**
 * The csv-files connector type: CSV files in a folder as entities, with business keys and field types
 * declared in the connection's configuration.
 *
 * <p>Declarative Services registers this class as a {@link ConnectorFactory} service with the
 * {@link ConnectorFactory#TYPE} property when the bundle starts; that is all Ferry needs to offer the type.
 * Thread-safe: its only state is the file-lock registry its connections share.
 */
@Component(service = ConnectorFactory.class, property = ConnectorFactory.TYPE + "=" + CsvConnectorFactory.TYPE)
public final class CsvConnectorFactory implements ConnectorFactory {
    static final String TYPE = "csv-files";

    private final FileLocks locks = new FileLocks();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "CSV files";
    }

    @Override
    public String description() {
        return "The .csv files of a server folder as entities, read and upserted by declared business keys.";
    }

    @Override
    public List<ConfigField> configFields() {
        return List.of(
                ConfigField.required(CsvSettings.DIRECTORY, "Folder", ConfigFieldType.TEXT,
                        "Absolute path of a folder on the Ferry server; each name.csv in it is the entity 'name'"),
                ConfigField.optional(CsvSettings.ENTITIES, "Entities", ConfigFieldType.TEXT, null,
                        "One entity per line or separated by |: 'customers: key=CustomerAccount; "
                                + "CustomerAccount=text(20), CreditLimit=decimal(2), Since=date, Active=boolean'. "
                                + "Types: " + FieldKind.SYNTAX + ". Undeclared files are read-only, all text"),
                ConfigField.optional(CsvSettings.DELIMITER, "Delimiter", ConfigFieldType.TEXT, ",",
                        "The character between values: , ; | or tab"),
                ConfigField.optional(CsvSettings.ENCODING, "Encoding", ConfigFieldType.TEXT, "UTF-8",
                        "The files' character encoding (UTF-8, ISO-8859-1, windows-1252, ...)"));
    }

    @Override
    public List<FieldProblem> validate(ConnectorConfig config) {
        List<FieldProblem> problems = new ArrayList<>();
        CsvSettings.parse(config, problems);
        return problems;
    }

    /** Only parses the configuration: the folder is first touched by the call that needs it. */
    @Override
    public Connection open(ConnectorConfig config, ConnectionContext context) {
        return new CsvConnection(CsvSettings.from(config), locks);
    }
}
