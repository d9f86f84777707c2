"use server";
// Environment screen: edit the connection (revision-checked), replace the client secret, delete, test the
// connection, refresh the org's security roles, start a live import. Owners only (manage-environments).
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { clientForEnvironment, forgetEnvironmentClient } from "@/lib/environments/dataverse-clients";
import {
  deleteEnvironment,
  replaceEnvironmentSecret,
  saveEnvironmentRoles,
  updateEnvironment,
} from "@/lib/environments/mutations";
import { EnvironmentIdSchema, ReplaceSecretSchema, UpdateEnvironmentSchema } from "@/lib/environments/schema";
import { startLiveImport } from "@/lib/metadata/import-job";
import { readSecurityRoles, testConnection } from "@/lib/metadata/live-reader";
import { defineAction } from "@/app/_server/define-action";

const pathOf = (id: string) => `/environments/${encodeURIComponent(id)}`;

export const updateEnvironmentAction = defineAction(
  { permission: "manage-environments", input: UpdateEnvironmentSchema },
  async (input, { actor, requestId }) => {
    const environment = await updateEnvironment(getDb(), actor, input, { requestId });
    forgetEnvironmentClient(environment.id);
    revalidatePath(pathOf(environment.id));
    revalidatePath("/environments");
    return { revision: environment.revision };
  },
);

export const replaceSecretAction = defineAction(
  { permission: "manage-environments", input: ReplaceSecretSchema },
  async (input, { actor, requestId }) => {
    const environment = await replaceEnvironmentSecret(getDb(), actor, input, { requestId });
    forgetEnvironmentClient(environment.id);
    revalidatePath(pathOf(environment.id));
    return { revision: environment.revision };
  },
);

export const deleteEnvironmentAction = defineAction(
  { permission: "manage-environments", input: EnvironmentIdSchema },
  async (input, { actor, requestId }) => {
    await deleteEnvironment(getDb(), actor, input, { requestId });
    forgetEnvironmentClient(input.environmentId);
    revalidatePath("/environments");
    return null;
  },
);

export const testConnectionAction = defineAction(
  { permission: "manage-environments", input: EnvironmentIdSchema },
  async (input) => {
    const client = await clientForEnvironment(getDb(), input.environmentId);
    const who = await testConnection(client);
    return { orgUrl: client.orgUrl, ...who };
  },
);

export const refreshRolesAction = defineAction(
  { permission: "manage-environments", input: EnvironmentIdSchema },
  async (input, { actor, requestId }) => {
    const db = getDb();
    const roles = await readSecurityRoles(await clientForEnvironment(db, input.environmentId));
    await saveEnvironmentRoles(db, actor, { environmentId: input.environmentId, roles }, { requestId });
    revalidatePath(pathOf(input.environmentId));
    return { count: roles.length };
  },
);

export const startLiveImportAction = defineAction(
  { permission: "manage-environments", input: EnvironmentIdSchema },
  async (input, { actor, requestId }) => {
    const db = getDb();
    const client = await clientForEnvironment(db, input.environmentId);
    // The read runs on in this process after the action answers; the page polls the job's progress.
    const { job } = await startLiveImport(db, actor, { environmentId: input.environmentId, client }, { requestId });
    return { jobId: job.id };
  },
);
