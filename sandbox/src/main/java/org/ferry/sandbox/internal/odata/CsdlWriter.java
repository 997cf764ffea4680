package org.ferry.sandbox.internal.odata;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.data.FieldType;
import org.ferry.sandbox.internal.data.Lookup;

/**
 * Writes the CSDL ($metadata) of an emulated service: entity types with Key, typed properties
 * (MaxLength, Nullable), navigation properties for lookups, enum types, entity sets with their
 * navigation bindings, and alternate keys as annotations. Dataverse publishes alternate keys with
 * the OData.Community.Keys.V1 vocabulary; the same keys are repeated with Org.OData.Core.V1 so
 * clients that only know the standard term find them too.
 */
public final class CsdlWriter {
    private CsdlWriter() {
    }

    public static String write(String namespace, String alias, String container, Collection<EntitySchema> schemas,
                               Map<String, List<String>> enumMembers) {
        return write(namespace, alias, container, schemas, enumMembers, true);
    }

    /**
     * @param annotations whether to include the annotations (alternate keys, change tracking), which Dataverse
     *                    publishes only when {@code $metadata?annotations=true} asks for them
     */
    public static String write(String namespace, String alias, String container, Collection<EntitySchema> schemas,
                               Map<String, List<String>> enumMembers, boolean annotations) {
        StringBuilder x = new StringBuilder(16_384);
        x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n")
                .append("  <edmx:Reference Uri=\"http://vocabularies.odata.org/OData.Community.Keys.V1.xml\">")
                .append("<edmx:Include Namespace=\"OData.Community.Keys.V1\" Alias=\"Keys\"/></edmx:Reference>\n")
                .append("  <edmx:Reference Uri=\"https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml\">")
                .append("<edmx:Include Namespace=\"Org.OData.Core.V1\" Alias=\"Core\"/></edmx:Reference>\n")
                .append("  <edmx:DataServices>\n")
                .append("    <Schema Namespace=\"").append(namespace).append("\" Alias=\"").append(alias)
                .append("\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n");
        for (Map.Entry<String, List<String>> e : enumMembers.entrySet()) {
            x.append("      <EnumType Name=\"").append(e.getKey()).append("\">\n");
            List<String> members = e.getValue();
            for (int i = 0; i < members.size(); i++) {
                x.append("        <Member Name=\"").append(members.get(i)).append("\" Value=\"").append(i).append("\"/>\n");
            }
            x.append("      </EnumType>\n");
        }
        for (EntitySchema s : schemas) {
            entityType(x, namespace, s, schemas, annotations);
        }
        x.append("      <EntityContainer Name=\"").append(container).append("\">\n");
        for (EntitySchema s : schemas) {
            x.append("        <EntitySet Name=\"").append(s.setName()).append("\" EntityType=\"").append(namespace)
                    .append('.').append(s.entityName()).append("\">\n");
            for (Lookup l : s.lookups()) {
                for (Map.Entry<String, String> t : new java.util.TreeMap<>(l.targets()).entrySet()) {
                    x.append("          <NavigationPropertyBinding Path=\"").append(t.getKey()).append("\" Target=\"")
                            .append(t.getValue()).append("\"/>\n");
                }
            }
            if (annotations) {
                x.append("          <Annotation Term=\"Org.OData.Capabilities.V1.ChangeTracking\"><Record>")
                        .append("<PropertyValue Property=\"Supported\" Bool=\"").append(s.changeTracking())
                        .append("\"/></Record></Annotation>\n");
            }
            x.append("        </EntitySet>\n");
        }
        x.append("      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n");
        return x.toString();
    }

    private static void entityType(StringBuilder x, String namespace, EntitySchema s, Collection<EntitySchema> all,
                                   boolean annotations) {
        x.append("      <EntityType Name=\"").append(s.entityName()).append("\">\n        <Key>");
        for (String k : s.key()) {
            x.append("<PropertyRef Name=\"").append(k).append("\"/>");
        }
        x.append("</Key>\n");
        for (Field f : s.fields()) {
            x.append("        <Property Name=\"").append(f.name()).append("\" Type=\"");
            x.append(f.type() == FieldType.ENUM ? namespace + "." + f.enumType() : f.type().edm()).append('"');
            if (!f.nullable() || s.key().contains(f.name())) {
                x.append(" Nullable=\"false\"");
            }
            if (f.maxLength() > 0) {
                x.append(" MaxLength=\"").append(f.maxLength()).append('"');
            }
            if (f.type() == FieldType.DECIMAL) {
                x.append(" Scale=\"Variable\"");
            }
            x.append("/>\n");
        }
        for (Lookup l : s.lookups()) {
            for (Map.Entry<String, String> t : new java.util.TreeMap<>(l.targets()).entrySet()) {
                EntitySchema target = all.stream().filter(o -> o.setName().equals(t.getValue())).findFirst().orElseThrow();
                x.append("        <NavigationProperty Name=\"").append(t.getKey()).append("\" Type=\"").append(namespace)
                        .append('.').append(target.entityName()).append("\">\n          <ReferentialConstraint Property=\"")
                        .append(l.valueColumn()).append("\" ReferencedProperty=\"").append(target.key().get(0))
                        .append("\"/>\n        </NavigationProperty>\n");
            }
        }
        if (annotations && !s.alternateKeys().isEmpty()) {
            alternateKeys(x, s, "OData.Community.Keys.V1");
            alternateKeys(x, s, "Org.OData.Core.V1");
        }
        x.append("      </EntityType>\n");
    }

    private static void alternateKeys(StringBuilder x, EntitySchema s, String vocabulary) {
        x.append("        <Annotation Term=\"").append(vocabulary).append(".AlternateKeys\">\n          <Collection>\n");
        for (List<String> key : s.alternateKeys()) {
            x.append("            <Record Type=\"").append(vocabulary).append(".AlternateKey\">")
                    .append("<PropertyValue Property=\"Key\"><Collection>");
            for (String p : key) {
                x.append("<Record Type=\"").append(vocabulary).append(".PropertyRef\">")
                        .append("<PropertyValue Property=\"Alias\" String=\"").append(p).append("\"/>")
                        .append("<PropertyValue Property=\"Name\" PropertyPath=\"").append(p).append("\"/></Record>");
            }
            x.append("</Collection></PropertyValue></Record>\n");
        }
        x.append("          </Collection>\n        </Annotation>\n");
    }
}
