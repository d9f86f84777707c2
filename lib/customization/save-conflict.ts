// What a revision-checked save answers an editor: saved with the new revision, or a conflict saying what the
// other admin changed meanwhile. Every editor (tables, sync filters, and the coming forms and security policy)
// types its save with these, and the conflict dialog shows them.
import type { TableConfig } from "./schema";

/** Lines a person reads: what the other admin changed since the base, and what both of them changed. */
export interface ConflictChanges {
  theirChanges: string[];
  overlapping: string[];
}

export interface SaveConflict<T> {
  /** The stored value the other admin saved. */
  theirs: T;
  theirRevision: number;
  /** "Name <email>" of who saved it, when known. */
  updatedBy: string | null;
  changes: ConflictChanges;
}

export type RevisionedSaveOutcome<T> =
  { saved: true; revision: number; config: T } | { saved: false; conflict: SaveConflict<T> };

/** A stale table-config save's AppError("conflict") details. */
export type TableConflictDetails = SaveConflict<TableConfig>;
