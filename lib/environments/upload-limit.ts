// The size limit of metadata uploads, and reading a request body within it without buffering past it.
import { AppError } from "@/lib/app-error";

/** Default: 100 MB; the largest real solution export seen is under 1 MB, a 1,000-table Web API dump ~60 MB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** SYNCWRIGHT_MAX_UPLOAD_MB (a whole number of megabytes) or the default. */
export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
  const text = env.SYNCWRIGHT_MAX_UPLOAD_MB?.trim();
  if (!text) return DEFAULT_MAX_UPLOAD_BYTES;
  const mb = Number(text);
  if (!Number.isInteger(mb) || mb < 1 || mb > 4096) {
    throw new AppError(
      "internal",
      `SYNCWRIGHT_MAX_UPLOAD_MB must be a whole number of megabytes between 1 and 4096, got "${text}".`,
    );
  }
  return mb * 1024 * 1024;
}

function tooLarge(limit: number): AppError {
  const mb = Math.round(limit / 1024 / 1024);
  return new AppError("too_large", `The upload is larger than the limit of ${mb} MB (SYNCWRIGHT_MAX_UPLOAD_MB).`, {
    problems: [{ path: "files", message: `larger than ${mb} MB` }],
  });
}

/**
 * The body's bytes, read as a stream and abandoned as soon as it passes `limit` (a lying or absent
 * Content-Length does not help a sender past it).
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
