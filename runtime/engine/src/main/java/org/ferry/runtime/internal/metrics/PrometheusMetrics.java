package org.ferry.runtime.internal.metrics;

import org.ferry.runtime.management.MetricsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A Prometheus registry joined to Micrometer's global registry while the engine runs: whatever the engine, the
 * connectors and the admin API record there is written out by {@link #scrape()}, with the JVM's own meters
 * (memory and its pools, collections, threads, classes, CPU, uptime).
 */
@Component(service = MetricsService.class)
public class PrometheusMetrics implements MetricsService {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    @Activate
    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Metrics.globalRegistry.add(registry);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    @Deactivate
    public void close() {
        Metrics.globalRegistry.remove(registry);
        gc.close();
        registry.close();
    }
}
