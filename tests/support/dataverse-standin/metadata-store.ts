// Table metadata for the Dataverse stand-in: the real EntityDefinitions responses in ../shared/data/dataverse
// (as a real org returned them) plus any synthetic tables a test passes in, answered with $select applied.
import fs from "node:fs";
import path from "node:path";
import { parseExpand, parseSelect, project, readProperty, type Comparison, matchesFilter } from "./odata";

/** One table as the stand-in holds it: the expanded EntityDefinitions entity and the option-set cast rows. */
export interface StandinTable {
  /** `EntityDefinitions(LogicalName='x')?$expand=Attributes,...` without its @odata.context. */
  entity: Record<string, unknown>;
  /** Cast name ("PicklistAttributeMetadata") -> the `value` rows of `.../Attributes/Microsoft.Dynamics.CRM.<cast>`. */
  casts: Record<string, Array<Record<string, unknown>>>;
}

export const REAL_WEBAPI_DIR = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");

export const NAVIGATION_PROPERTIES = [
  "Attributes",
  "ManyToOneRelationships",
  "OneToManyRelationships",
  "ManyToManyRelationships",
  "Keys",
];

/** Reads every `<table>.EntityDefinitions.json` of a folder and its `<table>.<Cast>AttributeMetadata.json` files. */
export function loadRealTables(dir = REAL_WEBAPI_DIR, only?: string[]): StandinTable[] {
  const files = fs.readdirSync(dir);
  const tables: StandinTable[] = [];
  for (const file of files) {
    const match = /^(.+)\.EntityDefinitions\.json$/.exec(file);
    if (!match || (only && !only.includes(match[1]))) continue;
    const { ["@odata.context"]: _context, ...entity } = JSON.parse(
      fs.readFileSync(path.join(dir, file), "utf8"),
    ) as Record<string, unknown>;
    void _context;
    const casts: StandinTable["casts"] = {};
    for (const castFile of files) {
      const cast = new RegExp(
        `^${match[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\w+AttributeMetadata)\\.json$`,
      ).exec(castFile);
      if (!cast) continue;
      const body = JSON.parse(fs.readFileSync(path.join(dir, castFile), "utf8")) as {
        value: Array<Record<string, unknown>>;
      };
      casts[cast[1]] = body.value;
    }
    tables.push({ entity, casts });
  }
  if (only) {
    const missing = only.filter((name) => !tables.some((t) => t.entity.LogicalName === name));
    if (missing.length > 0) throw new Error(`No EntityDefinitions file for ${missing.join(", ")} in ${dir}`);
  }
  return tables.sort((a, b) => String(a.entity.LogicalName).localeCompare(String(b.entity.LogicalName)));
}

export class MetadataStore {
  readonly #tables = new Map<string, StandinTable>();

  constructor(tables: StandinTable[]) {
    for (const table of tables) this.#tables.set(String(table.entity.LogicalName).toLowerCase(), table);
  }

  get logicalNames(): string[] {
    return [...this.#tables.keys()];
  }

  get(logicalName: string): StandinTable | undefined {
    return this.#tables.get(logicalName.toLowerCase());
  }

  byMetadataId(id: string): StandinTable | undefined {
    return [...this.#tables.values()].find((t) => String(t.entity.MetadataId).toLowerCase() === id.toLowerCase());
  }

  /** `EntityDefinitions?$select=...&$filter=...`: the table list, without navigation properties. */
  list(select: string[] | undefined, filter: Comparison[]): Array<Record<string, unknown>> {
    return [...this.#tables.values()]
      .map((t) => t.entity)
      .filter((entity) => matchesFilter(entity, filter))
      .map((entity) => {
        const base = Object.fromEntries(Object.entries(entity).filter(([key]) => !NAVIGATION_PROPERTIES.includes(key)));
        return project(base, select, ["MetadataId"]);
      });
  }

  /** `EntityDefinitions(LogicalName='x')?$select=...&$expand=...`: one table, expanded navigation properties only. */
  single(table: StandinTable, selectText: string | undefined, expandText: string | undefined): Record<string, unknown> {
    const select = parseSelect(selectText);
    const expand = parseExpand(expandText).map((e) => e.name);
    const base = Object.fromEntries(
      Object.entries(table.entity).filter(([key]) => !NAVIGATION_PROPERTIES.includes(key)),
    );
    const out = project(base, select, ["MetadataId"]);
    for (const name of expand) out[name] = table.entity[name] ?? [];
    return out;
  }

  /**
   * `.../Attributes/Microsoft.Dynamics.CRM.<cast>?$select=...&$expand=OptionSet,GlobalOptionSet`. Without a real
   * cast file the rows come from the expanded Attributes of that type, whose option sets the real files lack.
   */
  cast(
    table: StandinTable,
    cast: string,
    selectText: string | undefined,
    expandText: string | undefined,
  ): Array<Record<string, unknown>> {
    const select = parseSelect(selectText);
    const expand = parseExpand(expandText).map((e) => e.name);
    const attributes = (table.entity.Attributes as Array<Record<string, unknown>> | undefined) ?? [];
    const rows =
      table.casts[cast] ??
      attributes
        .filter((a) => a["@odata.type"] === `#Microsoft.Dynamics.CRM.${cast}`)
        .map((a) => ({
          MetadataId: a.MetadataId,
          LogicalName: a.LogicalName,
          SchemaName: a.SchemaName,
          DisplayName: a.DisplayName,
          OptionSet: null,
        }));
    return rows.map((row) => {
      const optionSet = (row.OptionSet ?? null) as Record<string, unknown> | null;
      const navigation: Record<string, unknown> = {
        OptionSet: optionSet,
        // Expanding through OptionSet already yields a global set's options; GlobalOptionSet is the same set or null.
        GlobalOptionSet:
          row.GlobalOptionSet ?? (optionSet && readProperty(optionSet, "IsGlobal") === true ? optionSet : null),
      };
      const base = Object.fromEntries(Object.entries(row).filter(([key]) => !(key in navigation)));
      const out = project(base, select, ["MetadataId"]);
      for (const name of expand) out[name] = navigation[name] ?? null;
      return out;
    });
  }
}
