"use client";
// The designers' one adapter to saving a table config: the revision they loaded, a revision-checked save through
// the table's save action, the conflict when another admin saved first (overwrite or reload theirs), the unsaved
// draft lent to the validation panel, and a guard before leaving with unsaved changes. All save, conflict and
// dirty logic of the Views and Forms pages lives here, so one shared hook can replace it.
import { startTransition, useCallback, useDeferredValue, useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { notifications } from "@mantine/notifications";
import type { TableConfig } from "@/lib/customization/schema";
import type { TableConflictDetails } from "@/lib/customization/mutations";
import { reportFailure, type ActionResult } from "@/components/projects/action-result";
import { useWorkspace } from "@/components/projects/workspace";

export type TableSaveOutcome =
  { saved: true; revision: number; config: TableConfig } | { saved: false; conflict: TableConflictDetails };

export interface TableSaveInput {
  projectId: string;
  tableName: string;
  revision: number;
  config: TableConfig;
  overwrite?: boolean;
  base?: unknown;
}

export type SaveTableConfig = (input: TableSaveInput) => Promise<ActionResult<TableSaveOutcome>>;

export interface TableConfigSave {
  /** The config as last loaded or saved. */
  base: TableConfig;
  revision: number;
  pending: boolean;
  conflict: TableConflictDetails | null;
  /** Saves `config`; resolves to the stored config, or null when it was not saved (conflict or failure). */
  submit(config: TableConfig, message?: string): Promise<TableConfig | null>;
  /** After a conflict: save the last submitted config over their revision. */
  overwrite(): Promise<TableConfig | null>;
  /** After a conflict: drop the edits and take their version. */
  reloadTheirs(): void;
  dismissConflict(): void;
}

export function useTableConfigSave({
  projectId,
  tableName,
  loaded,
  save,
  draft,
  onStored,
}: {
  projectId: string;
  tableName: string;
  loaded: { config: TableConfig; revision: number };
  save: SaveTableConfig;
  /** The unsaved config, or undefined when nothing is changed. */
  draft: TableConfig | undefined;
  /** Called with the stored config after a save or after taking their version. */
  onStored(config: TableConfig): void;
}): TableConfigSave {
  const router = useRouter();
  const { setTableDraft } = useWorkspace();
  const [base, setBase] = useState(loaded.config);
  const [revision, setRevision] = useState(loaded.revision);
  const [conflict, setConflict] = useState<TableConflictDetails | null>(null);
  const [pending, startSaving] = useTransition();
  const lastSubmitted = useRef<TableConfig | null>(null);
  const onStoredRef = useRef(onStored);
  useEffect(() => {
    onStoredRef.current = onStored;
  }, [onStored]);

  const dirty = draft !== undefined;
  // The validation panel checks the unsaved draft, at low priority: an edit paints first, the whole project's
  // re-validation follows. Leaving the page forgets the draft.
  const deferredDraft = useDeferredValue(draft);
  useEffect(() => {
    startTransition(() => setTableDraft(tableName, deferredDraft));
  }, [deferredDraft, tableName, setTableDraft]);
  useEffect(() => () => setTableDraft(tableName, undefined), [tableName, setTableDraft]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const run = useCallback(
    (config: TableConfig, overwriteRevision: number | undefined, message?: string) =>
      new Promise<TableConfig | null>((resolve) => {
        lastSubmitted.current = config;
        startSaving(async () => {
          const result = await save({
            projectId,
            tableName,
            revision: overwriteRevision ?? revision,
            config,
            base,
            ...(overwriteRevision !== undefined ? { overwrite: true } : {}),
          });
          if (!reportFailure(result)) return resolve(null);
          if (!result.data.saved) {
            setConflict(result.data.conflict);
            return resolve(null);
          }
          setConflict(null);
          setBase(result.data.config);
          setRevision(result.data.revision);
          onStoredRef.current(result.data.config);
          notifications.show({
            color: "green",
            message: message ?? `Saved ${tableName} (revision ${result.data.revision}).`,
          });
          router.refresh();
          resolve(result.data.config);
        });
      }),
    [save, projectId, tableName, revision, base, router],
  );

  return {
    base,
    revision,
    pending,
    conflict,
    submit: (config, message) => run(config, undefined, message),
    overwrite: async () =>
      conflict && lastSubmitted.current ? run(lastSubmitted.current, conflict.theirRevision) : null,
    reloadTheirs: () => {
      if (!conflict) return;
      setBase(conflict.theirs);
      setRevision(conflict.theirRevision);
      onStoredRef.current(conflict.theirs);
      setConflict(null);
      router.refresh();
    },
    dismissConflict: () => setConflict(null),
  };
}
