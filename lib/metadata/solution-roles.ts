// The security roles a Dataverse solution carries. A solution that includes roles defines each one in
// customizations.xml (`<Roles><Role id="{...}" name="..."><RolePrivileges>...`) or, unpacked by SolutionPackager /
// `pac solution unpack`, in `Roles/<name>.xml` with the same `<Role>` root. Everything else that says `<Role` is a
// reference by id, with no name: a form's `<DisplayConditions>`, an app's `<AppModuleRoleMaps>`. The real exports in
// ../shared/data/dataverse/ carry no definitions (`<Roles />` / `<Roles></Roles>`), only references to the System
// Administrator and System Customizer role templates; a reference is reported but never taken for a role.
// Read beside the metadata import (as ./read-definitions.ts reads forms and views), never inside it: a role that
// cannot be read must not cost the admin the metadata. Pure but for readSolutionRoles (the CLI's files).
import { readdir, readFile, lstat, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/app-error";
import { utf8Text } from "@/lib/utf8";
import type { SolutionRole } from "@/lib/environments/org-roles";
import { parseXmlText, rootOf, type XmlNode } from "@/lib/metadata/parse-xml";
import {
  DEFAULT_ZIP_LIMITS,
  listZipEntries,
  looksLikeZip,
  readZipText,
  type ZipLimits,
  type ZipTexts,
} from "@/lib/metadata/read-zip";

export interface SolutionRolesFound {
  /** The roles the solution defines, one per id (or name), sorted by name. */
  roles: SolutionRole[];
  /** Ids of roles the solution only refers to (form display conditions, app role maps), lower case, sorted. */
  referencedRoleIds: string[];
}

const NONE = (): SolutionRolesFound => ({ roles: [], referencedRoleIds: [] });
const ROLE_ELEMENTS: ReadonlySet<string> = new Set(["Role"]);
/** A role's privileges are hundreds of elements nobody here reads. */
const SKIP = ["RolePrivileges"];

const guidOf = (value: string | undefined) =>
  value
    ?.trim()
    .replace(/^\{|\}$/g, "")
    .toLowerCase() || undefined;

function attribute(node: XmlNode, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = node[`@_${name}`];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

function roleOf(node: unknown): SolutionRole | undefined {
  if (!node || typeof node !== "object" || Array.isArray(node)) return undefined;
  const name = attribute(node as XmlNode, "name", "Name");
  if (!name) return undefined;
  const id = guidOf(attribute(node as XmlNode, "id", "Id", "roleid"));
  return id ? { name, id } : { name };
}

/** `<Role Id="{...}" />` anywhere (forms, apps): the ids, never names. */
const REFERENCE =
  /<Role\s[^>]*?\b(?:id|Id|ID)\s*=\s*["']\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?["']/g;

function referencesIn(text: string, into: Set<string>): void {
  for (const match of text.matchAll(REFERENCE)) into.add(match[1].toLowerCase());
}

/** The `<Roles>` element of a customizations.xml, cut out so a 5 MB file is not parsed again for a few lines. */
function rolesSection(text: string): string | undefined {
  const open = /<Roles\b([^>]*?)(\/?)>/.exec(text);
  if (!open || open[2] === "/") return undefined;
  const end = text.indexOf("</Roles>", open.index);
  return end === -1 ? undefined : text.slice(open.index, end + "</Roles>".length);
}

function finish(roles: SolutionRole[], references: Set<string>): SolutionRolesFound {
  const byKey = new Map<string, SolutionRole>();
  for (const role of roles) {
    const key = role.id ?? `name:${role.name.toLowerCase()}`;
    if (!byKey.has(key)) byKey.set(key, role);
  }
  const defined = new Set([...byKey.values()].flatMap((r) => (r.id ? [r.id] : [])));
  return {
    roles: [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id ?? "").localeCompare(b.id ?? "")),
    // A definition's own id is not a reference to something undefined.
    referencedRoleIds: [...references].filter((id) => !defined.has(id)).sort(),
  };
}

/** customizations.xml (a solution zip's, or an unpacked solution's Other/Customizations.xml). */
export function rolesFromCustomizationsXml(text: string, fileName = "customizations.xml"): SolutionRolesFound {
  const references = new Set<string>();
  referencesIn(text, references);
  const section = rolesSection(text);
  const roles: SolutionRole[] = [];
  if (section) {
    const root = rootOf(
      parseXmlText(section, `${fileName} (<Roles>)`, { arrayElements: ROLE_ELEMENTS, stopNodes: SKIP }),
      fileName,
    );
    const list = root.node.Role;
    for (const node of Array.isArray(list) ? list : [list]) {
      const role = roleOf(node);
      if (role) roles.push(role);
    }
  }
  return finish(roles, references);
}

/** An unpacked solution's role file: `Roles/<name>.xml` (some tools nest it once: `Roles/<name>/<name>.xml`). */
export function isRoleFile(filePath: string): boolean {
  return /(^|\/)Roles\/(?:[^/]+\/)?[^/]+\.xml$/i.test(filePath.replace(/\\/g, "/"));
}

/** One `Roles/<name>.xml`: its `<Role>` root, or nothing when the file is not a role definition. */
export function roleFromRoleFile(text: string, fileName: string): SolutionRole | undefined {
  const root = rootOf(parseXmlText(text, fileName, { stopNodes: SKIP }), fileName);
  return root.name === "Role" ? roleOf(root.node) : undefined;
}

/** The files of an unpacked solution (paths relative to its folder): role files, customizations, references. */
export function rolesFromSolutionFiles(files: ReadonlyArray<{ path: string; text: string }>): SolutionRolesFound {
  const roles: SolutionRole[] = [];
  const references = new Set<string>();
  for (const file of files) {
    const p = file.path.replace(/\\/g, "/");
    if (!p.toLowerCase().endsWith(".xml")) continue;
    if (/(^|\/)customizations\.xml$/i.test(p)) {
      const found = rolesFromCustomizationsXml(file.text, file.path);
      roles.push(...found.roles);
      for (const id of found.referencedRoleIds) references.add(id);
    } else if (isRoleFile(p)) {
      const role = roleFromRoleFile(file.text, file.path);
      if (role) roles.push(role);
    } else {
      referencesIn(file.text, references);
    }
  }
  return finish(roles, references);
}

const utf8 = (bytes: Uint8Array, where: string): string => utf8Text(bytes, where).replace(/^\uFEFF/, "");

function fromZip(bytes: Uint8Array, fileName: string, limits: ZipLimits, texts?: ZipTexts): SolutionRolesFound {
  const entries = listZipEntries(bytes, fileName, limits);
  // Only the files the metadata import reads (lib/metadata/import-solution.ts): the customizations.xml at the root,
  // else the unpacked layout's folder (where its Entities are), with its Other/Customizations.xml and Roles/. A
  // customizations.xml elsewhere in the zip (an old copy, another solution) is not this solution's.
  const root = entries.find((e) => e.name.toLowerCase() === "customizations.xml");
  const entity = root ? undefined : entries.find((e) => /(^|\/)Entities\/[^/]+\/Entity\.xml$/i.test(e.name));
  if (!root && !entity) return NONE();
  const folder = entity ? entity.name.slice(0, entity.name.search(/Entities\/[^/]+\/Entity\.xml$/i)).toLowerCase() : "";
  const inFolder = (name: string) => name.toLowerCase().startsWith(folder);
  const wanted = root
    ? [root]
    : entries.filter(
        (e) =>
          inFolder(e.name) &&
          (/^Other\/Customizations\.xml$/i.test(e.name.slice(folder.length)) ||
            /^Roles\/(?:[^/]+\/)?[^/]+\.xml$/i.test(e.name.slice(folder.length))),
      );
  // Role files hold a role's privileges, tens of kilobytes each; hundreds of megabytes of them are no solution's
  // (each was inflated and parsed on the portal's thread). Declared sizes: the reader stops at the first byte over.
  const roleBytes = wanted.filter((e) => e !== root && isRoleFile(e.name)).reduce((n, e) => n + e.uncompressedSize, 0);
  if (roleBytes > MAX_ROLE_FILE_BYTES)
    throw new AppError(
      "too_large",
      `${fileName}: its Roles/ files add up to ${Math.round(roleBytes / 1024 / 1024)} MB, over the ${MAX_ROLE_FILE_BYTES / 1024 / 1024} MB security roles take`,
    );
  return rolesFromSolutionFiles(
    wanted.map((e) => ({
      path: e.name,
      text: readZipText(bytes, e, fileName, limits.maxUncompressedBytes, texts).replace(/^\uFEFF/, ""),
    })),
  );
}

/** Most bytes the Roles/ files of one solution may unpack to (a few hundred roles of a large org take ~20 MB). */
const MAX_ROLE_FILE_BYTES = 64 * 1024 * 1024;

/**
 * One uploaded or read file: a solution zip (within `zip`'s limits), a customizations.xml, a role file; anything else
 * carries none.
 */
export function rolesFromUpload(
  bytes: Uint8Array,
  fileName: string,
  zip: ZipLimits = DEFAULT_ZIP_LIMITS,
  texts?: ZipTexts,
): SolutionRolesFound {
  if (looksLikeZip(bytes)) return fromZip(bytes, fileName, zip, texts);
  if (!fileName.toLowerCase().endsWith(".xml")) return NONE();
  const text = utf8(bytes, fileName);
  if (isRoleFile(fileName)) return rolesFromSolutionFiles([{ path: fileName, text }]);
  return /<ImportExportXml\b/.test(text.slice(0, 4096)) ? rolesFromCustomizationsXml(text, fileName) : NONE();
}

/** What an admin uploaded at once: one file, or an unpacked solution's files with their relative paths. */
export function rolesFromUploads(
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
  zip: ZipLimits = DEFAULT_ZIP_LIMITS,
  texts?: ZipTexts,
): SolutionRolesFound {
  if (files.length === 1) return rolesFromUpload(files[0].bytes, files[0].name, zip, texts);
  const xml = files.filter((f) => f.name.toLowerCase().endsWith(".xml"));
  return rolesFromSolutionFiles(xml.map((f) => ({ path: f.name, text: utf8(f.bytes, f.name) })));
}

/** For the upload route: a role file that cannot be read becomes a warning, and no role is taken from the upload. */
export function rolesFromUploadsOrWarning(
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
  zip: ZipLimits = DEFAULT_ZIP_LIMITS,
  texts?: ZipTexts,
): {
  found: SolutionRolesFound;
  warning?: string;
} {
  try {
    return { found: rolesFromUploads(files, zip, texts) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      found: NONE(),
      warning: `The solution's security roles could not be read, so none were recorded: ${reason}`,
    };
  }
}

async function xmlFilesUnder(root: string, depth = 0, out: string[] = []): Promise<string[]> {
  if (depth > 8) return out;
  for (const name of (await readdir(root)).sort()) {
    const full = path.join(root, name);
    const info = await lstat(full);
    if (info.isSymbolicLink()) continue;
    if (info.isDirectory()) await xmlFilesUnder(full, depth + 1, out);
    else if (info.isFile() && name.toLowerCase().endsWith(".xml")) out.push(full);
  }
  return out;
}

/** A file or folder on disk (the CLI's --metadata): the roles of the solution there, none for Web API JSON. */
export async function readSolutionRoles(target: string): Promise<SolutionRolesFound> {
  const info = await stat(target);
  if (!info.isDirectory()) return rolesFromUpload(new Uint8Array(await readFile(target)), target);
  const files = [];
  for (const full of await xmlFilesUnder(target)) {
    const rel = path.relative(target, full).split(path.sep).join("/");
    files.push({ path: rel, text: utf8(new Uint8Array(await readFile(full)), full) });
  }
  if (files.length > 0) return rolesFromSolutionFiles(files);
  const zips = (await readdir(target)).filter((n) => n.toLowerCase().endsWith(".zip"));
  return zips.length === 1 ? readSolutionRoles(path.join(target, zips[0])) : NONE();
}
