// The one way an uploaded or read file's bytes become text: strict UTF-8, and a reason a person can act on when they
// cannot. Each reader wraps the reason in its own error (an upload's problem, a bundle's finding), or takes
// utf8Text's.
import { AppError } from "@/lib/app-error";

/**
 * The longest string V8 makes on 64-bit (2^29 - 24 UTF-16 code units, ~512 MiB): a file larger than this cannot be
 * read as one text, whatever its encoding. UTF-8 never takes fewer bytes than the UTF-16 units it decodes to.
 */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

export type DecodedText = { ok: true; text: string } | { ok: false; reason: string };

/** Strict UTF-8 (a byte-order mark is kept; callers that skip it do so themselves). */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // Too long for one string: a size problem, not an encoding one.
    if (bytes.length > MAX_TEXT_BYTES)
      return {
        ok: false,
        reason: `too large to read as text (${bytes.length} bytes; a text file can have at most ${MAX_TEXT_BYTES}, about 512 MB)`,
      };
    return { ok: false, reason: "not UTF-8 text" };
  }
}

/** decodeUtf8, or an invalid-input AppError naming `where` (an uploaded file, "file.zip (entry)"). */
export function utf8Text(bytes: Uint8Array, where: string): string {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  throw new AppError("invalid", `${where}: ${decoded.reason}`, {
    problems: [{ path: where, message: decoded.reason }],
  });
}
