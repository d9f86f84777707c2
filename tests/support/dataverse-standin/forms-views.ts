// The org's forms and views for the Dataverse stand-in (`systemforms`, `savedqueries`), from real data only: the
// rows of the real `<table>.systemforms.json` / `<table>.savedqueries.json` lists (ids, names, types, etags, as the
// org answered), each with its formxml / fetchxml / layoutxml from the same org's unpacked solution
// (../shared/data/dataverse/solution-unpacked, same ids). A listed row whose definition is not in that solution is
// not served: the stand-in never invents a form. Read with plain text matching, independent of lib/forms.
import fs from "node:fs";
import path from "node:path";
import { REAL_WEBAPI_DIR } from "./metadata-store";

type Row = Record<string, unknown>;

export const REAL_UNPACKED_DIR = path.resolve(REAL_WEBAPI_DIR, "../solution-unpacked");

const guid = (text: string) => text.replace(/[{}]/g, "").toLowerCase();

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith(".xml")) out.push(full);
  }
  return out;
}

/** formid -> the `<form>` element; savedqueryid -> its FetchXML, LayoutXml and isdefault. */
function readUnpacked(dir: string) {
  const forms = new Map<string, string>();
  const views = new Map<string, { fetchxml: string; layoutxml: string; isdefault: boolean }>();
  for (const file of walk(path.join(dir, "Entities"))) {
    const text = fs.readFileSync(file, "utf8");
    if (/[\\/]FormXml[\\/]/.test(file)) {
      const id = /<formid>([^<]+)<\/formid>/.exec(text)?.[1];
      const form = /<form\b[\s\S]*<\/form>/.exec(text)?.[0];
      if (id && form && !forms.has(guid(id))) forms.set(guid(id), form);
    } else if (/[\\/]SavedQueries[\\/]/.test(file)) {
      const id = /<savedqueryid>([^<]+)<\/savedqueryid>/.exec(text)?.[1];
      const inner = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text)?.[1]?.trim() ?? "";
      if (id)
        views.set(guid(id), {
          fetchxml: inner("fetchxml"),
          layoutxml: inner("layoutxml"),
          isdefault: inner("isdefault") === "1",
        });
    }
  }
  return { forms, views };
}

function listRows(file: string): Row[] {
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { value: Row[] }).value;
}

/** The systemforms and savedqueries rows of the given tables (default: every table of the real folder). */
export function loadRealFormsAndViews(tables?: string[]): { systemforms: Row[]; savedqueries: Row[] } {
  const { forms, views } = readUnpacked(REAL_UNPACKED_DIR);
  const names =
    tables ??
    fs
      .readdirSync(REAL_WEBAPI_DIR)
      .map((f) => /^(.+)\.systemforms\.json$/.exec(f)?.[1])
      .filter((n): n is string => !!n);
  const systemforms: Row[] = [];
  const savedqueries: Row[] = [];
  for (const table of names) {
    for (const row of listRows(path.join(REAL_WEBAPI_DIR, `${table}.systemforms.json`))) {
      const formxml = forms.get(guid(String(row.formid)));
      // The Web API's formxml is the <form> element as the solution holds it.
      if (formxml) systemforms.push({ ...row, formxml, formactivationstate: 1 });
    }
    for (const row of listRows(path.join(REAL_WEBAPI_DIR, `${table}.savedqueries.json`))) {
      const view = views.get(guid(String(row.savedqueryid)));
      if (view) savedqueries.push({ ...row, returnedtypecode: table, ...view });
    }
  }
  return { systemforms, savedqueries };
}
