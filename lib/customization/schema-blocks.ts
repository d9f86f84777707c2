// The building blocks every configuration schema shares (logical names, admin-chosen names, duplicate checks),
// in their own module so lib/customization/schema.ts and lib/forms/schema.ts can both use them without a circle.
import { z } from "zod";

export const NAME_MAX = 100;
export const LOGICAL_NAME_MAX = 128;

/** A Dataverse logical name: lowercase, as Dataverse itself stores every table and column name. */
export const LogicalNameSchema = z
  .string()
  .min(1, "A logical name cannot be empty")
  .max(LOGICAL_NAME_MAX, `A logical name has at most ${LOGICAL_NAME_MAX} characters`)
  .regex(
    /^[a-z_][a-z0-9_]*$/,
    "A logical name has only lowercase letters, digits and underscores (e.g. 'contact', 'new_fax')",
  )
  .describe("A Dataverse logical name (lowercase), e.g. 'contact' or 'telephone1'.");

/** A display name chosen by the admin (project, view, form, tab, section): trimmed, 1..100 characters. */
export function displayNameSchema(what: string) {
  return z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(NAME_MAX, `${what} has at most ${NAME_MAX} characters`);
}

/** Reports every repeated key (by `key`) at the position of its second occurrence, naming it. */
export function rejectDuplicates<T>(key: (item: T) => string, what: string, label: (item: T) => string = key) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const first = seen.get(k);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `Duplicate ${what} '${label(item)}' (also at position ${first})`,
        });
      } else {
        seen.set(k, index);
      }
    });
  };
}

export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
