// What a snapshot is called: the automatic name given at import (kind of source, table count, date and time), the
// one the admin gave it instead, and the words for each kind of source. Pure; safe in the browser.
import { countOf } from "@/lib/format/count";
import { formatWhen } from "@/lib/format/when";
import type { ProvenanceSource, SnapshotSourceKind } from "@/lib/metadata/schema";

export const SOURCE_KIND_LABELS: Readonly<Record<SnapshotSourceKind, string>> = {
  "webapi-json": "Web API JSON",
  solution: "Solution",
  live: "Live org",
  combined: "Combined",
};

/** The words for a kind of source; an unknown kind (a row written by a newer portal) as it is spelled. */
export function sourceKindLabel(kind: string): string {
  return (SOURCE_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

/** "NonprofitCore_2_2_3_0_managed.zip" -> "NonprofitCore"; "folder core (68 files)" -> "core"; else undefined. */
function solutionNameOf(sourceName: string): string | undefined {
  const folder = /^folder (.+) \(\d+ files?\)$/.exec(sourceName);
  if (folder) return folder[1];
  if (sourceName.includes(":") || /^customizations\.xml$/i.test(sourceName)) return undefined;
  const file = sourceName.split("/").pop() ?? sourceName;
  const zip = /^(.+?)(?:_\d+)*(?:_managed|_unmanaged)?\.zip$/i.exec(file);
  return zip ? zip[1] : undefined;
}

/** One source in a few words: "Solution NonprofitCore", "Web API JSON", "Live org contoso.crm.dynamics.com". */
export function describeSource(kind: string, sourceName: string): string {
  const label = sourceKindLabel(kind);
  if (kind === "solution") {
    const name = solutionNameOf(sourceName);
    return name ? `${label} ${name}` : label;
  }
  if (kind === "live") {
    try {
      return `${label} ${new URL(sourceName).host}`;
    } catch {
      return label;
    }
  }
  return label;
}

/** Snapshot names are kept short enough for a picker. */
export const SNAPSHOT_NAME_MAX = 120;

/**
 * The automatic name: "Solution NonprofitCore · 77 tables · 2026-12-07 01:52 UTC"; a combined snapshot names its
 * sources joined by " + ".
 */
export function automaticSnapshotName(input: {
  source: string;
  sourceName: string;
  tableCount: number;
  createdAt: Date | string;
  sources?: ReadonlyArray<Pick<ProvenanceSource, "kind" | "name">>;
}): string {
  const what =
    input.sources && input.sources.length > 1
      ? input.sources.map((s) => describeSource(s.kind, s.name)).join(" + ")
      : describeSource(input.source, input.sourceName);
  const tail = ` · ${countOf(input.tableCount, "table")} · ${formatWhen(input.createdAt)}`;
  const room = SNAPSHOT_NAME_MAX - tail.length;
  return `${what.length > room ? `${what.slice(0, room - 3)}...` : what}${tail}`;
}

/** The name to show: the one given, else the automatic one (rows imported before snapshots had names). */
export function snapshotDisplayName(row: {
  name: string | null;
  source: string;
  sourceName: string;
  tableCount: number;
  createdAt: Date | string;
}): string {
  return row.name ?? automaticSnapshotName(row);
}

/** A picker's line for a snapshot: its name, with the import time when the name does not already say it. */
export function snapshotChoiceLabel(s: { name: string; createdAt: Date | string }): string {
  const when = formatWhen(s.createdAt);
  return s.name.includes(when) ? s.name : `${s.name} · ${when}`;
}
