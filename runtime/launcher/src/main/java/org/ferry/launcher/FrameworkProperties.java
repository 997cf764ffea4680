package org.ferry.launcher;

import java.util.HashMap;
import java.util.Map;

/**
 * The framework configuration for a set of launch options. Kept apart from the launcher so the
 * integration tests configure their framework the same way.
 */
public final class FrameworkProperties {
    /** The framework property naming this server process, reported by {@code GET /api/health} as {@code instance}. */
    public static final String INSTANCE = "ferry.instance";

    private FrameworkProperties() {
    }

    /**
     * @param storage   the bundle cache folder
     * @param data      the data folder ({@code ferry.data})
     * @param conf      the configuration folder ({@code ferry.conf})
     * @param deploy    the folder watched for plugins
     * @param host      the address HTTP listens on
     * @param port      the HTTP port
     */
    public static Map<String, String> of(String storage, String data, String conf, String deploy, String host, int port) {
        Map<String, String> p = new HashMap<>();
        p.put("org.osgi.framework.storage", storage);
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.framework.startlevel.beginning", Integer.toString(BundlePlan.FINAL_LEVEL));
        p.put("felix.startlevel.bundle", Integer.toString(BundlePlan.FINAL_LEVEL));
        p.put("felix.log.level", "1");
        p.put("ferry.data", data);
        p.put("ferry.conf", conf);
        // Plugins: the folder is polled every second; only jars count, so editors' and copy tools'
        // temporary files are never installed half-written.
        p.put("felix.fileinstall.dir", deploy);
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.filter", ".*\\.jar");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.bundles.startTransient", "false");
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.tmpdir", storage + "/fileinstall-tmp");
        p.put("org.osgi.service.http.port", Integer.toString(port));
        p.put("org.apache.felix.http.host", host);
        p.put("org.apache.felix.http.name", "ferry");
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        return p;
    }
}
