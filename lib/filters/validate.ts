// Checks sync filters against the metadata: columns, operators, values, links and Dataverse's limits for
// one table, and consistency across the tables of a project. Pure; the UI, server and CLI share it.
import { labelOf, type Column, type MetadataDocument, type Table } from "@/lib/metadata/schema";
import {
  columnLabel as columnLabelOf,
  columnName,
  columnTypeLabel,
  nameText,
  tableLabel as tableLabelOf,
  tableName,
} from "@/lib/metadata/naming";
import {
  DEFAULT_FILTER_LIMITS,
  type Condition,
  type FilterGroup,
  type FilterLimits,
  type FilterNode,
  type LinkCondition,
  type SyncFilter,
} from "./schema";
import {
  OPERATORS,
  arityAccepts,
  arityWord,
  operatorsForColumnType,
  resolveValueKind,
  type ValueKind,
} from "./operators";
import { PRESET_CONDITIONS } from "./to-fetchxml";
import { MAX_DEPTH } from "./parse-fetchxml";
import { MetadataIndex } from "./metadata-index";
import { filterToText } from "./to-text";

export interface FilterProblem {
  severity: "error" | "warning";
  /**
   * Where in the sync filter: "preset", "related.sources[1]", "filter" (the top group),
   * "filter.children[2].filter.children[0]" (a condition inside a link). For the cross-table check,
   * prefixed with the table's index: "tables[3].filter.children[0]".
   */
  path: string;
  /** The node's editor id, when the node has one. */
  nodeId?: string;
  /** The table the problem is about (the linked table for a condition inside a link). */
  table: string;
  column?: string;
  /** What is wrong and how to fix it. */
  message: string;
}

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function validDate(value: string, withTime: boolean): boolean {
  const m = (withTime ? DATETIME : DATE).exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  if (withTime && m[4]) {
    if (Number(m[5]) > 23 || Number(m[6]) > 59 || (m[8] !== undefined && Number(m[8]) > 59)) return false;
  }
  return true;
}

const KIND_WORD: Record<ValueKind, string> = {
  string: "text",
  number: "a number (digits, with a dot for decimals)",
  integer: "a whole number",
  date: "a date as YYYY-MM-DD",
  datetime: "a date or date and time in ISO 8601 (2024-01-31 or 2024-01-31T08:00:00Z)",
  guid: "a GUID (00000000-0000-0000-0000-000000000000)",
  option: "an option value",
  none: "no value",
};

/** Lookup targets each user / business-unit operator makes sense for. */
const USER_TARGETS: Partial<Record<string, string[]>> = {
  "eq-userid": ["systemuser"],
  "ne-userid": ["systemuser"],
  "eq-userteams": ["team"],
  "eq-useroruserteams": ["systemuser", "team"],
  "eq-useroruserhierarchy": ["systemuser"],
  "eq-useroruserhierarchyandteams": ["systemuser", "team"],
  "eq-businessid": ["businessunit"],
  "ne-businessid": ["businessunit"],
};

class Checker {
  readonly problems: FilterProblem[] = [];
  conditions = 0;
  links = 0;
  /** How deep filters and links nest, counted as FetchXML nests them: a <filter> per group, a link and its filter. */
  depth = 0;
  deepest = 0;

  constructor(
    readonly index: MetadataIndex,
    private readonly language = "1033",
  ) {}

  add(
    severity: FilterProblem["severity"],
    path: string,
    table: string,
    message: string,
    extra: { column?: string; nodeId?: string } = {},
  ): void {
    const p: FilterProblem = { severity, path, table, message };
    if (extra.nodeId !== undefined) p.nodeId = extra.nodeId;
    if (extra.column !== undefined) p.column = extra.column;
    this.problems.push(p);
  }

  tableLabel(table: Table): string {
    return nameText(tableName(table, table.logicalName, this.language));
  }

  columnLabel(column: Column): string {
    return nameText(columnName(column, column.logicalName, this.language));
  }

  /** The column, or undefined after reporting why it cannot be found. */
  findColumn(table: Table, name: string, path: string, nodeId: string | undefined, role: string): Column | undefined {
    const column = this.index.column(table.logicalName, name);
    if (column) return column;
    const lower = name.toLowerCase();
    const similar = table.columns.find(
      (c) => c.logicalName === lower || labelOf(c.displayName, c.logicalName, this.language).toLowerCase() === lower,
    );
    const hint = similar ? ` Did you mean ${similar.logicalName}?` : ` Pick a column of ${table.logicalName}.`;
    if (table.partial) {
      this.add(
        "warning",
        path,
        table.logicalName,
        `${role} ${name} is not in the metadata, which holds only part of ${this.tableLabel(table)}; check that it exists.${hint}`,
        {
          column: name,
          nodeId,
        },
      );
    } else {
      this.add(
        "error",
        path,
        table.logicalName,
        `${role} ${name} does not exist on ${this.tableLabel(table)}.${hint}`,
        { column: name, nodeId },
      );
    }
    return undefined;
  }

  condition(c: Condition, table: Table, path: string): void {
    this.conditions++;
    const facts = OPERATORS[c.operator];
    const at = { column: c.column, nodeId: c.id };
    if (!arityAccepts(facts.arity, c.values.length)) {
      this.add(
        "error",
        path,
        table.logicalName,
        `The operator ${c.operator} takes ${arityWord(facts.arity)}, but the condition on ${c.column} has ${c.values.length}. ${facts.arity === 0 ? "Remove the values." : "Enter the missing values or remove the extra ones."}`,
        at,
      );
    }
    const column = this.findColumn(table, c.column, path, c.id, "The column");
    if (!column) return;
    const label = this.columnLabel(column);
    if (!facts.columnTypes.includes(column.type)) {
      const fitting = operatorsForColumnType(column.type).map((f) => f.name);
      const fix =
        column.type === "partylist"
          ? "Party lists cannot be filtered directly: add a link condition to activityparty and filter its partyid."
          : fitting.length > 0
            ? `Use one of: ${fitting.slice(0, 12).join(", ")}${fitting.length > 12 ? ", ..." : ""}.`
            : "This column cannot be filtered.";
      this.add(
        "error",
        path,
        table.logicalName,
        `The operator ${c.operator} does not fit ${label}, a ${columnTypeLabel(column.type)} column. ${fix}`,
        at,
      );
      return;
    }
    if (column.type === "unknown") {
      this.add(
        "warning",
        path,
        table.logicalName,
        `The metadata does not say what type ${label} is, so the operator and values cannot be checked.`,
        at,
      );
      return;
    }
    const targets = USER_TARGETS[c.operator];
    if (targets && column.targets && column.targets.length > 0 && !column.targets.some((t) => targets.includes(t))) {
      this.add(
        "warning",
        path,
        table.logicalName,
        `${c.operator} compares ${label} with the current ${targets.join(" or ")}, but it points to ${column.targets.join(", ")}, so no row will match. Use it on a column that points to ${targets.join(" or ")} (such as ownerid).`,
        at,
      );
    }
    const kind = resolveValueKind(c.operator, column.type, column.dateTimeFormat === "DateOnly");
    c.values.forEach((value, i) => this.value(value, kind, column, c, table, `${path}.values[${i}]`));
    if (/^(last|next|olderthan)-x-/.test(c.operator) && INTEGER.test(c.values[0] ?? "") && Number(c.values[0]) < 1) {
      this.add(
        "error",
        `${path}.values[0]`,
        table.logicalName,
        `${c.operator} needs a count of 1 or more, not ${c.values[0]}.`,
        at,
      );
    }
  }

  value(value: string, kind: ValueKind, column: Column, c: Condition, table: Table, path: string): void {
    const at = { column: c.column, nodeId: c.id };
    const label = this.columnLabel(column);
    const bad = (message: string) => this.add("error", path, table.logicalName, message, at);
    switch (kind) {
      case "integer":
        if (!INTEGER.test(value))
          return bad(`"${value}" is not ${KIND_WORD.integer}; ${c.operator} on ${label} needs ${KIND_WORD.integer}.`);
        if (column.minValue !== undefined && Number(value) < column.minValue) {
          this.add(
            "warning",
            path,
            table.logicalName,
            `${value} is below the smallest value ${label} can hold (${column.minValue}), so it matches nothing.`,
            at,
          );
        } else if (
          column.maxValue !== undefined &&
          Number(value) > column.maxValue &&
          OPERATORS[c.operator].valueKind === "column"
        ) {
          this.add(
            "warning",
            path,
            table.logicalName,
            `${value} is above the largest value ${label} can hold (${column.maxValue}), so it matches nothing.`,
            at,
          );
        }
        return;
      case "number":
        if (!NUMBER.test(value)) return bad(`"${value}" is not ${KIND_WORD.number}; ${label} holds numbers.`);
        return;
      case "date":
        if (!validDate(value, false) && !validDate(value, true)) return bad(`"${value}" is not ${KIND_WORD.date}.`);
        return;
      case "datetime":
        if (!validDate(value, true)) return bad(`"${value}" is not ${KIND_WORD.datetime}.`);
        return;
      case "guid":
        if (!GUID.test(value)) return bad(`"${value}" is not ${KIND_WORD.guid}; ${label} holds row ids.`);
        return;
      case "option": {
        const isBool = column.type === "boolean";
        const normal = isBool ? (value === "true" ? "1" : value === "false" ? "0" : value) : value;
        if (!INTEGER.test(normal))
          return bad(
            `"${value}" is not an option value of ${label}; use the option's number${isBool ? " (0 or 1)" : ""}.`,
          );
        const set = column.optionSet;
        const options =
          set && set.options.length > 0
            ? set.options
            : set?.name
              ? (this.index.document.globalOptionSets[set.name]?.options ?? [])
              : [];
        if (options.length === 0) {
          if (isBool && normal !== "0" && normal !== "1") bad(`${label} is yes/no: use 0 or 1, not ${value}.`);
          return;
        }
        if (!options.some((o) => String(o.value) === normal)) {
          const valid = options
            .slice(0, 10)
            .map((o) => `${o.value} (${labelOf(o.labels, String(o.value), this.language)})`)
            .join(", ");
          bad(`${value} is not an option of ${label}. Its options are: ${valid}${options.length > 10 ? ", ..." : ""}.`);
        }
        return;
      }
      default:
        return;
    }
  }

  link(link: LinkCondition, table: Table, path: string, atRoot: boolean): void {
    this.links++;
    const at = { nodeId: link.id };
    if ((link.linkType === "inner" || link.linkType === "outer") && !atRoot) {
      this.add(
        "error",
        path,
        table.logicalName,
        `The ${link.linkType} link to ${link.table} is not directly under the top "and" group; FetchXML writes ${link.linkType} joins beside the filter, so they only work there. Use link type "any" (or "not any") here.`,
        at,
      );
    }
    if (link.linkType === "outer") {
      this.add(
        "warning",
        path,
        table.logicalName,
        `The outer link to ${link.table} keeps every row whether or not a related row matches, so it filters nothing. Use link type "any" to keep only rows with a matching ${link.table}.`,
        at,
      );
    }
    const other = this.index.table(link.table);
    if (!other) {
      this.add(
        "error",
        path,
        table.logicalName,
        `The linked table ${link.table} is not in the metadata. Pick a related table of ${this.tableLabel(table)}.`,
        at,
      );
      return;
    }
    const to = this.findColumn(table, link.to, path, link.id, "The join column");
    const from = this.findColumn(other, link.from, path, link.id, "The join column");
    if (to && from) {
      const rel = this.index.relationshipFor(table.logicalName, link);
      if (!rel) {
        const severity = table.partial || other.partial ? "warning" : "error";
        const what = link.relationship
          ? `The relationship ${link.relationship} does not exist or does not join`
          : "No relationship of the metadata joins";
        this.add(
          severity,
          path,
          table.logicalName,
          `${what} ${table.logicalName}.${link.to} to ${link.table}.${link.from}. Pick the link from the table's relationships.`,
          at,
        );
      }
    }
    this.depth++;
    this.root(link.filter, other, `${path}.filter`);
    this.depth--;
  }

  node(node: FilterNode, table: Table, path: string, atRoot: boolean): void {
    if (node.kind === "condition") this.condition(node, table, path);
    else if (node.kind === "link") this.link(node, table, path, atRoot);
    else {
      if (node.children.length === 0) {
        this.add(
          "warning",
          path,
          table.logicalName,
          `This empty ${node.type} group has no effect; add conditions to it or remove it.`,
          { nodeId: node.id },
        );
      }
      this.depth++;
      this.deepest = Math.max(this.deepest, this.depth);
      node.children.forEach((child, i) => this.node(child, table, `${path}.children[${i}]`, false));
      this.depth--;
    }
  }

  /** The top group of a table or of a link: joins are allowed only directly under an "and" here. */
  root(group: FilterGroup, table: Table, path: string): void {
    this.depth++;
    this.deepest = Math.max(this.deepest, this.depth);
    group.children.forEach((child, i) => this.node(child, table, `${path}.children[${i}]`, group.type === "and"));
    this.depth--;
  }
}

function ownershipProblem(checker: Checker, table: Table, sync: SyncFilter): void {
  if (sync.preset !== "mine" && sync.preset !== "my-team" && sync.preset !== "my-business-unit") return;
  if (table.ownership !== "user") {
    checker.add(
      "error",
      "preset",
      table.logicalName,
      `${checker.tableLabel(table)} is ${table.ownership === "organization" ? "owned by the organization" : "not owned"}, so its rows have no owner and "${sync.preset}" matches none. Choose all rows, related rows only, or a custom filter.`,
    );
    return;
  }
  const cond = PRESET_CONDITIONS[sync.preset];
  checker.conditions++;
  if (!table.partial && !checker.index.column(table.logicalName, cond.column)) {
    checker.add(
      "error",
      "preset",
      table.logicalName,
      `"${sync.preset}" filters on ${cond.column}, which ${checker.tableLabel(table)} does not have. Choose another preset.`,
      { column: cond.column },
    );
  }
}

function relatedProblems(checker: Checker, index: MetadataIndex, table: Table, sync: SyncFilter): void {
  if (sync.preset !== "related") return;
  const sources = sync.related?.sources ?? [];
  if (sources.length === 0) {
    checker.add(
      "error",
      "related",
      table.logicalName,
      `"Related rows only" names no lookup that brings ${checker.tableLabel(table)} rows. Add the lookups of downloaded tables that point to it.`,
    );
  }
  sources.forEach((s, i) => {
    checker.links++;
    const path = `related.sources[${i}]`;
    const source = index.table(s.table);
    if (!source) {
      checker.add(
        "error",
        path,
        table.logicalName,
        `The table ${s.table} is not in the metadata. Pick a table with a lookup to ${table.logicalName}.`,
      );
      return;
    }
    const column = checker.findColumn(source, s.column, path, undefined, "The lookup");
    if (!column) return;
    if (!["lookup", "customer", "owner"].includes(column.type)) {
      checker.add(
        "error",
        path,
        table.logicalName,
        `${s.table}.${s.column} is a ${columnTypeLabel(column.type)} column, not a lookup. Pick a lookup that points to ${table.logicalName}.`,
        { column: s.column },
      );
    } else if (column.targets && !column.targets.includes(table.logicalName)) {
      checker.add(
        "error",
        path,
        table.logicalName,
        `${s.table}.${s.column} points to ${column.targets.join(", ")}, not to ${table.logicalName}. Pick a lookup that points to ${table.logicalName}.`,
        {
          column: s.column,
        },
      );
    }
  });
}

/**
 * Every problem of one table's sync filter (or bare filter tree): columns, operators, values, links,
 * presets, and the limits (default 500 conditions and 15 links per query, counting the preset's).
 */
export function validateFilter(
  tableName: string,
  filter: SyncFilter | FilterGroup | undefined,
  metadata: MetadataDocument,
  limits: FilterLimits = DEFAULT_FILTER_LIMITS,
): FilterProblem[] {
  const index = MetadataIndex.of(metadata);
  const checker = new Checker(index);
  const table = index.table(tableName);
  if (!table) {
    checker.add(
      "error",
      "filter",
      tableName,
      `The table ${tableName} is not in the metadata. Pick a table of the environment's metadata.`,
    );
    return checker.problems;
  }
  let tree: FilterGroup | undefined;
  if (filter && "preset" in filter) {
    ownershipProblem(checker, table, filter);
    relatedProblems(checker, index, table, filter);
    if (filter.preset === "custom" && (!filter.filter || filter.filter.children.length === 0)) {
      checker.add(
        "warning",
        "filter",
        tableName,
        "This custom filter has no conditions, so every row is downloaded. Add conditions or choose all rows.",
      );
    }
    tree = filter.filter;
  } else tree = filter;
  if (tree) checker.root(tree, table, "filter");
  if (checker.conditions > limits.maxConditions) {
    checker.add(
      "error",
      "filter",
      tableName,
      `The filter has ${checker.conditions} conditions; Dataverse allows ${limits.maxConditions} per query. Combine conditions (one "in" instead of many "eq") or remove some.`,
    );
  }
  if (checker.deepest > MAX_DEPTH) {
    checker.add(
      "error",
      "filter",
      tableName,
      `The filter nests groups and links ${checker.deepest} levels deep; FetchXML is read at most ${MAX_DEPTH} deep. Merge nested groups of the same type ("and" in "and") or move conditions up.`,
    );
  }
  if (checker.links > limits.maxLinks) {
    checker.add(
      "error",
      "filter",
      tableName,
      `The filter has ${checker.links} links to other tables; Dataverse allows ${limits.maxLinks} per query. Remove links or use "related rows only".`,
    );
  }
  return checker.problems;
}

/** One table of a project, as the cross-table check needs it. */
export interface TableFilterInput {
  table: string;
  mode: "offline" | "online";
  filter?: SyncFilter;
  /** The selected columns; when given, only these lookups count. */
  columns?: string[];
}

// Lookups every row has and that point to users and business units: checking them would warn about
// every table whenever systemuser is filtered, which says nothing new.
const SYSTEM_LOOKUPS = new Set([
  "createdby",
  "modifiedby",
  "createdonbehalfby",
  "modifiedonbehalfby",
  "owninguser",
  "owningteam",
  "owningbusinessunit",
  "ownerid",
]);

function restricts(f: SyncFilter | undefined): boolean {
  if (!f) return false;
  if (f.preset === "all") return !!f.filter && f.filter.children.length > 0;
  if (f.preset === "custom") return !!f.filter && f.filter.children.length > 0;
  return true;
}

/** Whether a filter keeps only rows whose `column` is empty (a top-level "and" condition). */
function keepsOnlyEmpty(f: SyncFilter | undefined, column: string): boolean {
  const g = f?.filter;
  if (!g || g.type !== "and") return false;
  return g.children.some((c) => c.kind === "condition" && c.column === column && c.operator === "null");
}

/** The lookups of a project table the cross-table rules follow: its (selected) lookups, system ones aside. */
function projectLookups(t: TableFilterInput, index: MetadataIndex): Column[] {
  const meta = index.table(t.table);
  if (!meta) return [];
  const selected = t.columns ? new Set(t.columns) : undefined;
  return meta.columns.filter(
    (c) =>
      (c.type === "lookup" || c.type === "customer") &&
      !SYSTEM_LOOKUPS.has(c.logicalName) &&
      (!selected || selected.has(c.logicalName)),
  );
}

/**
 * The sources of a "related rows only" table that names none: every (selected) lookup of another
 * offline table of the project that points to it. Feed the result to `related.sources` (or to
 * effectiveFilter) to write the table's FetchXML.
 */
export function inferRelatedSources(
  table: string,
  tables: TableFilterInput[],
  metadata: MetadataDocument,
): Array<{ table: string; column: string }> {
  const index = MetadataIndex.of(metadata);
  return tables
    .filter((s) => s.mode === "offline" && s.table !== table)
    .flatMap((s) =>
      projectLookups(s, index)
        .filter((c) => c.targets?.includes(table))
        .map((c) => ({ table: s.table, column: c.logicalName })),
    );
}

/**
 * Problems between the tables of a project: a "related rows only" table whose sources are missing,
 * online only, filtered so they point to nothing, or only each other; and a lookup to an offline
 * table whose filter leaves out rows the lookup may point to (a warning with an example).
 * Paths start with "tables[i]", the index in `tables`.
 */
export function validateFilterConsistency(
  tables: TableFilterInput[],
  metadata: MetadataDocument,
  language = "1033",
): FilterProblem[] {
  const index = MetadataIndex.of(metadata);
  const problems: FilterProblem[] = [];
  const byName = new Map(tables.map((t, i) => [t.table, { ...t, i }]));
  const add = (severity: FilterProblem["severity"], path: string, table: string, message: string, column?: string) =>
    problems.push(
      column === undefined ? { severity, path, table, message } : { severity, path, table, message, column },
    );
  const tableLabel = (name: string) => tableLabelOf(index.table(name), name, language);
  const columnLabel = (table: string, column: string) => columnLabelOf(index.column(table, column), column, language);
  const lookupsOf = (t: TableFilterInput) => projectLookups(t, index);

  // Sources each "related rows only" table can actually receive rows from.
  const usable = new Map<string, Array<{ table: string; column: string }>>();
  for (const t of tables) {
    if (t.mode !== "offline" || t.filter?.preset !== "related") continue;
    const i = byName.get(t.table)!.i;
    const given = t.filter.related?.sources ?? [];
    const sources = given.length > 0 ? given : inferRelatedSources(t.table, tables, metadata);
    const ok: Array<{ table: string; column: string }> = [];
    sources.forEach((s, j) => {
      const path = given.length > 0 ? `tables[${i}].filter.related.sources[${j}]` : `tables[${i}]`;
      const source = byName.get(s.table);
      if (!source) {
        add(
          "error",
          path,
          t.table,
          `${tableLabel(t.table)} takes only rows that ${tableLabel(s.table)} points to, but ${s.table} is not in the project, so none arrive. Add ${s.table} as an offline table or choose another filter.`,
          s.column,
        );
      } else if (source.mode === "online") {
        add(
          "error",
          path,
          t.table,
          `${tableLabel(t.table)} takes only rows that ${tableLabel(s.table)} points to, but ${s.table} is online only: its rows never reach the device, so they bring no ${t.table}. Make ${s.table} offline or choose another filter for ${t.table}.`,
          s.column,
        );
      } else if (source.columns && !source.columns.includes(s.column)) {
        add(
          "error",
          path,
          t.table,
          `${tableLabel(s.table)}'s lookup ${columnLabel(s.table, s.column)} (${s.column}) is not among its selected columns, so it brings no ${t.table}. Select the column or pick another lookup.`,
          s.column,
        );
      } else if (keepsOnlyEmpty(source.filter, s.column)) {
        add(
          "error",
          path,
          t.table,
          `${tableLabel(s.table)}'s filter keeps only rows whose ${columnLabel(s.table, s.column)} is empty, so they point to no ${t.table}. Change that filter or pick another lookup.`,
          s.column,
        );
      } else ok.push(s);
    });
    if (sources.length === 0) {
      add(
        "error",
        `tables[${i}]`,
        t.table,
        `${tableLabel(t.table)} takes only related rows, but no offline table of the project has a lookup to it, so none arrive. Add such a table or choose another filter.`,
      );
    }
    usable.set(t.table, ok);
  }
  // Rows arrive at a related-only table only if some chain of sources starts at a table that is not related-only.
  const grounded = new Set(
    tables.filter((t) => t.mode === "offline" && t.filter?.preset !== "related").map((t) => t.table),
  );
  for (let changed = true; changed;) {
    changed = false;
    for (const [table, sources] of usable) {
      if (!grounded.has(table) && sources.some((s) => grounded.has(s.table))) {
        grounded.add(table);
        changed = true;
      }
    }
  }
  for (const [table, sources] of usable) {
    if (grounded.has(table) || sources.length === 0) continue;
    const names = [...new Set(sources.map((s) => s.table))].join(", ");
    add(
      "error",
      `tables[${byName.get(table)!.i}]`,
      table,
      `${tableLabel(table)} takes only rows that ${names} point to, and those take only related rows themselves, in a circle, so no row ever arrives. Give one table of the circle its own filter (for example my rows).`,
    );
  }

  // Lookups to rows the target's filter leaves out.
  for (const a of tables) {
    if (a.mode !== "offline") continue;
    const i = byName.get(a.table)!.i;
    for (const c of lookupsOf(a)) {
      for (const target of c.targets ?? []) {
        const b = byName.get(target);
        if (!b || b.mode !== "offline" || !restricts(b.filter)) continue;
        if (b.filter?.preset === "related") {
          const sources = b.filter.related?.sources ?? [];
          if (sources.length === 0 || sources.some((s) => s.table === a.table && s.column === c.logicalName)) continue;
        }
        const sentence = filterToText(b.table, b.filter, metadata, { language });
        add(
          "warning",
          `tables[${i}]`,
          a.table,
          `${tableLabel(a.table)}'s ${columnLabel(a.table, c.logicalName)} (${c.logicalName}) can point to ${tableLabel(b.table)} rows that its filter leaves out, for example any ${tableLabel(b.table)} outside "${sentence}"; offline, such a lookup shows a name but opens nothing. Add ${a.table}.${c.logicalName} to ${b.table}'s related rows, or widen ${b.table}'s filter.`,
          c.logicalName,
        );
      }
    }
  }
  return problems;
}
