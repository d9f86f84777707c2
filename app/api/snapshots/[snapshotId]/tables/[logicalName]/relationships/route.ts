// One table's relationships, by side, for its Relationships tab: loaded when the tab opens, because a
// system table can have thousands (systemuser: 4,366) and most visits never look at them.
import { withAdmin, json } from "@/app/_server/route";
import { AppError } from "@/lib/app-error";
import { getDb } from "@/lib/db/client";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { tableRelationships } from "@/lib/metadata/browse";

export const GET = withAdmin<{ snapshotId: string; logicalName: string }>("read", async (_request, { params }) => {
  const logicalName = decodeURIComponent(params.logicalName);
  const view = tableRelationships(await loadSnapshotDocument(getDb(), params.snapshotId), logicalName);
  if (!view) throw new AppError("not_found", `Snapshot ${params.snapshotId} has no table ${logicalName}.`);
  // A snapshot never changes: reopening the tab may come from the browser's cache.
  return json(view, { headers: { "cache-control": "private, max-age=300" } });
});
