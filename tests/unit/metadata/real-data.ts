// Access to the real Dataverse files in ../shared/data/dataverse (made by Dataverse, see its README).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isSolutionFolderFile, type SolutionFile } from "@/lib/metadata/import-solution";

export const DATA_DIR =
  process.env.SYNCWRIGHT_DATAVERSE_DATA ?? path.resolve(process.cwd(), "../shared/data/dataverse");
export const WEBAPI_DIR = path.join(DATA_DIR, "webapi-entitydefinitions");
export const UNPACKED_DIR = path.join(DATA_DIR, "solution-unpacked");
export const NONPROFIT_ZIP = path.join(DATA_DIR, "solution-nonprofit-core", "NonprofitCore_2_2_3_0_managed.zip");
export const HIGHERED_XML = path.join(DATA_DIR, "solution-highered-portal", "customizations.xml");

export function readText(file: string): string {
  return readFileSync(file, "utf8");
}

export function readBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** Web API inputs of the real folder, optionally only the files whose name starts with a table's name. */
export function webApiInputs(table?: string): Array<{ name: string; json: unknown }> {
  return readdirSync(WEBAPI_DIR)
    .filter((f) => f.endsWith(".json") && (!table || f.startsWith(`${table}.`)))
    .sort()
    .map((f) => ({ name: f, json: JSON.parse(readText(path.join(WEBAPI_DIR, f))) }));
}

/** The unpacked solution's files that the folder importer reads. */
export function unpackedFiles(): SolutionFile[] {
  const out: SolutionFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const rel = path.relative(UNPACKED_DIR, full).split(path.sep).join("/");
        if (isSolutionFolderFile(rel)) out.push({ path: rel, text: readText(full) });
      }
    }
  };
  walk(UNPACKED_DIR);
  return out;
}
