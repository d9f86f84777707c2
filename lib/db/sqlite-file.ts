// Prepares the embedded SQLite file: its folder exists (created 0700), the file and its -wal / -shm are 0600 (SQLite
// gives the -wal and -shm the mode of the database file), and it runs in WAL mode so readers never block the
// writer. Used by the migration runner on start and by the client.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { AppError } from "@/lib/app-error";
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE, tightenMode } from "@/lib/data-folder";

/** The database file and the files SQLite keeps beside it. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** How long a SQLite writer waits for another writer before failing (better-sqlite3's busy timeout). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Creates the folder of the database file (first start), or says which folder it cannot create. */
export function ensureSqliteFolder(file: string): void {
  try {
    // A folder created here is private; an existing one is the operator's to choose (it may be shared).
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new AppError("unavailable", `Cannot create the database folder ${path.dirname(file)}: ${code}`, {
      cause: error,
    });
  }
}

export function prepareSqliteFile(file: string): void {
  ensureSqliteFolder(file);
  let db: Database.Database | undefined;
  try {
    // Created before SQLite opens it, so it is never readable by others, even for a moment.
    fs.closeSync(fs.openSync(file, "a", PRIVATE_FILE_MODE));
    for (const f of sqliteFiles(file)) tightenMode(f, PRIVATE_FILE_MODE);
    db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    // journal_mode is stored in the file, so every later connection (the Prisma adapter's too) uses WAL.
    // Switching needs an exclusive lock; when the file is already in WAL there is nothing to switch.
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
    for (const f of sqliteFiles(file)) tightenMode(f, PRIVATE_FILE_MODE);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("unavailable", `Cannot open the SQLite database ${file}: ${reason}`, { cause: error });
  } finally {
    db?.close();
  }
}
