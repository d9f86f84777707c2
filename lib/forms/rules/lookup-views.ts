// The views a rule's "set lookup view" action can pick for a field: the project's views of the tables the field's
// lookup column points to, by name (the lookup kind first, then lists), with the target table's label. Pure.
import type { Column } from "@/lib/metadata/schema";
import type { View } from "@/lib/forms/schema";

export interface ProjectTableViews {
  tableName: string;
  /** The table's display name. */
  label: string;
  views: ReadonlyArray<Pick<View, "id" | "name" | "kind">>;
}

export interface LookupViewChoice {
  value: string;
  label: string;
}

/** The views a lookup on `column` can show in its picker; empty for a column that is no lookup. */
export function lookupViewChoices(
  column: Pick<Column, "targets"> | undefined,
  tables: readonly ProjectTableViews[],
): LookupViewChoice[] {
  const targets = column?.targets ?? [];
  const several = targets.length > 1;
  return tables
    .filter((t) => targets.includes(t.tableName))
    .flatMap((t) =>
      [...t.views]
        .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "lookup" ? -1 : 1))
        .map((v) => ({
          value: v.id,
          label: `${several ? `${t.label}: ` : ""}${v.name}${v.kind === "lookup" ? " (lookup view)" : ""}`,
        })),
    );
}
