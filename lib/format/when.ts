// One way to print a moment on the portal's screens, in its messages and on the command line: UTC, to the
// minute, ISO order ("2026-12-06 22:36 UTC"), the same on the server and in the browser (so server-rendered text
// never disagrees with hydration, and no screen shows a US date beside an ISO one). Pure.
export function formatWhen(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
