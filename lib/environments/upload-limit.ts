// The size limit of metadata uploads: the one setting SYNCWRIGHT_MAX_UPLOAD_MB, from which every other limit of
// the upload path is derived (the body read by the node:http front and the Next route, each file, the files
// together, and the request proxy's body buffer in next.config.ts). Pure, so next.config.ts can import it.
import { AppError } from "../app-error"; // relative: next.config.ts imports this file

/** Default: 100 MB; the largest real solution export seen is under 1 MB, a 1,000-table Web API dump ~210 MB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Room for the multipart framing around the files (headers of up to 20,000 files of a folder). */
export const MULTIPART_OVERHEAD_BYTES = 8 * 1024 * 1024;

/** Most files of one upload (an unpacked solution folder holds a few hundred). */
export const MAX_UPLOAD_FILES = 20_000;

export const UPLOAD_LIMIT_SETTING = "SYNCWRIGHT_MAX_UPLOAD_MB";

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

export interface UploadLimits {
  /** The whole request body: the files plus their multipart framing. */
  maxBodyBytes: number;
  /** One file, and all files together. */
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
  /**
   * What a solution .zip may unpack to, all its entries together: the same as the files uploaded unpacked may add up
   * to. A zip within the upload limit can otherwise hold gigabytes of XML, each parsed by every reader of the upload.
   */
  maxUnpackedBytes: number;
}

export function uploadLimits(env: Record<string, string | undefined> = process.env): UploadLimits {
  const limit = maxUploadBytes(env);
  return {
    maxBodyBytes: limit + MULTIPART_OVERHEAD_BYTES,
    maxFileBytes: limit,
    maxTotalBytes: limit,
    maxFiles: MAX_UPLOAD_FILES,
    maxUnpackedBytes: limit,
  };
}

/** next.config.ts's experimental.proxyClientMaxBodySize: the request proxy must buffer a whole allowed upload. */
export function proxyBodyLimit(env: Record<string, string | undefined> = process.env): number {
  return uploadLimits(env).maxBodyBytes;
}

/**
 * Why files chosen in the browser cannot be uploaded, before a byte is sent: more files than an upload takes, or more
 * bytes together than the limit (each file alone is within it when all are). Undefined when they can be. The server
 * checks the same again; this spares an admin sending hundreds of megabytes only to hear they are too many.
 */
export function uploadSelectionProblem(sizes: readonly number[], maxUploadMb: number): string | undefined {
  if (sizes.length > MAX_UPLOAD_FILES)
    return `${sizes.length.toLocaleString("en-US")} files are chosen; an upload takes at most ${MAX_UPLOAD_FILES.toLocaleString("en-US")}.`;
  const total = sizes.reduce((n, size) => n + size, 0);
  if (total > maxUploadMb * 1024 * 1024) {
    const mb = total / 1024 / 1024;
    const shown = mb < 10 ? mb.toFixed(1) : String(Math.round(mb));
    // Just over the limit rounds to it: "100 MB, over the 100 MB" would read as a contradiction.
    const sum = Number(shown) > maxUploadMb ? `${shown} MB, over` : "more than";
    return `The files add up to ${sum} the ${maxUploadMb} MB an upload may hold (the portal's ${UPLOAD_LIMIT_SETTING} setting).`;
  }
  return undefined;
}
