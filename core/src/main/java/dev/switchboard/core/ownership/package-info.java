/**
 * Field ownership: which manager (a deployment, a direct user write, a connection) wrote each field of a resource.
 * A write replaces only what its manager owns ({@link dev.switchboard.core.ownership.FieldMerge#apply}); fields of
 * other managers survive; setting another manager's field to a different value is a conflict unless forced. Lists of
 * named items (env vars, app settings, secrets, containers) are owned per item. The ledger travels inside the stored
 * body as {@code managedFields} ({@link dev.switchboard.core.ownership.ManagedFields}), as Kubernetes keeps it in
 * {@code metadata.managedFields}. Pure: no I/O.
 */
package dev.switchboard.core.ownership;
