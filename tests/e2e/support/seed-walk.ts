// Seeds what every screen of the accessibility walk needs, in the e2e server's database: an environment with a
// snapshot of the real Web API files, a project with contact and annotation offline, published versions 1 and 2, then a
// draft main form and list view on contact, a device that synced the project, and an API token in use and one
// revoked. Prints their ids as JSON.
import { getDb } from "@/lib/db/client";
import { enableTables, saveTableConfig } from "@/lib/customization/mutations";
import { loadTableConfig } from "@/lib/customization/data";
import { createEnvironment } from "@/lib/environments/mutations";
import { newForm, newView, withForm, withView } from "@/lib/forms/designer-ops";
import { publishVersion } from "@/lib/versions/mutations";
import { serverSigningKeys } from "@/lib/versions/server-signer";
import { registerDevice } from "@/lib/devices/mutations";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { offlineProject, readRealWebApi, storeRealSnapshot } from "./seed-project";

const name = process.env.SEED_PROJECT_NAME ?? "E2E walk";
const db = getDb();
const owner = await db.user.findFirstOrThrow({ where: { role: "owner" } });
const actor = { id: owner.id, label: `${owner.name} <${owner.email}>` };
const environment = await createEnvironment(db, actor, { name: `${name} org` });
const document = await readRealWebApi();
const snapshotId = await storeRealSnapshot(db, actor, environment.id, document);
const projectId = await offlineProject(
  db,
  actor,
  { environmentId: environment.id, snapshotId },
  { name, description: "Every screen, checked by axe", tables: ["contact"] },
);
await publishVersion(db, actor, { projectId, notes: "Contacts" }, { signer: serverSigningKeys() });
await enableTables(db, actor, { projectId, tableNames: ["annotation"], syncMode: "offline" });
await publishVersion(db, actor, { projectId, notes: "Notes too" }, { signer: serverSigningKeys() });

const loaded = await loadTableConfig(db, projectId, "contact");
const form = newForm(loaded.config.forms);
if (!form.ok) throw new Error(form.reason);
const contact = document.tables.find((t) => t.logicalName === "contact");
const view = newView(loaded.config.views, contact, loaded.config.columns);
if (!view.ok) throw new Error(view.reason);
await saveTableConfig(db, actor, {
  projectId,
  tableName: "contact",
  revision: loaded.revision,
  config: withView(withForm(loaded.config, form.value), view.value),
});

const device = await registerDevice(
  db,
  {
    deviceId: `walk-phone-${Date.now().toString(36)}`,
    userOid: "00000000-0000-4000-8000-000000000a11",
    userName: "Alex Walker",
    appVersion: "5.2.0",
    projectId,
    state: "allowed",
  },
  100,
);

// The tokens screen in both states: one in use, one revoked (a revoked row once faded below readable contrast).
await createApiToken(db, actor, { name: `${name} pipeline`, scopes: ["projects:read", "publish"] });
const retired = await createApiToken(db, actor, { name: `${name} retired`, scopes: ["projects:read"] });
await revokeApiToken(db, actor, { id: retired.id });

process.stdout.write(
  JSON.stringify({
    projectId,
    environmentId: environment.id,
    snapshotId,
    formId: form.value.id,
    viewId: view.value.id,
    deviceId: device.id,
  }) + "\n",
);
await db.$disconnect();
