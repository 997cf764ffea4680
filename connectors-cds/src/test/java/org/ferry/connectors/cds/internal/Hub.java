package org.ferry.connectors.cds.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.organization.OrganizationUnit;

/** Test helpers: a factory over a temporary data directory, and record builders. */
final class Hub implements AutoCloseable {
    static final OrganizationUnit ORG1 = org("ORG001");
    static final OrganizationUnit ORG2 = org("ORG002");

    final Path data;
    final CdsConnectorFactory factory;

    Hub(Path data) {
        this(data, TestHubs.factory(data));
    }

    Hub(Path data, CdsConnectorFactory factory) {
        this.data = data;
        this.factory = factory;
    }

    static OrganizationUnit org(String id) {
        return new OrganizationUnit(id, id, OrganizationUnit.Kind.ORGANIZATION, null);
    }

    Connection open(String environment, String organizations) {
        Map<String, String> config = organizations == null ? Map.of("environment", environment)
                : Map.of("environment", environment, "organizations", organizations);
        return factory.open(ConnectorConfig.of(config), new ConnectionContext() {
            @Override
            public String connectionId() {
                return "test";
            }

            @Override
            public String connectionName() {
                return "test";
            }

            @Override
            public Path workDirectory() {
                return data.resolve("work");
            }

            @Override
            public boolean allowInsecureLoopback() {
                return true;
            }
        });
    }

    Connection open() {
        return open("test", "ORG001,ORG002");
    }

    static EntityRecord account(String id, String name) {
        return EntityRecord.builder("Account").key(BusinessKey.of("AccountId", id))
                .set("AccountId", Value.text(id)).set("Name", Value.text(name)).build();
    }

    /** Reads everything the reader returns, checking that no page exceeds the page size. */
    static List<EntityRecord> drain(RecordReader reader, int pageSize) {
        List<EntityRecord> all = new ArrayList<>();
        for (List<EntityRecord> page = reader.nextPage(); page != null; page = reader.nextPage()) {
            if (page.size() > pageSize) {
                throw new AssertionError("page of " + page.size() + " records, more than " + pageSize);
            }
            all.addAll(page);
        }
        return all;
    }

    static ReadRequest read(String entity, OrganizationUnit org, String checkpoint) {
        return new ReadRequest(entity, List.of(), org, checkpoint, null, 1000);
    }

    @Override
    public void close() {
        factory.deactivate();
    }
}
