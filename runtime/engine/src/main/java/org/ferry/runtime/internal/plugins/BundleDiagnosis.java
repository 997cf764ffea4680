package org.ferry.runtime.internal.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Explains why a bundle is not working, in words an admin can act on.
 *
 * <p>An unresolved bundle is explained by asking the framework which of its mandatory requirements have
 * no provider at all, which names the missing package without side effects (starting the bundle to get
 * the resolver's message would also start it). Failures the framework reports asynchronously (a start
 * that threw) are remembered from framework events; component failures come from SCR.
 */
final class BundleDiagnosis implements FrameworkListener {
    private final Map<Long, String> lastErrors = new ConcurrentHashMap<>();

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null) {
            Throwable t = event.getThrowable();
            lastErrors.put(event.getBundle().getBundleId(), t == null ? "error" : rootMessage(t));
        }
    }

    void forget(long bundleId) {
        lastErrors.remove(bundleId);
    }

    /** @return the reason the bundle is not working, or {@code null} if it is */
    String explain(Bundle bundle, FrameworkWiring wiring, ServiceComponentRuntime scr) {
        List<String> reasons = new ArrayList<>();
        if (bundle.getState() == Bundle.INSTALLED) {
            reasons.add(unresolved(bundle, wiring));
        } else if (bundle.getState() == Bundle.ACTIVE && scr != null) {
            reasons.addAll(componentProblems(bundle, scr));
        }
        String remembered = lastErrors.get(bundle.getBundleId());
        if (remembered != null && bundle.getState() != Bundle.ACTIVE) {
            reasons.add(remembered);
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    private static String unresolved(Bundle bundle, FrameworkWiring wiring) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return "not resolved";
        }
        List<String> missing = new ArrayList<>();
        for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
            String resolution = req.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            if (Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                    || PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution)) {
                continue;
            }
            if (wiring.findProviders(req).isEmpty()) {
                missing.add(req.getNamespace() + "; " + req.getDirectives().getOrDefault("filter", ""));
            }
        }
        if (missing.isEmpty()) {
            return "not resolved: a bundle it depends on cannot be resolved";
        }
        return "missing requirement " + String.join(", missing requirement ", missing);
    }

    private static List<String> componentProblems(Bundle bundle, ServiceComponentRuntime scr) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
            if (!scr.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO config : scr.getComponentConfigurationDTOs(description)) {
                if (config.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add("component " + description.name + " failed to activate: " + config.failure);
                } else if (config.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    for (UnsatisfiedReferenceDTO ref : config.unsatisfiedReferences) {
                        problems.add("component " + description.name + " is waiting for " + ref.name
                                + (ref.target == null ? "" : " " + ref.target));
                    }
                }
            }
        }
        return problems;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = t instanceof BundleException ? t.getMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
