// Parses the JSON text of a bundle or project file, turning every way it can be unreadable (not UTF-8,
// truncated, not JSON) into a problem that names the file and the line and column.
import type { BundleProblem } from "./schema";

export type JsonTextResult = { ok: true; value: unknown; text: string } | { ok: false; problem: BundleProblem };

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function parseJsonBytes(bytes: Uint8Array | string, where: string): JsonTextResult {
  let text: string;
  if (typeof bytes === "string") text = bytes;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, problem: { path: where, message: "not UTF-8 text (is it a zip or another binary file?)" } };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ok: false, problem: { path: where, message: "the file is empty" } };
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    const truncated = /Unexpected end of JSON input|Unterminated string/i.test(message) || (position !== null && Number(position[1]) >= text.trimEnd().length);
    if (truncated) {
      const at = lineColumn(text, text.length);
      return { ok: false, problem: { path: `${where}:${at.line}:${at.column}`, message: "not JSON: the text ends in the middle of a value (truncated file?)" } };
    }
    if (position) {
      const at = lineColumn(text, Number(position[1]));
      return { ok: false, problem: { path: `${where}:${at.line}:${at.column}`, message: `not JSON: ${message.replace(/ in JSON at position \d+.*$/, "").replace(/, ".*$/, "")}` } };
    }
    return { ok: false, problem: { path: where, message: `not JSON: ${message}` } };
  }
}
