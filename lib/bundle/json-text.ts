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
    // V8 names the position of some errors only; find it ourselves (only on failure, so speed does not matter).
    const offset = syntaxErrorOffset(text);
    const truncated =
      /Unexpected end of JSON input|Unterminated string/i.test(message) || offset >= text.trimEnd().length;
    const at = lineColumn(text, Math.min(offset, text.length));
    if (truncated)
      return {
        ok: false,
        problem: {
          path: `${where}:${at.line}:${at.column}`,
          message: "not JSON: the text ends in the middle of a value (truncated file?)",
        },
      };
    const found = text.slice(offset, offset + 12).split("\n")[0];
    return {
      ok: false,
      problem: {
        path: `${where}:${at.line}:${at.column}`,
        message: `not JSON: unexpected ${found ? `'${found}'` : "character"} at line ${at.line}, column ${at.column}`,
      },
    };
  }
}

/** The offset of the first character where `text` stops being JSON (text.length when it ends too early). */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < " ") fail();
      if (ch === "\\") {
        i++;
        if (text[i] === "u") {
          for (let k = 1; k <= 4; k++)
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) {
              i += k;
              fail();
            }
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i])) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === "-" || match[0] === "") fail();
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail();
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail();
      }
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) number();
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (offset) {
    if (typeof offset === "number") return offset;
    throw offset;
  }
}
