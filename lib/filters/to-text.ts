// Says a sync filter as one English sentence, with display names and option labels from the metadata:
// "Appointments whose Start Time is in the last 30 days and whose Owner is the current user".
import { labelOf, type Column, type MetadataDocument } from "@/lib/metadata/schema";
import { columnLabel, tableLabel, tablePluralLabel } from "@/lib/metadata/naming";
import type { Condition, FilterGroup, FilterNode, LinkCondition, Preset, SyncFilter } from "./schema";
import { OPERATORS, resolveValueKind } from "./operators";
import { PRESET_CONDITIONS } from "./to-fetchxml";
import { MetadataIndex } from "./metadata-index";

export interface TextOptions {
  /** Label language code; default 1033 (English). */
  language?: string;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

class Speaker {
  constructor(
    private readonly index: MetadataIndex | undefined,
    private readonly language: string,
    /** What leads a condition: "whose " in a sentence about rows, "" in one about a form's values. */
    private readonly lead = "whose ",
  ) {}

  tableSingular(table: string): string {
    return tableLabel(this.index?.table(table), table, this.language);
  }

  tablePlural(table: string): string {
    const t = this.index?.table(table);
    return t ? tablePluralLabel(t, table, this.language) : `Rows of ${table}`;
  }

  columnLabel(table: string, column: string): string {
    return columnLabel(this.index?.column(table, column), column, this.language);
  }

  value(raw: string, column: Column | undefined, c: Condition, hintName?: string): string {
    const kind = column
      ? resolveValueKind(c.operator, column.type, column.dateTimeFormat === "DateOnly")
      : OPERATORS[c.operator].valueKind;
    if (kind === "option" && column) {
      const options = column.optionSet?.options ?? [];
      const found = options.find(
        (o) =>
          String(o.value) === raw ||
          (column.type === "boolean" && String(o.value) === (raw === "true" ? "1" : raw === "false" ? "0" : raw)),
      );
      if (found) return labelOf(found.labels, raw, this.language);
      return raw;
    }
    const name = hintName ?? (c.values.length === 1 ? c.uiName : undefined);
    if ((kind === "guid" || kind === "column") && name) return `"${name}"`;
    // Without the column, numbers and ids read as themselves; anything else is quoted as text.
    if (kind === "column" && /^(-?\d+(\.\d+)?|\{?[0-9a-fA-F-]{36}\}?)$/.test(raw)) return raw;
    if (
      kind === "integer" ||
      kind === "number" ||
      kind === "option" ||
      kind === "date" ||
      kind === "datetime" ||
      kind === "guid"
    )
      return raw;
    return `"${raw}"`;
  }

  condition(c: Condition, table: string): string {
    const column = this.index?.column(table, c.column);
    const values = c.values.map((v, i) => this.value(v, column, c, c.valueHints?.[i]?.uiName));
    const pattern = c.values[0] ?? "";
    // A like pattern with % only at its ends reads better as contains / begins with / ends with.
    if (
      (c.operator === "like" || c.operator === "not-like") &&
      /^%?[^%_[]*%?$/.test(pattern) &&
      pattern.includes("%")
    ) {
      const not = c.operator === "not-like" ? "does not " : "";
      const inner = `"${pattern.replace(/^%|%$/g, "")}"`;
      const verb =
        pattern.startsWith("%") && pattern.endsWith("%") && pattern.length > 1
          ? "contain"
          : pattern.endsWith("%")
            ? "begin with"
            : "end with";
      const said = not
        ? `${not}${verb}`
        : verb === "contain"
          ? "contains"
          : verb === "begin with"
            ? "begins with"
            : "ends with";
      return `${this.lead}${this.columnLabel(table, c.column)} ${said} ${inner}`;
    }
    const phrase = OPERATORS[c.operator].phrase
      .replace("{list}", list(values))
      .replace("{0}", values[0] ?? "?")
      .replace("{1}", values[1] ?? "?");
    return `${this.lead}${this.columnLabel(table, c.column)} ${phrase}`;
  }

  link(link: LinkCondition, table: string): string | undefined {
    if (link.linkType === "outer") return undefined;
    const negate = link.linkType === "not any";
    const inner = this.group(link.filter, link.table);
    const rel = this.index?.relationshipFor(table, link);
    if (rel?.direction === "one") {
      const lookup = this.columnLabel(table, link.to);
      if (inner.text === "") return `whose ${lookup} ${negate ? "is empty" : "is set"}`;
      const target = article(this.tableSingular(link.table));
      return `whose ${lookup} ${negate ? "is not" : "is"} ${target} ${inner.compound ? `(${inner.text})` : inner.text}`;
    }
    const other = this.tableSingular(link.table);
    const via = rel?.direction === "many" ? ` (through ${this.columnLabel(link.table, link.from)})` : "";
    const head = negate ? `that have no ${other}${via}` : `that have at least one ${other}${via}`;
    if (inner.text === "") return head;
    return `${head} ${inner.compound ? `(${inner.text})` : inner.text}`;
  }

  node(node: FilterNode, table: string): { text: string; compound: boolean } | undefined {
    if (node.kind === "condition") return { text: this.condition(node, table), compound: false };
    if (node.kind === "link") {
      const text = this.link(node, table);
      return text === undefined ? undefined : { text, compound: false };
    }
    const part = this.group(node, table);
    return part.text === "" ? undefined : part;
  }

  group(group: FilterGroup, table: string): { text: string; compound: boolean } {
    const parts: string[] = [];
    for (const child of group.children) {
      const part = this.node(child, table);
      if (part) parts.push(part.compound ? `(${part.text})` : part.text);
    }
    return { text: parts.join(` ${group.type} `), compound: parts.length > 1 };
  }
}

/** What the filter editor calls each preset ("Rows to download"); the diff and the audit log say the same. */
export const PRESET_LABELS: Record<Preset, string> = {
  all: "All rows",
  mine: "My rows",
  "my-team": "My team's rows",
  "my-business-unit": "My business unit's rows",
  related: "Related rows only",
  custom: "Custom",
};

/**
 * One sentence for a table's filter tree or sync filter. Display names, collection names and option
 * labels come from the metadata when given (logical names and raw values otherwise); a lookup value
 * shows its FetchXML `uiname` when it has one. Outer links restrict nothing and are not mentioned.
 */
export function filterToText(
  table: string,
  filter: SyncFilter | FilterGroup | undefined,
  metadata?: MetadataDocument,
  options: TextOptions = {},
): string {
  const speaker = new Speaker(metadata ? MetadataIndex.of(metadata) : undefined, options.language ?? "1033");
  const plural = speaker.tablePlural(table);
  const clauses: string[] = [];
  let tree: FilterGroup | undefined;
  if (filter && "preset" in filter) {
    if (filter.preset === "mine" || filter.preset === "my-team" || filter.preset === "my-business-unit") {
      clauses.push(speaker.condition(PRESET_CONDITIONS[filter.preset], table));
    } else if (filter.preset === "related") {
      const sources = filter.related?.sources ?? [];
      const named = sources.map(
        (s) => `${speaker.tablePlural(s.table)} (through ${speaker.columnLabel(s.table, s.column)})`,
      );
      clauses.push(
        sources.length === 0
          ? "that downloaded rows of other tables point to"
          : `that downloaded ${list(named)} point to`,
      );
    }
    tree = filter.filter;
  } else tree = filter;
  if (tree) {
    const part = speaker.group(tree, table);
    if (part.text !== "")
      clauses.push(clauses.length > 0 && part.compound && tree.type === "or" ? `(${part.text})` : part.text);
  }
  if (clauses.length === 0) return `All ${plural}`;
  return `${plural} ${clauses.join(" and ")}`;
}

/**
 * A condition tree about one row's own values, without the row: "Preferred Method of Contact is Email and Email
 * is empty". For form rules; links are not said (a form rule has none).
 */
export function conditionToText(
  table: string,
  group: FilterGroup,
  metadata?: MetadataDocument,
  options: TextOptions = {},
): string {
  const speaker = new Speaker(metadata ? MetadataIndex.of(metadata) : undefined, options.language ?? "1033", "");
  return speaker.group(group, table).text;
}
