// Stable ids of views, forms and their parts (tabs, sections, fields, rules): rules point at them, so they never
// change when an element is renamed or moved. Imported ones keep Dataverse's GUIDs; new ones are short and random.
import { z } from "zod";

export const ElementIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    "An id has 1 to 64 letters, digits, '-' or '_' and starts with a letter or digit",
  )
  .describe("A stable id, unique within its form (or table, for views and forms).");
export type ElementId = z.infer<typeof ElementIdSchema>;

/** A new id: a prefix saying what it is and 10 random base-36 characters ("fld-k3j9x0q2ma"). */
export function newElementId(prefix: "view" | "form" | "tab" | "sec" | "fld" | "hdr" | "rule"): ElementId {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let text = "";
  for (const byte of bytes) text += (byte % 36).toString(36);
  return `${prefix}-${text}`;
}

/** Dataverse's "{6C9C1F3A-...}" as an id: lowercase, without braces. */
export function idFromGuid(guid: string): ElementId {
  return guid.replace(/[{}]/g, "").toLowerCase();
}
