"use client";
// A table's views: the designer list with a "New view", columns and sort per view, and "set default" (one default
// view per kind).
import { Badge, Button, Text } from "@mantine/core";
import { IconStar } from "@tabler/icons-react";
import type { View } from "@/lib/forms/schema";
import { duplicateView, newView, setDefaultView } from "@/lib/forms/designer-ops";
import { columnLabelIn } from "@/lib/metadata/naming";
import { DesignerList, type DesignerListPageProps } from "@/components/form-designer/designer-list";
import { orgImportSlots, type OrgImportSource } from "@/components/form-designer/org-import";

/** The page passes `orgImport` (what the snapshot keeps and the server actions) for "Import from org". */
export function ViewList({ orgImport, ...page }: DesignerListPageProps & { orgImport?: OrgImportSource }) {
  const label = (column: string) => columnLabelIn(page.loaded.table, column);
  return (
    <DesignerList<View>
      {...page}
      {...orgImportSlots("views", orgImport, page)}
      page="views"
      noun="view"
      items={(config) => config.views}
      withItems={(config, views) => ({ ...config, views })}
      creates={[{ label: "New view", make: (views, config) => newView(views, page.loaded.table, config.columns) }]}
      emptyText="A view is a list the user scrolls on the device (or the list a lookup picker shows): its columns, their order and widths, how it sorts and an optional extra filter. Without one the device lists rows by their name."
      columns={[
        { header: "Kind", cell: (v) => (v.kind === "list" ? "List" : "Lookup") },
        { header: "Columns", cell: (v) => v.columns.length },
        {
          header: "Sort",
          cell: (v) => (
            <Text size="xs">
              {v.sort.length ? v.sort.map((s) => `${label(s.column)} ${s.descending ? "↓" : "↑"}`).join(", ") : "none"}
            </Text>
          ),
        },
      ]}
      badges={(v) => (
        <>
          {v.isDefault ? (
            <Badge size="xs" ml="xs" variant="light">
              default
            </Badge>
          ) : null}
          {v.filter?.children.length ? (
            <Badge size="xs" ml="xs" variant="outline" color="gray">
              filtered
            </Badge>
          ) : null}
        </>
      )}
      duplicate={duplicateView}
      rowActions={(v, list) => (
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconStar size={12} />}
          aria-label={`Set default: view ${v.name}`}
          disabled={v.isDefault || list.pending}
          onClick={() =>
            void list.saveItems(setDefaultView(list.items, v.id), `${v.name} is the default ${v.kind} view.`)
          }
        >
          Set default
        </Button>
      )}
      actionsWidth={300}
      deleteText="Forms whose lookups or associated lists show this view fall back to the table's default view. Published versions keep their copy."
    />
  );
}
