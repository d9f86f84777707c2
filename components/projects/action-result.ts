// The shape every project server action answers with (see app/_server/define-action.ts), and the toast for failures.
import { notifications } from "@mantine/notifications";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; problems: Array<{ path: string; message: string }> };

/** Shows a failed action's message (with its first field problem) and returns whether it succeeded. */
export function reportFailure<T>(result: ActionResult<T>, title = "Not saved"): result is { ok: true; data: T } {
  if (result.ok) return true;
  const extra = result.problems.length > 1 ? ` (${result.problems.length} problems)` : "";
  notifications.show({ color: "red", title, message: `${result.message}${extra}` });
  return false;
}
