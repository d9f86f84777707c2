// The shape every server action answers with (app/_server/define-action.ts owns it), and the toast for failures.
import { notifications } from "@mantine/notifications";
import type { ActionResult } from "@/app/_server/define-action";

export type { ActionResult };

/** Shows a failed action's message (with its first field problem) and returns whether it succeeded. */
export function reportFailure<T>(result: ActionResult<T>, title = "Not saved"): result is { ok: true; data: T } {
  if (result.ok) return true;
  const extra = result.problems.length > 1 ? ` (${result.problems.length} problems)` : "";
  notifications.show({ color: "red", title, message: `${result.message}${extra}` });
  return false;
}
