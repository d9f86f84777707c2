"use client";
// After an import from the org, the designer of the imported form or view says so and lists what did not come
// across (with where it was), until the admin closes it. Handed over in sessionStorage: the list page saves the
// import and navigates here, and a page reload in the same tab still shows it.
import { useEffect, useState } from "react";
import { Alert, List, ListItem, ScrollArea, Text } from "@mantine/core";
import { IconDatabaseImport } from "@tabler/icons-react";
import type { SkippedItem } from "@/lib/forms/import-form";
import { countOf } from "@/lib/format/count";

interface Where {
  projectId: string;
  table: string;
  what: "forms" | "views";
  id: string;
}
interface Imported {
  name: string;
  skipped: SkippedItem[];
}

const keyOf = (w: Where) => `syncwright:org-import:${w.projectId}:${w.table}:${w.what}:${w.id}`;

export function rememberImported(where: Where, imported: Imported): void {
  try {
    sessionStorage.setItem(keyOf(where), JSON.stringify(imported));
  } catch {
    // Storage full or off: the designer then just does not show the notice.
  }
}

function recall(where: Where): Imported | null {
  try {
    const text = sessionStorage.getItem(keyOf(where));
    return text ? (JSON.parse(text) as Imported) : null;
  } catch {
    return null;
  }
}

export function ImportedNotice(where: Where) {
  const [imported, setImported] = useState<Imported | null>(null);
  const key = keyOf(where);
  useEffect(() => {
    // sessionStorage exists only in the browser: read after mount, not during the server render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setImported(recall(where));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!imported) return null;
  const noun = where.what === "forms" ? "form" : "view";
  const close = () => {
    try {
      sessionStorage.removeItem(key);
    } catch {
      // nothing to forget
    }
    setImported(null);
  };
  return (
    <Alert
      mb="md"

      color="blue"
      icon={<IconDatabaseImport size={18} />}
      title={`Imported the ${noun} ${imported.name} from the org`}
      withCloseButton
      closeButtonLabel="Close the import summary"
      onClose={close}
      data-testid="imported-notice"
    >
      {imported.skipped.length === 0 ? (
        <Text size="sm">Everything came across. Change it freely: it is the project&apos;s own now.</Text>
      ) : (
        <>
          <Text size="sm">
            {countOf(imported.skipped.length, "item")} did not come across as in the org (a device cannot show them):
          </Text>
          <ScrollArea.Autosize mah={180} type="auto" mt={4}>
            <List size="sm" spacing={2} aria-label="Not imported">
              {imported.skipped.map((item, index) => (
                <ListItem key={index}>
                  {item.what}{" "}
                  <Text span c="dimmed" size="sm">
                    — {item.where}
                  </Text>
                </ListItem>
              ))}
            </List>
          </ScrollArea.Autosize>
        </>
      )}
    </Alert>
  );
}
