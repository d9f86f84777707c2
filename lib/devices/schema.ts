// Device security: the device states and commands, and what a device sends on check-in (the policy itself is
// lib/customization/security-policy.ts). Pure zod: safe in the browser, the server
// and the CLI. Local database encryption is always on and is therefore not a setting.
import { z } from "zod";
import { SecurityPolicySchema } from "@/lib/customization/security-policy";
import { LONE_SURROGATE } from "@/lib/parse-input";

// ---------- device states and commands ----------

export const DEVICE_STATES = ["pending", "allowed", "blocked"] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];
export const DEVICE_STATE_LABELS: Record<DeviceState, string> = {
  pending: "pending approval",
  allowed: "allowed",
  blocked: "blocked",
};

export const COMMAND_KINDS = ["lock", "wipe", "full-sync"] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];
export const COMMAND_LABELS: Record<CommandKind, string> = {
  lock: "lock",
  wipe: "wipe",
  "full-sync": "force full sync",
};
export const COMMAND_STATUSES = ["queued", "sent", "acknowledged", "cancelled"] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** Why a device gets nothing: the problem+json `reason` of a 403 (device_*) a device app can act on. */
export const DEVICE_REFUSALS = {
  device_pending_approval: "This device waits for an administrator's approval; try again once it is approved.",
  device_blocked: "An administrator blocked this device.",
  device_limit_reached: "You have reached the most devices a user may use; ask an administrator to remove one.",
} as const;
export type DeviceRefusal = keyof typeof DEVICE_REFUSALS;

// ---------- check-in ----------

/** The largest check-in body the device API reads. */
export const CHECK_IN_MAX_BYTES = 16 * 1024;

/**
 * Control characters (C0, DEL and C1) in what a device reports: never part of a model, an OS name or version, and NUL
 * is text PostgreSQL cannot store (a batch holding it would be refused). Tabs and line breaks may be in an error
 * message. A lone surrogate (half of a UTF-16 pair, "\ud800" in JSON) is no character at all, and PostgreSQL refuses
 * it in JSON as well.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTER_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, "g");
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** `text` without control characters, and with U+FFFD for a lone surrogate (a token's name claim before it is stored). */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "").replace(LONE_SURROGATES, "\ufffd");
}

const shortText = (what: string, max: number, options: { lines?: boolean } = {}) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, `${what} has at most ${max} characters`)
    .refine(
      (text) =>
        !(options.lines ? CONTROL_CHARACTER_BUT_LINES : CONTROL_CHARACTER).test(text) && !LONE_SURROGATE.test(text),
      `${what} must not contain control characters${options.lines ? " (other than tabs and line breaks)" : ""} or a lone surrogate`,
    );

export const CheckInBodySchema = z
  .strictObject({
    model: shortText("Model", 100).min(1, "Model is required").describe("The hardware model, such as 'iPhone 15'."),
    os: z
      .strictObject({
        name: shortText("OS name", 40).min(1, "OS name is required").describe("iOS, Android, Windows, ..."),
        version: shortText("OS version", 40).min(1, "OS version is required"),
      })
      .describe("The operating system and its version."),
    lastSync: z
      .discriminatedUnion("result", [
        z.strictObject({ result: z.literal("ok"), at: z.iso.datetime({ offset: true }).optional() }),
        z.strictObject({
          result: z.literal("error"),
          at: z.iso.datetime({ offset: true }).optional(),
          message: shortText("Error message", 500, { lines: true }).min(1, "Say what failed"),
        }),
      ])
      .optional()
      .describe("The device's last sync: ok, or error with a short message."),
    localDatabase: z
      .strictObject({
        bytes: z.number().int().min(0).max(1e13).describe("Size of the local database in bytes."),
        rows: z.number().int().min(0).max(1e11).describe("Rows in the local database."),
      })
      .optional(),
    acknowledgements: z
      .array(z.uuid("A command id is a UUID"))
      .max(50, "At most 50 acknowledgements at once")
      .default([])
      .describe("Ids of commands the device has carried out."),
  })
  .describe("What a device reports when it checks in. App version and device id travel in headers.");
export type CheckInBody = z.infer<typeof CheckInBodySchema>;

/** One check-in as recorded (in batches) on the device's row and in its history. */
export interface CheckInRecord {
  deviceRowId: string;
  appVersion: string;
  body: CheckInBody;
  at: Date;
}

export interface CheckInAnswer {
  state: DeviceState;
  /** The project's published version whose bundle carries the policy the device must apply, when it has one. */
  policy: { projectId: string; version: number; bundle: string } | null;
  commands: Array<{ id: string; kind: CommandKind; queuedAt: string }>;
}

// ---------- admin inputs ----------

const idString = (what: string) =>
  z.string().trim().min(1, `${what} is required`).max(100, `${what} has at most 100 characters`);

export const SaveSecurityPolicyInputSchema = z.strictObject({
  projectId: idString("Project id"),
  revision: z.number().int().min(1),
  policy: SecurityPolicySchema,
});
export type SaveSecurityPolicyInput = z.infer<typeof SaveSecurityPolicyInputSchema>;

export const DEVICE_ACTIONS = ["approve", "block", "unblock", "lock", "wipe", "full-sync"] as const;
export type DeviceAction = (typeof DEVICE_ACTIONS)[number];
/** What each action is called, and what it does in a sentence (the confirmation says it). */
export const DEVICE_ACTION_WORDS: Record<DeviceAction, { label: string; effect: string; danger: boolean }> = {
  approve: { label: "Approve", effect: "Devices waiting for approval may sync.", danger: false },
  block: {
    label: "Block",
    effect: "The devices get nothing more from the portal, not even queued commands: queue a wipe first if needed.",
    danger: true,
  },
  unblock: { label: "Unblock", effect: "Blocked devices may sync again.", danger: false },
  lock: { label: "Lock", effect: "Each device locks the app at its next check-in.", danger: false },
  wipe: {
    label: "Wipe",
    effect: "Each device deletes its local data at its next check-in. Unsynced changes on it are lost.",
    danger: true,
  },
  "full-sync": {
    label: "Force full sync",
    effect: "Each device drops its local data and downloads everything again at its next check-in.",
    danger: false,
  },
};

/** A yes/no filter from the URL ("true", "1", "false", ...) or from JSON (true, false). */
const flag = z.union([z.boolean(), z.stringbool()]);

export const DeviceListFilterSchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe("Searches user, device id and model."),
  user: z.string().trim().max(200).optional(),
  projectId: z.string().trim().max(100).optional(),
  state: z.enum(DEVICE_STATES).optional(),
  appVersion: z.string().trim().max(50).optional(),
  os: z.string().trim().max(40).optional(),
  staleDays: z.coerce.number().int().min(1).max(3650).optional().describe("Last sync older than this many days."),
  behind: flag.optional().describe("Holds an older version than its project's newest."),
  atLimit: flag.optional().describe("Users at the device limit."),
});
export type DeviceListFilter = z.infer<typeof DeviceListFilterSchema>;

export const DEVICE_SORTS = ["lastSeen", "user", "appVersion", "firstSeen"] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

export const DeviceListQuerySchema = DeviceListFilterSchema.extend({
  sort: z.enum(DEVICE_SORTS).default("lastSeen"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50),
});
export type DeviceListQuery = z.infer<typeof DeviceListQuerySchema>;

export const DeviceActionInputSchema = z.strictObject({
  action: z.enum(DEVICE_ACTIONS),
  deviceIds: z.array(idString("Device id")).min(1, "Pick at least one device").max(1000),
});
export type DeviceActionInput = z.infer<typeof DeviceActionInputSchema>;

export const BulkDeviceActionInputSchema = z.strictObject({
  action: z.enum(DEVICE_ACTIONS),
  filter: DeviceListFilterSchema,
  /** How many devices the admin confirmed: a filter that now matches another number is a conflict. */
  expected: z.number().int().min(1),
});
export type BulkDeviceActionInput = z.infer<typeof BulkDeviceActionInputSchema>;

export const CancelCommandInputSchema = z.strictObject({ commandId: z.uuid() });
