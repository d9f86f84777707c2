// Client app versions ("1.4.2"): parsing and ordering, to give a device the newest version it can run.
// Pure; used by the device API, the publish screen and the CLI.
import { z } from "zod";

const PATTERN = /^\d{1,6}(\.\d{1,6}){0,3}$/;

export const ClientVersionSchema = z
  .string()
  .trim()
  .regex(PATTERN, "Must be a version such as 1.4 or 1.4.2 (numbers separated by dots)")
  .describe("A client app version: up to four dot-separated numbers.");

export const DEFAULT_MIN_CLIENT_VERSION = "1.0.0";

/**
 * Versions already parsed, by their text: every device request names its app's version and each published version
 * its minimum, and a fleet runs a handful of versions, so each text is parsed once. Bounded; the arrays are shared
 * and frozen.
 */
const parsedVersions = new Map<string, readonly number[] | null>();
const PARSED_VERSIONS_KEPT = 1_000;

/** The numeric parts of a version, or undefined when it is not one ("1.4.2-beta" keeps 1.4.2). */
export function parseClientVersion(text: string): readonly number[] | undefined {
  let parsed = parsedVersions.get(text);
  if (parsed === undefined) {
    const core = text.trim().split(/[-+ ]/, 1)[0] ?? "";
    parsed = PATTERN.test(core) ? Object.freeze(core.split(".").map(Number)) : null;
    if (parsedVersions.size >= PARSED_VERSIONS_KEPT) parsedVersions.clear();
    parsedVersions.set(text, parsed);
  }
  return parsed ?? undefined;
}

/** -1, 0 or 1; missing parts count as 0, so 1.4 equals 1.4.0. */
export function compareClientVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether an app at `appVersion` can run a version that needs at least `minClientVersion`. */
export function canRun(appVersion: readonly number[], minClientVersion: string): boolean {
  const min = parseClientVersion(minClientVersion);
  return min !== undefined && compareClientVersions(appVersion, min) >= 0;
}
