// A guarded ZIP reader for uploaded solution files: reads the central directory itself and checks it whole
// before anything is inflated: traversal names, duplicate names, encrypted or ZIP64 entries, too many entries,
// entries whose local data share or overlap (many directory entries pointing at one compressed stream is how a
// small file inflates to gigabytes), the declared sizes of ALL entries against one budget, and each entry's
// declared ratio. Entries are then inflated by node:zlib bounded by `maxOutputLength` (a lying declared size
// stops at the first byte over it); the asynchronous form inflates on libuv's thread pool so a server keeps
// answering while it works.
import { crc32, inflateRaw, inflateRawSync, type InputType, type ZlibOptions } from "node:zlib";
import { AppError } from "@/lib/app-error";
import { byteLimit } from "@/lib/format/count";
import { utf8Text } from "@/lib/utf8";

export interface ZipLimits {
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most bytes all entries may declare uncompressed together, and most bytes actually inflated. */
  maxUncompressedBytes: number;
  /** Highest declared uncompressed/compressed ratio accepted for one entry (zip bombs run at ~1000:1). */
  maxRatio: number;
  /** The setting maxUncompressedBytes comes from, named when an archive is refused for it. */
  setting?: string;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  localHeaderOffset: number;
  /** Where the entry's compressed bytes start (after its local header, name and extra field). */
  dataOffset: number;
}

function bad(fileName: string, reason: string, code: "invalid" | "too_large" = "invalid"): AppError {
  return new AppError(code, `${fileName}: ${reason}`, {
    problems: [{ path: fileName, message: reason }],
    details: { file: fileName },
  });
}

/** True when the bytes start like a ZIP archive (local file header or empty-archive end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  );
}

/** A name is safe when it is relative, has no ".." segment, no drive letter, no backslash tricks and no NUL. */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 1024) return false;
  if (name.includes("\0")) return false;
  const normalized = name.replace(/\\/g, "/");
  if (normalized.startsWith("/") || /^[a-zA-Z]:/.test(normalized)) return false;
  return !normalized.split("/").some((segment) => segment === "..");
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Lists the entries of a ZIP archive after checking its whole directory: every refusal happens here, before a
 * single byte is inflated, and costs time in proportion to the directory only.
 */
export function listZipEntries(
  bytes: Uint8Array,
  fileName: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1)
    throw bad(fileName, "not a complete ZIP archive: its end record is missing (truncated or not a zip)");
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw bad(fileName, "ZIP64 archives are not accepted (a solution file is never that large)");
  if (count > limits.maxEntries)
    throw bad(fileName, `the archive lists ${count} entries; at most ${limits.maxEntries} are accepted`, "too_large");
  if (dirOffset + dirSize > eocd)
    throw bad(fileName, "not a complete ZIP archive: its directory lies outside the file (truncated?)");

  const entries: ZipEntry[] = [];
  const names = new Map<string, string>();
  let declaredTotal = 0;
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50)
      throw bad(fileName, `damaged ZIP directory at entry ${k + 1}`);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw bad(fileName, `damaged ZIP directory at entry ${k + 1}`);
    const name = new TextDecoder("utf-8").decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (!isSafeEntryName(name))
      throw bad(
        fileName,
        `the archive holds an entry with an unsafe name ${JSON.stringify(name)} (absolute path or "..")`,
      );
    if (flags & 1) throw bad(fileName, `entry ${name} is encrypted; solution files never are`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff)
      throw bad(fileName, "ZIP64 archives are not accepted (a solution file is never that large)");
    const normalized = name.replace(/\\/g, "/");
    // Two entries of one name (or names differing only in case) leave open which one a reader takes.
    const key = normalized.toLowerCase();
    const earlier = names.get(key);
    if (earlier !== undefined)
      throw bad(
        fileName,
        `the archive holds two entries named ${JSON.stringify(earlier)}${earlier === normalized ? "" : ` and ${JSON.stringify(normalized)}`}; a solution export never does`,
      );
    names.set(key, normalized);
    declaredTotal += uncompressedSize;
    if (compressedSize > 0 && uncompressedSize / compressedSize > limits.maxRatio && uncompressedSize > 1024 * 1024) {
      throw bad(
        `${fileName} (${normalized})`,
        `entry declares a compression ratio of ${Math.round(uncompressedSize / compressedSize)}:1 (zip bomb?)`,
        "too_large",
      );
    }
    if (localHeaderOffset + 30 > dirOffset || view.getUint32(localHeaderOffset, true) !== 0x04034b50)
      throw bad(`${fileName} (${normalized})`, "damaged ZIP entry: local header missing");
    const dataOffset =
      localHeaderOffset +
      30 +
      view.getUint16(localHeaderOffset + 26, true) +
      view.getUint16(localHeaderOffset + 28, true);
    if (dataOffset + compressedSize > dirOffset)
      throw bad(`${fileName} (${normalized})`, "the archive ends inside this entry (truncated?)");
    entries.push({
      name: normalized,
      method,
      compressedSize,
      uncompressedSize,
      crc32: crc,
      localHeaderOffset,
      dataOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }

  // Each entry's local header and data must end before the next entry's header starts: entries that share or
  // overlap their data would inflate the same compressed bytes many times over.
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let shared = 0;
  let first: [ZipEntry, ZipEntry] | undefined;
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1];
    if (before.dataOffset + before.compressedSize > byOffset[i].localHeaderOffset) {
      shared += 1;
      first ??= [before, byOffset[i]];
    }
  }
  if (first) {
    throw bad(
      fileName,
      `${shared + 1 > 2 ? `${shared + 1} entries` : "two entries"} share or overlap their compressed data (${JSON.stringify(first[0].name)} and ${JSON.stringify(first[1].name)}, ...); a real archive stores each entry once (zip bomb?)`,
      "too_large",
    );
  }
  // After the overlap check: an archive whose entries share their data is refused for that, not for its sum.
  if (declaredTotal > limits.maxUncompressedBytes) {
    throw bad(
      fileName,
      `the archive would unpack to more than ${byteLimit(limits.maxUncompressedBytes, limits.setting)} (zip bomb?)`,
      "too_large",
    );
  }
  return entries;
}

function checkInflated(where: string, entry: ZipEntry, out: Uint8Array): Uint8Array {
  if (out.length !== entry.uncompressedSize)
    throw bad(
      where,
      `entry inflates to ${out.length} bytes but declares ${entry.uncompressedSize} (damaged or truncated)`,
    );
  if (crc32(out) >>> 0 !== entry.crc32 >>> 0) throw bad(where, "checksum mismatch: the entry is damaged");
  return out;
}

function inflateError(where: string, entry: ZipEntry, error: unknown): AppError {
  if ((error as NodeJS.ErrnoException)?.code === "ERR_BUFFER_TOO_LARGE")
    return bad(
      where,
      `entry inflates to more than its declared ${entry.uncompressedSize} bytes (zip bomb?)`,
      "too_large",
    );
  return new AppError(
    "invalid",
    `${where}: damaged compressed data (${error instanceof Error ? error.message : String(error)})`,
    {
      problems: [{ path: where, message: "damaged compressed data" }],
      cause: error,
    },
  );
}

/** What to inflate, and the bound on its output; or the stored bytes themselves. */
function prepare(
  bytes: Uint8Array,
  entry: ZipEntry,
  fileName: string,
  budget: number,
): { where: string; data: Uint8Array; stored: boolean; options: ZlibOptions } {
  const where = `${fileName} (${entry.name})`;
  if (entry.uncompressedSize > budget)
    throw bad(where, `entry is ${entry.uncompressedSize} bytes, over the ${mb(budget)} left to unpack`, "too_large");
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw bad(where, "stored entry whose sizes disagree");
    return { where, data, stored: true, options: {} };
  }
  if (entry.method !== 8) throw bad(where, `unsupported compression method ${entry.method}`);
  // One byte more than declared is enough to know the declared size was a lie.
  return { where, data, stored: false, options: { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) } };
}

/** Inflates one entry on this thread (the CLI, tests). Refused the moment it passes its declared size. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, budget: number): Uint8Array {
  const { where, data, stored, options } = prepare(bytes, entry, fileName, budget);
  if (stored) return checkInflated(where, entry, data);
  let out: Uint8Array;
  try {
    out = inflateRawSync(data, options);
  } catch (error) {
    throw inflateError(where, entry, error);
  }
  return checkInflated(where, entry, out);
}

/**
 * The entries of an uploaded zip already inflated and decoded, by zip and entry name. An upload has three readers
 * (metadata, forms and views, security roles) that each want its customizations.xml: with one of these shared
 * between them, each entry is inflated and decoded once.
 */
export class ZipTexts {
  readonly #texts = new Map<string, string>();

  get(fileName: string, entry: ZipEntry): string | undefined {
    return this.#texts.get(`${fileName}\0${entry.name}`);
  }

  set(fileName: string, entry: ZipEntry, text: string): string {
    this.#texts.set(`${fileName}\0${entry.name}`, text);
    return text;
  }
}

/** readZipEntry's bytes as UTF-8 text (taken from `texts` when read before), or an invalid-input AppError. */
export function readZipText(
  bytes: Uint8Array,
  entry: ZipEntry,
  fileName: string,
  budget: number,
  texts?: ZipTexts,
): string {
  const known = texts?.get(fileName, entry);
  if (known !== undefined) return known;
  const text = utf8Text(readZipEntry(bytes, entry, fileName, budget), `${fileName} (${entry.name})`);
  return texts ? texts.set(fileName, entry, text) : text;
}

/** The same on libuv's thread pool: the event loop stays free to answer other requests meanwhile. */
export async function readZipEntryAsync(
  bytes: Uint8Array,
  entry: ZipEntry,
  fileName: string,
  budget: number,
): Promise<Uint8Array> {
  const { where, data, stored, options } = prepare(bytes, entry, fileName, budget);
  if (stored) return checkInflated(where, entry, data);
  const out = await new Promise<Uint8Array>((resolve, reject) =>
    inflateRaw(data as InputType, options, (error, result) =>
      error ? reject(inflateError(where, entry, error)) : resolve(result),
    ),
  );
  return checkInflated(where, entry, out);
}
