"use client";
// The header of a table's Views and Forms pages: back to the table, the title, and a switch between the two pages.
import { SegmentedControl } from "@mantine/core";
import { useRouter } from "next/navigation";
import { DesignerHeader } from "./designer-header";

export function TableDesignerHeader({
  projectId,
  tableName,
  tableLabel,
  page,
  subtitle,
  readOnly,
}: {
  projectId: string;
  tableName: string;
  tableLabel: string;
  page: "views" | "forms";
  subtitle: string;
  readOnly: boolean;
}) {
  const router = useRouter();
  const base = `/projects/${projectId}/tables/${tableName}`;
  return (
    <DesignerHeader
      backHref={base}
      backLabel={tableLabel}
      title={`${page === "views" ? "Views" : "Forms"} of ${tableLabel}`}
      subtitle={subtitle}
      readOnly={readOnly}
    >
      <SegmentedControl
        size="xs"
        aria-label="Designer page"
        value={page}
        onChange={(v) => router.push(`${base}/${v}`)}
        data={[
          { value: "views", label: "Views" },
          { value: "forms", label: "Forms" },
        ]}
      />
    </DesignerHeader>
  );
}
