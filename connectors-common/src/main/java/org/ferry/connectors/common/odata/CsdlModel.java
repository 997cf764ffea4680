package org.ferry.connectors.common.odata;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an OData CSDL document the connectors use: entity types with their inherited properties,
 * keys, alternate keys and navigation properties; entity sets; enum types.
 *
 * @param types      entity types by qualified name ({@code Microsoft.Dynamics.CRM.account}), inheritance resolved
 * @param entitySets entity set name to qualified entity type name, in document order
 * @param enumTypes  enum types by qualified name ({@code Microsoft.Dynamics.DataEntities.NoYes}), each with its
 *                   members in declaration order
 */
public record CsdlModel(Map<String, EntityType> types, Map<String, String> entitySets,
                        Map<String, List<EnumMember>> enumTypes) {

    /** A member of an enum type: {@code <Member Name="Yes" Value="1"/>}. */
    public record EnumMember(String name, long value) {
    }

    /** An entity type, with the properties and keys of its base types merged in. */
    public record EntityType(String qualifiedName, String name, boolean isAbstract, List<String> key,
                             List<Property> properties, List<Navigation> navigations,
                             List<List<String>> alternateKeys) {
        public Optional<Property> property(String propertyName) {
            return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
        }
    }

    /**
     * @param type      the type name as declared ({@code Edm.String}, {@code Microsoft.Dynamics.DataEntities.NoYes})
     * @param maxLength null when unbounded or {@code max}
     */
    public record Property(String name, String type, Integer maxLength, boolean nullable, Integer scale) {
    }

    /**
     * @param targetType  the related entity type's qualified name
     * @param collection  whether it leads to many records
     * @param constraints dependent property to the related type's property ({@code _parentaccountid_value → accountid})
     */
    public record Navigation(String name, String targetType, boolean collection, Map<String, String> constraints) {
    }

    public Optional<EntityType> type(String qualifiedName) {
        return Optional.ofNullable(types.get(qualifiedName));
    }

    /** @return the first entity set of a type (Dataverse has exactly one per table) */
    public Optional<String> entitySetOf(String qualifiedTypeName) {
        return entitySets.entrySet().stream().filter(e -> e.getValue().equals(qualifiedTypeName))
                .map(Map.Entry::getKey).findFirst();
    }

    public boolean isEnum(String typeName) {
        return enumTypes.containsKey(typeName);
    }

    /** @return the members of an enum type, empty when the model has no such enum */
    public List<EnumMember> enumMembers(String typeName) {
        return enumTypes.getOrDefault(typeName, List.of());
    }
}
