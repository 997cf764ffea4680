package com.example.ferry.csv.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code entities} configuration field: one entity per line (or separated by {@code |}), each
 * <pre>
 * customers: key=CustomerAccount; CustomerAccount=text(20), CreditLimit=decimal(2), Since=date, Active=boolean
 * lines: key=OrderId+LineNumber; OrderId=text, LineNumber=integer, Amount=decimal
 * </pre>
 * The {@code key=} part names the business key fields (several joined with {@code +}); the other parts list
 * {@code field=type}. Blank lines and lines starting with {@code #} are ignored. Stateless.
 */
final class DeclarationParser {
    /** Entity names become file names: no separators, no leading dot, so no way out of the folder. */
    static final Pattern ENTITY_NAME = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]{0,127}");

    private static final Pattern KEY = Pattern.compile("(?i)key\\s*=(.*)");
    private static final Pattern TYPE = Pattern.compile("([A-Za-z]+)\\s*(?:\\(\\s*(\\d{1,6})\\s*\\))?");

    private DeclarationParser() {
    }

    /**
     * @param text     the declaration, or {@code null}
     * @param problems receives one message per mistake, each naming the entity
     * @return the well-formed entities by name, in declaration order
     */
    static Map<String, EntityDeclaration> parse(String text, List<String> problems) {
        Map<String, EntityDeclaration> result = new LinkedHashMap<>();
        if (text == null) {
            return result;
        }
        int number = 0;
        for (String entry : text.split("[\\r\\n|]+")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            number++;
            int before = problems.size();
            EntityDeclaration d = entity(trimmed, number, problems);
            if (d != null && problems.size() == before) {
                if (result.putIfAbsent(d.name(), d) != null) {
                    problems.add(d.name() + ": the entity is declared twice");
                }
            }
        }
        return result;
    }

    private static EntityDeclaration entity(String entry, int number, List<String> problems) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            problems.add("entity " + number + " ('" + entry + "'): expected 'name: key=Field; Field=type, ...'");
            return null;
        }
        String name = entry.substring(0, colon).strip();
        if (!ENTITY_NAME.matcher(name).matches()) {
            problems.add("entity " + number + ": '" + name + "' is not a valid entity name"
                    + " (letters, digits, _ . - ; it is also the file name without .csv)");
            return null;
        }
        List<String> key = null;
        List<DeclaredField> fields = new ArrayList<>();
        for (String part : entry.substring(colon + 1).split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            Matcher k = KEY.matcher(p);
            if (k.matches()) {
                if (key != null) {
                    problems.add(name + ": the key is declared twice");
                }
                key = new ArrayList<>();
                for (String f : k.group(1).split("\\+")) {
                    key.add(f.strip());
                }
                continue;
            }
            for (String declaration : p.split(",")) {
                DeclaredField f = field(name, declaration.strip(), problems);
                if (f != null) {
                    if (fields.stream().anyMatch(x -> x.name().equals(f.name()))) {
                        problems.add(name + ": field '" + f.name() + "' is declared twice");
                    }
                    fields.add(f);
                }
            }
        }
        if (fields.isEmpty()) {
            problems.add(name + ": no fields are declared");
        }
        if (key == null || key.isEmpty() || key.contains("")) {
            problems.add(name + ": a business key is required, e.g. 'key=CustomerAccount' or 'key=Order+Line'");
            return null;
        }
        for (String k : key) {
            if (fields.stream().noneMatch(f -> f.name().equals(k))) {
                problems.add(name + ": key field '" + k + "' is not a declared field");
            }
        }
        return new EntityDeclaration(name, key, fields);
    }

    private static DeclaredField field(String entity, String declaration, List<String> problems) {
        int eq = declaration.indexOf('=');
        String fieldName = eq < 0 ? declaration : declaration.substring(0, eq).strip();
        if (eq < 0 || fieldName.isEmpty()) {
            problems.add(entity + ": '" + declaration + "' should be 'Field=type'");
            return null;
        }
        Matcher m = TYPE.matcher(declaration.substring(eq + 1).strip());
        FieldKind kind = m.matches() ? FieldKind.named(m.group(1)) : null;
        if (kind == null) {
            problems.add(entity + ": field '" + fieldName + "' has an unknown type '"
                    + declaration.substring(eq + 1).strip() + "'; the types are " + FieldKind.SYNTAX);
            return null;
        }
        Integer size = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        if (size != null && !kind.sized()) {
            problems.add(entity + ": field '" + fieldName + "': " + kind.declarationName() + " takes no size");
            return null;
        }
        if (size != null && kind == FieldKind.TEXT && size == 0) {
            problems.add(entity + ": field '" + fieldName + "': text(0) can hold nothing");
            return null;
        }
        return new DeclaredField(fieldName, kind, size);
    }
}
