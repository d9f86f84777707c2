// The data folder holds the embedded database and every secret of the portal: only the portal's own user may
// read it. Created 0700 with its files 0600; a folder or file found wider (an older install, a restored backup,
// a umask of 022) is tightened at start-up. Used by scripts/prestart.ts and wherever a file is written there.
import fs from "node:fs";
import path from "node:path";

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Narrows `target` to `mode` when it grants anything more (never widens a stricter mode someone chose). */
export function tightenMode(target: string, mode: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  if (stat.isSymbolicLink() || (stat.mode & 0o777 & ~mode) === 0) return false;
  fs.chmodSync(target, stat.mode & 0o777 & mode);
  return true;
}

/** Creates the folder 0700 (and any missing parent) or narrows it to 0700. */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  tightenMode(dir, PRIVATE_FOLDER_MODE);
}

/**
 * Creates the data folder 0700 and narrows every file directly in it to 0600 (database, -wal, -shm, keys and
 * secrets). Returns the names it had to tighten, for the start-up log.
 */
export function secureDataFolder(dataDir: string): string[] {
  ensurePrivateFolder(dataDir);
  const tightened: string[] = [];
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    if (tightenMode(path.join(dataDir, entry.name), PRIVATE_FILE_MODE)) tightened.push(entry.name);
  }
  return tightened;
}
