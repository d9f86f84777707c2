// A project's device security policy: password rules, wipes, business hours, blocking new devices, forced
// connections; presets. Part of the project document, so published in the bundle, in its JSON Schema and diffed in
// words. Pure zod: safe anywhere. Local database encryption is always on and is therefore not a setting.
import { z } from "zod";
import { formatNumber } from "@/lib/format/count";

// ---------- the security policy ----------

export const PASSWORD_MODES = ["remember", "every-launch", "after-inactivity"] as const;
export const WEEK_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} is at least ${min}`)
    .max(max, `${what} is at most ${formatNumber(max)}`);

export const PasswordPolicySchema = z
  .discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("remember") }).describe("Kept in the platform's secure storage."),
    z.strictObject({ mode: z.literal("every-launch") }).describe("Entered at every launch of the app."),
    z
      .strictObject({
        mode: z.literal("after-inactivity"),
        minutes: wholeNumber("Minutes of inactivity", 1, 1440).describe(
          "Minutes without use after which the password is asked again (1-1,440).",
        ),
      })
      .describe("Entered again after some minutes without use."),
  ])
  .describe("When the user must enter their password.");
export type PasswordPolicy = z.infer<typeof PasswordPolicySchema>;

export const WrongPasswordPolicySchema = z
  .strictObject({
    attempts: wholeNumber("Wrong passwords", 3, 20).describe(
      "Wrong passwords in a row that trigger the action (3-20).",
    ),
    action: z
      .enum(["lock", "wipe"], { error: "Action is lock or wipe" })
      .describe("Lock the app, or wipe its local data."),
  })
  .describe("What happens after too many wrong passwords in a row.");
export type WrongPasswordPolicy = z.infer<typeof WrongPasswordPolicySchema>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const TimeRangeSchema = z
  .strictObject({
    from: z.string().regex(TIME, "Start is a time such as 08:00").describe("Start, HH:MM, local time of the zone."),
    to: z
      .string()
      .regex(TIME, "End is a time such as 18:00")
      .describe("End, HH:MM, exclusive; earlier than the start for a range that crosses midnight."),
  })
  .describe("A time range of one day; it may cross midnight into the next day.");
export type TimeRange = z.infer<typeof TimeRangeSchema>;

/** The zone Intl answers for `zone` (its own list, not a copy; a link answers the zone it links to), or undefined. */
function resolvedTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  return resolvedTimeZone(zone) !== undefined;
}

/** `resolved` when it is `zone` in another case ("europe/berlin": "Europe/Berlin"); a link ("US/Eastern") is not. */
const otherCase = (zone: string, resolved: string | undefined) =>
  resolved !== undefined && resolved !== zone && resolved.toLowerCase() === zone.toLowerCase() ? resolved : undefined;

/** The zone's own spelling when `zone` names it in another case, else undefined (a link is taken as written). */
export function timeZoneSpelling(zone: string): string | undefined {
  return otherCase(zone, resolvedTimeZone(zone));
}

export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
/** A range that ends at or before its start (but not equal) crosses midnight. */
export const crossesMidnight = (range: TimeRange) => minutesOf(range.to) < minutesOf(range.from);

const WEEK = 7 * 1440;

const daysShape = Object.fromEntries(
  WEEK_DAYS.map((day) => [
    day,
    z
      .array(TimeRangeSchema)
      .max(12, "At most 12 ranges a day")
      .default([])
      .describe(`Ranges on ${day[0].toUpperCase()}${day.slice(1)}; none: the app stays closed that day.`),
  ]),
) as Record<WeekDay, z.ZodDefault<z.ZodArray<typeof TimeRangeSchema>>>;

export const BusinessHoursSchema = z
  .strictObject({
    timeZone: z
      .string()
      .trim()
      .min(1, "Time zone is required")
      .max(64, "Time zone has at most 64 characters")
      // Intl takes any case, a device's runtime (Java's ZoneId, Python's zoneinfo) only the zone's own spelling.
      .superRefine((zone, ctx) => {
        const resolved = resolvedTimeZone(zone);
        const spelled = otherCase(zone, resolved);
        if (resolved === undefined)
          ctx.addIssue({ code: "custom", message: "is not a known IANA time zone (such as Europe/Berlin)" });
        else if (spelled !== undefined)
          ctx.addIssue({ code: "custom", message: `is spelled '${spelled}' (time zone names are case-sensitive)` });
      })
      .describe("The IANA time zone the ranges are in, such as Europe/Berlin."),
    days: z.strictObject(daysShape).describe("The ranges of each day of the week."),
  })
  .superRefine((hours, ctx) => {
    // Every range on one circular week of minutes; a range crossing midnight runs into the next day.
    const spans: Array<{ start: number; end: number; path: (string | number)[]; label: string }> = [];
    WEEK_DAYS.forEach((day, d) => {
      hours.days[day].forEach((range, i) => {
        const from = minutesOf(range.from);
        const to = minutesOf(range.to);
        const path = ["days", day, i];
        if (from === to) {
          ctx.addIssue({ code: "custom", path, message: `The range ${range.from}-${range.to} is empty` });
          return;
        }
        const start = d * 1440 + from;
        spans.push({
          start,
          end: start + ((to - from + 1440) % 1440),
          path,
          label: `${day} ${range.from}-${range.to}`,
        });
      });
    });
    if (spans.length === 0 && Object.values(hours.days).every((r) => r.length === 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["days"],
        message: "Give at least one day a time range, or turn business hours off",
      });
    }
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
      [0, WEEK, -WEEK].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
    for (let i = 0; i < spans.length; i++) {
      for (let j = 0; j < i; j++) {
        if (overlaps(spans[i], spans[j])) {
          ctx.addIssue({
            code: "custom",
            path: spans[i].path,
            message: `The range ${spans[i].label} overlaps ${spans[j].label}`,
          });
        }
      }
    }
  })
  .describe("Outside these hours the app refuses to open its local data.");
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;
export type BusinessHoursInput = z.input<typeof BusinessHoursSchema>;

export const SecurityPolicySchema = z
  .strictObject({
    password: PasswordPolicySchema,
    wipeAfterDaysWithoutSync: wholeNumber("Days without a sync", 1, 365)
      .nullable()
      .describe("Wipe the local data after this many days without a successful sync (1-365); null: never."),
    wrongPasswords: WrongPasswordPolicySchema.nullable().describe("null: wrong passwords only get asked again."),
    businessHours: BusinessHoursSchema.nullable().describe("null: the app opens at any time."),
    blockNewDevices: z
      .boolean()
      .describe("A device the portal has not approved gets nothing: an admin approves it on the Devices page."),
    forceConnectionHours: wholeNumber("Hours between connections", 1, 720)
      .nullable()
      .describe("The app must reach the server at least this often to check its policy (1-720 hours); null: never."),
  })
  .describe(
    "Device security rules. The local database is always encrypted (not a setting). Absent in bundles published before security policies: the same as the 'convenient' preset, which restricts nothing.",
  );
export type SecurityPolicy = z.infer<typeof SecurityPolicySchema>;
export type SecurityPolicyInput = z.input<typeof SecurityPolicySchema>;

export const SECURITY_PRESETS = {
  strict: {
    password: { mode: "every-launch" },
    wipeAfterDaysWithoutSync: 7,
    wrongPasswords: { attempts: 5, action: "wipe" },
    businessHours: null,
    blockNewDevices: true,
    forceConnectionHours: 24,
  },
  balanced: {
    password: { mode: "after-inactivity", minutes: 15 },
    wipeAfterDaysWithoutSync: 30,
    wrongPasswords: { attempts: 10, action: "lock" },
    businessHours: null,
    blockNewDevices: false,
    forceConnectionHours: 72,
  },
  convenient: {
    password: { mode: "remember" },
    wipeAfterDaysWithoutSync: null,
    wrongPasswords: null,
    businessHours: null,
    blockNewDevices: false,
    forceConnectionHours: null,
  },
} as const satisfies Record<string, SecurityPolicy>;
export type SecurityPreset = keyof typeof SECURITY_PRESETS;
export const SECURITY_PRESET_NAMES = Object.keys(SECURITY_PRESETS) as SecurityPreset[];

/**
 * The policy of a project that never set one, and of every bundle published before policies existed: it
 * restricts nothing, which is what devices did until then. A default that wiped or locked would take effect on
 * the next publish of every existing project without its admin having chosen it.
 */
export const DEFAULT_SECURITY_POLICY: SecurityPolicy = structuredClone(SECURITY_PRESETS.convenient) as SecurityPolicy;

/** The preset a policy equals, if any. */
export function presetOf(policy: SecurityPolicy): SecurityPreset | undefined {
  const text = JSON.stringify(policy);
  return SECURITY_PRESET_NAMES.find((name) => JSON.stringify(SECURITY_PRESETS[name]) === text);
}
