package org.ferry.connectors.operations.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.error.ConfigurationException;
import org.ferry.connectors.common.odata.CsdlModel;
import org.ferry.connectors.common.odata.FilterTokens;
import org.ferry.connectors.common.odata.FilterTokens.Kind;
import org.ferry.connectors.common.odata.FilterTokens.Token;

/**
 * What F&amp;O's OData refuses in a filter that the common OData subset allows (reference §3.2): functions
 * ("contains is emulated with wildcards", {@code Name eq '*retail*'}), the {@code has} and {@code in} operators, and
 * enums compared other than with {@code eq}/{@code ne} and a typed literal of their own type
 * ({@code IsExternallyMaintained eq Microsoft.Dynamics.DataEntities.NoYes'Yes'}). Enum types and members come from
 * the entity's {@code $metadata}. Each refusal names the token and its position and says what to write instead.
 */
final class FinOpsFilterCheck {
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "add",
            "sub", "mul", "div", "divby", "mod");
    /** Typed literals of Edm types rather than enums. */
    private static final Set<String> EDM_PREFIXES = Set.of("guid", "datetime", "datetimeoffset", "time", "duration",
            "binary", "x");

    private FinOpsFilterCheck() {
    }

    /** @throws ConfigurationException on field {@code filter} at the first token F&amp;O would refuse */
    static void check(FinOpsEntity entity, String filter) {
        if (filter == null || filter.isBlank()) {
            return;
        }
        List<Token> tokens = FilterTokens.of(filter);
        for (int i = 0; i < tokens.size() - 1; i++) {
            Token t = tokens.get(i);
            if (t.is("has") || t.is("in")) {
                throw operator(tokens, i);
            }
            String word = t.text().toLowerCase(Locale.ROOT);
            if (t.kind() == Kind.WORD && tokens.get(i + 1).kind() == Kind.OPEN && !KEYWORDS.contains(word)) {
                throw function(tokens, i);
            }
            if (t.kind() == Kind.WORD && COMPARISONS.contains(word) && i > 0) {
                comparison(entity, tokens.get(i - 1), t, tokens.get(i + 1));
            }
        }
    }

    /** {@code has} and {@code in}: one {@code eq} comparison per value, joined with {@code or}. */
    private static ConfigurationException operator(List<Token> tokens, int at) {
        Token op = tokens.get(at);
        String field = at > 0 && tokens.get(at - 1).kind() == Kind.WORD ? tokens.get(at - 1).text() : "Field";
        List<String> values = new ArrayList<>();
        int i = at + 1;
        boolean list = tokens.get(i).kind() == Kind.OPEN;
        for (i = list ? i + 1 : i; i < tokens.size() - 1 && tokens.get(i).kind() != Kind.CLOSE; i++) {
            if (tokens.get(i).kind() != Kind.COMMA) {
                values.add(tokens.get(i).text());
            }
            if (!list) {
                break;
            }
        }
        if (values.isEmpty()) {
            values.add("'value'");
        }
        String instead = values.stream().map(v -> field + " eq " + v).collect(Collectors.joining(" or "));
        return refused(op, "is an operator Finance and Operations does not support: write "
                + (values.size() > 1 ? "(" + instead + ")" : instead));
    }

    private static ConfigurationException function(List<Token> tokens, int at) {
        Token name = tokens.get(at);
        String fn = name.text().toLowerCase(Locale.ROOT);
        boolean negated = at > 0 && tokens.get(at - 1).is("not");
        Token field = tokens.get(at + 2);
        boolean simpleArgs = at + 5 < tokens.size() && field.kind() == Kind.WORD
                && tokens.get(at + 3).kind() == Kind.COMMA && tokens.get(at + 4).kind() == Kind.STRING
                && tokens.get(at + 5).kind() == Kind.CLOSE;
        String pattern = switch (fn) {
            case "contains", "substringof" -> "*%s*";
            case "startswith" -> "%s*";
            case "endswith" -> "*%s";
            default -> null;
        };
        if (pattern != null) {
            String example = simpleArgs
                    ? field.text() + (negated ? " ne " : " eq ") + "'"
                            + String.format(pattern, tokens.get(at + 4).value()).replace("'", "''") + "'"
                    : "Field eq '" + String.format(pattern, "text") + "'";
            return refused(name, "is a string function, which Finance and Operations does not support; it matches "
                    + "text with wildcards instead: write " + example);
        }
        if (fn.equals("tolower") || fn.equals("toupper") || fn.equals("trim")) {
            return refused(name, "is a string function, which Finance and Operations does not support; it compares"
                    + " text without regard to case, so compare the field itself: write "
                    + (field.kind() == Kind.WORD ? field.text() : "Field") + " eq 'text'");
        }
        return refused(name, "is a function, which Finance and Operations filters do not support; compare the field"
                + " itself with a literal (eq, ne, gt, ge, lt, le): write "
                + (field.kind() == Kind.WORD ? field.text() : "Field") + " eq 'text'");
    }

    private static void comparison(FinOpsEntity entity, Token left, Token op, Token right) {
        boolean leftEnum = enumField(entity, left) != null;
        Token field = leftEnum ? left : right;
        Token other = leftEnum ? right : left;
        List<CsdlModel.EnumMember> members = enumField(entity, field);
        if (members == null) {
            Token literal = enumLiteral(left) ? left : enumLiteral(right) ? right : null;
            Token plain = literal == left ? right : left;
            if (literal != null && plain.kind() == Kind.WORD && entity.fields().containsKey(plain.text())) {
                throw refused(literal, "is a literal of the enum " + literal.prefix() + ", but '" + plain.text()
                        + "' is " + entity.edmType(plain.text()) + ", not an enum: write " + plain.text() + " "
                        + op.text() + " '" + literal.value().replace("'", "''") + "'");
            }
            return;
        }
        String type = entity.fields().get(field.text()).type();
        String names = members.stream().map(CsdlModel.EnumMember::name).collect(Collectors.joining(", "));
        String operator = op.text().toLowerCase(Locale.ROOT);
        if (!operator.equals("eq") && !operator.equals("ne")) {
            throw refused(op, "compares the enum field '" + field.text() + "' (" + type + "), which Finance and "
                    + "Operations compares only with eq and ne: write " + field.text() + " eq "
                    + literal(type, members.get(0).name()) + ", once per member you want (members: " + names + ")");
        }
        if (other.is("null") || (other.kind() == Kind.WORD && type.equals(entity.edmType(other.text())))) {
            return;
        }
        if (other.kind() == Kind.TYPED && other.prefix().equals(type) && members.stream()
                .anyMatch(m -> m.name().equals(other.value()))) {
            return;
        }
        CsdlModel.EnumMember meant = members.stream().filter(m -> switch (other.kind()) {
            case STRING, TYPED -> m.name().equalsIgnoreCase(other.value());
            case NUMBER -> Long.toString(m.value()).equals(other.text());
            default -> false;
        }).findFirst().orElse(null);
        String instead = field.text() + " " + operator + " " + literal(type, meant == null ? members.get(0).name() : meant.name())
                + (meant == null ? " (members: " + names + ")" : "");
        String problem = switch (other.kind()) {
            case TYPED -> other.prefix().equals(type) ? "is not a member of " + type
                    : "is a literal of " + other.prefix() + ", but '" + field.text() + "' is " + type;
            case STRING -> "compares the enum field '" + field.text() + "' with a plain string; Finance and Operations"
                    + " needs the typed literal with the enum's namespace";
            case NUMBER -> "compares the enum field '" + field.text() + "' with a number; Finance and Operations"
                    + " needs the typed literal with the enum's namespace";
            default -> "is not a literal of " + type + ", which Finance and Operations needs for the enum field '"
                    + field.text() + "'";
        };
        throw refused(other, problem + ": write " + instead);
    }

    /** @return the members of the field's enum type if the token names an enum field of the entity, else null */
    private static List<CsdlModel.EnumMember> enumField(FinOpsEntity entity, Token t) {
        return t.kind() == Kind.WORD ? entity.enumMembers(t.text()) : null;
    }

    private static boolean enumLiteral(Token t) {
        return t.kind() == Kind.TYPED && !EDM_PREFIXES.contains(t.prefix().toLowerCase(Locale.ROOT));
    }

    private static String literal(String type, String member) {
        return type + "'" + member.replace("'", "''") + "'";
    }

    private static ConfigurationException refused(Token t, String problem) {
        return new ConfigurationException("filter", "'" + t.text() + "' at position " + t.position() + " " + problem);
    }
}
