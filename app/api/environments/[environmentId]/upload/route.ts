// Upload of metadata files into an environment (owners): a solution .zip, a customizations.xml, or several
// Web API JSON files as multipart form data ("files"), read within the size limit and stored as a snapshot.
import { withAdmin, json } from "@/app/_server/route";
import { AppError } from "@/lib/app-error";
import { getDb } from "@/lib/db/client";
import { formatWhen } from "@/lib/environments/format-when";
import { maxUploadBytes, readBodyWithin } from "@/lib/environments/upload-limit";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { MetadataUploadCollector } from "@/lib/metadata/read-source";

export const POST = withAdmin<{ environmentId: string }>(
  "manage-environments",
  async (request, { params, actor, requestId }) => {
    const limit = maxUploadBytes();
    const type = request.headers.get("content-type") ?? "";
    if (!type.startsWith("multipart/form-data"))
      throw new AppError("invalid", 'Send the files as multipart/form-data in the field "files".');
    const body = await readBodyWithin(request, limit);
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": type } }).formData();
    } catch (error) {
      throw new AppError("invalid", "The upload is not valid multipart form data (was it cut off?).", { cause: error });
    }
    const files = form.getAll("files").filter((item): item is File => typeof item !== "string");
    if (files.length === 0)
      throw new AppError("invalid", "Choose at least one file to import.", {
        problems: [{ path: "files", message: "no file was uploaded" }],
      });
    const inputs = await Promise.all(
      files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
    );
    const collector = new MetadataUploadCollector({ maxFileBytes: limit, maxTotalBytes: limit });
    for (const input of inputs) collector.add(input.name, input.bytes);
    const source = await collector.finish();
    const names = inputs.map((f) => f.name);
    const sourceName =
      names.length === 1
        ? names[0]
        : `${names.length} files: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""}`;
    const stored = await storeSnapshot(
      getDb(),
      actor,
      { environmentId: params.environmentId, source: source.format, sourceName, document: source.document },
      { requestId },
    );
    const { snapshot } = stored;
    const message = stored.duplicate
      ? `Already imported as the snapshot of ${formatWhen(snapshot.createdAt)} (${snapshot.sourceName}); nothing new was stored.`
      : `Imported ${snapshot.tableCount} tables, ${snapshot.columnCount} columns from ${sourceName}.`;
    return json(
      {
        duplicate: stored.duplicate,
        message,
        warnings: source.warnings,
        snapshot: {
          id: snapshot.id,
          createdAt: snapshot.createdAt.toISOString(),
          tableCount: snapshot.tableCount,
          columnCount: snapshot.columnCount,
        },
      },
      { status: stored.duplicate ? 200 : 201 },
    );
  },
);
