// Counts in words ("1 table", "2 tables", "1,204 columns"): the one place that picks singular or plural, by
// Intl.PluralRules, so no screen, message or CLI line says "1 tables". Pure; safe in the browser and the CLI.
const RULES = new Intl.PluralRules("en-US");

/** The word for `n` of something: the singular when English says "one", else the plural (default: + "s"). */
export function pluralWord(n: number, singular: string, plural = `${singular}s`): string {
  return RULES.select(n) === "one" ? singular : plural;
}

/**
 * A number as en-US writes it ("1,204"). A whole number is grouped here, the same characters toLocaleString("en-US")
 * gives: the first toLocaleString of a process builds ICU's number formatter, tens of milliseconds of every CLI
 * command that prints a count. Any other number goes to toLocaleString.
 */
export function formatNumber(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ",") : n.toLocaleString("en-US");
}

/** "1 table", "3 tables", "1,204 tables", "1 entry", "2 entries" (with the plural given). */
export function countOf(n: number, singular: string, plural?: string): string {
  return `${formatNumber(n)} ${pluralWord(n, singular, plural)}`;
}

/**
 * A byte limit as a person sets one: whole megabytes as "2 MB" (SYNCWRIGHT_MAX_UPLOAD_MB's unit), else in bytes;
 * with the setting that sets it, when given: "2 MB (SYNCWRIGHT_MAX_UPLOAD_MB)".
 */
export function byteLimit(limit: number, setting?: string): string {
  const shown = limit >= 1024 * 1024 && limit % (1024 * 1024) === 0 ? `${limit / 1024 / 1024} MB` : `${limit} bytes`;
  return setting ? `${shown} (${setting})` : shown;
}
