"use client";
// The save flow every editor shares: the value as last loaded or saved (the base) and its revision, whether the
// draft differs from it, a save that sends the revision it was loaded at, and a stale save's conflict, which the
// admin resolves in the ConflictDialog by reloading the other admin's version or overwriting it knowingly.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { notifications } from "@mantine/notifications";
import type { RevisionedSaveOutcome, SaveConflict } from "@/lib/customization/save-conflict";
import { reportFailure, type ActionResult } from "@/components/projects/action-result";

export interface RevisionedSaveRequest<T> {
  /** What to store. */
  value: T;
  /** The revision the admin edited, or the other admin's when overwriting knowingly. */
  revision: number;
  /** The value as this admin loaded it, so a conflict can say what the other admin changed. */
  base: T;
  overwrite: boolean;
}

export interface RevisionedSaveOptions<T> {
  loaded: { value: T; revision: number };
  /** The value as the editor holds it now. */
  draft: T;
  /** What decides whether there is something to save (two values with the same meaning are not a change). */
  meaningOf?(value: T): string;
  /** What "overwrite with mine" stores: the draft by default. */
  overwriteWith?(draft: T, theirs: T): T;
  save(request: RevisionedSaveRequest<T>): Promise<ActionResult<RevisionedSaveOutcome<T>>>;
  /** Puts a value into the editor: after a save, and when the admin reloads the other admin's version. */
  onLoad(value: T): void;
  savedMessage(revision: number): string;
}

export interface RevisionedSave<T> {
  base: T;
  revision: number;
  dirty: boolean;
  pending: boolean;
  conflict: SaveConflict<T> | null;
  save(): void;
  /** Stores the draft over the other admin's revision (from the conflict dialog). */
  overwrite(): void;
  /** Drops the draft for the other admin's version (from the conflict dialog). */
  reloadTheirs(): void;
  closeConflict(): void;
}

const byJson = (value: unknown) => JSON.stringify(value);

export function useRevisionedSave<T>(options: RevisionedSaveOptions<T>): RevisionedSave<T> {
  const { loaded, draft, meaningOf = byJson, overwriteWith = (mine: T) => mine, save, onLoad, savedMessage } = options;
  const router = useRouter();
  const [base, setBase] = useState(loaded.value);
  const [revision, setRevision] = useState(loaded.revision);
  const [conflict, setConflict] = useState<SaveConflict<T> | null>(null);
  const [pending, startTransition] = useTransition();
  const dirty = meaningOf(draft) !== meaningOf(base);

  function load(value: T, nextRevision: number) {
    setBase(value);
    setRevision(nextRevision);
    onLoad(value);
  }

  function submit(over: SaveConflict<T> | null) {
    startTransition(async () => {
      const result = await save({
        value: over ? overwriteWith(draft, over.theirs) : draft,
        revision: over ? over.theirRevision : revision,
        base,
        overwrite: !!over,
      });
      if (!reportFailure(result)) return;
      if (!result.data.saved) {
        setConflict(result.data.conflict);
        return;
      }
      setConflict(null);
      notifications.show({ color: "green", message: savedMessage(result.data.revision) });
      load(result.data.config, result.data.revision);
      router.refresh();
    });
  }

  return {
    base,
    revision,
    dirty,
    pending,
    conflict,
    save: () => submit(null),
    overwrite: () => submit(conflict),
    reloadTheirs: () => {
      if (!conflict) return;
      load(conflict.theirs, conflict.theirRevision);
      setConflict(null);
      router.refresh();
    },
    closeConflict: () => setConflict(null),
  };
}
