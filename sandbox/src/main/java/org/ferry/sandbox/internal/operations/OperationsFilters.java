package org.ferry.sandbox.internal.operations;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.FieldType;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.odata.Filter;

/**
 * The typing F&amp;O's OData layer applies to a parsed $filter (reference §3.2): "Only eq and ne are supported" for
 * enums, which are written as typed literals of their own enum type ({@code PersonGender eq
 * Microsoft.Dynamics.DataEntities.Gender'Unknown'}). A bare string or a number compared with an enum, a member the
 * enum does not have, or an enum literal compared with a property of another type is refused with 400, as the
 * service refuses a request before any X++ runs.
 */
final class OperationsFilters {
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Map<String, String> OPERATOR_KINDS = Map.of("eq", "Equal", "ne", "NotEqual",
            "gt", "GreaterThan", "ge", "GreaterThanOrEqual", "lt", "LessThan", "le", "LessThanOrEqual");

    private OperationsFilters() {
    }

    /** @throws ApiException (400, ODataException) for the first comparison F&amp;O would refuse */
    static void check(EntitySchema s, Filter f) throws ApiException {
        switch (f) {
            case Filter.Binary b -> {
                if (COMPARISONS.contains(b.op())) {
                    comparison(s, b);
                }
                check(s, b.left());
                check(s, b.right());
            }
            case Filter.Not n -> check(s, n.operand());
            case Filter.Call c -> {
                for (Filter a : c.args()) {
                    check(s, a);
                }
            }
            default -> {
                // literals and properties alone are typed where they are compared
            }
        }
    }

    private static void comparison(EntitySchema s, Filter.Binary b) throws ApiException {
        boolean leftEnum = enumType(s, b.left()) != null;
        String enumType = leftEnum ? enumType(s, b.left()) : enumType(s, b.right());
        Filter other = leftEnum ? b.right() : b.left();
        if (enumType == null) {
            if (b.left() instanceof Filter.EnumLiteral || b.right() instanceof Filter.EnumLiteral) {
                throw incompatible(b, s);
            }
            return;
        }
        if (!b.op().equals("eq") && !b.op().equals("ne")) {
            throw OperationsErrors.odata(400, "The operator '" + b.op() + "' is not supported for the enum type '"
                    + enumType + "'. Only 'eq' and 'ne' are supported for enum values.");
        }
        switch (other) {
            case Filter.Literal l when l.value() == null -> {
                // comparing with null is allowed for every type
            }
            case Filter.EnumLiteral e when e.type().equals(enumType) -> {
                List<String> members = OperationsModel.ENUMS.get(enumType.substring(OperationsModel.NAMESPACE.length() + 1));
                if (!members.contains(e.member())) {
                    throw OperationsErrors.odata(400, "The string '" + e.member() + "' is not a valid enumerated type"
                            + " constant for the enum type '" + enumType + "'.");
                }
            }
            default -> {
                if (!enumType.equals(enumType(s, other))) {
                    throw incompatible(b, s);
                }
            }
        }
    }

    private static ApiException incompatible(Filter.Binary b, EntitySchema s) {
        return OperationsErrors.odata(400, "A binary operator with incompatible types was detected. Found operand types '"
                + typeName(s, b.left()) + "' and '" + typeName(s, b.right()) + "' for operator kind '"
                + OPERATOR_KINDS.get(b.op()) + "'.");
    }

    /** @return the qualified enum type of an enum property, or {@code null} for anything else */
    private static String enumType(EntitySchema s, Filter f) {
        if (f instanceof Filter.Property p) {
            Field field = s.field(p.path());
            if (field != null && field.type() == FieldType.ENUM) {
                return OperationsModel.NAMESPACE + "." + field.enumType();
            }
        }
        return null;
    }

    private static String typeName(EntitySchema s, Filter f) {
        return switch (f) {
            case Filter.EnumLiteral e -> e.type();
            case Filter.Property p -> {
                Field field = s.field(p.path());
                String e = enumType(s, f);
                yield e != null ? e : field == null ? "Edm.Untyped" : field.type().edm();
            }
            case Filter.Literal l -> switch (l.value()) {
                case null -> "null";
                case Long n -> "Edm.Int32";
                case BigDecimal n -> "Edm.Decimal";
                case Boolean v -> "Edm.Boolean";
                default -> "Edm.String";
            };
            default -> "Edm.Untyped";
        };
    }
}
