"use client";
// Deleting an environment, after a confirmation that says what goes with it. Refused (with the projects named)
// while a project is built on it.
import { Text } from "@mantine/core";
import { countOf } from "@/lib/format/count";
import type { ActionResult } from "@/components/projects/action-result";
import { ConfirmDelete } from "./confirm-delete";

export function DeleteEnvironment({
  environmentId,
  name,
  snapshotCount,
  projectCount,
  action,
}: {
  environmentId: string;
  name: string;
  snapshotCount: number;
  projectCount: number;
  action: (input: { environmentId: string }) => Promise<ActionResult<unknown>>;
}) {
  return (
    <ConfirmDelete
      label="Delete environment"
      title={`Delete ${name}?`}
      blocked={projectCount > 0}
      run={() => action({ environmentId })}
      then="/environments"
    >
      {projectCount > 0 ? (
        <Text size="sm">
          {projectCount === 1 ? "A project is" : `${projectCount} projects are`} built on this environment. Move{" "}
          {projectCount === 1 ? "it" : "them"} to another environment or delete {projectCount === 1 ? "it" : "them"}{" "}
          first.
        </Text>
      ) : (
        <Text size="sm">
          Its connection, its client secret and its {countOf(snapshotCount, "metadata snapshot")} are deleted. This
          cannot be undone.
        </Text>
      )}
    </ConfirmDelete>
  );
}
