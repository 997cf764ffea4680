package org.ferry.templates.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TemplateProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Contributes the Prospect-to-Cash templates (Sales, the CDS hub and F&amp;O, three-way like the 2017
 * templates) and the blank templates. The templates are immutable and built once, so every caller sees
 * the same list.
 */
@Component(service = TemplateProvider.class)
public final class ProspectToCashTemplateProvider implements TemplateProvider {
    private static final List<ProjectTemplate> TEMPLATES = build();

    @Override
    public List<ProjectTemplate> templates() {
        return TEMPLATES;
    }

    /** In dependency order: a template's prerequisites come before it. */
    private static List<ProjectTemplate> build() {
        List<ProjectTemplate> all = new ArrayList<>(Stream.of(
                CustomerTemplates.accounts(),
                CustomerTemplates.contacts(),
                ProductTemplates.products(),
                SalesDocumentTemplates.quotes(),
                SalesDocumentTemplates.ordersSalesToOperations(),
                SalesDocumentTemplates.ordersOperationsToSales(),
                SalesDocumentTemplates.invoices()).map(IntegrationKeys::proposedFor).toList());
        all.addAll(BlankTemplates.all());
        return List.copyOf(all);
    }
}
