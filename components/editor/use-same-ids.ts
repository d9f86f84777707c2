"use client";
import { useMemo } from "react";

/**
 * The same array as the render before while the ids and their order are the same. dnd-kit's SortableContext hands
 * its sortables a new context for every new items array, so `items={list.map((x) => x.id)}` would re-render every
 * sortable under it on every render of its parent (in the form designer: every field of every tab on each move).
 */
export function useSameIds(ids: readonly string[]): string[] {
  const key = ids.join("\u0000");
  return useMemo(() => (key === "" ? [] : key.split("\u0000")), [key]);
}
