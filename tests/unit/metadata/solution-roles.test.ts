// The security roles a solution carries, read from the real exports: none of the three shared solutions defines a
// role (`<Roles />`, `<Roles></Roles>`); they only refer to the System Administrator and System Customizer role
// templates by id (form display conditions, app role maps), and those references are never taken for roles. A
// solution that does define roles (the real highered file with a `<Roles>` section in Dataverse's shape, a zip,
// an unpacked `Roles/*.xml`) gives their names and ids.
import { describe, expect, it } from "vitest";
import { zipSync, strToU8 } from "fflate";
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  isRoleFile,
  readSolutionRoles,
  rolesFromCustomizationsXml,
  rolesFromSolutionFiles,
  rolesFromUpload,
  rolesFromUploads,
  rolesFromUploadsOrWarning,
} from "@/lib/metadata/solution-roles";
import { HIGHERED_XML, NONPROFIT_ZIP, UNPACKED_DIR, readBytes, readText, unpackedFiles } from "./real-data";

const SYSTEM_ADMINISTRATOR_TEMPLATE = "627090ff-40a3-4053-8790-584edc5be201";
const SYSTEM_CUSTOMIZER_TEMPLATE = "119f245c-3cc8-4b62-b31c-d1a046ced15d";

const ROLES_SECTION = `<Roles>
    <Role id="{5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7b01}" name="Field Technician">
      <RolePrivileges>
        <RolePrivilege name="prvReadAccount" level="Global" />
        <RolePrivilege name="prvReadContact" level="Deep" />
      </RolePrivileges>
    </Role>
    <Role id="{5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7b02}" name="Sales &amp; Service (Mobile)">
      <RolePrivileges>
        <RolePrivilege name="prvReadContact" level="Basic" />
      </RolePrivileges>
    </Role>
  </Roles>`;

/** The real highered customizations.xml with a `<Roles>` section where Dataverse writes it. */
function higheredWithRoles(): string {
  const text = readText(HIGHERED_XML);
  expect(text).toContain("<Roles />");
  return text.replace("<Roles />", ROLES_SECTION);
}

describe("the real solutions", () => {
  it("the nonprofit zip defines no role, and its 30 <Role> references name only the two system templates", () => {
    const found = rolesFromUpload(readBytes(NONPROFIT_ZIP), "NonprofitCore_2_2_3_0_managed.zip");
    expect(found.roles).toEqual([]);
    expect(found.referencedRoleIds).toEqual([SYSTEM_CUSTOMIZER_TEMPLATE, SYSTEM_ADMINISTRATOR_TEMPLATE].sort());
  });

  it("the highered customizations.xml (<Roles />) defines none and refers to the same templates", () => {
    const found = rolesFromCustomizationsXml(readText(HIGHERED_XML), "customizations.xml");
    expect(found.roles).toEqual([]);
    expect(found.referencedRoleIds).toEqual([SYSTEM_CUSTOMIZER_TEMPLATE, SYSTEM_ADMINISTRATOR_TEMPLATE].sort());
  });

  it("the unpacked solution defines none; its contact form's display conditions refer to the templates", async () => {
    const files = unpackedFiles();
    expect(rolesFromSolutionFiles(files).roles).toEqual([]);
    const onDisk = await readSolutionRoles(UNPACKED_DIR);
    expect(onDisk.roles).toEqual([]);
    expect(onDisk.referencedRoleIds).toEqual([SYSTEM_CUSTOMIZER_TEMPLATE, SYSTEM_ADMINISTRATOR_TEMPLATE].sort());
  });
});

describe("a solution that defines roles", () => {
  it("customizations.xml: each <Role> of <Roles> with its name (entities decoded) and id, sorted by name", () => {
    const found = rolesFromCustomizationsXml(higheredWithRoles(), "customizations.xml");
    expect(found.roles).toEqual([
      { name: "Field Technician", id: "5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7b01" },
      { name: "Sales & Service (Mobile)", id: "5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7b02" },
    ]);
    // The definitions' own ids are not references; the form references stay.
    expect(found.referencedRoleIds).toEqual([SYSTEM_CUSTOMIZER_TEMPLATE, SYSTEM_ADMINISTRATOR_TEMPLATE].sort());
  });

  it("a solution zip: the roles of its customizations.xml", () => {
    const zip = zipSync({
      "customizations.xml": strToU8(higheredWithRoles()),
      "solution.xml": strToU8("<ImportExportXml />"),
    });
    expect(rolesFromUpload(zip, "HigherEd_managed.zip").roles.map((r) => r.name)).toEqual([
      "Field Technician",
      "Sales & Service (Mobile)",
    ]);
  });

  it("a zip: only the files the metadata import reads, not a customizations.xml or Roles/ elsewhere in it", () => {
    const stray = `<ImportExportXml><Roles><Role id="{5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7b09}" name="Stray Role" /></Roles></ImportExportXml>`;
    const strayRole = '<Role id="{5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7b0a}" name="Stray File Role" />';
    const packed = zipSync({
      "customizations.xml": strToU8(higheredWithRoles()),
      "solution.xml": strToU8("<ImportExportXml />"),
      "backup/old/customizations.xml": strToU8(stray),
      "backup/Roles/Stray.xml": strToU8(strayRole),
    });
    expect(rolesFromUpload(packed, "HigherEd_managed.zip").roles.map((r) => r.name)).toEqual([
      "Field Technician",
      "Sales & Service (Mobile)",
    ]);
    // The unpacked layout zipped: its folder's Roles/ counts, another folder's does not.
    const unpacked = zipSync({
      ...Object.fromEntries(unpackedFiles().map((f) => [`src/${f.path}`, strToU8(f.text)])),
      "src/Roles/Field Technician.xml": strToU8(strayRole.replace("Stray File Role", "Field Technician")),
      "old/Other/Customizations.xml": strToU8(stray),
      "old/Roles/Stray.xml": strToU8(strayRole),
    });
    expect(rolesFromUpload(unpacked, "src.zip").roles.map((r) => r.name)).toEqual(["Field Technician"]);
  });

  it("a zip whose Roles/ files unpack to more than 64 MB is refused before any is inflated (a warning on upload)", () => {
    // Each under 1 MB, where the reader does not check an entry's ratio: only their sum gives them away.
    const padded = (i: number) =>
      strToU8(
        `<Role id="{5b1f8e0c-8a7d-4c11-9a0e-3d2f5e6a7${String(i).padStart(3, "0")}}" name="R${i}">${" ".repeat(1_000_000)}</Role>`,
      );
    const zip = zipSync({
      ...Object.fromEntries(unpackedFiles().map((f) => [`src/${f.path}`, strToU8(f.text)])),
      ...Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`src/Roles/R${i}.xml`, padded(i)])),
    });
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    expect(() => rolesFromUpload(zip, "bomb.zip")).toThrowError(
      "bomb.zip: its Roles/ files add up to 67 MB, over the 64 MB security roles take",
    );
    expect(rolesFromUploadsOrWarning([{ name: "bomb.zip", bytes: zip }])).toEqual({
      found: { roles: [], referencedRoleIds: [] },
      warning: expect.stringMatching(/^The solution's security roles could not be read.*over the 64 MB/),
    });
  });

  it("an unpacked folder: Roles/<name>.xml beside the real files, as uploaded and as read from disk", async () => {
    const roleFile = `<?xml version="1.0" encoding="utf-8"?>
<Role id="{0c6f3b8e-1d2a-4e5f-8a9b-112233445566}" name="Field Technician">
  <RolePrivileges><RolePrivilege name="prvReadContact" level="Basic" /></RolePrivileges>
</Role>`;
    expect(isRoleFile("Roles/Field Technician.xml")).toBe(true);
    expect(isRoleFile("src/Roles/Field Technician/Field Technician.xml")).toBe(true);
    expect(isRoleFile("Entities/Contact/Entity.xml")).toBe(false);
    const uploads = [
      ...unpackedFiles().map((f) => ({ name: `core/${f.path}`, bytes: strToU8(f.text) })),
      { name: "core/Roles/Field Technician.xml", bytes: strToU8(roleFile) },
    ];
    expect(rolesFromUploads(uploads).roles).toEqual([
      { name: "Field Technician", id: "0c6f3b8e-1d2a-4e5f-8a9b-112233445566" },
    ]);

    const dir = mkdtempSync(path.join(os.tmpdir(), "solution-roles-"));
    cpSync(UNPACKED_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, "Roles"));
    writeFileSync(path.join(dir, "Roles", "Field Technician.xml"), roleFile);
    expect((await readSolutionRoles(dir)).roles.map((r) => r.name)).toEqual(["Field Technician"]);
  });

  it("Web API JSON carries no roles; a broken role file is a warning, never a failed import", () => {
    expect(rolesFromUpload(strToU8('{"value":[]}'), "contact.EntityDefinitions.json").roles).toEqual([]);
    const broken = rolesFromUploadsOrWarning([
      { name: "x/Roles/Broken.xml", bytes: strToU8("<Role name='a'>") },
      { name: "x/Other/Customizations.xml", bytes: strToU8("<ImportExportXml><Roles /></ImportExportXml>") },
    ]);
    expect(broken.found.roles).toEqual([]);
    expect(broken.warning).toMatch(/security roles could not be read.*Broken\.xml/);
  });
});
