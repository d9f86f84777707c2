// Moved to lib/format/when.ts (dates are not the environments' business); this name stays for code written
// against it before the move.
export { formatWhen } from "@/lib/format/when";
