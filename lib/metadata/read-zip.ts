// A guarded ZIP reader for uploaded solution files: reads the central directory itself, refuses
// traversal names, encrypted or ZIP64 entries, too many entries, and inflates only the entries asked for,
// in small steps, stopping as soon as the output passes the declared size or the configured limit.
import { Inflate } from "fflate";
import { AppError } from "@/lib/app-error";

export interface ZipLimits {
  /** Most entries the archive may list. */
  maxEntries: number;
  /** Most bytes all entries may declare uncompressed together, and most bytes actually inflated. */
  maxUncompressedBytes: number;
  /** Highest declared uncompressed/compressed ratio accepted for one entry (zip bombs run at ~1000:1). */
  maxRatio: number;
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
}

function bad(fileName: string, reason: string, code: "invalid" | "too_large" = "invalid"): AppError {
  return new AppError(code, `${fileName}: ${reason}`, {
    problems: [{ path: fileName, message: reason }],
    details: { file: fileName },
  });
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32Update(crc: number, data: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return c;
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

/** Lists the entries of a ZIP archive after checking its directory against the limits. */
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
  let declaredTotal = 0;
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50)
      throw bad(fileName, `damaged ZIP directory at entry ${k + 1}`);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc32 = view.getUint32(p + 16, true);
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
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxUncompressedBytes) {
      throw bad(
        fileName,
        `the archive would unpack to more than ${limits.maxUncompressedBytes} bytes (zip bomb?)`,
        "too_large",
      );
    }
    entries.push({
      name: name.replace(/\\/g, "/"),
      method,
      compressedSize,
      uncompressedSize,
      crc32,
      localHeaderOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates one entry. The declared size is a claim, not a fact: output is counted while inflating and
 * the entry is refused the moment it passes its declared size or the budget left.
 */
export function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  fileName: string,
  budget: number,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Uint8Array {
  const where = `${fileName} (${entry.name})`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50)
    throw bad(where, "damaged ZIP entry: local header missing");
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw bad(where, "the archive ends inside this entry (truncated?)");
  if (entry.uncompressedSize > budget)
    throw bad(where, `entry is ${entry.uncompressedSize} bytes, over the limit of ${budget}`, "too_large");
  if (
    entry.compressedSize > 0 &&
    entry.uncompressedSize / entry.compressedSize > limits.maxRatio &&
    entry.uncompressedSize > 1024 * 1024
  ) {
    throw bad(
      where,
      `entry declares a compression ratio of ${Math.round(entry.uncompressedSize / entry.compressedSize)}:1 (zip bomb?)`,
      "too_large",
    );
  }
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw bad(where, "stored entry whose sizes disagree");
    out = data;
  } else if (entry.method === 8) {
    const limit = Math.min(entry.uncompressedSize, budget);
    out = new Uint8Array(entry.uncompressedSize);
    let written = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      if (over) return;
      if (written + chunk.length > limit) {
        over = true;
        return;
      }
      out.set(chunk, written);
      written += chunk.length;
    });
    // Small steps bound how far one push can overshoot the limit (deflate expands at most ~1,032:1).
    const step = 16384;
    try {
      for (let offset = 0; offset < data.length && !over; offset += step) {
        inflater.push(data.subarray(offset, Math.min(data.length, offset + step)), offset + step >= data.length);
      }
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (error) {
      throw new AppError(
        "invalid",
        `${where}: damaged compressed data (${error instanceof Error ? error.message : String(error)})`,
        {
          problems: [{ path: where, message: "damaged compressed data" }],
          cause: error,
        },
      );
    }
    if (over)
      throw bad(
        where,
        `entry inflates to more than its declared ${entry.uncompressedSize} bytes (zip bomb?)`,
        "too_large",
      );
    if (written !== entry.uncompressedSize)
      throw bad(
        where,
        `entry inflates to ${written} bytes but declares ${entry.uncompressedSize} (damaged or truncated)`,
      );
  } else {
    throw bad(where, `unsupported compression method ${entry.method}`);
  }
  if ((crc32Update(0xffffffff, out) ^ 0xffffffff) >>> 0 !== entry.crc32 >>> 0)
    throw bad(where, "checksum mismatch: the entry is damaged");
  return out;
}
