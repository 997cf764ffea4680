/**
 * Organization mapping: which organization unit of one system corresponds to which unit of another.
 *
 * <p>Organization units scope data: F&amp;O legal entities, Sales business units, CDS organizations.
 * A project uses one named {@link org.ferry.api.organization.OrganizationMapping} of its connection set.
 * The engine asks {@link org.ferry.api.organization.OrganizationMapper} services how to scope reads and
 * where to route records; the built-in mapper reads the connection set's mapping, partners may add others.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.ferry.api.organization;
