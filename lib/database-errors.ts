// What a database error means for the caller, read from Prisma's errors in one place (no database client here:
// lib/problem.ts, below every domain, names a NUL refusal with it): a unique key taken, a row
// referenced elsewhere, or data the database refuses to store however often it is tried. The codes are Prisma's
// (P2xxx) and, for raw queries through the driver adapters, the database's own (PostgreSQL's SQLSTATE, SQLite's
// extended result code), which Prisma passes on as meta.driverAdapterError.cause.originalCode.

interface PrismaLikeError {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
}

const prismaCode = (error: unknown): unknown =>
  typeof error === "object" && error !== null ? (error as PrismaLikeError).code : undefined;

/** The database's own code of a raw query's failure ("23503", "SQLITE_CONSTRAINT_FOREIGNKEY"), when there is one. */
function databaseCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as PrismaLikeError).meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === "string" ? code : undefined;
}

/** A unique constraint refused the write (P2002): the name, hash or key is taken. */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === "P2002";
}

/** A foreign key refused the change (P2003): a row it would delete or reference is in use, or gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCode(error) === "P2003";
}

/**
 * Prisma's codes for data the database will not store: too long for its column (P2000), a unique, foreign-key,
 * null or check constraint (P2002, P2003, P2004, P2011), a value out of range (P2020).
 */
const REFUSING_PRISMA_CODES = new Set(["P2000", "P2002", "P2003", "P2004", "P2011", "P2020"]);

/**
 * Whether the database refused the data itself, so that the same write fails again however often it is tried:
 * a constraint (unique, foreign key, not null, check) or a value it cannot hold (PostgreSQL's class 22 data
 * exceptions, such as a NUL character in text, 22P05; SQLite's constraint, type and size errors). Not a lost
 * connection, a busy or locked database, a deadlock or a serialization failure: those may pass when tried again.
 */
export function isRefusedByDatabase(error: unknown): boolean {
  const code = prismaCode(error);
  if (typeof code === "string" && REFUSING_PRISMA_CODES.has(code)) return true;
  const own = databaseCode(error);
  if (own === undefined) return false;
  return /^2[23][0-9A-Z]{3}$/.test(own) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/.test(own);
}

/**
 * PostgreSQL refused text with a NUL character (U+0000), which it cannot store: 22021 as a parameter ("invalid byte
 * sequence ... 0x00"), 22P05 inside JSON ("\\u0000 cannot be converted to text"). Both codes have other causes (a
 * database in another encoding than UTF-8), which this does not claim. Inputs are checked for NUL first
 * (lib/parse-input.ts unstorableTextProblems); this names what any other path hit.
 */
export function isNulCharacterRefusal(error: unknown): boolean {
  const own = databaseCode(error);
  if (own !== "22021" && own !== "22P05") return false;
  const cause = (error as PrismaLikeError).meta?.driverAdapterError?.cause as Record<string, unknown> | undefined;
  const said = ["originalMessage", "message", "detail"].map((key) => String(cause?.[key] ?? "")).join(" ");
  return own === "22021" ? /0x00\b/.test(said) : said.includes("\\u0000");
}
