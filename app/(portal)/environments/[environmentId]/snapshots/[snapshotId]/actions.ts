"use server";
// Snapshot page: rename a snapshot (editors and owners, revision-checked) and delete one nothing uses (owners).
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { deleteSnapshot, renameSnapshot } from "@/lib/metadata/mutations";
import { RenameSnapshotSchema, SnapshotIdSchema } from "@/lib/metadata/schema";
import { defineAction } from "@/app/_server/define-action";

const environmentPath = (id: string) => `/environments/${encodeURIComponent(id)}`;

export const renameSnapshotAction = defineAction(
  { permission: "edit", input: RenameSnapshotSchema },
  async (input, { actor, requestId }) => {
    const snapshot = await renameSnapshot(getDb(), actor, input, { requestId });
    revalidatePath(environmentPath(snapshot.environmentId));
    revalidatePath(`${environmentPath(snapshot.environmentId)}/snapshots/${encodeURIComponent(snapshot.id)}`);
    revalidatePath("/projects", "layout");
    return { name: snapshot.name, revision: snapshot.revision };
  },
);

export const deleteSnapshotAction = defineAction(
  { permission: "manage-environments", input: SnapshotIdSchema },
  async (input, { actor, requestId }) => {
    const { environmentId } = await deleteSnapshot(getDb(), actor, input, { requestId });
    revalidatePath(environmentPath(environmentId));
    return { environmentId };
  },
);
