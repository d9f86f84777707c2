// Progress of a live-org import, polled by the environment page: status, tables done / total, the message.
import { withAdmin, json } from "@/app/_server/route";
import { AppError } from "@/lib/app-error";
import { getDb } from "@/lib/db/client";
import { loadImportJob } from "@/lib/metadata/data";
import { withLiveness } from "@/lib/metadata/import-job";

export const GET = withAdmin<{ environmentId: string; jobId: string }>("read", async (_request, { params }) => {
  const job = withLiveness(await loadImportJob(getDb(), params.jobId));
  if (job.environmentId !== params.environmentId)
    throw new AppError("not_found", `There is no import job ${params.jobId} in this environment.`);
  return json({
    id: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    message: job.message,
    snapshotId: job.snapshotId,
    updatedAt: job.updatedAt.toISOString(),
  });
});
