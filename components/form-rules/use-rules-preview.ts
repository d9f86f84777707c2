"use client";
// Runs the form's rules for the designer's phone preview with the evaluator the device uses (lib/forms/rules):
// load on the sample values whenever the form changes, change when the admin edits a value in the preview, save
// on the preview's Save button. The context is fixed: the signed-in admin (or a placeholder) and today's date.
import { useCallback, useMemo, useState } from "react";
import type { Table } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import type { TableConfig } from "@/lib/customization/schema";
import { changeValue, compileForm, loadForm, saveForm, type CompiledForm } from "@/lib/forms/rules/evaluate";
import { columnCaption, ruleColumns } from "@/lib/forms/rules/columns";
import type { FormValue, RuleContext, RuleOutcome } from "@/lib/forms/rules/outcome";
import { sampleRecord } from "@/lib/forms/sample-values";
import { formColumnUses } from "@/lib/forms/walk";

/** Stands for the signed-in user when the page does not know their systemuserid. */
export const PREVIEW_USER_ID = "00000000-0000-0000-0000-000000000001";

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface RulesPreview {
  outcome: RuleOutcome | undefined;
  /** The last event the trace describes. */
  event: string;
  /** Set after the preview's Save: whether it was allowed. */
  saved: boolean | undefined;
  change(column: string, value: FormValue): void;
  save(): void;
  /** A column by display name, logical name second, for the trace. */
  caption(column: string): string;
}

export function useRulesPreview(
  form: Form,
  table: Table | undefined,
  config: Pick<TableConfig, "readOnlyColumns">,
  user?: { id: string; name: string },
): RulesPreview {
  const context = useMemo<RuleContext>(
    () => ({ userId: user?.id ?? PREVIEW_USER_ID, userName: user?.name ?? "You", today: today() }),
    [user?.id, user?.name],
  );
  const columns = useMemo(() => (table ? ruleColumns(table, config) : {}), [table, config]);
  const compiled = useMemo(() => compileForm(form, columns), [form, columns]);
  const uses = useMemo(() => [...new Set(formColumnUses(form).map((u) => u.column))].sort().join(","), [form]);
  const samples = useMemo(() => sampleRecord(table, uses ? uses.split(",") : []), [table, uses]);
  const [edits, setEdits] = useState<Record<string, FormValue>>({});
  // The outcome of the last change or save, with the compiled form it belongs to.
  const [result, setResult] = useState<{
    outcome: RuleOutcome;
    event: string;
    saved?: boolean;
    compiled: CompiledForm;
  }>();

  // The form changed (or the sample values did): open it again on the values the admin has typed so far. Worked out
  // in the render, not in an effect, so an edit paints its preview in one render instead of two.
  const opened = useMemo(
    () => ({ outcome: loadForm(compiled, { ...samples, ...edits }, context), event: "Load", saved: undefined }),
    // The admin's edits are applied through change(); re-opening on each edit would reset rule state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [compiled, samples, context],
  );
  const shown = result?.compiled === compiled ? result : opened;

  const change = useCallback(
    (column: string, value: FormValue) => {
      setEdits((e) => ({ ...e, [column]: value }));
      setResult((r) => {
        const last = r?.compiled === compiled ? r.outcome : opened.outcome;
        // The save's "is required" errors belong to that save; the next change starts without them.
        const current = { ...last, messages: last.messages.filter((m) => m.ruleId !== "") };
        return {
          outcome: changeValue(compiled, current, column, value, context),
          event: `Change of ${columnCaption(columns, column)}`,
          compiled,
        };
      });
    },
    [compiled, opened, context, columns],
  );

  const save = useCallback(() => {
    setResult((r) => {
      const last = r?.compiled === compiled ? r.outcome : opened.outcome;
      const current = { ...last, messages: last.messages.filter((m) => m.ruleId !== "") };
      const outcome = saveForm(compiled, current, context);
      return { outcome, event: "Save", saved: outcome.canSave, compiled };
    });
  }, [compiled, opened, context]);

  const caption = useCallback((column: string) => columnCaption(columns, column), [columns]);
  return { outcome: shown.outcome, event: shown.event, saved: shown.saved, change, save, caption };
}
