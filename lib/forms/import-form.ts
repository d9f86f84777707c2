// FormXml (a systemform's `formxml`) to the project's Form: tabs, sections with their column count, bound controls
// as fields, header fields, subgrids as associated-list tabs matched to their relationship, labels in the admin's
// language. Whatever cannot come across is listed with where it was, never dropped silently. Pure.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { AppError } from "@/lib/app-error";
import { LogicalNameSchema } from "@/lib/customization/schema-blocks";
import { ElementIdSchema, idFromGuid } from "@/lib/forms/element-id";
import { definitionName, type OrgFormDefinition } from "@/lib/metadata/org-definitions";
import {
  FormSchema,
  LABEL_MAX,
  MAX_FIELDS_PER_FORM,
  MAX_FIELDS_PER_SECTION,
  MAX_HEADER_FIELDS,
  MAX_SECTIONS_PER_TAB,
  MAX_TABS_PER_FORM,
  type AssociatedListTab,
  type FieldsTab,
  type Form,
  type FormField,
  type FormKind,
  type FormSection,
  type FormTab,
  type HeaderField,
  type MapTab,
} from "@/lib/forms/schema";
import { NAME_MAX } from "@/lib/customization/schema-blocks";
import { decodeXmlText } from "@/lib/metadata/parse-xml";
import type { MetadataDocument, Relationship } from "@/lib/metadata/schema";
import { clipText } from "@/lib/format/clip";

/** Something of the org's definition that the project's model cannot hold, and where it was. */
export interface SkippedItem {
  what: string;
  where: string;
}

/** The kinds the listing names; only main and quickCreate become project forms. */
export type OrgFormKind = "main" | "quickCreate" | "card" | "quick";

/** systemform type codes (Web API `type`): 2 main, 7 quick create, 11 card, 6 quick view. */
export const ORG_FORM_KIND_BY_TYPE: Readonly<Record<number, OrgFormKind>> = {
  2: "main",
  7: "quickCreate",
  11: "card",
  6: "quick",
};

export const FORM_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "dashboard",
  1: "appointment book",
  2: "main",
  3: "mini campaign",
  4: "preview",
  5: "mobile express",
  6: "quick view",
  7: "quick create",
  8: "dialog",
  9: "task flow",
  10: "interactive dashboard",
  11: "card",
  12: "main (interactive experience)",
};

export interface FormCounts {
  tabs: number;
  sections: number;
  fields: number;
  associatedLists: number;
  mapTabs: number;
  headerFields: number;
}

export interface ImportedForm {
  table: string;
  id: string;
  name: string;
  kind: OrgFormKind;
  /** The converted form; for card and quick view forms it is what the form holds, but it cannot be imported. */
  form: Form;
  counts: FormCounts;
  skipped: SkippedItem[];
  /** Whether the project can take this form (main and quick create only); else why not. */
  importable: boolean;
  notImportableReason?: string;
}

export interface FormImportOptions {
  /** The admin's language (LCID); labels fall back to 1033, then to the first there is. */
  languageCode?: number;
  /** The snapshot's metadata: matches subgrids to relationships and drops labels equal to the column's own. */
  metadata?: MetadataDocument;
}

// ---------- control kinds (classid, upper case) ----------

const SUBGRID = "{E7A81278-8635-4D9E-8D4D-59480B391C5B}";
const BING_MAP_ID = "{62B0DF79-0464-470F-8AF7-4483CFEA0C7D}";
const NOT_FIELDS: Readonly<Record<string, string>> = {
  "{9FDF5F91-88B1-47F4-AD53-C11EFC01A01D}": "web resource",
  "{FD2A7985-3187-444E-908D-6624B21F69C0}": "iframe",
  "{06375649-C143-495E-A496-C962E5B4488E}": "timeline (notes and activities)",
  "{5C5600E0-1D6E-4205-A272-BE80DA87FD42}": "quick view form",
  [BING_MAP_ID]: "Bing map (no latitude/longitude columns in the metadata for a map tab)",
  "{F9A8A302-114E-466A-B582-6771B2AE0D92}": "custom control",
  "{DFDF1CDE-837B-4AC9-98CF-AC74361FD89D}": "knowledge base search",
  "{E616A57F-20E0-4534-8662-A101B5DDF4E0}": "action cards",
  "{7C624A0B-F59E-493D-9583-638D34759266}": "timer",
};

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);
function list(value: unknown): Node[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}
const child = (node: unknown, name: string): Node | undefined => (isNode(node) ? list(node[name])[0] : undefined);
const attr = (node: unknown, name: string): string | undefined =>
  isNode(node) && typeof node[`@_${name}`] === "string" ? decodeXmlText(node[`@_${name}`] as string) : undefined;
function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === "string") return decodeXmlText(value).trim();
  if (typeof value === "number") return String(value);
  if (isNode(value) && value["#text"] !== undefined) return text(value["#text"]);
  return undefined;
}

const ARRAYS: ReadonlySet<string> = new Set([
  "tab",
  "column",
  "section",
  "row",
  "cell",
  "control",
  "label",
  "event",
  "Handler",
  "Library",
  "controlDescription",
  "customControl",
]);

const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  // Parameters of custom controls can be large and say nothing the import uses.
  stopNodes: ["*.customControl.parameters", "*.hiddencontrols", "*.Navigation", "*.DisplayConditions"],
  isArray: (name: string, _path: unknown, _leaf: unknown, isAttribute: boolean) => !isAttribute && ARRAYS.has(name),
});

function labelIn(container: unknown, language: string): string | undefined {
  const labels = list(child(container, "labels")?.label);
  let english: string | undefined;
  let first: string | undefined;
  for (const label of labels) {
    const description = attr(label, "description")?.trim();
    if (!description) continue;
    const code = attr(label, "languagecode");
    if (code === language) return description;
    if (code === "1033") english ??= description;
    first ??= description;
  }
  return english ?? first;
}

const quote = (value: string) => `'${value}'`;

/** Ids stay Dataverse's GUIDs; a part without one (or with a repeated one) gets a readable one of its own. */
class Ids {
  private readonly used = new Set<string>();
  take(guid: string | undefined, fallback: string): string {
    let id = guid ? idFromGuid(guid) : "";
    if (!ElementIdSchema.safeParse(id).success) id = fallback.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 60);
    let unique = id;
    for (let n = 2; this.used.has(unique); n++) unique = `${id.slice(0, 58)}-${n}`;
    this.used.add(unique);
    return unique;
  }
}

interface Context {
  table: string;
  language: string;
  metadata?: MetadataDocument;
  ids: Ids;
  skipped: SkippedItem[];
  customControls: Map<string, string[]>;
  customControlsUsed: Set<string>;
  displayNames: Map<string, string>;
  /** The table's columns in the metadata (empty without metadata). */
  columns: Set<string>;
}

function relationshipFor(
  ctx: Context,
  target: string,
  written: string | undefined,
): { name: string } | { name?: undefined; why: string } {
  const rels = ctx.metadata?.relationships ?? [];
  if (written) {
    const found = rels.find((r) => r.schemaName.toLowerCase() === written.toLowerCase());
    return { name: found?.schemaName ?? written };
  }
  if (!ctx.metadata)
    return { why: `shows all '${target}' rows, not rows related through a relationship (no metadata to match one)` };
  const links = (r: Relationship) =>
    (r.kind === "one-to-many" && r.referencedTable === ctx.table && r.referencingTable === target) ||
    (r.kind === "many-to-many" &&
      ((r.table1 === ctx.table && r.table2 === target) || (r.table2 === ctx.table && r.table1 === target)));
  const candidates = rels.filter(links);
  if (candidates.length === 1) return { name: candidates[0].schemaName };
  return {
    why:
      candidates.length === 0
        ? `shows all '${target}' rows; no relationship links '${ctx.table}' to '${target}'`
        : `shows all '${target}' rows; ${candidates.length} relationships link '${ctx.table}' to '${target}' and the form names none`,
  };
}

type Placed =
  | { kind: "field"; field: FormField }
  | { kind: "associated"; tab: AssociatedListTab }
  | { kind: "map"; tab: MapTab }
  | { kind: "none" };

/** The Bing map control shows an address; a map tab needs that address's latitude and longitude columns. */
function mapTabOf(ctx: Context, cell: Node, control: Node): MapTab | undefined {
  const address = text(child(control, "parameters")?.AddressField) ?? attr(control, "datafieldname") ?? "";
  const prefix = /^(address\d)_/i.exec(address)?.[1]?.toLowerCase() ?? "address1";
  const latitude = `${prefix}_latitude`;
  const longitude = `${prefix}_longitude`;
  if (!ctx.columns.has(latitude) || !ctx.columns.has(longitude)) return undefined;
  return {
    kind: "map",
    id: ctx.ids.take(attr(cell, "id"), `map-${prefix}`),
    label: clipText(labelIn(cell, ctx.language) ?? "Map", LABEL_MAX),
    latitude,
    longitude,
  };
}

/** One control of the body or header: a field, an associated list, or something listed as skipped. */
function controlOf(
  ctx: Context,
  cell: Node,
  control: Node,
  where: string,
  hidden: boolean,
  area: "body" | "header" | "footer",
): Placed {
  // A control that is skipped whole takes its PCF replacement with it; fields and subgrids name theirs below.
  const pcfKey = (attr(control, "uniqueid") ?? attr(control, "id"))?.toLowerCase().replace(/[{}]/g, "");
  if (pcfKey) ctx.customControlsUsed.add(pcfKey);
  const classid = (attr(control, "classid") ?? "").toUpperCase();
  const controlId = attr(control, "id") ?? "";
  const bound = attr(control, "datafieldname")?.toLowerCase();
  const cellLabel = labelIn(cell, ctx.language);
  if (classid === SUBGRID) {
    const params = child(control, "parameters");
    const target = text(params?.TargetEntityType)?.toLowerCase();
    const written = text(params?.RelationshipName) || undefined;
    const name = cellLabel ?? controlId;
    if (area !== "body" || !target || !LogicalNameSchema.safeParse(target).success) {
      ctx.skipped.push({
        what: `subgrid ${quote(name)}${target ? ` of '${target}'` : ""}${area !== "body" ? ` in the ${area}` : " without a target table"}`,
        where,
      });
      return { kind: "none" };
    }
    const match = relationshipFor(ctx, target, written);
    if (match.name === undefined) {
      ctx.skipped.push({ what: `subgrid ${quote(name)}: ${match.why}`, where });
      return { kind: "none" };
    }
    const viewId = text(params?.ViewId);
    const tab: AssociatedListTab = {
      kind: "associated",
      id: ctx.ids.take(attr(cell, "id"), `list-${controlId || target}`),
      label: clipText(name, LABEL_MAX),
      table: target,
      relationship: clipText(match.name, 128),
      allowCreate: false,
    };
    if (viewId && ElementIdSchema.safeParse(idFromGuid(viewId)).success) tab.view = idFromGuid(viewId);
    noteCustomControls(ctx, control, `subgrid ${quote(name)}`, where);
    return { kind: "associated", tab };
  }
  if (classid === BING_MAP_ID && area === "body") {
    const tab = mapTabOf(ctx, cell, control);
    if (tab) return { kind: "map", tab };
  }
  const named = NOT_FIELDS[classid];
  if (named) {
    const of = bound && classid !== "{9FDF5F91-88B1-47F4-AD53-C11EFC01A01D}" ? ` (of column '${bound}')` : "";
    ctx.skipped.push({ what: `${named} ${quote(controlId || cellLabel || "(unnamed)")}${of}`, where });
    return { kind: "none" };
  }
  if (!bound) {
    ctx.skipped.push({
      what: `control ${quote(controlId || cellLabel || "(unnamed)")} of an unsupported kind (classid ${classid || "none"})`,
      where,
    });
    return { kind: "none" };
  }
  if (!LogicalNameSchema.safeParse(bound).success) {
    ctx.skipped.push({ what: `field bound to '${bound}', which is not a column name`, where });
    return { kind: "none" };
  }
  if (area === "footer") {
    ctx.skipped.push({ what: `field '${bound}' in the footer (the device's form has no footer)`, where });
    return { kind: "none" };
  }
  const field: FormField = {
    id: ctx.ids.take(attr(cell, "id"), `fld-${controlId || bound}`),
    column: bound,
    required: false,
    readOnly: attr(control, "disabled") === "true",
    hidden: hidden || attr(cell, "visible") === "false" || attr(control, "visible") === "false",
  };
  // A lookup's picker view: the org names it by savedqueryid, which an imported view keeps as its id.
  const defaultView = text(child(control, "parameters")?.DefaultViewId);
  if (defaultView && ElementIdSchema.safeParse(idFromGuid(defaultView)).success)
    field.lookupView = idFromGuid(defaultView);
  const own = ctx.displayNames.get(bound);
  if (cellLabel && cellLabel !== own) field.label = clipText(cellLabel, LABEL_MAX);
  noteCustomControls(ctx, control, `field '${bound}'`, where);
  return { kind: "field", field };
}

function noteCustomControls(ctx: Context, control: Node, what: string, where: string): void {
  const key = (attr(control, "uniqueid") ?? attr(control, "id"))?.toLowerCase().replace(/[{}]/g, "");
  const names = key ? ctx.customControls.get(key) : undefined;
  if (key) ctx.customControlsUsed.add(key);
  for (const name of names ?? []) ctx.skipped.push({ what: `custom control (PCF) '${name}' on ${what}`, where });
}

/** controlDescriptions: the PCF controls that replace a control on some devices, by the control's uniqueid. */
function customControlsOf(form: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const description of list(child(form, "controlDescriptions")?.controlDescription)) {
    const forControl = attr(description, "forControl")?.toLowerCase();
    if (!forControl) continue;
    const names = new Set<string>();
    for (const custom of list(description.customControl)) {
      const name = attr(custom, "name");
      if (name) names.add(name);
    }
    if (names.size > 0) out.set(forControl.replace(/[{}]/g, ""), [...names]);
  }
  return out;
}

function scriptsOf(ctx: Context, container: unknown, where: string): void {
  for (const library of list(child(container, "formLibraries")?.Library)) {
    ctx.skipped.push({ what: `script library '${attr(library, "name") ?? "(unnamed)"}'`, where });
  }
  for (const event of list(child(container, "events")?.event)) {
    const on = attr(event, "name") ?? "event";
    const column = attr(event, "attribute");
    for (const group of ["Handlers", "InternalHandlers"]) {
      for (const handler of list(child(event, group)?.Handler)) {
        const fn = attr(handler, "functionName") ?? "(unnamed)";
        const lib = attr(handler, "libraryName");
        ctx.skipped.push({
          what: `script '${fn}'${lib ? ` of '${lib}'` : ""} on ${on}${column ? ` of '${column}'` : ""}`,
          where,
        });
      }
    }
  }
}

/** A section's `columns` is one digit per column ("1", "11", "111", "12": relative widths). */
function sectionColumnCount(section: Node): number {
  const layout = attr(section, "columns") ?? "1";
  return /^\d+$/.test(layout) ? layout.length : 1;
}

function convert(def: OrgFormDefinition, options: FormImportOptions): Omit<ImportedForm, "kind" | "importable"> {
  const language = String(options.languageCode ?? 1033);
  const verdict = XMLValidator.validate(def.formXml);
  if (verdict !== true) throw new Error(`line ${verdict.err.line}: ${verdict.err.msg}`);
  const doc = PARSER.parse(def.formXml) as Node;
  const form = child(doc, "form") ?? {};
  const table = options.metadata?.tables.find((t) => t.logicalName === def.table);
  const displayNames = new Map<string, string>();
  for (const column of table?.columns ?? []) {
    const name = column.displayName[language] ?? column.displayName["1033"];
    if (name) displayNames.set(column.logicalName, name);
  }
  const ctx: Context = {
    table: def.table,
    language,
    metadata: options.metadata,
    ids: new Ids(),
    skipped: [],
    customControls: customControlsOf(form),
    customControlsUsed: new Set(),
    displayNames,
    columns: new Set((table?.columns ?? []).map((c) => c.logicalName)),
  };
  scriptsOf(ctx, form, "form");

  // Header: up to four fields; the rest are named.
  const header: HeaderField[] = [];
  const headerNode = child(form, "header");
  for (const row of list(child(headerNode, "rows")?.row)) {
    for (const cell of list(row.cell)) {
      for (const control of list(cell.control)) {
        const placed = controlOf(ctx, cell, control, "header", false, "header");
        if (placed.kind !== "field") continue;
        if (header.length >= MAX_HEADER_FIELDS) {
          ctx.skipped.push({
            what: `header field '${placed.field.column}' (a header holds at most ${MAX_HEADER_FIELDS})`,
            where: "header",
          });
          continue;
        }
        header.push({ id: placed.field.id, column: placed.field.column });
      }
    }
  }
  for (const row of list(child(child(form, "footer"), "rows")?.row))
    for (const cell of list(row.cell))
      for (const control of list(cell.control)) controlOf(ctx, cell, control, "footer", false, "footer");

  const tabs: FormTab[] = [];
  let fieldCount = 0;
  list(child(form, "tabs")?.tab).forEach((tabNode, t) => {
    const tabLabel = clipText(labelIn(tabNode, language) ?? attr(tabNode, "name") ?? `Tab ${t + 1}`, LABEL_MAX);
    const tabWhere = `tab ${quote(tabLabel)}`;
    const tabHidden = attr(tabNode, "visible") === "false";
    scriptsOf(ctx, tabNode, tabWhere);
    const tab: FieldsTab = {
      kind: "fields",
      id: ctx.ids.take(attr(tabNode, "id"), `tab-${attr(tabNode, "name") ?? t + 1}`),
      label: tabLabel,
      sections: [],
    };
    const lists: Array<AssociatedListTab | MapTab> = [];
    let s = 0;
    for (const column of list(child(tabNode, "columns")?.column)) {
      for (const sectionNode of list(child(column, "sections")?.section)) {
        s++;
        const sectionLabel = clipText(
          labelIn(sectionNode, language) ?? attr(sectionNode, "name") ?? `Section ${s}`,
          LABEL_MAX,
        );
        const where = `${tabWhere} > section ${quote(sectionLabel)}`;
        const hidden = tabHidden || attr(sectionNode, "visible") === "false";
        const section: FormSection = {
          id: ctx.ids.take(attr(sectionNode, "id"), `sec-${attr(sectionNode, "name") ?? `${t + 1}-${s}`}`),
          label: sectionLabel,
          showLabel: attr(sectionNode, "showlabel") !== "false",
          columns: sectionColumnCount(sectionNode) >= 2 ? 2 : 1,
          fields: [],
        };
        for (const row of list(child(sectionNode, "rows")?.row)) {
          for (const cell of list(row.cell)) {
            const controls = list(cell.control);
            if (controls.length === 0 && attr(cell, "userspacer") === "true") {
              ctx.skipped.push({ what: "spacer", where });
              continue;
            }
            for (const control of controls) {
              const placed = controlOf(ctx, cell, control, where, hidden, "body");
              if (placed.kind === "associated" || placed.kind === "map") lists.push(placed.tab);
              if (placed.kind !== "field") continue;
              if (section.fields.length >= MAX_FIELDS_PER_SECTION || fieldCount >= MAX_FIELDS_PER_FORM) {
                ctx.skipped.push({ what: `field '${placed.field.column}' (over the limit of fields)`, where });
                continue;
              }
              section.fields.push(placed.field);
              fieldCount++;
            }
          }
        }
        if (section.fields.length === 0) continue;
        const columnCount = sectionColumnCount(sectionNode);
        if (columnCount > 2) ctx.skipped.push({ what: `${columnCount}-column layout (imported as 2 columns)`, where });
        if (tab.sections.length >= MAX_SECTIONS_PER_TAB) {
          ctx.skipped.push({
            what: `section ${quote(sectionLabel)} (a tab holds at most ${MAX_SECTIONS_PER_TAB})`,
            where: tabWhere,
          });
          continue;
        }
        tab.sections.push(section);
      }
    }
    // A tab whose sections held only subgrids, spacers or web resources has nothing left of its own.
    for (const item of [...(tab.sections.length > 0 ? [tab] : []), ...lists]) {
      if (tabs.length >= MAX_TABS_PER_FORM) {
        ctx.skipped.push({
          what: `tab ${quote(item.label)} (a form holds at most ${MAX_TABS_PER_FORM})`,
          where: "form",
        });
        continue;
      }
      tabs.push(item);
    }
  });

  // PCF controls described for a control this form does not hold (a managed solution's change to another layer).
  for (const [key, names] of ctx.customControls) {
    if (ctx.customControlsUsed.has(key)) continue;
    for (const name of names)
      ctx.skipped.push({
        what: `custom control (PCF) '${name}' of a control not on this form ({${key}})`,
        where: "form",
      });
  }

  const kindOfForm: FormKind = def.type === 7 ? "quickCreate" : "main";
  const converted = FormSchema.parse({
    id: ctx.ids.take(def.id, "form"),
    name: clipText(definitionName(def, options.languageCode), NAME_MAX),
    kind: kindOfForm,
    header,
    tabs,
    rules: [],
    source: { kind: "systemform", id: idFromGuid(def.id) },
  });
  const counts: FormCounts = {
    tabs: converted.tabs.length,
    sections: 0,
    fields: 0,
    associatedLists: 0,
    mapTabs: 0,
    headerFields: converted.header.length,
  };
  for (const tab of converted.tabs) {
    if (tab.kind === "associated") counts.associatedLists++;
    if (tab.kind === "map") counts.mapTabs++;
    if (tab.kind !== "fields") continue;
    counts.sections += tab.sections.length;
    for (const section of tab.sections) counts.fields += section.fields.length;
  }
  return { table: def.table, id: def.id, name: converted.name, form: converted, counts, skipped: ctx.skipped };
}

/** The kind a form is listed as, or undefined for dashboards, task flows and the other types a device never opens. */
export function orgFormKind(def: Pick<OrgFormDefinition, "type">): OrgFormKind | undefined {
  return def.type === null ? undefined : ORG_FORM_KIND_BY_TYPE[def.type];
}

/**
 * One systemform as a project Form with what it leaves behind. Card and quick view forms are converted (for their
 * counts) but marked not importable: a project form is a main or quick create form.
 */
export function importOrgForm(def: OrgFormDefinition, options: FormImportOptions = {}): ImportedForm {
  const kind = orgFormKind(def);
  if (!kind)
    throw new AppError(
      "invalid",
      `Form ${def.id} is a ${FORM_TYPE_NAMES[def.type ?? -1] ?? "form of unknown type"}, which a device never opens.`,
    );
  let result: Omit<ImportedForm, "kind" | "importable">;
  try {
    result = convert(def, options);
  } catch (error) {
    // One unreadable form must not hide the others: it is listed, empty, with the reason.
    const reason = error instanceof Error ? error.message.split("\n")[0].slice(0, 300) : String(error);
    const name = clipText(definitionName(def, options.languageCode), NAME_MAX);
    const form = FormSchema.parse({ id: idFromGuid(def.id), name, kind: def.type === 7 ? "quickCreate" : "main" });
    return {
      table: def.table,
      id: def.id,
      name,
      kind,
      form,
      counts: { tabs: 0, sections: 0, fields: 0, associatedLists: 0, mapTabs: 0, headerFields: 0 },
      skipped: [],
      importable: false,
      notImportableReason: `a form whose FormXml cannot be read (${reason})`,
    };
  }
  if (kind === "main" || kind === "quickCreate") return { ...result, kind, importable: true };
  return {
    ...result,
    kind,
    importable: false,
    notImportableReason:
      kind === "card"
        ? "a card form (the compact row of a list) cannot be a project form: import a main or quick create form"
        : "a quick view form (shown inside another table's form) cannot be a project form: import a main or quick create form",
  };
}
