package org.ferry.runtime.internal.organization;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.organization.OrganizationMapping;
import org.osgi.service.component.annotations.Component;

/**
 * The built-in organization mapper: a leg reads from the unit the project's mapping names for the
 * source role and writes every record into the unit it names for the target role (USMF ↔ root business
 * unit ↔ ORG001), as the Data Integrator's connection sets do.
 */
@Component(service = OrganizationMapper.class, property = OrganizationMapper.NAME + "=" + OrganizationMapper.DEFAULT)
public class ConnectionSetOrganizationMapper implements OrganizationMapper {

    @Override
    public String sourceUnit(OrganizationMapping mapping, String sourceRole) {
        return mapping.unit(sourceRole).orElse(null);
    }

    @Override
    public String targetUnit(OrganizationMapping mapping, String sourceRole, EntityRecord record, String targetRole) {
        return mapping.unit(targetRole).orElse(null);
    }
}
