"use client";
// The shared save flow (use-revisioned-save) bound to one table's config, for the editors that save a whole table
// config through the table's save action: the forms and views of a table (their lists and, through
// useTableItemEditor, their designers). It also lends
// the unsaved draft to the validation panel, at low priority: an edit paints first, the whole project's
// re-validation follows; leaving the page forgets the draft.
import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import type { SaveTableConfigRequest } from "@/lib/customization/mutations";
import type { RevisionedSaveOutcome } from "@/lib/customization/save-conflict";
import type { TableConfig } from "@/lib/customization/schema";
import type { ActionResult } from "@/components/projects/action-result";
import { useWorkspace } from "@/components/projects/workspace";
import { useRevisionedSave, type RevisionedSave, type RevisionedSaveOptions } from "./use-revisioned-save";

/** The table's save action (app/(portal)/projects/[projectId]/tables/[table]/actions.ts). */
export type SaveTableConfig = (
  input: SaveTableConfigRequest,
) => Promise<ActionResult<RevisionedSaveOutcome<TableConfig>>>;

export function useTableConfigEditor({
  projectId,
  tableName,
  loaded,
  save,
  ...options
}: {
  projectId: string;
  tableName: string;
  loaded: { config: TableConfig; revision: number };
  save: SaveTableConfig;
} & Pick<
  RevisionedSaveOptions<TableConfig>,
  "draft" | "meaningOf" | "onLoad" | "savedMessage"
>): RevisionedSave<TableConfig> {
  const editor = useRevisionedSave<TableConfig>({
    ...options,
    loaded: { value: loaded.config, revision: loaded.revision },
    save: ({ value, revision, base, overwrite }) =>
      save({ projectId, tableName, revision, config: value, base, ...(overwrite ? { overwrite: true } : {}) }),
  });

  const { setTableDraft } = useWorkspace();
  const deferredDraft = useDeferredValue(editor.dirty ? options.draft : undefined);
  useEffect(() => {
    startTransition(() => setTableDraft(tableName, deferredDraft));
  }, [deferredDraft, tableName, setTableDraft]);
  useEffect(() => () => setTableDraft(tableName, undefined), [tableName, setTableDraft]);
  return editor;
}

type Collection = "forms" | "views";
type ItemOf<K extends Collection> = TableConfig[K][number];

/**
 * The save flow of a designer of one form or one view of a table: the table config as stored (`stored`), the draft
 * (`place` puts the edited item into it, with what follows from it), and "something to save" judged by the item
 * alone. `onLoad` gets the stored item after a save or after reloading the other admin's version.
 */
export function useTableItemEditor<K extends Collection>({
  loaded,
  save,
  collection,
  item,
  place,
  onLoad,
}: {
  loaded: { projectId: string; tableName: string; config: TableConfig; revision: number };
  save: SaveTableConfig;
  collection: K;
  /** The item as the designer holds it now. */
  item: ItemOf<K>;
  /** The config with the item in place (a stable function). */
  place(config: TableConfig, item: ItemOf<K>): TableConfig;
  onLoad(item: ItemOf<K>): void;
}): { editor: RevisionedSave<TableConfig>; stored: TableConfig } {
  const [stored, setStored] = useState(loaded.config);
  const draft = useMemo(() => place(stored, item), [place, stored, item]);
  const id = item.id;
  const find = useCallback(
    (config: TableConfig) => (config[collection] as ReadonlyArray<ItemOf<K>>).find((x) => x.id === id),
    [collection, id],
  );
  const meaningOf = useCallback((config: TableConfig) => JSON.stringify(find(config) ?? null), [find]);
  const editor = useTableConfigEditor({
    projectId: loaded.projectId,
    tableName: loaded.tableName,
    loaded,
    save,
    draft,
    meaningOf,
    onLoad: (config) => {
      setStored(config);
      const next = find(config);
      if (next) onLoad(next);
    },
    savedMessage: (revision) =>
      `Saved ${collection === "forms" ? "form" : "view"} ${item.name} (revision ${revision}).`,
  });
  return { editor, stored };
}
