// The app-project configuration model: the one source of truth for the database documents, the API,
// the bundle and the published JSON Schema. Plain JSON, strict objects, sets kept sorted. Safe anywhere.
import { z } from "zod";
import { SyncFilterSchema } from "@/lib/filters/schema";

import { LogicalNameSchema, NAME_MAX, byString, displayNameSchema, rejectDuplicates } from "./schema-blocks";
import { TableFormsSchema, TableViewsSchema } from "@/lib/forms/schema";
import { DEFAULT_SECURITY_POLICY, SecurityPolicySchema } from "@/lib/customization/security-policy";

// ---------- limits on the document itself (not the mobile-client limits, which are settings) ----------
// Views and forms have theirs in lib/forms/schema.ts.

export const DESCRIPTION_MAX = 2000;
export const MAX_TABLES_PER_PROJECT = 1000;
export const MAX_COLUMNS_PER_TABLE = 5000;
export const MAX_ROLES_PER_PROJECT = 500;
export const MAX_PRIORITY = 1_000_000;

const displayName = displayNameSchema;

/** A set of logical names: duplicates rejected (naming them), stored sorted so equal sets are equal bytes. */
function logicalNameSet(what: string, max: number) {
  return z
    .array(LogicalNameSchema)
    .max(max, `At most ${max} ${what}`)
    .superRefine(rejectDuplicates((name: string) => name, what.replace(/s$/, "")))
    .overwrite((names) => [...names].sort(byString));
}

// ---------- table config ----------

export const SyncModeSchema = z
  .enum(["offline", "online"])
  .describe(
    "offline: rows are stored on the device; online: never stored on the device, fetched from the server when needed.",
  );
export type SyncMode = z.infer<typeof SyncModeSchema>;

export const PERMISSION_NAMES = ["create", "read", "write", "delete", "assign", "share"] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

const permission = (what: string) =>
  z.boolean().describe(`Whether the app lets the user ${what}. Only narrows what Dataverse security roles grant.`);

export const PermissionsSchema = z
  .strictObject({
    create: permission("create rows"),
    read: permission("read rows"),
    write: permission("edit rows"),
    delete: permission("delete rows"),
    assign: permission("assign rows to another owner"),
    share: permission("share rows"),
  })
  .describe("What the app lets a user do with the table's rows; can only narrow what Dataverse itself grants.");
export type Permissions = z.infer<typeof PermissionsSchema>;

/** The default for a newly enabled table: narrow nothing, Dataverse's own security decides. */
export const DEFAULT_PERMISSIONS: Permissions = {
  create: true,
  read: true,
  write: true,
  delete: true,
  assign: true,
  share: true,
};

/**
 * The shape without cross-field rules, for schemas that extend it (a zod object with refinements
 * cannot be extended). Parse documents with TableConfigSchema.
 */
export const TableConfigObjectSchema = z.strictObject({
  tableName: LogicalNameSchema.describe("The table's logical name, e.g. 'contact'."),
  columns: logicalNameSet("columns", MAX_COLUMNS_PER_TABLE).describe(
    "The columns that go to the device (logical names, sorted). The primary id and name columns and every column a filter, view or form uses are always included.",
  ),
  syncMode: SyncModeSchema,
  syncFilter: SyncFilterSchema.optional().describe(
    "Which rows reach the device. Offline tables only; absent means every row (preset 'all').",
  ),
  permissions: PermissionsSchema,
  readOnlyColumns: logicalNameSet("read-only columns", MAX_COLUMNS_PER_TABLE)
    .default([])
    .describe("Selected columns the user may see but not edit on the device."),
  views: TableViewsSchema,
  forms: TableFormsSchema,
});

/** One enabled table of a project: the unit of concurrent editing (stored with its own revision). */
export const TableConfigSchema = TableConfigObjectSchema.superRefine((config, ctx) => {
  // Online-only rows never reach the device, so a sync filter would be a setting with no meaning.
  if (config.syncMode === "online" && config.syncFilter) {
    ctx.addIssue({
      code: "custom",
      path: ["syncFilter"],
      message: "An online-only table has no sync filter: remove the filter or set the sync mode to offline",
    });
  }
}).describe("One enabled table of an app project: columns, sync mode and filter, permissions, views, forms.");
export type TableConfig = z.infer<typeof TableConfigSchema>;
export type TableConfigInput = z.input<typeof TableConfigSchema>;

// ---------- project settings ----------

/** Dataverse's documented mobile-offline guidance (see ../shared/DATAVERSE.md) and FetchXML limits. */
export const DEFAULT_LIMITS = {
  maxRowsHard: 3_000_000,
  maxRowsAdvised: 200_000,
  maxTablesAdvised: 100,
  maxConditions: 500,
  maxLinks: 15,
  maxRelationshipsPerTable: 15,
} as const;

const limit = (fallback: number, text: string) =>
  z.number().int().positive().max(1_000_000_000).default(fallback).describe(text);

export const LimitsSchema = z
  .strictObject({
    maxRowsHard: limit(
      DEFAULT_LIMITS.maxRowsHard,
      "More rows than this on a device (all offline tables together) is an error.",
    ),
    maxRowsAdvised: limit(
      DEFAULT_LIMITS.maxRowsAdvised,
      "Advised: fewer rows than this on a device (all offline tables together); at or above it is a warning.",
    ),
    maxTablesAdvised: limit(
      DEFAULT_LIMITS.maxTablesAdvised,
      "Advised: fewer tables than this in a project; at or above it is a warning.",
    ),
    maxConditions: limit(
      DEFAULT_LIMITS.maxConditions,
      "Conditions per sync filter (Dataverse refuses a FetchXML query with more).",
    ),
    maxLinks: limit(
      DEFAULT_LIMITS.maxLinks,
      "Link conditions per sync filter (Dataverse refuses a FetchXML query with more).",
    ),
    maxRelationshipsPerTable: limit(
      DEFAULT_LIMITS.maxRelationshipsPerTable,
      "Relationships of one table to other tables of the project; more is a warning.",
    ),
  })
  .superRefine((limits, ctx) => {
    if (limits.maxRowsAdvised > limits.maxRowsHard) {
      ctx.addIssue({
        code: "custom",
        path: ["maxRowsAdvised"],
        message: "The advised row limit cannot be above the hard row limit",
      });
    }
  })
  .describe("What a mobile client can take; defaults follow Dataverse's mobile-offline guidance.");
export type Limits = z.infer<typeof LimitsSchema>;

// ---------- acknowledged warnings ----------

export const MAX_ACKNOWLEDGEMENTS = 2000;
export const ACKNOWLEDGEMENT_NOTE_MAX = 1000;

/** A warning an editor set aside as intended, with why; matched to the warning by id, valid while its cause is unchanged. */
export const AcknowledgementSchema = z
  .strictObject({
    issueId: z
      .string()
      .min(1, "Issue id is required")
      .max(4000, "Issue id has at most 4000 characters")
      .describe("The validation issue's stable id (code:table:column:discriminator)."),
    code: z.string().min(1).max(100).describe("The issue's code, e.g. 'column_not_readable'."),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{16}$/, "Fingerprint is 16 hexadecimal digits")
      .describe(
        "A hash of the warning's cause (code, place and the inputs that raise it) when it was acknowledged: a different one raises the warning again.",
      ),
    note: z
      .string()
      .trim()
      .min(1, "Say why the warning is intended")
      .max(ACKNOWLEDGEMENT_NOTE_MAX, `The note has at most ${ACKNOWLEDGEMENT_NOTE_MAX} characters`)
      .describe("Why the warning is intended."),
    by: z.string().min(1).max(320).describe("Who acknowledged it (the admin's email)."),
    at: z.iso.datetime({ offset: true }).describe("When it was acknowledged (ISO 8601)."),
  })
  .describe("A warning an editor acknowledged as intended.");
export type Acknowledgement = z.infer<typeof AcknowledgementSchema>;

export const AcknowledgementsSchema = z
  .array(AcknowledgementSchema)
  .max(MAX_ACKNOWLEDGEMENTS, `At most ${MAX_ACKNOWLEDGEMENTS} acknowledged warnings`)
  .superRefine(rejectDuplicates((a: Acknowledgement) => a.issueId, "acknowledgement"))
  .overwrite((acks) => [...acks].sort((a, b) => byString(a.issueId, b.issueId)))
  .describe(
    "Warnings the editors acknowledged, unique by issue id, sorted by it. Part of the project file; never in a bundle (publishing leaves it out).",
  );

export const ProjectSettingsSchema = z
  .strictObject({
    limits: LimitsSchema.default({ ...DEFAULT_LIMITS }),
    security: SecurityPolicySchema.default(() => structuredClone(DEFAULT_SECURITY_POLICY)),
    acknowledgements: AcknowledgementsSchema.optional(),
  })
  .describe("Project-wide settings.");
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;
export const DEFAULT_SETTINGS: ProjectSettings = {
  limits: { ...DEFAULT_LIMITS },
  security: structuredClone(DEFAULT_SECURITY_POLICY),
};

// ---------- project header and roles ----------

export const ProjectRoleSchema = z
  .strictObject({
    roleName: z
      .string()
      .trim()
      .min(1, "Role name cannot be empty")
      .max(NAME_MAX, `Role name has at most ${NAME_MAX} characters`)
      .describe("The Dataverse security role's name, as the org spells it."),
    roleId: z
      .guid("Role id must be a GUID")
      .optional()
      .describe("The role's id in the org, when picked from a connected environment."),
    priority: z
      .number({ error: "Priority must be a number" })
      .int("Priority must be a whole number")
      .min(0, "Priority cannot be negative")
      .max(MAX_PRIORITY, `Priority is at most ${MAX_PRIORITY}`)
      .describe("When a user has roles of several projects, the project with the highest priority wins."),
  })
  .describe("A Dataverse security role this project is for.");
export type ProjectRole = z.infer<typeof ProjectRoleSchema>;

const roleKey = (r: { roleName: string }) => r.roleName.toLowerCase();

export const ProjectRolesSchema = z
  .array(ProjectRoleSchema)
  .max(MAX_ROLES_PER_PROJECT, `At most ${MAX_ROLES_PER_PROJECT} roles`)
  .superRefine(rejectDuplicates(roleKey, "role", (r) => r.roleName))
  // Order carries no meaning (priority does), so keep one order for byte-identical documents.
  .overwrite((roles) => [...roles].sort((a, b) => byString(roleKey(a), roleKey(b)) || byString(a.roleName, b.roleName)))
  .describe("The security roles the project is for, unique by name (case-insensitive).");

const idString = (what: string) =>
  z.string().trim().min(1, `${what} is required`).max(100, `${what} has at most 100 characters`);

export const ProjectNameSchema = displayName("Project name").describe("The project's name, unique in the portal.");
export const ProjectDescriptionSchema = z
  .string()
  .trim()
  .max(DESCRIPTION_MAX, `Description has at most ${DESCRIPTION_MAX} characters`)
  .default("")
  .describe("Free text for the admins.");

export const ProjectHeaderSchema = z.strictObject({
  name: ProjectNameSchema,
  description: ProjectDescriptionSchema,
  environmentId: idString("Environment id").describe("The environment (Dataverse org) the project targets."),
  snapshotId: idString("Snapshot id").describe("The metadata snapshot the project is validated against."),
  roles: ProjectRolesSchema.default([]),
});
export type ProjectHeader = z.infer<typeof ProjectHeaderSchema>;

export const ProjectTablesSchema = z
  .array(TableConfigSchema)
  .max(MAX_TABLES_PER_PROJECT, `A project has at most ${MAX_TABLES_PER_PROJECT} tables`)
  .superRefine(rejectDuplicates((t: TableConfig) => t.tableName, "table"))
  .overwrite((tables) => [...tables].sort((a, b) => byString(a.tableName, b.tableName)))
  .describe("The enabled tables, unique by logical name, sorted by it.");

/** The whole app project as one validated document: what later issues publish as a bundle. */
export const ProjectDocumentSchema = ProjectHeaderSchema.extend({
  settings: ProjectSettingsSchema.default(() => structuredClone(DEFAULT_SETTINGS)),
  tables: ProjectTablesSchema.default([]),
}).describe("An app project: header, roles, settings and its enabled tables.");
export type ProjectDocument = z.infer<typeof ProjectDocumentSchema>;
export type ProjectDocumentInput = z.input<typeof ProjectDocumentSchema>;

// ---------- write inputs (server actions, API) ----------

const projectId = idString("Project id");
const revision = z
  .number({ error: "Revision must be a number" })
  .int("Revision must be a whole number")
  .min(1, "Revision starts at 1")
  .describe("The revision the admin loaded; a save against a newer one is a conflict.");

export const CreateProjectInputSchema = z.strictObject({
  name: ProjectNameSchema,
  description: ProjectDescriptionSchema,
  environmentId: idString("Environment id"),
  snapshotId: idString("Snapshot id"),
  roles: ProjectRolesSchema.default([]),
  settings: ProjectSettingsSchema.optional(),
});
export type CreateProjectInput = z.infer<typeof CreateProjectInputSchema>;

export const CloneProjectInputSchema = z.strictObject({
  projectId,
  name: ProjectNameSchema.describe("The new project's name."),
});
export type CloneProjectInput = z.infer<typeof CloneProjectInputSchema>;

export const UpdateProjectInputSchema = z.strictObject({
  projectId,
  revision,
  name: ProjectNameSchema.optional(),
  description: ProjectDescriptionSchema.optional(),
  settings: z
    .strictObject({
      limits: LimitsSchema,
      security: SecurityPolicySchema.optional(),
      acknowledgements: AcknowledgementsSchema.optional(),
    })
    .optional()
    .describe(
      "The limits, and the security policy and acknowledged warnings when given (an imported project file); without them the stored ones stay (the Settings tab saves limits only).",
    ),
});
export type UpdateProjectInput = z.infer<typeof UpdateProjectInputSchema>;

const issueId = AcknowledgementSchema.shape.issueId;

/** Acknowledging one warning of the saved project with a note (or replacing the note of an acknowledged one). */
export const AcknowledgeWarningInputSchema = z
  .strictObject({ projectId, revision, issueId, note: AcknowledgementSchema.shape.note })
  .describe("Acknowledge a warning of a project as intended.");
export type AcknowledgeWarningInput = z.infer<typeof AcknowledgeWarningInputSchema>;

export const WithdrawAcknowledgementInputSchema = z
  .strictObject({ projectId, revision, issueId })
  .describe("Withdraw the acknowledgement of a warning.");
export type WithdrawAcknowledgementInput = z.infer<typeof WithdrawAcknowledgementInputSchema>;

export const SetProjectRolesInputSchema = z.strictObject({ projectId, revision, roles: ProjectRolesSchema });
export type SetProjectRolesInput = z.infer<typeof SetProjectRolesInputSchema>;

export const RetargetProjectInputSchema = z.strictObject({
  projectId,
  revision,
  snapshotId: idString("Snapshot id").describe("The newer snapshot to validate against."),
});
export type RetargetProjectInput = z.infer<typeof RetargetProjectInputSchema>;

export const EnableTablesInputSchema = z.strictObject({
  projectId,
  tableNames: z
    .array(LogicalNameSchema)
    .min(1, "Pick at least one table")
    .max(MAX_TABLES_PER_PROJECT, `At most ${MAX_TABLES_PER_PROJECT} tables at once`)
    .superRefine(rejectDuplicates((n: string) => n, "table")),
  syncMode: SyncModeSchema.default("offline"),
});
export type EnableTablesInput = z.infer<typeof EnableTablesInputSchema>;

export const RemoveTableInputSchema = z.strictObject({ projectId, tableName: LogicalNameSchema, revision });
export type RemoveTableInput = z.infer<typeof RemoveTableInputSchema>;

/** Saving one table's config. A stale `revision` gets a conflict; saving again with the newer revision overwrites knowingly. */
export const SaveTableConfigInputSchema = z
  .strictObject({ projectId, revision, config: TableConfigSchema })
  .describe("Save one table config of a project.");
export type SaveTableConfigInput = z.infer<typeof SaveTableConfigInputSchema>;
