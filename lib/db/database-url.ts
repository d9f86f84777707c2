// What a DATABASE_URL points at: its provider, the SQLite file, and a credential-free description for
// messages and logs. Pure, so the client, the migration runner and the scripts agree on it.
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export function providerOf(databaseUrl: string): Provider {
  return databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
}

/** The SQLite file of a `file:` URL; a relative path is taken from root (the project folder). */
export function sqliteFilePath(databaseUrl: string, root = process.cwd()): string {
  const file = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(root, file);
}

/** "host:port/database" for PostgreSQL or the file for SQLite; never a user name or password. */
export function describeDatabase(databaseUrl: string, root = process.cwd()): string {
  if (providerOf(databaseUrl) === "sqlite") return sqliteFilePath(databaseUrl, root);
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "(a DATABASE_URL that is not a URL)";
  }
}
