// What the project overview's tabs may do: the server actions the project page hands them.
import type { Limits, ProjectRole, SyncMode } from "@/lib/customization/schema";
import type { RetargetImpact } from "@/lib/customization/retarget";
import type { ActionResult } from "./action-result";

export interface OverviewActions {
  enableTables(input: {
    projectId: string;
    tableNames: string[];
    syncMode: SyncMode;
  }): Promise<ActionResult<{ revisions: Record<string, number> }>>;
  removeTable(input: { projectId: string; tableName: string; revision: number }): Promise<ActionResult<null>>;
  setRoles(input: {
    projectId: string;
    revision: number;
    roles: ProjectRole[];
  }): Promise<ActionResult<{ revision: number }>>;
  updateProject(input: {
    projectId: string;
    revision: number;
    name?: string;
    description?: string;
    settings?: { limits: Limits };
  }): Promise<ActionResult<{ revision: number }>>;
  previewRetarget(input: { projectId: string; snapshotId: string }): Promise<ActionResult<RetargetImpact>>;
  retarget(input: {
    projectId: string;
    revision: number;
    snapshotId: string;
  }): Promise<ActionResult<{ revision: number; summary: string }>>;
}
