"use client";
// A windowed list for the metadata browser: only the rows in view (plus a few) are in the DOM, so 1,000
// tables or 60,000 search hits scroll and filter without stutter. Arrow keys move focus between row links.
import { useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import classes from "./metadata-browser.module.css";

export interface VirtualListProps<T> {
  items: T[];
  label: string;
  /** Fixed row height, or the first guess when rows measure themselves (dynamic). */
  rowHeight: number;
  dynamic?: boolean;
  /** CSS height of the scroll box when the rows overflow it, e.g. "max(360px, calc(100vh - 400px))". */
  height: string;
  getKey: (item: T, index: number) => string;
  renderRow: (item: T, index: number) => React.ReactNode;
  /** Exposed so a search box can move focus into the list with the down arrow. */
  listRef?: React.RefObject<HTMLDivElement | null>;
  testId?: string;
}

export function VirtualList<T>({
  items,
  label,
  rowHeight,
  dynamic,
  height,
  getKey,
  renderRow,
  listRef,
  testId,
}: VirtualListProps<T>) {
  const ownRef = useRef<HTMLDivElement | null>(null);
  const parentRef = listRef ?? ownRef;
  // The virtualizer hands back fresh functions each render by design; nothing here is memoized on them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => getKey(items[index], index),
    // Server render and first paint: pretend a viewport so the first rows are there before measuring.
    initialRect: { width: 1000, height: 640 },
  });

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(items.length - 1, index));
    virtualizer.scrollToIndex(target, { align: "auto" });
    requestAnimationFrame(() => {
      const link = parentRef.current?.querySelector<HTMLElement>(
        `[data-index="${target}"] a, [data-index="${target}"] [tabindex]`,
      );
      link?.focus();
    });
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>("[data-index]");
    if (!row) return;
    const index = Number(row.dataset.index);
    const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: items.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    focusRow(moves[event.key]);
  };

  return (
    // As tall as its rows up to `height`, so three matches do not sit in a mostly empty box.
    <div
      ref={parentRef}
      className={classes.viewport}
      style={{ height: `min(${virtualizer.getTotalSize() + 2}px, ${height})` }}
      role="list"
      aria-label={label}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      <div style={{ height: virtualizer.getTotalSize(), width: "100%", position: "relative" }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            role="listitem"
            aria-setsize={items.length}
            aria-posinset={row.index + 1}
            data-index={row.index}
            ref={dynamic ? virtualizer.measureElement : undefined}
            style={{
              position: "absolute",
              top: 0,
              left: 0,
              width: "100%",
              height: dynamic ? undefined : row.size,
              transform: `translateY(${row.start}px)`,
            }}
          >
            {renderRow(items[row.index], row.index)}
          </div>
        ))}
      </div>
    </div>
  );
}

/** Moves focus from a search box to the list's first row on ArrowDown. */
export function focusFirstRow(listRef: React.RefObject<HTMLDivElement | null>, event: React.KeyboardEvent): void {
  if (event.key !== "ArrowDown") return;
  const first = listRef.current?.querySelector<HTMLElement>('[data-index="0"] a, [data-index="0"] [tabindex]');
  if (first) {
    event.preventDefault();
    listRef.current?.scrollTo({ top: 0 });
    first.focus();
  }
}
