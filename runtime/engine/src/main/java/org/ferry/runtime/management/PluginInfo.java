package org.ferry.runtime.management;

import java.util.List;

/**
 * A bundle or a deploy-folder file, as the admin API shows it.
 *
 * @param symbolicName   the bundle's symbolic name, or {@code null} for a file that is not a bundle
 * @param version        the bundle version, or {@code null}
 * @param state          INSTALLED, RESOLVED, STARTING, ACTIVE, STOPPING, UNINSTALLED for a bundle; for a
 *                       deploy-folder file without one: PENDING (not picked up yet), INVALID (not a bundle, or the
 *                       framework refused to install it), REFUSED (a built-in's symbolic name, or one another file
 *                       provides), FAILED (its installation failed)
 * @param location       where it came from: {@code bundles/…} (shipped), {@code deploy/…} (a plugin)
 * @param deployed       whether it lives in the deploy folder (and can be removed through the API)
 * @param origin         {@value #DEPLOYED} (a partner's plugin, from the deploy folder or an upload) or
 *                       {@value #BUILT_IN} (shipped with the server)
 * @param connectorTypes connector type ids it registers
 * @param transforms     transform types it registers
 * @param templates      template ids it contributes
 * @param error          why it is not working (an unresolved requirement, a failed component, a corrupt
 *                       file), or {@code null}
 */
public record PluginInfo(String symbolicName, String version, String state, String location, boolean deployed,
                         String origin, List<String> connectorTypes, List<String> transforms, List<String> templates,
                         String error) {
    public static final String DEPLOYED = "deployed";
    public static final String BUILT_IN = "built-in";
}
