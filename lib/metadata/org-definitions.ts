// The org's own form and view definitions (systemform FormXml, savedquery FetchXML + LayoutXml) as raw text, read
// from a solution (customizations.xml, the unpacked folder's FormXml/ and SavedQueries/ files) or from Web API rows.
// A separate pass over the solution text, apart from the metadata importer, so the two can change independently. Pure.
import { XMLParser } from "fast-xml-parser";
import { AppError } from "@/lib/app-error";
import { decodeXmlText, labelsOfElements, refuseDeclarations } from "@/lib/metadata/parse-xml";
import { labelOf } from "@/lib/metadata/schema";

/** Labels per language code ("1033" = English). */
export type DefinitionLabels = Record<string, string>;

export interface OrgFormDefinition {
  /** The table's logical name. */
  table: string;
  /** The formid, lowercase without braces. */
  id: string;
  /** The form's name per language; `name` is the one to show when no language matches. */
  names: DefinitionLabels;
  name: string;
  /** The systemform type code (2 main, 6 quick view, 7 quick create, 11 card, 0 dashboard...), null when unknown. */
  type: number | null;
  /** False for a form the org switched off (FormActivationState 0). */
  active: boolean;
  /** The FormXml: the `<form>` element. */
  formXml: string;
}

export interface OrgViewDefinition {
  table: string;
  /** The savedqueryid, lowercase without braces. */
  id: string;
  names: DefinitionLabels;
  name: string;
  /** The savedquery querytype code (0 public, 1 advanced find, 2 associated, 4 quick find, 64 lookup...). */
  queryType: number;
  isDefault: boolean;
  fetchXml: string;
  layoutXml: string;
}

export interface OrgDefinitions {
  forms: OrgFormDefinition[];
  views: OrgViewDefinition[];
}

/** Solution folders name form types by word; the Web API and the rest of Syncwright use the codes. */
export const FORM_TYPE_BY_NAME: Readonly<Record<string, number>> = {
  dashboard: 0,
  appointmentbook: 1,
  main: 2,
  minicampaignbo: 3,
  preview: 4,
  mobile: 5,
  quick: 6,
  quickcreate: 7,
  dialog: 8,
  taskflowform: 9,
  interactioncentricdashboard: 10,
  card: 11,
  maininteractioncentric: 12,
};

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

function list(value: unknown): Node[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === "string") return decodeXmlText(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isNode(value) && value["#text"] !== undefined) return text(value["#text"]);
  return undefined;
}

/** A stop node's raw inner XML (attributes of the element itself are not needed). */
function raw(value: unknown): string | undefined {
  if (Array.isArray(value)) return raw(value[0]);
  if (typeof value === "string") return value;
  if (isNode(value)) return typeof value["#text"] === "string" ? value["#text"] : "";
  return undefined;
}

export const guidId = (guid: string): string => guid.trim().replace(/[{}]/g, "").toLowerCase();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The form's or view's id as its GUID, or undefined when it is none: Dataverse writes a GUID, and an item with
 * anything else (a hand-edited file) is left out, as an item without an id is, instead of failing its whole table
 * when the catalog is read.
 */
export const orgDefinitionId = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const id = guidId(value);
  return GUID.test(id) ? id : undefined;
};

const labelsOf = (container: unknown): DefinitionLabels =>
  labelsOfElements(container, "LocalizedName", { decode: true });

const truthy = (value: string | undefined): boolean => value === "1" || value?.toLowerCase() === "true";

// Everything below <Entity> that is not forms or views is skipped whole, and so is the FormXml/FetchXML/LayoutXml
// itself: those are kept as raw text and parsed one at a time, when listed or imported.
const STOP_NODES = [
  "form",
  "fetchxml",
  "layoutxml",
  "EntityInfo",
  "RibbonDiffXml",
  "Visualizations",
  "Strings",
  "CustomControlDefaultConfigs",
  "Workflows",
  "SiteMap",
  "AppModuleSiteMaps",
  "AppModules",
  "Dashboards",
  "WebResources",
  "CustomControls",
  "Roles",
  "Templates",
  "Reports",
  "FieldSecurityProfiles",
  "ConnectionRoles",
  "EntityMaps",
  "EntityRelationships",
  "optionsets",
  "EntityDataProviders",
  "CanvasApps",
  "OrganizationSettings",
  "Languages",
  "MobileOfflineProfiles",
];
const ARRAYS: ReadonlySet<string> = new Set(["Entity", "forms", "systemform", "savedquery", "LocalizedName"]);

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
  stopNodes: STOP_NODES.map((name) => `*.${name}`),
  isArray: (name: string, _path: unknown, _leaf: unknown, isAttribute: boolean) => !isAttribute && ARRAYS.has(name),
});

function parseSolutionXml(xml: string, fileName: string): Node {
  refuseDeclarations(xml, fileName);
  try {
    const parsed = PARSER.parse(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml) as Node;
    return parsed;
  } catch (error) {
    const reason = `not valid XML: ${error instanceof Error ? error.message : String(error)}`;
    throw new AppError("invalid", `${fileName}: ${reason}`, { problems: [{ path: fileName, message: reason }] });
  }
}

function formOf(node: Node, table: string, type: number | null): OrgFormDefinition | undefined {
  const id = orgDefinitionId(text(node.formid));
  const formXml = raw(node.form);
  if (!id || formXml === undefined) return undefined;
  const names = labelsOf(node.LocalizedNames);
  return {
    table,
    id,
    names,
    name: labelOf(names, id),
    type,
    active: text(node.FormActivationState) !== "0",
    formXml: `<form>${formXml}</form>`,
  };
}

function viewOf(node: Node, table: string): OrgViewDefinition | undefined {
  const id = orgDefinitionId(text(node.savedqueryid));
  const queryType = Number(text(node.querytype) ?? "0");
  if (!id) return undefined;
  const names = labelsOf(node.LocalizedNames);
  return {
    table,
    id,
    names,
    name: labelOf(names, id),
    queryType: Number.isInteger(queryType) ? queryType : 0,
    isDefault: truthy(text(node.isdefault)),
    fetchXml: raw(node.fetchxml) ?? "",
    layoutXml: raw(node.layoutxml) ?? "",
  };
}

function typeOfName(name: string | undefined): number | null {
  if (!name) return null;
  return FORM_TYPE_BY_NAME[name.toLowerCase()] ?? null;
}

function addForms(out: OrgDefinitions, formsNode: Node, table: string): void {
  const type = typeOfName(formsNode["@_type"] as string | undefined);
  for (const node of list(formsNode.systemform)) {
    const form = formOf(node, table, type);
    if (form) out.forms.push(form);
  }
}

/** customizations.xml: every table's forms (FormXml) and views (SavedQueries). */
export function definitionsFromCustomizationsXml(xml: string, fileName = "customizations.xml"): OrgDefinitions {
  const doc = parseSolutionXml(xml, fileName);
  const root = doc.ImportExportXml;
  const out: OrgDefinitions = { forms: [], views: [] };
  if (!isNode(root)) return out;
  const entities = isNode(root.Entities) ? list(root.Entities.Entity) : [];
  for (const entity of entities) {
    const table = text(entity.Name)?.toLowerCase();
    if (!table) continue;
    if (isNode(entity.FormXml)) for (const forms of list(entity.FormXml.forms)) addForms(out, forms, table);
    const saved = isNode(entity.SavedQueries) ? list(entity.SavedQueries.savedqueries) : [];
    for (const container of saved)
      for (const node of list(container.savedquery)) {
        const view = viewOf(node, table);
        if (view) out.views.push(view);
      }
  }
  return out;
}

const FOLDER_FORM = /(^|\/)Entities\/([^/]+)\/FormXml\/([^/]+)\/[^/]+\.xml$/i;
const FOLDER_VIEW = /(^|\/)Entities\/([^/]+)\/SavedQueries\/[^/]+\.xml$/i;

/** Whether an unpacked solution's file holds a form or a view. */
export function isDefinitionFile(path: string): boolean {
  const p = path.replace(/\\/g, "/");
  return FOLDER_FORM.test(p) || FOLDER_VIEW.test(p) || /(^|\/)customizations\.xml$/i.test(p);
}

/**
 * The unpacked folder layout: Entities/<Table>/FormXml/<type>/{id}.xml and Entities/<Table>/SavedQueries/{id}.xml,
 * or Other/Customizations.xml when it holds them. `pac solution unpack --packagetype Both` writes each form twice
 * ({id}.xml and {id}_managed.xml): the first of each id is kept.
 */
export function definitionsFromSolutionFiles(files: Array<{ path: string; text: string }>): OrgDefinitions {
  const out: OrgDefinitions = { forms: [], views: [] };
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const path = file.path.replace(/\\/g, "/");
    const form = FOLDER_FORM.exec(path);
    const view = form ? null : FOLDER_VIEW.exec(path);
    if (form) {
      const root = parseSolutionXml(file.text, file.path);
      const formsNode = list(root.forms)[0];
      if (formsNode) addForms(out, { ...formsNode, "@_type": form[3] }, form[2].toLowerCase());
    } else if (view) {
      const root = parseSolutionXml(file.text, file.path);
      for (const node of list(list(root.savedqueries)[0]?.savedquery)) {
        const v = viewOf(node, view[2].toLowerCase());
        if (v) out.views.push(v);
      }
    } else if (/(^|\/)customizations\.xml$/i.test(path)) {
      const more = definitionsFromCustomizationsXml(file.text, file.path);
      out.forms.push(...more.forms);
      out.views.push(...more.views);
    }
  }
  return dedupe(out);
}

function dedupe(defs: OrgDefinitions): OrgDefinitions {
  const seen = new Set<string>();
  const keep = <T extends { table: string; id: string }>(items: T[], kind: string) =>
    items.filter((item) => {
      const key = `${kind}|${item.table}|${item.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { forms: keep(defs.forms, "form"), views: keep(defs.views, "view") };
}

type Row = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Web API rows of `systemforms` ($select=formid,name,type,formxml,objecttypecode,formactivationstate). */
export function formsFromWebApi(rows: Row[], table?: string): OrgFormDefinition[] {
  const out: OrgFormDefinition[] = [];
  for (const row of rows) {
    const id = orgDefinitionId(str(row.formid));
    const formXml = str(row.formxml);
    const owner = str(row.objecttypecode) ?? table;
    if (!id || !formXml || !owner) continue;
    const name = str(row.name) ?? id;
    out.push({
      table: owner.toLowerCase(),
      id,
      names: {},
      name,
      type: typeof row.type === "number" ? row.type : null,
      active: row.formactivationstate !== 0,
      formXml,
    });
  }
  return out;
}

/** Web API rows of `savedqueries` ($select=savedqueryid,name,querytype,fetchxml,layoutxml,isdefault,returnedtypecode). */
export function viewsFromWebApi(rows: Row[], table?: string): OrgViewDefinition[] {
  const out: OrgViewDefinition[] = [];
  for (const row of rows) {
    const id = orgDefinitionId(str(row.savedqueryid));
    const fetchXml = str(row.fetchxml) ?? "";
    const layoutXml = str(row.layoutxml) ?? "";
    // A row without its definitions (a list asked only for names) has nothing to import.
    if (!id || (fetchXml === "" && layoutXml === "")) continue;
    const owner = str(row.returnedtypecode) ?? table ?? /<entity\s+name\s*=\s*["']([^"']+)["']/.exec(fetchXml)?.[1];
    if (!owner) continue;
    out.push({
      table: owner.toLowerCase(),
      id,
      names: {},
      name: str(row.name) ?? id,
      queryType: typeof row.querytype === "number" ? row.querytype : 0,
      isDefault: row.isdefault === true,
      fetchXml,
      layoutXml,
    });
  }
  return out;
}

/** The name in the admin's language, else English, else the first one there is. */
export function definitionName(def: { names: DefinitionLabels; name: string }, languageCode = 1033): string {
  return def.names[String(languageCode)] ?? def.names["1033"] ?? def.name;
}
