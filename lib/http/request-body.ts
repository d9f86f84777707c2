// The one owner of reading request bodies within a limit: whole bodies as bytes, text or JSON/form values (the
// route wrappers, project file imports), and multipart uploads as a stream, one file at a time (metadata
// uploads). A body is read as a stream and abandoned as soon as it passes its limit, so a lying or absent
// Content-Length does not carry a sender past it. Framework-free: a Web Request's body and node:http's
// IncomingMessage are both async iterables of bytes.
import busboy from "busboy";
import { AppError } from "@/lib/app-error";
import { byteLimit } from "@/lib/format/count";

export type BodyChunks = AsyncIterable<Uint8Array>;

/** A Web body stream (Request.body) as chunks; nothing for no body. The reader is released if the caller stops. */
export async function* chunksOf(stream: ReadableStream<Uint8Array> | null): BodyChunks {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

export interface BodyLimitMessage {
  /** What the limit is called in the refusal, e.g. "the upload" or "the file". */
  what?: string;
  /** The setting that raises it, named in the refusal. */
  setting?: string;
  /**
   * The limit the refusal names, when the bytes counted allow more than the setting (an upload's body may hold
   * SYNCWRIGHT_MAX_UPLOAD_MB of files plus their multipart framing; the person set, and is told, the former).
   */
  shownLimit?: number;
}

export function bodyTooLarge(limit: number, message: BodyLimitMessage = {}): AppError {
  const what = message.what ?? "The request body";
  const shown = byteLimit(message.shownLimit ?? limit);
  return new AppError(
    "too_large",
    `${what} is larger than the limit of ${byteLimit(message.shownLimit ?? limit, message.setting)}.`,
    {
      problems: [{ path: message.what === undefined ? "(body)" : "files", message: `larger than ${shown}` }],
    },
  );
}

/** The declared Content-Length, when there is a sound one. */
function declaredLength(headers: { get(name: string): string | null }): number | undefined {
  const text = headers.get("content-length");
  if (text === null || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

async function* chunksWithin(
  chunks: BodyChunks,
  limit: number,
  message: BodyLimitMessage,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw bodyTooLarge(limit, message);
    onProgress?.(size);
    yield chunk;
  }
}

/** The whole body's bytes, read within `limit`. */
export async function readBodyBytes(
  request: Request,
  limit: number,
  message: BodyLimitMessage = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = declaredLength(request.headers);
  if (declared !== undefined && declared > limit) throw bodyTooLarge(limit, message);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw bodyTooLarge(limit, message);
      parts.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/** The body as UTF-8 text, read within `limit` (bad bytes become U+FFFD). */
export async function readBodyText(request: Request, limit: number, message: BodyLimitMessage = {}): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readBodyBytes(request, limit, message));
}

/** A JSON body or a form's fields as plain values, read within `limit`; anything else is refused. */
export async function readJsonOrForm(request: Request, limit: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const text = await readBodyText(request, limit);
    try {
      return JSON.parse(text);
    } catch {
      throw new AppError("invalid", "The request body is not valid JSON.");
    }
  }
  if (type.includes("form")) {
    const bytes = await readBodyBytes(request, limit);
    const form = await new Response(bytes, { headers: { "content-type": type } }).formData().catch(() => {
      throw new AppError("invalid", "The request body is not a valid form.");
    });
    return Object.fromEntries(form.entries());
  }
  throw new AppError("invalid", "Send the body as application/json or a form.");
}

export interface MultipartLimits {
  /** Most bytes of the whole body (file contents plus the multipart framing). */
  maxBodyBytes: number;
  /** Most bytes of one file. */
  maxFileBytes: number;
  /** Most files. */
  maxFiles: number;
  /** Named in a refusal. */
  message?: BodyLimitMessage;
}

export interface MultipartFile {
  field: string;
  /** The file name as sent, relative path kept (a folder upload sends "Entities/Contact/Entity.xml"). */
  name: string;
  bytes: Uint8Array;
}

/**
 * Reads multipart/form-data as a stream: each file is handed to `onFile` as soon as its last byte has arrived,
 * one at a time, and its bytes are the caller's to keep or drop; reading stops at the first refusal (a limit
 * passed, or an error thrown by onFile). `onProgress` hears the body bytes read so far.
 */
export async function readMultipartFiles(
  body: BodyChunks,
  headers: { get(name: string): string | null },
  limits: MultipartLimits,
  onFile: (file: MultipartFile) => void,
  onProgress?: (bytes: number) => void,
): Promise<{ files: number; bytes: number }> {
  const type = headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type))
    throw new AppError("invalid", 'Send the files as multipart/form-data in the field "files".');
  const message = limits.message ?? {};
  const declared = declaredLength(headers);
  if (declared !== undefined && declared > limits.maxBodyBytes) throw bodyTooLarge(limits.maxBodyBytes, message);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": type },
      preservePath: true,
      limits: {
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: 32,
        fieldSize: 64 * 1024,
        parts: limits.maxFiles + 32,
      },
    });
  } catch (error) {
    throw new AppError("invalid", `The upload is not valid multipart form data: ${(error as Error).message}.`);
  }

  let failure: unknown;
  let files = 0;
  let bytes = 0;
  const fail = (error: unknown) => {
    failure ??= error;
  };
  parser.on("file", (field, stream, info) => {
    const parts: Buffer[] = [];
    let size = 0;
    const name = info.filename ?? "(unnamed)";
    // Destroying the parser after a refusal ends an unfinished file with an error: the refusal is what counts.
    stream.on("error", (error) => fail(error));
    stream.on("data", (chunk: Buffer) => {
      if (failure) return;
      size += chunk.length;
      if (size > limits.maxFileBytes) {
        fail(
          new AppError(
            "too_large",
            `${name}: the file is over the limit of ${byteLimit(limits.maxFileBytes, message.setting)}`,
            { problems: [{ path: name, message: `larger than ${byteLimit(limits.maxFileBytes)}` }] },
          ),
        );
        return;
      }
      parts.push(chunk);
    });
    stream.on("end", () => {
      if (failure) return;
      const joined = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
      parts.length = 0;
      files += 1;
      bytes += size;
      try {
        onFile({ field, name, bytes: new Uint8Array(joined.buffer, joined.byteOffset, size) });
      } catch (error) {
        fail(error);
      }
    });
  });
  parser.on("filesLimit", () => fail(new AppError("invalid", `More than ${limits.maxFiles} files were uploaded.`)));
  parser.on("partsLimit", () => fail(new AppError("invalid", "The upload has too many parts.")));

  const finished = new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", reject);
  });
  finished.catch(() => {}); // observed below

  try {
    for await (const chunk of chunksWithin(body, limits.maxBodyBytes, message, onProgress)) {
      if (failure) break;
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once("drain", resolve));
    }
    if (!failure) {
      parser.end();
      await finished;
    }
  } catch (error) {
    fail(error);
  }
  if (failure) {
    parser.destroy();
    // The parser's own errors (a body that ends inside a part, a malformed part header) reach here as plain
    // Errors, first through the unfinished file's stream: each is the sender's fault, said as such.
    throw failure instanceof AppError
      ? failure
      : new AppError(
          "invalid",
          `The upload is not complete multipart form data (${(failure as Error).message}): the connection was cut, or the form was not sent whole.`,
          { cause: failure, problems: [{ path: "(upload)", message: "the form data ends early or is malformed" }] },
        );
  }
  return { files, bytes };
}
