"use client";
// A table name that this snapshot does not hold (a typo, a table of another org, or a partial import).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { IconTableOff } from "@tabler/icons-react";
import { Button } from "@mantine/core";
import { EmptyState } from "@/components/shell/empty-state";

export default function TableNotFound() {
  const snapshotPath = usePathname().replace(/\/tables\/[^/]*\/?$/, "");
  return (
    <EmptyState
      icon={<IconTableOff size={24} />}
      title="This snapshot has no such table"
      action={
        <Button component={Link} href={snapshotPath} variant="light">
          Back to the tables list
        </Button>
      }
    >
      Check the logical name (it is lower case, like contact or msnfp_donation). A managed solution holds only its own
      tables and the system tables it extends.
    </EmptyState>
  );
}
