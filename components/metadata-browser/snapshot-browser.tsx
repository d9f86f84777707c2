"use client";
// The snapshot page's two ways in: the tables list (filtered in the browser) and the org-wide column search
// (answered by the server). The chosen tab is kept in the URL (?tab=columns) so it survives back/forward.
import { useEffect } from "react";
import { Tabs } from "@mantine/core";
import { IconColumns, IconTable } from "@tabler/icons-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { TableRowTuple } from "@/lib/metadata/browse";
import { TablesList } from "./tables-list";
import { ColumnSearch } from "./column-search";

export function SnapshotBrowser({
  rows,
  basePath,
  searchUrl,
}: {
  rows: TableRowTuple[];
  basePath: string;
  searchUrl: string;
}) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab = params.get("tab") === "columns" ? "columns" : "tables";
  // An empty query makes the search route load the document and build its index now, so the first real
  // search is fast. Next bundles route handlers apart from pages (measured: warming from the page did not
  // help the route), so the warm-up goes through the route itself.
  useEffect(() => {
    void fetch(`${searchUrl}?q=`, { headers: { accept: "application/json" } }).catch(() => undefined);
  }, [searchUrl]);
  return (
    <Tabs
      value={tab}
      keepMounted={false}
      onChange={(value) =>
        router.replace(value === "columns" ? `${pathname}?tab=columns` : pathname, { scroll: false })
      }
    >
      <Tabs.List mb="md">
        <Tabs.Tab value="tables" leftSection={<IconTable size={16} aria-hidden />}>
          Tables ({rows.length.toLocaleString("en-US")})
        </Tabs.Tab>
        <Tabs.Tab value="columns" leftSection={<IconColumns size={16} aria-hidden />}>
          Column search
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="tables">
        <TablesList rows={rows} basePath={basePath} />
      </Tabs.Panel>
      <Tabs.Panel value="columns">
        <ColumnSearch searchUrl={searchUrl} basePath={basePath} />
      </Tabs.Panel>
    </Tabs>
  );
}
