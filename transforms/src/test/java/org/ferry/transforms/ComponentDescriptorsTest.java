package org.ferry.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformParameter;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks what bnd generated from the DS annotations (it runs before the tests, in process-classes): every
 * concrete transform class has a component that provides {@link Transform} with the type property equal to
 * its {@code type()}, and the bundle exports nothing.
 */
class ComponentDescriptorsTest {
    private static Path classes;
    private static Manifest manifest;

    /** A generated component: implementation class, provided interfaces and the transform type property. */
    private record Descriptor(String implementation, List<String> provides, String typeProperty) {
    }

    @BeforeAll
    static void readBuildOutput() throws Exception {
        classes = Path.of(BuiltInTransform.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path manifestFile = classes.resolve("META-INF/MANIFEST.MF");
        assertTrue(Files.isRegularFile(manifestFile), "bnd did not write " + manifestFile + "; run the tests through Maven");
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest = new Manifest(in);
        }
    }

    @Test
    void everyTransformClassIsAComponentWithItsTypeProperty() throws Exception {
        TreeMap<String, Descriptor> descriptors = new TreeMap<>();
        for (String entry : serviceComponents()) {
            Descriptor d = read(classes.resolve(entry));
            descriptors.put(d.implementation(), d);
        }
        Set<String> transformClasses = concreteTransformClasses();
        assertFalse(transformClasses.isEmpty());
        assertEquals(transformClasses, descriptors.keySet(), "transform classes and DS components differ");

        Set<String> types = new HashSet<>();
        for (Descriptor d : descriptors.values()) {
            assertEquals(List.of(Transform.class.getName()), d.provides(), d.implementation());
            Transform t = (Transform) Class.forName(d.implementation()).getConstructor().newInstance();
            assertEquals(t.type(), d.typeProperty(), d.implementation() + " registers another type than it reports");
            assertTrue(types.add(t.type()), "type " + t.type() + " registered twice");
        }
        assertEquals(Set.of("Default", "Truncate", "ValueMap", "CountryRegionCode", "Concatenate", "Split", "Trim",
                "UpperCase", "LowerCase", "RegexReplace", "DateFormat", "NumberFormat", "Constant"), types);
    }

    @Test
    void bundleExportsNothing() {
        Attributes main = manifest.getMainAttributes();
        assertEquals("org.ferry.transforms", main.getValue("Bundle-SymbolicName"));
        assertNull(main.getValue("Export-Package"), "the transforms bundle must export nothing");
    }

    @Test
    void everyTransformDescribesItselfAndItsParametersForTheConsole() throws Exception {
        for (String name : concreteTransformClasses()) {
            Transform t = (Transform) Class.forName(name).getConstructor().newInstance();
            assertFalse(t.displayName().isBlank(), name);
            assertFalse(t.description().isBlank(), name);
            for (TransformParameter p : t.parameters()) {
                assertFalse(p.label().equals(p.name()) || p.label().isBlank(), name + "." + p.name() + " needs a label");
                assertNotNull(p.description(), name + "." + p.name() + " needs a description");
                assertFalse(p.description().isBlank(), name + "." + p.name());
            }
            ConfigurationException unknown = assertThrows(ConfigurationException.class,
                    () -> t.compile(TransformParameters.of(Map.of("noSuchParameter", "x")), null), name);
            assertEquals("noSuchParameter", unknown.problems().get(0).field(), name);
        }
    }

    private static List<String> serviceComponents() {
        String header = manifest.getMainAttributes().getValue("Service-Component");
        assertNotNull(header, "no Service-Component header: bnd found no @Component");
        List<String> entries = new ArrayList<>();
        for (String e : header.split(",")) {
            entries.add(e.strip());
        }
        return entries;
    }

    private static Descriptor read(Path xml) throws Exception {
        assertTrue(Files.isRegularFile(xml), xml.toString());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(xml.toFile());
        Element implementation = (Element) doc.getElementsByTagNameNS("*", "implementation").item(0);
        if (implementation == null) {
            implementation = (Element) doc.getElementsByTagName("implementation").item(0);
        }
        List<String> provides = new ArrayList<>();
        NodeList provideNodes = doc.getElementsByTagName("provide");
        for (int i = 0; i < provideNodes.getLength(); i++) {
            provides.add(((Element) provideNodes.item(i)).getAttribute("interface"));
        }
        String type = null;
        NodeList properties = doc.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element p = (Element) properties.item(i);
            if (p.getAttribute("name").equals(Transform.TYPE)) {
                type = p.getAttribute("value");
            }
        }
        return new Descriptor(implementation.getAttribute("class"), provides, type);
    }

    private static Set<String> concreteTransformClasses() throws IOException, ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("org/ferry/transforms"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, ComponentDescriptorsTest.class.getClassLoader());
                if (Transform.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
