package org.ferry.connectors.sales.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * A read scoped to a business unit covers the units below it, as the Data Integrator's "root business
 * unit (the organization which corresponds to the instance)" means the whole organization.
 */
class BusinessUnitScopeSandboxTest {

    @Test
    void aScopedReadsDeltaCarriesTheBusinessKeysOfChangedRows() {
        try (SandboxServer sandbox = SandboxServer.start();
             Connection c = SalesConnectorSandboxTest.open(sandbox, sandbox.clientSecret(), Map.of())) {
            OrganizationUnit root = c.organizationUnits().stream().filter(u -> u.parentId() == null).findFirst().orElseThrow();
            String[] checkpoint = new String[1];
            List<EntityRecord> all = SalesConnectorSandboxTest.readAll(c,
                    new ReadRequest("account", List.of(), root, null, null, 500), checkpoint);
            EntityRecord first = all.stream().filter(r -> r.key() != null).findFirst().orElseThrow();
            c.upsert("account", null, List.of(EntityRecord.builder("account").key(first.key())
                    .text("telephone1", "+1-425-555-0199").build()));

            List<EntityRecord> delta = SalesConnectorSandboxTest.readAll(c,
                    new ReadRequest("account", List.of(), root, checkpoint[0], null, 500), checkpoint);

            assertEquals(1, delta.size());
            assertEquals(first.key(), delta.get(0).key(), "the changed row comes with its business key");
            assertEquals("+1-425-555-0199", delta.get(0).get("telephone1").asText());
        }
    }

    @Test
    void theRootUnitReadsEverythingAndAChildUnitOnlyItsOwn() {
        try (SandboxServer sandbox = SandboxServer.start();
             Connection c = SalesConnectorSandboxTest.open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<OrganizationUnit> units = c.organizationUnits();
            OrganizationUnit root = units.stream().filter(u -> u.parentId() == null).findFirst().orElseThrow();
            OrganizationUnit child = units.stream().filter(u -> root.id().equals(u.parentId())).findFirst().orElseThrow();

            List<EntityRecord> all = SalesConnectorSandboxTest.readAll(c, ReadRequest.full("account", 500), new String[1]);
            List<EntityRecord> underRoot = SalesConnectorSandboxTest.readAll(c,
                    new ReadRequest("account", List.of(), root, null, null, 500), new String[1]);
            List<EntityRecord> underChild = SalesConnectorSandboxTest.readAll(c,
                    new ReadRequest("account", List.of(), child, null, null, 500), new String[1]);

            assertEquals(all.size(), underRoot.size(), "the root unit stands for the whole organization");
            Set<String> childUnits = underChild.stream().map(EntityRecord::organization).collect(Collectors.toSet());
            assertEquals(Set.of(child.id()), childUnits, "a child unit reads only its own records");
            assertTrue(underChild.size() > 0 && underChild.size() < all.size(), underChild.size() + " of " + all.size());
        }
    }
}
