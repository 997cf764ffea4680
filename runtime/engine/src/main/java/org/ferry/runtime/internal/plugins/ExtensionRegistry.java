package org.ferry.runtime.internal.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TemplateProvider;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.plugins.Contributions.Contribution;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard of plugin services: connector factories, transforms, template providers and
 * organization mappers, tracked with dynamic, greedy, multiple references so that a bundle dropped
 * into {@code deploy/} is usable at once and one that leaves is forgotten at once, without restarting
 * anything that depends on this registry.
 */
@Component(service = ExtensionRegistry.class)
public class ExtensionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionRegistry.class);

    private final Contributions<ConnectorFactory> connectors = new Contributions<>();
    private final Contributions<Transform> transforms = new Contributions<>();
    private final Contributions<TemplateProvider> templateProviders = new Contributions<>();
    private final Contributions<OrganizationMapper> mappers = new Contributions<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConnectorFactory(ConnectorFactory factory, ServiceReference<ConnectorFactory> ref) {
        String type = declared(ref, ConnectorFactory.TYPE, factory::type);
        connectors.add(type, factory, ref);
        LOG.info("Connector type '{}' available from {}", type, ref.getBundle().getSymbolicName());
    }

    void unbindConnectorFactory(ServiceReference<ConnectorFactory> ref) {
        connectors.remove(ref);
        LOG.info("Connector type '{}' withdrawn", ref.getProperty(ConnectorFactory.TYPE));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransform(Transform transform, ServiceReference<Transform> ref) {
        String type = declared(ref, Transform.TYPE, transform::type);
        transforms.add(type, transform, ref);
        LOG.info("Transform '{}' available from {}", type, ref.getBundle().getSymbolicName());
    }

    void unbindTransform(ServiceReference<Transform> ref) {
        transforms.remove(ref);
        LOG.info("Transform '{}' withdrawn", ref.getProperty(Transform.TYPE));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTemplateProvider(TemplateProvider provider, ServiceReference<TemplateProvider> ref) {
        templateProviders.add(ref.getBundle().getSymbolicName() + "#" + ref.getProperty("service.id"), provider, ref);
    }

    void unbindTemplateProvider(ServiceReference<TemplateProvider> ref) {
        templateProviders.remove(ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOrganizationMapper(OrganizationMapper mapper, ServiceReference<OrganizationMapper> ref) {
        Object name = ref.getProperty(OrganizationMapper.NAME);
        mappers.add(name == null ? OrganizationMapper.DEFAULT : name.toString(), mapper, ref);
    }

    void unbindOrganizationMapper(ServiceReference<OrganizationMapper> ref) {
        mappers.remove(ref);
    }

    public Optional<ConnectorFactory> connectorFactory(String type) {
        return connectors.find(type).map(Contribution::service);
    }

    public Optional<Transform> transform(String type) {
        return transforms.find(type).map(Contribution::service);
    }

    public Optional<OrganizationMapper> organizationMapper(String name) {
        return mappers.find(name).map(Contribution::service);
    }

    /** @return the deployed template with this id, if any (for creating projects from it) */
    public Optional<ProjectTemplate> template(String id) {
        return templateContributions().stream().map(TemplateContribution::template)
                .filter(t -> t.id().equals(id)).findFirst();
    }

    /** @return a deployed template whose id equals this one but for case, if any (ids must differ by more) */
    public Optional<ProjectTemplate> templateIgnoringCase(String id) {
        return templateContributions().stream().map(TemplateContribution::template)
                .filter(t -> t.id().equalsIgnoreCase(id)).findFirst();
    }

    List<Contribution<ConnectorFactory>> connectorContributions() {
        return connectors.all();
    }

    List<Contribution<Transform>> transformContributions() {
        return transforms.all();
    }

    /** @return every template of every provider with the bundle that contributes it; a failing provider is skipped */
    List<TemplateContribution> templateContributions() {
        List<TemplateContribution> result = new ArrayList<>();
        for (Contribution<TemplateProvider> c : templateProviders.all()) {
            try {
                for (ProjectTemplate t : c.service().templates()) {
                    result.add(new TemplateContribution(t, c.bundle()));
                }
            } catch (RuntimeException e) {
                LOG.warn("Template provider of {} failed to list its templates", c.bundle().getSymbolicName(), e);
            }
        }
        result.sort((a, b) -> a.template().id().compareTo(b.template().id()));
        return result;
    }

    List<String> connectorTypesOf(Bundle bundle) {
        return connectors.keysOf(bundle);
    }

    List<String> transformsOf(Bundle bundle) {
        return transforms.keysOf(bundle);
    }

    /** @return template ids by contributing bundle id, asking each provider once */
    java.util.Map<Long, List<String>> templatesByBundle() {
        java.util.Map<Long, List<String>> result = new java.util.HashMap<>();
        for (TemplateContribution t : templateContributions()) {
            result.computeIfAbsent(t.bundle().getBundleId(), k -> new ArrayList<>()).add(t.template().id());
        }
        return result;
    }

    record TemplateContribution(ProjectTemplate template, Bundle bundle) {
    }

    /**
     * The id a service is registered under: its service property, which is what a lookup by filter
     * sees; falls back to what the object says if a plugin forgot the property.
     */
    private static String declared(ServiceReference<?> ref, String property, java.util.function.Supplier<String> own) {
        Object value = ref.getProperty(property);
        if (value != null) {
            return value.toString();
        }
        String fallback = own.get();
        LOG.warn("{} registers a service without the '{}' property; using '{}'",
                ref.getBundle().getSymbolicName(), property, fallback);
        return fallback;
    }
}
