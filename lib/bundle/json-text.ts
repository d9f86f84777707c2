// Parses the JSON text of a bundle or project file, turning every way it can be unreadable (not UTF-8,
// truncated, not JSON, a key given twice) into a problem that names the file and the line and column.
import { locateJsonFault, positionOf } from "@/lib/json-fault";
import { decodeUtf8, MAX_TEXT_BYTES } from "@/lib/utf8";
import type { BundleProblem } from "./schema";

export type JsonTextResult = { ok: true; value: unknown; text: string } | { ok: false; problem: BundleProblem };

export function parseJsonBytes(bytes: Uint8Array | string, where: string): JsonTextResult {
  let text: string;
  if (typeof bytes === "string") text = bytes;
  else {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok)
      return {
        ok: false,
        problem: {
          path: where,
          message:
            bytes.length > MAX_TEXT_BYTES ? decoded.reason : `${decoded.reason} (is it a zip or another binary file?)`,
        },
      };
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ok: false, problem: { path: where, message: "the file is empty" } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8 names the position of some errors only; find it ourselves (only on failure, so speed does not matter).
    const offset = locateJsonFault(text).offset;
    const truncated =
      /Unexpected end of JSON input|Unterminated string/i.test(message) || offset >= text.trimEnd().length;
    const at = positionOf(text, Math.min(offset, text.length));
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
  // JSON.parse keeps the last of two equal keys, another reader may keep the first: a signed bundle could then
  // show one reader content the signature does not cover. The same text must mean the same thing to everyone.
  // A key given twice leaves the parsed value with fewer keys than the text has: counting both is a fast exact
  // test (native searches, no per-character loop); only a file that fails it is scanned for where the key is.
  const duplicate = keyTokens(text) === keysIn(value) ? undefined : findDuplicateKey(text);
  if (duplicate) {
    const at = positionOf(text, duplicate.offset);
    const first = positionOf(text, duplicate.firstOffset);
    return {
      ok: false,
      problem: {
        path: `${where}:${at.line}:${at.column}`,
        message: `duplicate key ${duplicate.path} (first at line ${first.line}, column ${first.column}): each key may appear once`,
      },
    };
  }
  return { ok: true, value, text };
}

/** How many keys well-formed JSON `text` writes: its colons outside strings (each one follows exactly one key). */
export function keyTokens(text: string): number {
  let count = 0;
  let colon = text.indexOf(":");
  let i = 0;
  while (colon !== -1) {
    const quote = text.indexOf('"', i);
    const stop = quote === -1 ? text.length : quote;
    while (colon !== -1 && colon < stop) {
      count++;
      colon = text.indexOf(":", colon + 1);
    }
    if (quote === -1) break;
    // Skip the string (a quote preceded by an odd number of backslashes is inside it).
    let end = quote + 1;
    for (;;) {
      end = text.indexOf('"', end);
      if (end === -1) return count; // not reached for text JSON.parse accepted
      let backslashes = 0;
      for (let k = end - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
      if (backslashes % 2 === 0) break;
      end++;
    }
    i = end + 1;
    if (colon !== -1 && colon < i) colon = text.indexOf(":", i);
  }
  return count;
}

/** How many keys the objects of a JSON.parse result hold in all (iterative: any nesting JSON.parse accepts). */
export function keysIn(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (typeof node[i] === "object" && node[i] !== null) stack.push(node[i]);
      continue;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record); // own keys only: nothing inherited may make up for a lost one
    count += keys.length;
    for (let i = 0; i < keys.length; i++) {
      const item = record[keys[i]];
      if (typeof item === "object" && item !== null) stack.push(item);
    }
  }
  return count;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.content.tables[2]["odd key"]`: where a value sits, as a JSON path. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

type Frame =
  | { kind: "object"; path: string; keys: Map<string, number>; key?: string }
  | { kind: "array"; path: string; index: number };

/**
 * The first key that appears twice in one object of well-formed JSON `text` (compared after unescaping, so
 * "content" and "\u0063ontent" are the same key), with its JSON path and both offsets; undefined when none does.
 * Iterative, so nesting that JSON.parse accepts cannot overflow the stack here.
 */
export function findDuplicateKey(text: string): { path: string; offset: number; firstOffset: number } | undefined {
  const stack: Frame[] = [];
  let expectKey = false;
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return "$";
    return top.kind === "object" ? childPath(top.path, top.key ?? "") : childPath(top.path, top.index);
  };
  for (let i = 0; i < text.length;) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end === -1) return undefined; // not reached for text JSON.parse accepted
        let backslashes = 0;
        for (let k = end - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
        if (backslashes % 2 === 0) break;
        end++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top?.kind === "object") {
        const raw = text.slice(i, end + 1);
        const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const first = top.keys.get(key);
        if (first !== undefined) return { path: childPath(top.path, key), offset: i, firstOffset: first };
        top.keys.set(key, i);
        top.key = key;
        expectKey = false;
      }
      i = end + 1;
    } else if (ch === 0x7b /* { */) {
      stack.push({ kind: "object", path: valuePath(), keys: new Map() });
      expectKey = true;
      i++;
    } else if (ch === 0x5b /* [ */) {
      stack.push({ kind: "array", path: valuePath(), index: 0 });
      i++;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (ch === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === "object") expectKey = true;
      else if (top) top.index++;
      i++;
    } else i++;
  }
  return undefined;
}
