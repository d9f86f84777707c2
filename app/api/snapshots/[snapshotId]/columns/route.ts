// Column search across one snapshot's org: GET ?q=region answers the best matches (exact, then prefix,
// then contains) from an index built once per cached snapshot document.
import { z } from "zod";
import { withAdmin, json } from "@/app/_server/route";
import { getDb } from "@/lib/db/client";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { COLUMN_QUERY_MAX_LENGTH, searchSnapshotColumns } from "@/lib/metadata/browse";

const QuerySchema = z.object({
  q: z.string().max(COLUMN_QUERY_MAX_LENGTH, `q: at most ${COLUMN_QUERY_MAX_LENGTH} characters`),
});

export const GET = withAdmin<{ snapshotId: string }>("read", async (request, { params }) => {
  const { q } = QuerySchema.parse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  const document = await loadSnapshotDocument(getDb(), params.snapshotId);
  const started = performance.now();
  const result = searchSnapshotColumns(document, q);
  const took = performance.now() - started;
  // A snapshot never changes, so the same query may be answered from the browser's cache (backspacing).
  return json(
    { query: q, total: result.total, hits: result.hits },
    { headers: { "cache-control": "private, max-age=300", "server-timing": `search;dur=${took.toFixed(2)}` } },
  );
});
