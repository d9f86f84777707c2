// Which columns Dataverse requires when a row is created, i.e. which columns the device must be able
// to fill before "create" can be permitted for a table.
import type { Column, Table } from "@/lib/metadata/schema";

// Dataverse fills these itself on create: the owner defaults to the caller, state and status to their
// defaults, the type/name companions follow their lookup. Requiring them would make every
// user-owned table fail validation for no reason.
const FILLED_BY_DATAVERSE: ReadonlySet<Column["type"]> = new Set(["owner", "state", "status", "entityname", "virtual", "managedproperty", "calendarrules"]);

/**
 * The columns a create needs a value for: required at the application level (ApplicationRequired,
 * "Business Required" in the maker portal) or by the system (SystemRequired), writable on create,
 * and not one Dataverse fills itself (primary id, owner, state/status, companion columns).
 */
export function isRequiredForCreate(column: Column, table: Table): boolean {
  if (column.requiredLevel !== "ApplicationRequired" && column.requiredLevel !== "SystemRequired") return false;
  if (!column.validForCreate) return false;
  if (column.attributeOf) return false;
  if (column.logicalName === table.primaryIdColumn) return false;
  return !FILLED_BY_DATAVERSE.has(column.type);
}

export function columnsRequiredForCreate(table: Table): Column[] {
  return table.columns.filter((column) => isRequiredForCreate(column, table));
}
