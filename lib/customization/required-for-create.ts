// Which columns must have a value when a row is created, i.e. which columns the device must be able
// to fill before "create" can be permitted for a table.
import type { Column, Table } from "@/lib/metadata/schema";

// Dataverse fills these itself on create: the owner defaults to the caller, state and status to their
// defaults, a boolean always has its default value, the type/name companions follow their lookup.
// Requiring them would make every user-owned table fail validation for no reason.
const FILLED_BY_DATAVERSE: ReadonlySet<Column["type"]> = new Set([
  "owner",
  "state",
  "status",
  "boolean",
  "entityname",
  "virtual",
  "managedproperty",
  "calendarrules",
]);

/**
 * How a create needs the column:
 * - "system": SystemRequired; the server refuses a create without it. A system-required choice
 *   (picklist) gets its default from the platform, so it is not listed.
 * - "application": ApplicationRequired ("business required"); Dataverse's own forms refuse to save
 *   without it, but the Web API does not check it, so a row created on the device without it
 *   silently breaks the org's rule.
 * - undefined: not needed, not writable on create, or filled by Dataverse (primary id, owner, state,
 *   status, booleans, companion columns of a lookup).
 */
export function createRequirement(column: Column, table: Table): "system" | "application" | undefined {
  if (column.requiredLevel !== "ApplicationRequired" && column.requiredLevel !== "SystemRequired") return undefined;
  if (!column.validForCreate || column.attributeOf) return undefined;
  if (column.logicalName === table.primaryIdColumn || FILLED_BY_DATAVERSE.has(column.type)) return undefined;
  if (column.requiredLevel === "SystemRequired") return column.type === "picklist" ? undefined : "system";
  return "application";
}

export function isRequiredForCreate(column: Column, table: Table): boolean {
  return createRequirement(column, table) !== undefined;
}

export function columnsRequiredForCreate(table: Table): Column[] {
  return table.columns.filter((column) => isRequiredForCreate(column, table));
}
