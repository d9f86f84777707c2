// What a database error means: Prisma's own errors, with the driver adapters' causes as PostgreSQL and SQLite gave
// them to the integration tests (tests/integration/device-security.test.ts writes the refused ones for real).
import { describe, expect, it } from "vitest";
import { PrismaClientKnownRequestError } from "@prisma/client/runtime/client";
import { isForeignKeyViolation, isRefusedByDatabase, isUniqueViolation } from "@/lib/database-errors";

const known = (code: string, cause?: Record<string, unknown>) =>
  new PrismaClientKnownRequestError("failed", {
    code,
    clientVersion: "7",
    meta: cause ? { driverAdapterError: { name: "DriverAdapterError", cause } } : undefined,
  });
const raw = (cause: Record<string, unknown>) => known("P2010", cause);

describe("database errors", () => {
  it("tells a unique key taken and a foreign key in the way", () => {
    expect(isUniqueViolation(known("P2002"))).toBe(true);
    expect(isUniqueViolation(known("P2003"))).toBe(false);
    expect(isForeignKeyViolation(known("P2003"))).toBe(true);
    expect(isUniqueViolation(new Error("P2002"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it("calls refused what fails again however often it is tried", () => {
    const refused = [
      known("P2002"),
      known("P2003"),
      known("P2000"),
      raw({ originalCode: "23503", kind: "ForeignKeyConstraintViolation" }),
      raw({ originalCode: "22P05", kind: "postgres", message: "unsupported Unicode escape sequence" }),
      raw({ originalCode: "23505", kind: "UniqueConstraintViolation" }),
      raw({ originalCode: "SQLITE_CONSTRAINT_FOREIGNKEY", kind: "ForeignKeyConstraintViolation" }),
      raw({ originalCode: "SQLITE_CONSTRAINT_NOTNULL", kind: "NullConstraintViolation" }),
      raw({ originalCode: "SQLITE_TOOBIG" }),
    ];
    for (const error of refused) expect(isRefusedByDatabase(error), JSON.stringify(error.meta)).toBe(true);
  });

  it("does not call refused what may pass when tried again", () => {
    const passing = [
      known("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 }),
      known("P2034"), // a write conflict or deadlock: try again
      raw({ originalCode: "40001", kind: "TransactionWriteConflict" }),
      raw({ originalCode: "40P01", kind: "postgres" }),
      raw({ originalCode: "57P01", kind: "postgres" }), // the server shuts down
      raw({ originalCode: "08006", kind: "postgres" }),
      raw({ originalCode: "SQLITE_BUSY", kind: "SocketTimeout" }),
      raw({ originalCode: "SQLITE_RANGE" }), // a bind index out of range: the statement's fault, not the data's
      raw({ originalCode: "SQLITE_ERROR", kind: "TableDoesNotExist", table: "Download" }),
      raw({ kind: "DatabaseNotReachable" }),
      new Error("Connection terminated unexpectedly"),
      undefined,
    ];
    for (const error of passing) expect(isRefusedByDatabase(error), String(error)).toBe(false);
  });
});
