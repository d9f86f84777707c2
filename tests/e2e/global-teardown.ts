// Stops the portal and the test tenant global setup started and removes the portal's data folder.
import { rmSync } from "node:fs";
import { readState } from "./support/state";

function signal(pid: number | undefined, name: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, name);
  } catch {
    // already gone
  }
}

export default async function globalTeardown(): Promise<void> {
  const state = readState();
  for (const pid of [state.pid, state.tenant?.pid]) signal(pid, "SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  for (const pid of [state.pid, state.tenant?.pid]) signal(pid, "SIGKILL");
  rmSync(state.dataDir, { recursive: true, force: true });
}
