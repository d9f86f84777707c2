// A view's row colour and icon by a choice column: which columns may style rows, the style a row's value gets, and
// the designer's edits of it. Pure; the view designer, its live preview and validation (lib/forms/validate.ts) share
// these, so "which column may colour rows" is decided here alone.
import { labelOf, type Column, type Table } from "@/lib/metadata/schema";
import type { RowStyle, View } from "./schema";
import { ROW_COLORS, ROW_ICONS } from "./schema";

export type RowColor = (typeof ROW_COLORS)[number];
export type RowIcon = (typeof ROW_ICONS)[number];
export type OptionStyle = RowStyle["options"][number];

/** The column types whose options can colour a row: one value per row, from a fixed list. */
export const ROW_STYLE_COLUMN_TYPES: ReadonlySet<Column["type"]> = new Set(["picklist", "state", "status", "boolean"]);

/** Whether a column can colour rows (a single choice with its options known or named). */
export function canStyleRows(
  column: Column | undefined,
): column is Column & { optionSet: NonNullable<Column["optionSet"]> } {
  return !!column && ROW_STYLE_COLUMN_TYPES.has(column.type) && !!column.optionSet;
}

/** The table's columns that can colour rows, by label. */
export function rowStyleColumns(table: Table | undefined): Column[] {
  return (table?.columns ?? [])
    .filter((c) => canStyleRows(c) && !c.attributeOf)
    .sort((a, b) => labelOf(a.displayName, a.logicalName).localeCompare(labelOf(b.displayName, b.logicalName)));
}

/** The style of a row whose row-style column holds `value` (an option value as text), if any. */
export function rowStyleFor(rowStyle: RowStyle | undefined, value: string | null | undefined): OptionStyle | undefined {
  if (!rowStyle || value === null || value === undefined || value === "") return undefined;
  const style = rowStyle.options.find((o) => String(o.value) === value);
  return style && (style.color || style.icon) ? style : undefined;
}

/** Rows coloured by `column` (no option styled yet), or plain rows (`undefined`). Changing the column starts over. */
export function setRowStyleColumn(view: View, column: string | undefined): View {
  const { rowStyle: _old, ...rest } = view;
  void _old;
  if (!column) return rest;
  if (view.rowStyle?.column === column) return view;
  return { ...rest, rowStyle: { column, options: [] } };
}

/** One option's colour and icon; an option with neither is dropped, in the options' order of `order`. */
export function setOptionStyle(
  view: View,
  value: number,
  patch: { color?: RowColor | null; icon?: RowIcon | null },
  order: readonly number[] = [],
): View {
  if (!view.rowStyle) return view;
  const current = view.rowStyle.options.find((o) => o.value === value) ?? { value };
  const next: OptionStyle = { value };
  const color = patch.color === undefined ? current.color : (patch.color ?? undefined);
  const icon = patch.icon === undefined ? current.icon : (patch.icon ?? undefined);
  if (color) next.color = color;
  if (icon) next.icon = icon;
  const others = view.rowStyle.options.filter((o) => o.value !== value);
  const options = next.color || next.icon ? [...others, next] : others;
  const rank = (v: number) => {
    const i = order.indexOf(v);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  options.sort((a, b) => rank(a.value) - rank(b.value) || a.value - b.value);
  return { ...view, rowStyle: { ...view.rowStyle, options } };
}
