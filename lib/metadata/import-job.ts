// Live-org imports as background jobs: an ImportJob row the browser polls (tables done / total), the read
// through the environment's Dataverse client, and the snapshot stored at the end. Runs in this server process.
import "server-only";
import { AppError, isAppError } from "@/lib/app-error";
import type { AuditActor } from "@/lib/audit/schema";
import { audit } from "@/lib/audit/mutations";
import type { Db } from "@/lib/db/client";
import type { DataverseClient } from "@/lib/dataverse/client";
import { loadImportJob, type ImportJobView } from "@/lib/metadata/data";
import { readLiveMetadata, readSecurityRoles, type ReadLiveMetadataOptions } from "@/lib/metadata/live-reader";
import { saveEnvironmentRoles } from "@/lib/environments/mutations";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { logger } from "@/lib/logger";
import { countOf } from "@/lib/format/count";

/** Progress is written at most this often: a 1,000-table read would otherwise be 1,000 writes. */
const PROGRESS_WRITE_INTERVAL_MS = 400;

const globalForJobs = globalThis as typeof globalThis & { __syncwrightImportJobs?: Set<string> };
/** Jobs running in this process; a "running" row not in here was cut short by a restart. */
const running = (globalForJobs.__syncwrightImportJobs ??= new Set());

export interface StartLiveImportResult {
  job: ImportJobView;
  /** Settles when the job has finished (done or failed); never rejects. The request does not wait for it. */
  finished: Promise<ImportJobView>;
}

export interface StartLiveImportOptions {
  requestId?: string | null;
  /** Passed to readLiveMetadata (tests read a few tables, or fewer at once). */
  read?: Pick<ReadLiveMetadataOptions, "tables" | "tableConcurrency">;
}

/**
 * Creates the job row and starts reading in the background. Refuses while another import of the same
 * environment runs in this process.
 */
export async function startLiveImport(
  db: Db,
  actor: AuditActor,
  input: { environmentId: string; client: DataverseClient },
  options: StartLiveImportOptions = {},
): Promise<StartLiveImportResult> {
  const environment = await db.environment.findUnique({
    where: { id: input.environmentId },
    select: { id: true, name: true },
  });
  if (!environment) throw new AppError("not_found", `There is no environment ${input.environmentId}.`);
  const busy = await db.importJob.findFirst({
    where: { environmentId: environment.id, status: "running" },
    select: { id: true },
  });
  if (busy && running.has(busy.id))
    throw new AppError("conflict", `An import of ${environment.name} is already running; wait for it to finish.`);

  const jobId = await db.$transaction(async (tx) => {
    const job = await tx.importJob.create({
      data: { environmentId: environment.id, status: "running", createdById: actor.id },
      select: { id: true },
    });
    await audit(tx, {
      actor,
      action: "metadata.import.start",
      targetType: "environment",
      targetId: environment.id,
      summary: `Started importing metadata of ${environment.name} from ${input.client.orgUrl}`,
      after: { jobId: job.id, orgUrl: input.client.orgUrl },
      requestId: options.requestId,
    });
    return job.id;
  });
  running.add(jobId);
  const finished = runImportJob(
    db,
    actor,
    { jobId, environmentId: environment.id, environmentName: environment.name, client: input.client },
    options,
  ).finally(() => running.delete(jobId));
  return { job: await loadImportJob(db, jobId), finished };
}

async function runImportJob(
  db: Db,
  actor: AuditActor,
  job: { jobId: string; environmentId: string; environmentName: string; client: DataverseClient },
  options: StartLiveImportOptions,
): Promise<ImportJobView> {
  // Progress writes go one after another, and a late one never overwrites the final state.
  let writes: Promise<unknown> = Promise.resolve();
  let lastWrite = 0;
  let settled = false;
  const writeProgress = (done: number, total: number, force = false) => {
    const now = Date.now();
    if (!force && now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
    lastWrite = now;
    writes = writes.then(() =>
      settled
        ? undefined
        : db.importJob.update({ where: { id: job.jobId }, data: { done, total } }).catch(() => undefined),
    );
  };
  try {
    const live = await readLiveMetadata(job.client, {
      ...options.read,
      onProgress: (done, total) => writeProgress(done, total, done === 0 || done === total),
    });
    await writes;
    const stored = await storeSnapshot(
      db,
      actor,
      { environmentId: job.environmentId, source: "live", sourceName: job.client.orgUrl, document: live.document },
      { requestId: options.requestId },
    );
    settled = true;
    // The org's security roles come with its metadata: the projects' roles editor picks from them. A role list the
    // application user may not read costs the import nothing; it is said among the warnings.
    const roleWarnings: string[] = [];
    try {
      const roles = await readSecurityRoles(job.client);
      await saveEnvironmentRoles(
        db,
        actor,
        { environmentId: job.environmentId, roles },
        { requestId: options.requestId },
      );
    } catch (error) {
      if (!isAppError(error)) logger.error({ err: error, jobId: job.jobId }, "reading the org's roles failed");
      roleWarnings.push(
        `the org's security roles could not be read (${isAppError(error) ? error.message : "see the server log"}); refresh them on this page`,
      );
    }
    const tables = live.document.tables.length;
    const allWarnings = [...roleWarnings, ...live.warnings];
    const warnings =
      allWarnings.length > 0 ? ` ${countOf(allWarnings.length, "warning")}: ${allWarnings.slice(0, 3).join("; ")}` : "";
    await db.importJob.update({
      where: { id: job.jobId },
      data: {
        status: "done",
        done: tables,
        total: tables,
        snapshotId: stored.snapshot.id,
        message:
          (stored.duplicate
            ? `Nothing changed: the org's metadata is the same as the snapshot of ${stored.snapshot.createdAt.toISOString()}.`
            : `Imported ${countOf(tables, "table")}.`) + warnings,
      },
    });
  } catch (error) {
    settled = true;
    await writes;
    const message = isAppError(error)
      ? error.message
      : "The import failed unexpectedly; the server log has the details.";
    if (!isAppError(error)) logger.error({ err: error, jobId: job.jobId }, "live metadata import failed");
    await db
      .$transaction(async (tx) => {
        await tx.importJob.update({
          where: { id: job.jobId },
          data: { status: "failed", message: message.slice(0, 2000) },
        });
        await audit(tx, {
          actor,
          action: "metadata.import.fail",
          targetType: "environment",
          targetId: job.environmentId,
          summary: `Importing metadata of ${job.environmentName} failed: ${message}`,
          requestId: options.requestId,
        });
      })
      .catch((writeError: unknown) =>
        logger.error({ err: writeError, jobId: job.jobId }, "could not record the failed import"),
      );
  }
  return loadImportJob(db, job.jobId).catch(
    () =>
      ({
        id: job.jobId,
        environmentId: job.environmentId,
        status: "failed",
        done: 0,
        total: 0,
        message: "The job vanished (was the environment deleted?).",
        snapshotId: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      }) satisfies ImportJobView,
  );
}

/** A job as the browser should see it: a "running" row no process is working on any more is reported failed. */
export function withLiveness(job: ImportJobView): ImportJobView {
  if (job.status !== "running" || running.has(job.id)) return job;
  return { ...job, status: "failed", message: "The import stopped when the server restarted. Start it again." };
}

/** A finished job stays on the environment page this long, so its outcome is seen after a reload. */
const RECENT_JOB_MS = 15 * 60 * 1000;

/** The job the environment page shows: a running one, or one that ended in the last few minutes. */
export function jobToShow(job: ImportJobView | null, now = Date.now()): ImportJobView | null {
  if (!job) return null;
  const seen = withLiveness(job);
  return seen.status === "running" || now - seen.updatedAt.getTime() < RECENT_JOB_MS ? seen : null;
}
