// Fits a form or view imported from the org into a table that may already hold others: ids and names are unique per
// table, so an id already taken (the same org form imported twice) gets a new one, and a name taken gets a number.
// The parts inside keep their ids (they are unique within the form). Pure.
import { newElementId } from "@/lib/forms/element-id";
import { NAME_MAX } from "@/lib/customization/schema-blocks";
import type { Form, View } from "@/lib/forms/schema";
import { clipText } from "@/lib/format/clip";

/** `name`, or `name (2)`, `name (3)`... : the first not taken (case-insensitive), within the name length limit. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${clipText(name, NAME_MAX - suffix.length)}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

function fit<T extends { id: string; name: string }>(
  item: T,
  existing: ReadonlyArray<{ id: string; name: string }>,
  prefix: "form" | "view",
): T {
  const id = existing.some((e) => e.id === item.id) ? newElementId(prefix) : item.id;
  return {
    ...item,
    id,
    name: uniqueName(
      item.name,
      existing.map((e) => e.name),
    ),
  };
}

export function fitImportedForm(form: Form, existing: ReadonlyArray<{ id: string; name: string }>): Form {
  return fit(form, existing, "form");
}

export function fitImportedView(view: View, existing: ReadonlyArray<{ id: string; name: string }>): View {
  return fit(view, existing, "view");
}
