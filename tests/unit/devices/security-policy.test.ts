// The security policy model: presets, bounds, business hours (zones, empty and overlapping ranges, midnight), the
// default of projects and bundles that predate policies, and the policy diff in words.
import { describe, expect, it } from "vitest";
import {
  BusinessHoursSchema,
  DEFAULT_SECURITY_POLICY,
  SECURITY_PRESETS,
  SecurityPolicySchema,
  isTimeZone,
  timeZoneSpelling,
  presetOf,
  type SecurityPolicy,
} from "@/lib/customization/security-policy";
import { describeBusinessHours, describePolicyDiff } from "@/lib/customization/describe-security-policy";
import { ProjectSettingsSchema } from "@/lib/customization/schema";

const balanced = (): SecurityPolicy => structuredClone(SECURITY_PRESETS.balanced) as SecurityPolicy;

function problemsOf(input: unknown) {
  const result = SecurityPolicySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

const hours = (days: Record<string, Array<{ from: string; to: string }>>, timeZone = "Europe/Berlin") => ({
  timeZone,
  days,
});

describe("security policy", () => {
  it("accepts every preset and names the preset a policy equals", () => {
    for (const [name, preset] of Object.entries(SECURITY_PRESETS)) {
      expect(problemsOf(preset)).toEqual([]);
      expect(presetOf(SecurityPolicySchema.parse(preset))).toBe(name);
    }
    expect(presetOf({ ...balanced(), forceConnectionHours: 5 })).toBeUndefined();
  });

  it("gives a project or bundle without a policy the convenient one, which restricts nothing", () => {
    const settings = ProjectSettingsSchema.parse({});
    expect(settings.security).toEqual(DEFAULT_SECURITY_POLICY);
    expect(presetOf(settings.security)).toBe("convenient");
    expect(settings.security).toMatchObject({
      wipeAfterDaysWithoutSync: null,
      wrongPasswords: null,
      blockNewDevices: false,
      businessHours: null,
      forceConnectionHours: null,
    });
  });

  it.each([
    [{ password: { mode: "after-inactivity", minutes: 0 } }, "password.minutes", /at least 1/],
    [{ password: { mode: "after-inactivity", minutes: 1441 } }, "password.minutes", /at most 1,440/],
    [{ password: { mode: "after-inactivity", minutes: 2.5 } }, "password.minutes", /whole number/],
    [{ password: { mode: "after-inactivity" } }, "password.minutes", /./],
    [{ password: { mode: "sometimes" } }, "password.mode", /./],
    [{ wipeAfterDaysWithoutSync: 0 }, "wipeAfterDaysWithoutSync", /at least 1/],
    [{ wipeAfterDaysWithoutSync: 366 }, "wipeAfterDaysWithoutSync", /at most 365/],
    [{ wrongPasswords: { attempts: 2, action: "lock" } }, "wrongPasswords.attempts", /at least 3/],
    [{ wrongPasswords: { attempts: 21, action: "wipe" } }, "wrongPasswords.attempts", /at most 20/],
    [{ wrongPasswords: { attempts: 5, action: "explode" } }, "wrongPasswords.action", /lock or wipe/],
    [{ forceConnectionHours: 0 }, "forceConnectionHours", /at least 1/],
    [{ forceConnectionHours: 721 }, "forceConnectionHours", /at most 720/],
    [{ blockNewDevices: "yes" }, "blockNewDevices", /./],
    [{ encryption: false }, "", /encryption/],
  ])("refuses %j naming the field %s", (change, path, message) => {
    const problems = problemsOf({ ...balanced(), ...change });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].path).toBe(path);
    expect(problems[0].message).toMatch(message);
  });

  it.each([
    [1, 1440, 3, 20, 1, 365, 1, 720],
    [1440, 1, 20, 3, 365, 1, 720, 1],
  ])("accepts the bounds (minutes %i, attempts %i, days %i, hours %i)", (m, _m2, a, _a2, d, _d2, h) => {
    const policy = {
      ...balanced(),
      password: { mode: "after-inactivity", minutes: m },
      wrongPasswords: { attempts: a, action: "wipe" },
      wipeAfterDaysWithoutSync: d,
      forceConnectionHours: h,
    };
    expect(problemsOf(policy)).toEqual([]);
  });
});

describe("business hours", () => {
  const parse = (input: unknown) => BusinessHoursSchema.safeParse(input);
  const paths = (input: unknown) => {
    const r = parse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("knows IANA zones through Intl and refuses the rest", () => {
    for (const zone of ["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC", "Asia/Kolkata", "Etc/GMT+5"])
      expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ["Mars/Olympus_Mons", "Europe/Berlinn", "", "../etc/passwd", "+05:00", "Europe/ Berlin"])
      expect(isTimeZone(zone), zone).toBe(false);
    expect(paths(hours({ monday: [{ from: "08:00", to: "17:00" }] }, "Mars/Olympus_Mons"))).toEqual([
      "timeZone: is not a known IANA time zone (such as Europe/Berlin)",
    ]);
  });

  it("refuses a zone in another case than its own (Java and Python refuse 'europe/berlin'), naming the spelling", () => {
    const monday = { monday: [{ from: "08:00", to: "17:00" }] };
    expect(paths(hours(monday, "europe/berlin"))).toEqual([
      "timeZone: is spelled 'Europe/Berlin' (time zone names are case-sensitive)",
    ]);
    expect(paths(hours(monday, "utc"))).toEqual(["timeZone: is spelled 'UTC' (time zone names are case-sensitive)"]);
    // A link is taken as written (Intl answers the zone it links to); the zone's own spellings pass.
    for (const zone of ["US/Eastern", "Asia/Calcutta", "Europe/Berlin", "Etc/GMT+5"]) {
      expect(timeZoneSpelling(zone), zone).toBeUndefined();
      expect(paths(hours(monday, zone)), zone).toEqual([]);
    }
  });

  it("accepts several ranges a day, and one that crosses midnight (shown as such)", () => {
    const input = hours({
      monday: [
        { from: "08:00", to: "12:00" },
        { from: "12:00", to: "17:00" },
      ],
      friday: [{ from: "22:00", to: "06:00" }],
      saturday: [{ from: "06:00", to: "10:00" }],
    });
    const r = parse(input);
    expect(r.success).toBe(true);
    expect(describeBusinessHours(r.data!)).toBe(
      "mon 08:00-12:00, 12:00-17:00; fri 22:00-06:00 (next day); sat 06:00-10:00 (Europe/Berlin)",
    );
  });

  it("refuses empty ranges, overlapping ones (the same day, past midnight, over the week's end) and no ranges at all", () => {
    expect(paths(hours({ tuesday: [{ from: "09:00", to: "09:00" }] }))).toEqual([
      "days.tuesday.0: The range 09:00-09:00 is empty",
    ]);
    expect(
      paths(
        hours({
          wednesday: [
            { from: "08:00", to: "12:00" },
            { from: "11:59", to: "13:00" },
          ],
        }),
      ),
    ).toEqual(["days.wednesday.1: The range wednesday 11:59-13:00 overlaps wednesday 08:00-12:00"]);
    expect(
      paths(hours({ monday: [{ from: "22:00", to: "02:00" }], tuesday: [{ from: "01:00", to: "05:00" }] })),
    ).toEqual(["days.tuesday.0: The range tuesday 01:00-05:00 overlaps monday 22:00-02:00"]);
    expect(
      paths(hours({ monday: [{ from: "00:30", to: "05:00" }], sunday: [{ from: "23:00", to: "01:00" }] })),
    ).toEqual(["days.sunday.0: The range sunday 23:00-01:00 overlaps monday 00:30-05:00"]);
    expect(paths(hours({}))).toEqual(["days: Give at least one day a time range, or turn business hours off"]);
    expect(paths(hours({ monday: [{ from: "24:00", to: "25:00" }] }))[0]).toMatch(
      /^days.monday.0.from: Start is a time/,
    );
  });

  it("a range that ends where the next begins does not overlap, across midnight too", () => {
    expect(
      paths(hours({ monday: [{ from: "18:00", to: "00:00" }], tuesday: [{ from: "00:00", to: "08:00" }] })),
    ).toEqual([]);
  });
});

describe("policy diff in words", () => {
  it("says what changed, one line per setting", () => {
    const after: SecurityPolicy = { ...balanced(), wipeAfterDaysWithoutSync: null, blockNewDevices: true };
    expect(describePolicyDiff(balanced(), after)).toEqual([
      "security: wipe local data after 30 days without a sync -> never",
      "security: new devices allowed -> blocked until approved",
    ]);
    expect(describePolicyDiff(balanced(), balanced())).toEqual([]);
  });
});

describe("version diff", () => {
  it("lists policy changes among the project's changes, and none for a bundle that predates policies", async () => {
    const { diffBundles } = await import("@/lib/bundle/diff");
    const { ProjectDocumentSchema } = await import("@/lib/customization/schema");
    const old = ProjectDocumentSchema.parse({ name: "Sales", environmentId: "env", snapshotId: "snap" });
    const strict = ProjectDocumentSchema.parse({
      name: "Sales",
      environmentId: "env",
      snapshotId: "snap",
      settings: { security: SECURITY_PRESETS.strict },
    });
    expect(diffBundles(old, ProjectDocumentSchema.parse({ ...old, settings: {} })).same).toBe(true);
    const diff = diffBundles(old, strict);
    expect(diff.project).toContain("security: password remembered in secure storage -> entered at every launch");
    expect(diff.project).toContain("security: new devices allowed -> blocked until approved");
    expect(diff.lines).toHaveLength(5); // every setting but business hours (off in both)
  });
});

describe("device list query", () => {
  it("reads yes/no filters from the URL and from JSON, 'false' as no", async () => {
    const { DeviceListQuerySchema } = await import("@/lib/devices/schema");
    expect(DeviceListQuerySchema.parse({ behind: "true", atLimit: "false" })).toMatchObject({
      behind: true,
      atLimit: false,
      sort: "lastSeen",
      dir: "desc",
      page: 1,
    });
    expect(DeviceListQuerySchema.parse({ behind: true }).behind).toBe(true);
    expect(DeviceListQuerySchema.safeParse({ state: "lost" }).success).toBe(false);
    expect(DeviceListQuerySchema.safeParse({ pageSize: 100_000 }).success).toBe(false);
  });
});
