// Names for Mantine Pagination's arrow controls, which are icon-only buttons: a screen reader says "Previous page",
// not "button" (axe's button-name).
const NAMES = { first: "First page", previous: "Previous page", next: "Next page", last: "Last page" } as const;

export function pageControlLabel(control: keyof typeof NAMES): { "aria-label": string } {
  return { "aria-label": NAMES[control] };
}
