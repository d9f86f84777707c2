// Fast lookups into a MetadataDocument for the filter modules: tables and columns by logical name, and
// the relationship a link condition travels. Built once per document and cached.
import type { Column, MetadataDocument, Relationship, Table } from "@/lib/metadata/schema";
import type { LinkCondition } from "./schema";

/**
 * How a link condition joins the current table to the linked one:
 * - `many`: the linked table holds the lookup (one-to-many seen from the "one" side: a collection);
 * - `one`: the current table holds the lookup (many-to-one: a single related row);
 * - `intersect`: a step through a many-to-many relationship's intersect table.
 * `relationship` is undefined when only a lookup column's targets vouch for the join.
 */
export interface LinkRelationship {
  direction: "many" | "one" | "intersect";
  relationship?: Relationship;
}

const CACHE = new WeakMap<MetadataDocument, MetadataIndex>();

export class MetadataIndex {
  private readonly tables = new Map<string, Table>();
  private readonly columns = new Map<string, Map<string, Column>>();

  private constructor(readonly document: MetadataDocument) {
    for (const t of document.tables) {
      this.tables.set(t.logicalName, t);
      this.columns.set(t.logicalName, new Map(t.columns.map((c) => [c.logicalName, c])));
    }
  }

  static of(document: MetadataDocument): MetadataIndex {
    let index = CACHE.get(document);
    if (!index) {
      index = new MetadataIndex(document);
      CACHE.set(document, index);
    }
    return index;
  }

  table(name: string): Table | undefined {
    return this.tables.get(name);
  }

  column(table: string, name: string): Column | undefined {
    return this.columns.get(table)?.get(name);
  }

  private referencedColumn(r: Relationship): string | undefined {
    return r.referencedColumn ?? (r.referencedTable ? this.tables.get(r.referencedTable)?.primaryIdColumn : undefined);
  }

  /** The relationship a link from `table` travels, or undefined when the metadata knows none. */
  relationshipFor(table: string, link: LinkCondition): LinkRelationship | undefined {
    const candidates = link.relationship
      ? this.document.relationships.filter((r) => r.schemaName === link.relationship)
      : this.document.relationships;
    for (const r of candidates) {
      if (r.kind === "one-to-many") {
        const refCol = this.referencedColumn(r);
        if (
          r.referencedTable === table &&
          refCol === link.to &&
          r.referencingTable === link.table &&
          r.referencingColumn === link.from
        ) {
          return { direction: "many", relationship: r };
        }
        if (
          r.referencingTable === table &&
          r.referencingColumn === link.to &&
          r.referencedTable === link.table &&
          refCol === link.from
        ) {
          return { direction: "one", relationship: r };
        }
      } else {
        const sides: Array<[string | undefined, string | undefined]> = [
          [r.table1, r.table1Column],
          [r.table2, r.table2Column],
        ];
        for (const [t, c] of sides) {
          if (!t || !c) continue;
          const pk = this.tables.get(t)?.primaryIdColumn ?? c;
          // table -> intersect, and intersect -> table.
          if (table === t && link.table === r.intersectTable && link.from === c && link.to === pk)
            return { direction: "intersect", relationship: r };
          if (table === r.intersectTable && link.table === t && link.to === c && link.from === pk)
            return { direction: "intersect", relationship: r };
        }
      }
    }
    if (link.relationship) return undefined;
    // A lookup whose targets include the linked table, joined on that table's primary id.
    const lookup = this.column(table, link.to);
    const target = this.tables.get(link.table);
    if (lookup?.targets?.includes(link.table) && (!target || target.primaryIdColumn === link.from))
      return { direction: "one" };
    const back = this.column(link.table, link.from);
    const self = this.tables.get(table);
    if (back?.targets?.includes(table) && (!self || self.primaryIdColumn === link.to)) return { direction: "many" };
    return undefined;
  }
}
