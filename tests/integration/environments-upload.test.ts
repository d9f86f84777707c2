// The upload path's pieces on real bytes: the body read within the limit (a lying or absent Content-Length
// does not get past it; the stream is abandoned), the configured limit, and multipart form data of several real
// Web API files read back the way the upload route does.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_UPLOAD_BYTES, maxUploadBytes, readBodyWithin } from "@/lib/environments/upload-limit";
import { readMetadataUploads } from "@/lib/metadata/read-source";

const WEBAPI = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");

function streamOf(chunks: number, chunkBytes: number, onPull: () => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      onPull();
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(chunkBytes).fill(65));
    },
  });
}

describe("upload limit", () => {
  it("reads a body under the limit whole", async () => {
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: streamOf(4, 1000, () => {}),
      duplex: "half",
    } as RequestInit);
    expect((await readBodyWithin(request, 10_000)).length).toBe(4000);
  });

  it("stops reading a streamed body without Content-Length as soon as it passes the limit", async () => {
    let pulls = 0;
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: streamOf(1000, 1024, () => pulls++),
      duplex: "half",
    } as RequestInit);
    await expect(readBodyWithin(request, 10 * 1024)).rejects.toMatchObject({
      code: "too_large",
      message: expect.stringContaining("SYNCWRIGHT_MAX_UPLOAD_MB"),
    });
    expect(pulls).toBeLessThan(20);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const request = new Request("http://127.0.0.1/x", {
      method: "POST",
      body: "x".repeat(100),
      headers: { "content-length": String(50 * 1024 * 1024) },
    });
    await expect(readBodyWithin(request, 1024)).rejects.toMatchObject({ code: "too_large" });
  });

  it("takes SYNCWRIGHT_MAX_UPLOAD_MB in whole megabytes, and names it when wrong", () => {
    expect(maxUploadBytes({})).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytes({ SYNCWRIGHT_MAX_UPLOAD_MB: "5" })).toBe(5 * 1024 * 1024);
    expect(() => maxUploadBytes({ SYNCWRIGHT_MAX_UPLOAD_MB: "lots" })).toThrow(
      /SYNCWRIGHT_MAX_UPLOAD_MB must be a whole number/,
    );
  });

  it("reads several real Web API files back from multipart form data into one document", async () => {
    const names = [
      "contact.EntityDefinitions.json",
      "contact.PicklistAttributeMetadata.json",
      "contact.StateAttributeMetadata.json",
    ];
    const form = new FormData();
    for (const name of names)
      form.append("files", new File([fs.readFileSync(path.join(WEBAPI, name))], name, { type: "application/json" }));
    const encoded = new Request("http://127.0.0.1/x", { method: "POST", body: form });
    const type = encoded.headers.get("content-type")!;
    const body = await readBodyWithin(encoded, DEFAULT_MAX_UPLOAD_BYTES);
    const parsed = await new Response(body, { headers: { "content-type": type } }).formData();
    const files = await Promise.all(
      parsed
        .getAll("files")
        .map(async (f) => ({ name: (f as File).name, bytes: new Uint8Array(await (f as File).arrayBuffer()) })),
    );
    expect(files.map((f) => f.name)).toEqual(names);
    const source = readMetadataUploads(files);
    expect(source.format).toBe("webapi-json");
    const contact = source.document.tables.find((t) => t.logicalName === "contact")!;
    expect(contact.primaryIdColumn).toBe("contactid");
    expect(
      contact.columns.find((c) => c.logicalName === "statecode")?.optionSet?.options.map((o) => o.labels["1033"]),
    ).toEqual(["Active", "Inactive"]);
  });
});
