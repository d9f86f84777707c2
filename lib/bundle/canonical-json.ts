// Canonical JSON (RFC 8785, JCS): the one byte form of a bundle and a project file, so the same configuration
// always gives the same bytes and the same hash. Pure (node:crypto only for the hash); server and CLI.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/app-error";

/**
 * Why not call the `canonicalize` package directly: it builds the text by nested concatenation and refuses
 * nothing (undefined silently disappears, a Date becomes a string). This writes the same bytes (tests prove it
 * against the package on RFC 8785's vectors and random values), in one pass, and throws naming the path of any
 * value JSON cannot carry: a non-finite number, undefined inside an array, a function, a bigint, a Date, a Map...
 * Object keys whose value is undefined are left out, as JSON.stringify does (zod leaves optional fields so).
 */
export function canonicalJson(value: unknown, options: { indent?: number } = {}): string {
  const parts: string[] = [];
  // With an indent (project files, for line-by-line diffs in git): the same keys, order, numbers and strings,
  // one member per line. Still one byte form per value.
  const indent = options.indent ?? 0;
  const newline = (depth: number) => {
    if (indent > 0) parts.push("\n", " ".repeat(indent * depth));
  };
  const colon = indent > 0 ? ": " : ":";
  let depth = 0;
  const walk = (node: unknown, path: string): void => {
    if (node === null) {
      parts.push("null");
      return;
    }
    switch (typeof node) {
      case "string":
        parts.push(JSON.stringify(node));
        return;
      case "boolean":
        parts.push(node ? "true" : "false");
        return;
      case "number":
        if (!Number.isFinite(node)) throw notJson(path, `the number ${node} (JSON has no NaN or Infinity)`);
        // ECMAScript's Number-to-String is exactly RFC 8785's number form (and -0 prints as 0).
        parts.push(JSON.stringify(node));
        return;
      case "object": {
        if (Array.isArray(node)) {
          parts.push("[");
          depth++;
          for (let i = 0; i < node.length; i++) {
            if (i > 0) parts.push(",");
            if (node[i] === undefined) throw notJson(`${path}[${i}]`, "undefined");
            newline(depth);
            walk(node[i], `${path}[${i}]`);
          }
          depth--;
          if (node.length > 0) newline(depth);
          parts.push("]");
          return;
        }
        const proto = Object.getPrototypeOf(node);
        if (proto !== Object.prototype && proto !== null) {
          throw notJson(
            path,
            `a ${(node as object).constructor?.name ?? "non-plain object"} (only plain objects, arrays, strings, numbers, booleans and null)`,
          );
        }
        const record = node as Record<string, unknown>;
        // Default sort compares UTF-16 code units, which is what RFC 8785 asks for.
        const keys = Object.keys(record).sort();
        parts.push("{");
        depth++;
        let first = true;
        for (const key of keys) {
          const item = record[key];
          if (item === undefined) continue;
          if (!first) parts.push(",");
          first = false;
          newline(depth);
          parts.push(JSON.stringify(key), colon);
          walk(item, path ? `${path}.${key}` : key);
        }
        depth--;
        if (!first) newline(depth);
        parts.push("}");
        return;
      }
      default:
        throw notJson(path, `a ${typeof node}`);
    }
  };
  walk(value, "");
  return parts.join("");
}

function notJson(path: string, what: string): AppError {
  const where = path || "(top)";
  return new AppError("invalid", `${where}: ${what} cannot be written as JSON`, {
    problems: [{ path: where, message: `${what} cannot be written as JSON` }],
  });
}

/** The canonical JSON as UTF-8 bytes. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), "utf8");
}

/**
 * Whether JSON.stringify(value) already writes its canonical JSON: plain data only (null, booleans, strings, finite
 * numbers, arrays without holes, plain objects without undefined values) and every object's keys already in
 * sorted order, which is true of canonical JSON read back with JSON.parse (a bundle's content as it is in the
 * file). Then JSON.stringify, native, writes the same bytes: Object.keys order is its order, and its strings and
 * numbers are the ones canonicalJson writes. Anything else answers false, and canonicalJson decides.
 */
export function stringifyIsCanonical(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node === "string" || typeof node === "boolean") continue;
    if (typeof node === "number") {
      if (!Number.isFinite(node)) return false;
      continue;
    }
    if (typeof node !== "object") return false;
    if (typeof (node as { toJSON?: unknown }).toJSON === "function") return false;
    if (Array.isArray(node)) {
      if (Object.getPrototypeOf(node) !== Array.prototype) return false;
      for (let i = 0; i < node.length; i++) {
        if (node[i] === undefined) return false;
        stack.push(node[i]);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) return false;
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 && !(keys[i - 1] < keys[i])) return false;
      const item = record[keys[i]];
      if (item === undefined) return false;
      stack.push(item);
    }
  }
  return true;
}

/** Lowercase hex SHA-256 of the canonical JSON's UTF-8 bytes. */
export function canonicalSha256(value: unknown): string {
  const text = stringifyIsCanonical(value) ? JSON.stringify(value) : canonicalJson(value);
  return createHash("sha256").update(text, "utf8").digest("hex");
}
