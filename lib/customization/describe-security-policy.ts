// A security policy in words: each setting as one sentence (the Security page and the version diff say the same),
// and what changed between two policies, one line per setting ("security: wipe after 30 days without a sync ->
// never"). Pure.
import {
  crossesMidnight,
  WEEK_DAYS,
  type BusinessHours,
  type PasswordPolicy,
  type SecurityPolicy,
  type WrongPasswordPolicy,
} from "./security-policy";

/** What each setting does, in one plain sentence (shown beside it on the Security page). */
export const SECURITY_SETTING_HELP: Record<keyof SecurityPolicy | "encryption", string> = {
  password: "When the user must type their password to open the app's local data.",
  wipeAfterDaysWithoutSync:
    "A device that has not synced successfully for this long deletes its local data, so a lost phone forgets.",
  wrongPasswords: "After this many wrong passwords in a row the app locks itself or deletes its local data.",
  businessHours: "Outside these hours the app refuses to open its local data; ranges may cross midnight.",
  blockNewDevices: "A device nobody has approved yet gets nothing until an admin approves it on the Devices page.",
  forceConnectionHours: "The app must reach the portal this often to pick up policy changes, or it closes its data.",
  encryption: "The local database is always encrypted with a key kept in the platform's secure storage.",
};

export function describePassword(p: PasswordPolicy): string {
  if (p.mode === "remember") return "remembered in secure storage";
  if (p.mode === "every-launch") return "entered at every launch";
  return `entered again after ${p.minutes} minute${p.minutes === 1 ? "" : "s"} without use`;
}

export function describeWipeAfter(days: number | null): string {
  return days === null ? "never" : `after ${days} day${days === 1 ? "" : "s"} without a sync`;
}

export function describeWrongPasswords(w: WrongPasswordPolicy | null): string {
  return w === null ? "no action" : `${w.action} after ${w.attempts} wrong passwords`;
}

export function describeBusinessHours(h: BusinessHours | null): string {
  if (h === null) return "any time";
  const days = WEEK_DAYS.filter((d) => h.days[d].length > 0).map(
    (d) =>
      `${d.slice(0, 3)} ${h.days[d]
        .map((r) => `${r.from}-${r.to}${crossesMidnight(r) ? " (next day)" : ""}`)
        .join(", ")}`,
  );
  return `${days.join("; ")} (${h.timeZone})`;
}

export function describeForceConnection(hours: number | null): string {
  return hours === null ? "never" : `every ${hours} hour${hours === 1 ? "" : "s"}`;
}

/** Every setting as "label: value". */
export function describePolicy(p: SecurityPolicy): Array<{ key: keyof SecurityPolicy; label: string; value: string }> {
  return [
    { key: "password", label: "password", value: describePassword(p.password) },
    { key: "wipeAfterDaysWithoutSync", label: "wipe local data", value: describeWipeAfter(p.wipeAfterDaysWithoutSync) },
    { key: "wrongPasswords", label: "wrong passwords", value: describeWrongPasswords(p.wrongPasswords) },
    { key: "businessHours", label: "business hours", value: describeBusinessHours(p.businessHours) },
    { key: "blockNewDevices", label: "new devices", value: p.blockNewDevices ? "blocked until approved" : "allowed" },
    {
      key: "forceConnectionHours",
      label: "force a connection",
      value: describeForceConnection(p.forceConnectionHours),
    },
  ];
}

/** One line per changed setting: "security: password remembered in secure storage -> entered at every launch". */
export function describePolicyDiff(before: SecurityPolicy, after: SecurityPolicy): string[] {
  const a = describePolicy(before);
  const b = describePolicy(after);
  return b.flatMap((entry, i) =>
    entry.value === a[i].value ? [] : [`security: ${entry.label} ${a[i].value} -> ${entry.value}`],
  );
}
