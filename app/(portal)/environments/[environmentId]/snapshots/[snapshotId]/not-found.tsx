import { IconDatabaseOff } from "@tabler/icons-react";
import { Button } from "@mantine/core";
import { EmptyState } from "@/components/shell/empty-state";

export default function SnapshotNotFound() {
  return (
    <EmptyState
      icon={<IconDatabaseOff size={24} />}
      title="No such snapshot"
      action={
        <Button component="a" href="/environments" variant="light">
          Go to environments
        </Button>
      }
    >
      This snapshot does not exist in this environment. It may belong to another environment, or its environment was
      deleted.
    </EmptyState>
  );
}
