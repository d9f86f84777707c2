// Upload of metadata files into an environment (owners): a solution .zip, a customizations.xml, the files of an
// unpacked solution folder, or several Web API JSON files as multipart form data ("files"). The production
// server answers this path in front of Next (lib/environments/upload-front.ts); this file serves `next dev`.
// Both read the body as a stream through lib/environments/upload-core.ts. With Accept: application/x-ndjson the
// answer is progress lines (upload bytes, files and tables read, then the result). `?combineWith=<snapshot id>`
// completes that snapshot with the files, as a new combined snapshot.
import { withAdmin, json } from "@/app/_server/route";
import { getDb } from "@/lib/db/client";
import { receiveMetadataUpload, streamMetadataUpload, wantsProgress } from "@/lib/metadata/upload-core";
import { chunksOf } from "@/lib/http/request-body";

export const POST = withAdmin<{ environmentId: string }>(
  "manage-environments",
  async (request, { params, actor, requestId }) => {
    const input = {
      environmentId: params.environmentId,
      headers: request.headers,
      body: chunksOf(request.body),
      actor,
      requestId,
      combineWith: new URL(request.url).searchParams.get("combineWith"),
    };
    if (wantsProgress(request.headers)) {
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          await streamMetadataUpload(getDb(), input, (line) => controller.enqueue(encoder.encode(line)));
          controller.close();
        },
      });
      return new Response(stream, {
        headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
      });
    }
    const reply = await receiveMetadataUpload(getDb(), input);
    return json(reply.body, { status: reply.status });
  },
);
