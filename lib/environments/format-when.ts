// One way to print a moment on the portal's screens and in their messages: UTC, to the minute, the same
// on the server and in the browser (so server-rendered text never disagrees with hydration).
export function formatWhen(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
