// Which relationships an associated-list tab of a table can show: one-to-many from the table (its related rows
// hold the lookup) and many-to-many, whose other table is in the project. Pure.
import { labelOf, type MetadataDocument } from "@/lib/metadata/schema";
import { tablePluralLabel } from "@/lib/metadata/naming";

export interface AssociatedChoice {
  relationship: string;
  /** The related table whose rows the list shows. */
  table: string;
  kind: "one-to-many" | "many-to-many";
  /** "Contacts (contact_customer_accounts, through Company Name)". */
  label: string;
}

export function associatedChoices(
  tableName: string,
  metadata: Pick<MetadataDocument, "relationships" | "tables">,
  projectTables: Iterable<string>,
): AssociatedChoice[] {
  const inProject = new Set(projectTables);
  const tableLabel = (name: string) => {
    const t = metadata.tables.find((x) => x.logicalName === name);
    return tablePluralLabel(t, name);
  };
  const out: AssociatedChoice[] = [];
  for (const r of metadata.relationships) {
    if (r.kind === "one-to-many" && r.referencedTable === tableName && r.referencingTable) {
      if (!inProject.has(r.referencingTable)) continue;
      const other = metadata.tables.find((t) => t.logicalName === r.referencingTable);
      const column = other?.columns.find((c) => c.logicalName === r.referencingColumn);
      const through = column ? `, through ${labelOf(column.displayName, column.logicalName)}` : "";
      out.push({
        relationship: r.schemaName,
        table: r.referencingTable,
        kind: r.kind,
        label: `${tableLabel(r.referencingTable)} (${r.schemaName}${through})`,
      });
    } else if (r.kind === "many-to-many" && (r.table1 === tableName || r.table2 === tableName)) {
      const other = r.table1 === tableName ? r.table2 : r.table1;
      if (!other || !inProject.has(other)) continue;
      out.push({
        relationship: r.schemaName,
        table: other,
        kind: r.kind,
        label: `${tableLabel(other)} (${r.schemaName})`,
      });
    }
  }
  return out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
