// The upload path's pieces on real bytes: the body read within the limit (a lying or absent Content-Length
// does not get past it; the stream is abandoned), the configured limit, and multipart form data of several real
// Web API files read back the way the upload route does.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_UPLOAD_BYTES, maxUploadBytes, proxyBodyLimit } from "@/lib/environments/upload-limit";
import { chunksOf, readBodyBytes, readMultipartFiles, type MultipartFile } from "@/lib/http/request-body";
import { readMetadataUploads } from "@/lib/metadata/read-source";

const readBodyWithin = (request: Request, limit: number) =>
  readBodyBytes(request, limit, { what: "The upload", setting: "SYNCWRIGHT_MAX_UPLOAD_MB" });

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

  it("derives the request proxy's body limit from the same setting", () => {
    expect(proxyBodyLimit({ SYNCWRIGHT_MAX_UPLOAD_MB: "400" })).toBeGreaterThan(400 * 1024 * 1024);
    expect(proxyBodyLimit({ SYNCWRIGHT_MAX_UPLOAD_MB: "400" })).toBeLessThan(410 * 1024 * 1024);
  });

  it("streams multipart files one at a time, relative paths kept, and refuses a file over its limit", async () => {
    const form = new FormData();
    form.append("files", new File(["{}"], "a.json"));
    form.append(
      "files",
      new File(["<Entity/>"], "Entities/Contact/Entity.xml"),
      "solution/Entities/Contact/Entity.xml",
    );
    const encoded = new Request("http://127.0.0.1/x", { method: "POST", body: form });
    const seen: MultipartFile[] = [];
    const limits = { maxBodyBytes: 10_000, maxFileBytes: 100, maxFiles: 10 };
    await readMultipartFiles(chunksOf(encoded.body), encoded.headers, limits, (file) => seen.push(file));
    expect(seen.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ["a.json", "{}"],
      ["solution/Entities/Contact/Entity.xml", "<Entity/>"],
    ]);
    const big = new FormData();
    big.append("files", new File(["x".repeat(101)], "big.json"));
    const request = new Request("http://127.0.0.1/x", { method: "POST", body: big });
    await expect(readMultipartFiles(chunksOf(request.body), request.headers, limits, () => {})).rejects.toThrowError(
      /big\.json: the file is over the limit of 100 bytes/,
    );
    // A body over its limit (the files' limit plus room for the framing) names the limit as the person set it.
    const framed = { ...limits, message: { what: "The upload", setting: "SYNCWRIGHT_MAX_UPLOAD_MB", shownLimit: 100 } };
    const declared = new Headers({ "content-type": "multipart/form-data; boundary=x", "content-length": "10001" });
    await expect(readMultipartFiles(chunksOf(null), declared, framed, () => {})).rejects.toThrowError(
      "The upload is larger than the limit of 100 bytes (SYNCWRIGHT_MAX_UPLOAD_MB).",
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
