// Moved to lib/parse-input.ts (the one owner of field problems). This file stays only because
// lib/api-tokens/mutations.ts, which another branch of this round rewrites, still imports it: on merge, point that
// import at @/lib/parse-input, delete this file and its allow-list entry in tests/unit/architecture/layers.test.ts.
export { fieldProblems, parseInput } from "@/lib/parse-input";
