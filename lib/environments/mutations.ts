// Writes of environments: create, edit with a revision check, replace the client secret (sealed with
// AES-256-GCM, bound to the environment), store the org's security roles, delete when no project uses it.
import "server-only";
import { AppError } from "@/lib/app-error";
import type { AuditActor } from "@/lib/audit/schema";
import { audit } from "@/lib/audit/mutations";
import { getConfig } from "@/lib/config";
import { encryptSecret, decryptSecret, loadSecretKey } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { SecurityRole } from "@/lib/dataverse/schema";
import { loadEnvironment, type EnvironmentView } from "@/lib/environments/data";
import {
  parseEnvironmentRoles,
  serializeEnvironmentRoles,
  withOrgRoles,
  withSolutionRoles,
  type EnvironmentRoles,
  type SolutionRole,
} from "@/lib/environments/org-roles";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { countOf } from "@/lib/format/count";
import {
  checkOrgUrl,
  CreateEnvironmentSchema,
  UpdateEnvironmentSchema,
  type CreateEnvironmentInput,
  type UpdateEnvironmentInput,
} from "@/lib/environments/schema";
import { isUniqueViolation } from "@/lib/database-errors";
import { parseInput } from "@/lib/parse-input";

export interface WriteOptions {
  requestId?: string | null;
  /** The AES key; the configured one (SECRET_ENCRYPTION_KEY or the data folder's key file) by default. */
  secretKey?: Buffer;
}

/** The associated data a sealed client secret is bound to: copied onto another environment it does not open. */
export function secretContext(environmentId: string): string {
  return `environment:${environmentId}`;
}

function keyOf(options: WriteOptions): Buffer {
  return options.secretKey ?? loadSecretKey(getConfig());
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `An environment named "${name}" already exists.`, {
    problems: [{ path: "name", message: "is already used by another environment" }],
  });
}

const normalizeOrg = (orgUrl: string | null | undefined): string | null => {
  if (orgUrl == null) return null;
  const checked = checkOrgUrl(orgUrl);
  return checked.ok ? checked.origin : null;
};

/** What the audit log may show of an environment: never the secret or its cipher. */
function auditView(row: { name: string; orgUrl: string | null; tenantId: string | null; clientId: string | null }) {
  return { name: row.name, orgUrl: row.orgUrl, tenantId: row.tenantId, clientId: row.clientId };
}

export async function createEnvironment(
  db: Db,
  actor: AuditActor,
  input: CreateEnvironmentInput,
  options: WriteOptions = {},
): Promise<EnvironmentView> {
  const data = parseInput(CreateEnvironmentSchema, input, "environment");
  const secret = data.clientSecret?.trim() ? data.clientSecret.trim() : null;
  const key = secret ? keyOf(options) : undefined;
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      const row = await tx.environment.create({
        data: {
          name: data.name,
          orgUrl: normalizeOrg(data.orgUrl),
          tenantId: data.tenantId ?? null,
          clientId: data.clientId ?? null,
        },
      });
      // The cipher is bound to the id, which exists only once the row does.
      if (secret && key)
        await tx.environment.update({
          where: { id: row.id },
          data: { secretCipher: encryptSecret(secret, key, secretContext(row.id)) },
        });
      await audit(tx, {
        actor,
        action: "environment.create",
        targetType: "environment",
        targetId: row.id,
        summary: `Created environment ${row.name}${secret ? " with a client secret" : ""}`,
        after: { ...auditView(row), secretSet: secret !== null },
        requestId: options.requestId,
      });
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(data.name);
    throw error;
  }
  return loadEnvironment(db, id);
}

export async function updateEnvironment(
  db: Db,
  actor: AuditActor,
  input: UpdateEnvironmentInput,
  options: WriteOptions = {},
): Promise<EnvironmentView> {
  const data = parseInput(UpdateEnvironmentSchema, input, "environment");
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.environment.findUnique({ where: { id: data.environmentId } });
      if (!before) throw new AppError("not_found", `There is no environment ${data.environmentId}.`);
      const after = {
        name: data.name,
        orgUrl: normalizeOrg(data.orgUrl),
        tenantId: data.tenantId ?? null,
        clientId: data.clientId ?? null,
      };
      // The revision in the WHERE makes the check and the write one step: a concurrent save cannot slip between.
      const { count } = await tx.environment.updateMany({
        where: { id: data.environmentId, revision: data.revision },
        data: { ...after, revision: { increment: 1 } },
      });
      if (count === 0) {
        throw new AppError(
          "conflict",
          `Someone else changed ${before.name} since you opened it (revision ${before.revision}, yours ${data.revision}). Reload to see their change, then save again.`,
        );
      }
      await audit(tx, {
        actor,
        action: "environment.update",
        targetType: "environment",
        targetId: before.id,
        summary: `Changed environment ${after.name}`,
        before: auditView(before),
        after,
        requestId: options.requestId,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(data.name);
    throw error;
  }
  return loadEnvironment(db, data.environmentId);
}

/** Seals and stores a new client secret. The old one is gone; neither is ever returned. */
export async function replaceEnvironmentSecret(
  db: Db,
  actor: AuditActor,
  input: { environmentId: string; clientSecret: string },
  options: WriteOptions = {},
): Promise<EnvironmentView> {
  const secret = input.clientSecret.trim();
  if (secret === "")
    throw new AppError("invalid", "The client secret is empty.", {
      problems: [{ path: "clientSecret", message: "is required" }],
    });
  const key = keyOf(options);
  await db.$transaction(async (tx) => {
    const before = await tx.environment.findUnique({
      where: { id: input.environmentId },
      select: { id: true, name: true, secretCipher: true },
    });
    if (!before) throw new AppError("not_found", `There is no environment ${input.environmentId}.`);
    await tx.environment.update({
      where: { id: before.id },
      data: { secretCipher: encryptSecret(secret, key, secretContext(before.id)), revision: { increment: 1 } },
    });
    await audit(tx, {
      actor,
      action: "environment.secret.replace",
      targetType: "environment",
      targetId: before.id,
      summary: `${before.secretCipher ? "Replaced" : "Set"} the client secret of ${before.name}`,
      requestId: options.requestId,
    });
  });
  return loadEnvironment(db, input.environmentId);
}

/** The plain client secret, for the server's own Dataverse client only. Null when none is set. */
export async function readEnvironmentSecret(
  db: Db,
  environmentId: string,
  options: Pick<WriteOptions, "secretKey"> = {},
): Promise<string | null> {
  const row = await db.environment.findUnique({ where: { id: environmentId }, select: { secretCipher: true } });
  if (!row) throw new AppError("not_found", `There is no environment ${environmentId}.`);
  if (!row.secretCipher) return null;
  return decryptSecret(row.secretCipher, keyOf(options), secretContext(environmentId));
}

/** Deletes an environment with its snapshots and jobs; refused while a project is built on it. */
export async function deleteEnvironment(
  db: Db,
  actor: AuditActor,
  input: { environmentId: string },
  options: WriteOptions = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.environment.findUnique({
      where: { id: input.environmentId },
      include: { projects: { select: { name: true } }, _count: { select: { snapshots: true } } },
    });
    if (!before) throw new AppError("not_found", `There is no environment ${input.environmentId}.`);
    if (before.projects.length > 0) {
      const names = before.projects.map((p) => p.name).slice(0, 5);
      throw new AppError(
        "conflict",
        `${before.name} is used by ${before.projects.length === 1 ? "the project" : "the projects"} ${names.join(", ")}${before.projects.length > names.length ? ", ..." : ""}: move or delete ${before.projects.length === 1 ? "it" : "them"} first.`,
      );
    }
    await tx.environment.delete({ where: { id: before.id } });
    await audit(tx, {
      actor,
      action: "environment.delete",
      targetType: "environment",
      targetId: before.id,
      summary: `Deleted environment ${before.name} with its ${countOf(before._count.snapshots, "metadata snapshot")}`,
      before: auditView(before),
      requestId: options.requestId,
    });
  });
}

/**
 * Rewrites an environment's roles with `change` applied to what is stored now. The write only lands on the text it
 * read (compare and swap), so a roles refresh and a solution import at the same moment both keep their part.
 */
async function changeRoles(
  tx: Prisma.TransactionClient,
  environmentId: string,
  change: (current: EnvironmentRoles) => EnvironmentRoles,
  extra: { rolesFetchedAt?: Date } = {},
): Promise<{ name: string }> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const before = await tx.environment.findUnique({
      where: { id: environmentId },
      select: { id: true, name: true, rolesJson: true },
    });
    if (!before) throw new AppError("not_found", `There is no environment ${environmentId}.`);
    const next = serializeEnvironmentRoles(change(parseEnvironmentRoles(before.rolesJson)));
    const { count } = await tx.environment.updateMany({
      where: { id: before.id, rolesJson: before.rolesJson },
      data: { rolesJson: next, ...extra },
    });
    if (count === 1) return before;
  }
  throw new AppError("conflict", "The environment's security roles kept changing meanwhile; try again.");
}

/** Stores the security roles just read from the org, for the projects screen. */
export async function saveEnvironmentRoles(
  db: Db,
  actor: AuditActor | null,
  input: { environmentId: string; roles: SecurityRole[] },
  options: WriteOptions = {},
): Promise<EnvironmentView> {
  await db.$transaction(async (tx) => {
    const before = await changeRoles(tx, input.environmentId, (current) => withOrgRoles(current, input.roles), {
      rolesFetchedAt: new Date(),
    });
    await audit(tx, {
      actor,
      action: "environment.roles.refresh",
      targetType: "environment",
      targetId: input.environmentId,
      summary: `Read ${countOf(input.roles.length, "security role")} from the org of ${before.name}`,
      requestId: options.requestId,
    });
  });
  return loadEnvironment(db, input.environmentId);
}

/**
 * Records the security roles an imported solution defines, under the name it was imported as (a re-import of that
 * name replaces them). A solution that defines none changes nothing and writes no audit entry.
 */
export async function recordSolutionRoles(
  db: Db,
  actor: AuditActor | null,
  input: { environmentId: string; source: string; roles: SolutionRole[] },
  options: WriteOptions = {},
): Promise<void> {
  const source = input.source.slice(0, 500);
  if (input.roles.length === 0) {
    const current = await db.environment.findUnique({
      where: { id: input.environmentId },
      select: { rolesJson: true },
    });
    if (!parseEnvironmentRoles(current?.rolesJson ?? null).solutions.some((s) => s.source === source)) return;
  }
  await db.$transaction(async (tx) => {
    const before = await changeRoles(tx, input.environmentId, (current) =>
      withSolutionRoles(current, { source, importedAt: new Date().toISOString(), roles: input.roles }),
    );
    await audit(tx, {
      actor,
      action: "environment.roles.solution",
      targetType: "environment",
      targetId: input.environmentId,
      summary:
        input.roles.length > 0
          ? `Recorded ${countOf(input.roles.length, "security role")} of ${before.name} from ${source}: ${input.roles.map((r) => r.name).join(", ")}`.slice(
              0,
              1000,
            )
          : `${source} no longer carries security roles of ${before.name}`,
      requestId: options.requestId,
    });
  });
}
