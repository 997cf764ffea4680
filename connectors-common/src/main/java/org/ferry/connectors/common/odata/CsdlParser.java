package org.ferry.connectors.common.odata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.ferry.api.error.ConnectorException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads a {@code $metadata} document. The parser refuses DOCTYPEs and external entities: the document
 * comes from a remote server, and an XXE there would let it read our files.
 *
 * <p>Alternate keys are the OASIS {@code OData.Community.Keys.V1.AlternateKeys} annotation that Dataverse
 * emits on entity types: each {@code AlternateKey} record lists its parts as {@code PropertyRef}
 * records whose {@code Name} is a property path.
 */
public final class CsdlParser {
    private CsdlParser() {
    }

    private record RawType(String qualifiedName, String name, String baseType, boolean isAbstract, List<String> key,
                           List<CsdlModel.Property> properties, List<CsdlModel.Navigation> navigations,
                           List<List<String>> alternateKeys) {
    }

    public static CsdlModel parse(byte[] xml) {
        Document doc = read(xml);
        Map<String, RawType> raw = new LinkedHashMap<>();
        Map<String, String> sets = new LinkedHashMap<>();
        Map<String, List<CsdlModel.EnumMember>> enums = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Element schema : descendants(doc.getDocumentElement(), "Schema")) {
            String ns = schema.getAttribute("Namespace");
            if (!schema.getAttribute("Alias").isEmpty()) {
                aliases.put(schema.getAttribute("Alias"), ns);
            }
            for (Element e : children(schema, "EnumType")) {
                enums.put(ns + "." + e.getAttribute("Name"), members(e));
            }
            for (Element t : children(schema, "EntityType")) {
                RawType type = entityType(ns, t);
                raw.put(type.qualifiedName(), type);
            }
            for (Element annotations : children(schema, "Annotations")) {
                RawType target = raw.get(annotations.getAttribute("Target"));
                if (target != null) {
                    target.alternateKeys().addAll(alternateKeys(annotations));
                }
            }
            for (Element container : children(schema, "EntityContainer")) {
                for (Element set : children(container, "EntitySet")) {
                    sets.put(set.getAttribute("Name"), set.getAttribute("EntityType"));
                }
            }
        }
        sets.replaceAll((name, type) -> unalias(type, aliases));
        Map<String, CsdlModel.EntityType> types = new LinkedHashMap<>();
        for (RawType t : raw.values()) {
            types.put(t.qualifiedName(), resolve(t, raw, aliases, 0));
        }
        return new CsdlModel(types, sets, enums);
    }

    private static CsdlModel.EntityType resolve(RawType t, Map<String, RawType> raw, Map<String, String> aliases,
                                                int depth) {
        List<String> key = new ArrayList<>(t.key());
        List<CsdlModel.Property> props = new ArrayList<>();
        List<CsdlModel.Navigation> navs = new ArrayList<>();
        List<List<String>> altKeys = new ArrayList<>(t.alternateKeys());
        RawType base = t.baseType().isEmpty() ? null : raw.get(unalias(t.baseType(), aliases));
        if (base != null && depth < 20) {
            CsdlModel.EntityType resolvedBase = resolve(base, raw, aliases, depth + 1);
            if (key.isEmpty()) {
                key.addAll(resolvedBase.key());
            }
            props.addAll(resolvedBase.properties());
            navs.addAll(resolvedBase.navigations());
            altKeys.addAll(resolvedBase.alternateKeys());
        }
        props.addAll(t.properties());
        for (CsdlModel.Navigation n : t.navigations()) {
            navs.add(new CsdlModel.Navigation(n.name(), unalias(n.targetType(), aliases), n.collection(),
                    n.constraints()));
        }
        return new CsdlModel.EntityType(t.qualifiedName(), t.name(), t.isAbstract(), List.copyOf(key),
                List.copyOf(props), List.copyOf(navs), List.copyOf(altKeys));
    }

    private static RawType entityType(String ns, Element t) {
        List<String> key = new ArrayList<>();
        for (Element k : children(t, "Key")) {
            for (Element ref : children(k, "PropertyRef")) {
                key.add(ref.getAttribute("Name"));
            }
        }
        List<CsdlModel.Property> props = new ArrayList<>();
        for (Element p : children(t, "Property")) {
            props.add(new CsdlModel.Property(p.getAttribute("Name"), p.getAttribute("Type"),
                    integer(p.getAttribute("MaxLength")), !"false".equalsIgnoreCase(p.getAttribute("Nullable")),
                    integer(p.getAttribute("Scale"))));
        }
        List<CsdlModel.Navigation> navs = new ArrayList<>();
        for (Element n : children(t, "NavigationProperty")) {
            String type = n.getAttribute("Type");
            boolean collection = type.startsWith("Collection(");
            if (collection) {
                type = type.substring("Collection(".length(), type.length() - 1);
            }
            Map<String, String> constraints = new LinkedHashMap<>();
            for (Element c : children(n, "ReferentialConstraint")) {
                constraints.put(c.getAttribute("Property"), c.getAttribute("ReferencedProperty"));
            }
            navs.add(new CsdlModel.Navigation(n.getAttribute("Name"), type, collection, constraints));
        }
        List<List<String>> altKeys = new ArrayList<>(alternateKeys(t));
        return new RawType(ns + "." + t.getAttribute("Name"), t.getAttribute("Name"), t.getAttribute("BaseType"),
                "true".equalsIgnoreCase(t.getAttribute("Abstract")), key, props, navs, altKeys);
    }

    /** A member without a {@code Value} takes the one after its predecessor's, starting at 0 (CSDL 4.0 §10.2.2). */
    private static List<CsdlModel.EnumMember> members(Element enumType) {
        List<CsdlModel.EnumMember> members = new ArrayList<>();
        long next = 0;
        for (Element m : children(enumType, "Member")) {
            Integer value = integer(m.getAttribute("Value"));
            long v = value == null ? next : value;
            members.add(new CsdlModel.EnumMember(m.getAttribute("Name"), v));
            next = v + 1;
        }
        return List.copyOf(members);
    }

    private static List<List<String>> alternateKeys(Element holder) {
        List<List<String>> keys = new ArrayList<>();
        for (Element annotation : children(holder, "Annotation")) {
            if (!annotation.getAttribute("Term").endsWith("AlternateKeys")) {
                continue;
            }
            for (Element collection : children(annotation, "Collection")) {
                for (Element record : children(collection, "Record")) {
                    List<String> parts = new ArrayList<>();
                    for (Element pv : descendants(record, "PropertyValue")) {
                        if (pv.getAttribute("Property").equals("Name")) {
                            String path = pv.getAttribute("PropertyPath");
                            if (path.isEmpty()) {
                                path = descendants(pv, "PropertyPath").stream().findFirst()
                                        .map(Node::getTextContent).orElse("").trim();
                            }
                            if (!path.isEmpty()) {
                                parts.add(path);
                            }
                        }
                    }
                    if (!parts.isEmpty()) {
                        keys.add(List.copyOf(parts));
                    }
                }
            }
        }
        return keys;
    }

    private static String unalias(String name, Map<String, String> aliases) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && aliases.containsKey(name.substring(0, dot))) {
            return aliases.get(name.substring(0, dot)) + name.substring(dot);
        }
        return name;
    }

    private static Integer integer(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static List<Element> descendants(Element root, String localName) {
        List<Element> result = new ArrayList<>();
        var list = root.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }

    private static Document read(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be secured", e);
        } catch (SAXException | IOException e) {
            throw new ConnectorException("the service's $metadata is not readable CSDL XML: " + e.getMessage());
        }
    }
}
