package com.example.ferry.csv.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/**
 * A csv-files connection's configuration, checked and parsed. Immutable.
 *
 * @param directory the folder holding the files; absolute, without {@code ..}
 * @param entities  the declared entities by name
 * @param delimiter the character between values
 * @param charset   the files' encoding
 */
record CsvSettings(Path directory, Map<String, EntityDeclaration> entities, char delimiter, Charset charset) {
    static final String DIRECTORY = "directory";
    static final String ENTITIES = "entities";
    static final String DELIMITER = "delimiter";
    static final String ENCODING = "encoding";

    CsvSettings {
        entities = Map.copyOf(entities);
    }

    /** @throws ConfigurationException with every problem of the configuration */
    static CsvSettings from(ConnectorConfig config) {
        List<FieldProblem> problems = new ArrayList<>();
        CsvSettings settings = parse(config, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return settings;
    }

    /** @return the settings, or {@code null} when {@code problems} received at least one */
    static CsvSettings parse(ConnectorConfig config, List<FieldProblem> problems) {
        Path directory = directory(config.get(DIRECTORY).orElse(null), problems);

        List<String> declarationProblems = new ArrayList<>();
        Map<String, EntityDeclaration> entities =
                DeclarationParser.parse(config.get(ENTITIES).orElse(null), declarationProblems);
        declarationProblems.forEach(p -> problems.add(new FieldProblem(ENTITIES, p)));

        char delimiter = delimiter(config, problems);

        Charset charset = StandardCharsets.UTF_8;
        String encoding = config.get(ENCODING).map(String::strip).orElse("UTF-8");
        try {
            charset = Charset.forName(encoding);
            if (!charset.canEncode()) {
                problems.add(new FieldProblem(ENCODING, "'" + encoding + "' can only be read, not written"));
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            problems.add(new FieldProblem(ENCODING, "'" + encoding + "' is not an encoding this server knows"
                    + " (UTF-8, ISO-8859-1, windows-1252, ...)"));
        }
        return problems.isEmpty() ? new CsvSettings(directory, entities, delimiter, charset) : null;
    }

    /**
     * The folder comes from a configuration any admin can edit over the API, so it is treated as untrusted
     * input: it must be absolute (a relative path would depend on the server's working directory) and may
     * not climb with {@code ..}. Which folders are acceptable at all is the admins' decision; see README.
     */
    private static Path directory(String text, List<FieldProblem> problems) {
        if (text == null) {
            problems.add(new FieldProblem(DIRECTORY, "is required"));
            return null;
        }
        for (String segment : text.split("[/\\\\]")) {
            if (segment.strip().equals("..")) {
                problems.add(new FieldProblem(DIRECTORY, "must not contain '..'"));
                return null;
            }
        }
        try {
            Path path = Path.of(text.strip());
            if (!path.isAbsolute()) {
                problems.add(new FieldProblem(DIRECTORY, "must be an absolute path, e.g. /srv/ferry/drop"));
                return null;
            }
            return path.normalize();
        } catch (InvalidPathException e) {
            problems.add(new FieldProblem(DIRECTORY, "is not a valid path: " + e.getReason()));
            return null;
        }
    }

    private static char delimiter(ConnectorConfig config, List<FieldProblem> problems) {
        // A tab is blank, so ConnectorConfig.get would drop it: look at the raw value first.
        String raw = config.values().get(DELIMITER);
        if ("\t".equals(raw)) {
            return '\t';
        }
        String text = config.get(DELIMITER).orElse(",");
        if (text.equalsIgnoreCase("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1 || text.charAt(0) == '"' || text.charAt(0) == '\r' || text.charAt(0) == '\n') {
            problems.add(new FieldProblem(DELIMITER, "must be one character other than a quote or a line break"
                    + " (',', ';', '|'), or 'tab'"));
            return ',';
        }
        return text.charAt(0);
    }
}
