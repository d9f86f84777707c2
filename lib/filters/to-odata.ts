// Writes a sync filter as an OData `$filter` for the Dataverse Web API: plain comparisons where OData has
// them, `Microsoft.Dynamics.CRM.*` query functions elsewhere, lambdas for link conditions.
import type { Column, ColumnType, MetadataDocument } from "@/lib/metadata/schema";
import type { Condition, FilterGroup, FilterNode, LinkCondition, SyncFilter } from "./schema";
import { OPERATORS, resolveValueKind, type ValueKind } from "./operators";
import { effectiveFilter, type PresetContext } from "./to-fetchxml";
import { MetadataIndex } from "./metadata-index";

/**
 * The `$filter` text (not URL-encoded; an empty string means "every row"), or why the filter has no
 * OData form. `notes` say what was assumed (a guessed column type, a left-out outer link).
 */
export type ODataResult = { ok: true; filter: string; notes: string[] } | { ok: false; reason: string; path: string };

class NotRepresentable extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
  ) {
    super(reason);
  }
}

interface Part {
  text: string;
  /** Two or more terms joined by and/or: needs parentheses inside another group. */
  compound: boolean;
}

interface Scope {
  table: string;
  /** Prefix for property paths: "" at the top, "o1/" inside a lambda, "parentaccountid/" through a lookup. */
  prefix: string;
  depth: number;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function stripBraces(guid: string): string {
  return guid.replace(/^\{(.*)\}$/, "$1");
}

function isLookupType(type: ColumnType | undefined): boolean {
  return type === "lookup" || type === "customer" || type === "owner";
}

/** A value as an OData literal of the column's kind. */
function literal(value: string, kind: ValueKind, type: ColumnType | undefined): string {
  if (type === "boolean") {
    if (value === "1" || value.toLowerCase() === "true") return "true";
    if (value === "0" || value.toLowerCase() === "false") return "false";
  }
  switch (kind) {
    case "integer":
    case "number":
    case "option":
      return /^-?\d+(\.\d+)?$/.test(value) ? value : quote(value);
    case "guid":
      return stripBraces(value);
    case "date":
    case "datetime":
      return value;
    default:
      return quote(value);
  }
}

/** Guesses what a value is when the metadata does not say: used only without a column. */
function guessKind(value: string | undefined): ValueKind {
  if (value === undefined) return "string";
  if (/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(value)) return "guid";
  if (/^-?\d+$/.test(value)) return "integer";
  if (/^-?\d+\.\d+$/.test(value)) return "number";
  return "string";
}

class ODataWriter {
  readonly notes: string[] = [];
  constructor(private readonly index: MetadataIndex | undefined) {}

  private column(table: string, name: string): Column | undefined {
    return this.index?.column(table, name);
  }

  condition(c: Condition, scope: Scope, path: string): string {
    const facts = OPERATORS[c.operator];
    const column = this.column(scope.table, c.column);
    if (!column)
      this.notes.push(`${scope.table}.${c.column} is not in the metadata: its type was guessed from the value`);
    const type = column?.type;
    const kind = column
      ? resolveValueKind(c.operator, column.type, column.dateTimeFormat === "DateOnly")
      : facts.valueKind === "column"
        ? guessKind(c.values[0])
        : facts.valueKind;
    // Plain comparisons address a lookup through its value property; query functions take the logical name.
    const property = scope.prefix + (isLookupType(type) ? `_${c.column}_value` : c.column);
    const odata = facts.odata;
    const v = (i: number) => c.values[i] ?? "";
    switch (odata.kind) {
      case "compare":
        return `${property} ${odata.op} ${literal(v(0), kind, type)}`;
      case "null":
        return `${property} ${odata.op} null`;
      case "text": {
        const value = v(0);
        let call: string;
        if (odata.fn === "like") {
          const starts = value.startsWith("%");
          const ends = value.length > 1 && value.endsWith("%");
          if (starts && ends) call = `contains(${property},${quote(value.slice(1, -1))})`;
          else if (ends) call = `startswith(${property},${quote(value.slice(0, -1))})`;
          else if (starts) call = `endswith(${property},${quote(value.slice(1))})`;
          else if (!/[%_[]/.test(value)) call = `${property} eq ${quote(value)}`;
          else {
            throw new NotRepresentable(
              `The pattern ${quote(value)} neither starts nor ends with %, so contains/startswith/endswith would match more rows`,
              path,
            );
          }
        } else call = `${odata.fn}(${property},${quote(value)})`;
        return odata.negate ? `not ${call}` : call;
      }
      case "function": {
        // A query function names its column in a string (PropertyName); Dataverse documents no way to
        // reach a related table's column from there, so inside a lambda or lookup path it is refused.
        if (scope.prefix !== "") {
          throw new NotRepresentable(
            `${c.operator} on ${scope.table}.${c.column} needs Microsoft.Dynamics.CRM.${odata.name}, which cannot address a related table's column`,
            path,
          );
        }
        const name = quote(c.column);
        const lit = (x: string) => (odata.literal === "int" ? x : quote(x));
        const params =
          odata.params === "none"
            ? ""
            : odata.params === "value"
              ? `,PropertyValue=${lit(kind === "guid" ? stripBraces(v(0)) : v(0))}`
              : odata.params === "value1-value2"
                ? `,PropertyValue1=${lit(v(0))},PropertyValue2=${lit(v(1))}`
                : `,PropertyValues=[${c.values.map((x) => JSON.stringify(kind === "guid" ? stripBraces(x) : x)).join(",")}]`;
        return `Microsoft.Dynamics.CRM.${odata.name}(PropertyName=${name}${params})`;
      }
    }
  }

  /** A link's expression, and whether it is compound (needs parentheses inside another group). */
  link(link: LinkCondition, scope: Scope, path: string): Part | undefined {
    if (link.linkType === "outer") {
      this.notes.push(`The outer link to ${link.table} at ${path} restricts no rows and is left out`);
      return undefined;
    }
    if (!this.index)
      throw new NotRepresentable("Link conditions need the metadata to find the navigation property", path);
    const rel = this.index.relationshipFor(scope.table, link);
    if (!rel) {
      throw new NotRepresentable(
        `No one-to-many relationship of the metadata joins ${scope.table}.${link.to} to ${link.table}.${link.from}, so OData has no navigation property for it`,
        path,
      );
    }
    if (rel.direction === "intersect") {
      throw new NotRepresentable(
        `The link to ${link.table} steps through a many-to-many intersect table, which this OData writer does not navigate`,
        path,
      );
    }
    const negate = link.linkType === "not any";
    if (rel.direction === "many") {
      if (!rel.relationship) {
        throw new NotRepresentable(
          `The metadata has no relationship for ${link.table}.${link.from}, so the collection's navigation property is unknown`,
          path,
        );
      }
      // Collection-valued navigation property: Dataverse names it after the relationship's schema name.
      const variable = `o${scope.depth + 1}`;
      const inner = this.group(
        link.filter,
        { table: link.table, prefix: `${variable}/`, depth: scope.depth + 1 },
        `${path}.filter`,
      );
      const nav = `${scope.prefix}${rel.relationship.schemaName}`;
      const body = inner.text === "" ? `${nav}/any()` : `${nav}/any(${variable}:${inner.text})`;
      return { text: negate ? `not ${body}` : body, compound: false };
    }
    // Single-valued navigation property (this table holds the lookup): Dataverse names it after the
    // lookup column, suffixed with the target table when the lookup is polymorphic (customer, owner).
    const lookup = this.column(scope.table, link.to);
    const nav = (lookup?.targets?.length ?? 1) > 1 ? `${link.to}_${link.table}` : link.to;
    const inner = this.group(
      link.filter,
      { table: link.table, prefix: `${scope.prefix}${nav}/`, depth: scope.depth },
      `${path}.filter`,
    );
    if (inner.text === "")
      return { text: `${scope.prefix}_${link.to}_value ${negate ? "eq" : "ne"} null`, compound: false };
    if (negate) return { text: `not (${inner.text})`, compound: false };
    return inner;
  }

  node(node: FilterNode, scope: Scope, path: string): Part | undefined {
    if (node.kind === "condition") return { text: this.condition(node, scope, path), compound: false };
    if (node.kind === "link") return this.link(node, scope, path);
    const part = this.group(node, scope, path);
    return part.text === "" ? undefined : part;
  }

  group(group: FilterGroup, scope: Scope, path: string): Part {
    const parts: string[] = [];
    group.children.forEach((child, i) => {
      const part = this.node(child, scope, `${path}.children[${i}]`);
      if (part) parts.push(part.compound ? `(${part.text})` : part.text);
    });
    return { text: parts.join(` ${group.type} `), compound: parts.length > 1 };
  }
}

/**
 * The OData `$filter` for a table's filter tree or sync filter (preset expanded). With metadata, values
 * are typed by their columns and lookups become `_x_value`; link conditions become `any()` lambdas
 * over collection-valued navigation properties (named, as Dataverse does by default, after the
 * relationship) or paths through the lookup's single-valued one. Without metadata, types are guessed
 * from the values and links have no OData form.
 */
export function toODataFilter(
  table: string,
  filter: SyncFilter | FilterGroup | undefined,
  metadata?: MetadataDocument,
  context: PresetContext = {},
): ODataResult {
  const index = metadata ? MetadataIndex.of(metadata) : undefined;
  const tree =
    filter === undefined
      ? undefined
      : "preset" in filter
        ? effectiveFilter(filter, {
            primaryIdColumn: context.primaryIdColumn ?? index?.table(table)?.primaryIdColumn,
            ...context,
          })
        : filter;
  if (!tree) return { ok: true, filter: "", notes: [] };
  const writer = new ODataWriter(index);
  try {
    const { text } = writer.group(tree, { table, prefix: "", depth: 0 }, "filter");
    return { ok: true, filter: text, notes: [...new Set(writer.notes)] };
  } catch (e) {
    if (e instanceof NotRepresentable) return { ok: false, reason: e.reason, path: e.path };
    throw e;
  }
}
