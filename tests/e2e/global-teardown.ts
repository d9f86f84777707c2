// Stops the portal global setup started and removes its data folder.
import { rmSync } from "node:fs";
import { readState } from "./support/state";

export default async function globalTeardown(): Promise<void> {
  const state = readState();
  try {
    process.kill(-state.pid, "SIGTERM");
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, 500));
  try {
    process.kill(-state.pid, "SIGKILL");
  } catch {
    // already gone
  }
  rmSync(state.dataDir, { recursive: true, force: true });
}
