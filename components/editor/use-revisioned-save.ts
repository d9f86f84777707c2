"use client";
// The save flow every editor shares: the value as last loaded or saved (the base) and its revision, whether the
// draft differs from it, a save that sends the revision it was loaded at, and a stale save's conflict, which the
// admin resolves in the ConflictDialog by reloading the other admin's version or overwriting it knowingly. A list
// whose every change is saved at once (the forms and views of a table) saves a value directly with `saveValue`.
import { useMemo, useRef, useState, useTransition } from "react";
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
  /**
   * Saves `value` at once instead of the draft (a list's add, duplicate or delete); resolves to whether it was
   * stored. A conflict opens the dialog, whose overwrite then stores this value.
   */
  saveValue(value: T, message?: string): Promise<boolean>;
  /** Stores the draft (or the value last given to saveValue) over the other admin's revision (from the conflict dialog). */
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
  // Big drafts (a 150-field form) are compared once per change, not once per render.
  const dirty = useMemo(() => meaningOf(draft) !== meaningOf(base), [meaningOf, draft, base]);
  /** What saveValue last sent, with its message: the overwrite sends it again. */
  const direct = useRef<{ value: T; message?: string } | null>(null);

  function load(value: T, nextRevision: number) {
    setBase(value);
    setRevision(nextRevision);
    onLoad(value);
  }

  function submit(over: SaveConflict<T> | null, done?: (stored: boolean) => void) {
    const sent = direct.current;
    const mine = sent ? sent.value : draft;
    startTransition(async () => {
      const result = await save({
        value: over ? overwriteWith(mine, over.theirs) : mine,
        revision: over ? over.theirRevision : revision,
        base,
        overwrite: !!over,
      });
      if (!reportFailure(result)) return done?.(false);
      if (!result.data.saved) {
        setConflict(result.data.conflict);
        return done?.(false);
      }
      setConflict(null);
      direct.current = null;
      notifications.show({ color: "green", message: sent?.message ?? savedMessage(result.data.revision) });
      load(result.data.config, result.data.revision);
      router.refresh();
      done?.(true);
    });
  }

  return {
    base,
    revision,
    dirty,
    pending,
    conflict,
    save: () => {
      direct.current = null;
      submit(null);
    },
    saveValue: (value, message) =>
      new Promise<boolean>((resolve) => {
        direct.current = { value, message };
        submit(null, resolve);
      }),
    overwrite: () => submit(conflict),
    reloadTheirs: () => {
      if (!conflict) return;
      direct.current = null;
      load(conflict.theirs, conflict.theirRevision);
      setConflict(null);
      router.refresh();
    },
    closeConflict: () => {
      direct.current = null;
      setConflict(null);
    },
  };
}
