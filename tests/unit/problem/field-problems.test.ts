// Field problems have one format whichever way a bad input arrives: a server action or route body (a thrown
// ZodError, mapped by toAppError), a lib parse (parseInput) or a problem+json document.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import { unstorableTextProblems, parseInput } from "@/lib/parse-input";
import { PrismaClientKnownRequestError } from "@prisma/client/runtime/client";
import { problemOfError, toAppError } from "@/lib/problem";

const Schema = z.strictObject({
  name: z.string().min(1, "Name is required"),
  roles: z.array(z.object({ priority: z.number().min(0, "Priority cannot be negative") })),
});
const bad = { name: "", roles: [{ priority: 1 }, { priority: -1 }], extra: true };

describe("field problems", () => {
  it("name a field the same way from a thrown ZodError and from parseInput", () => {
    const thrown = Schema.safeParse(bad);
    if (thrown.success) throw new Error("expected a failure");
    const viaAction = toAppError(thrown.error).problems;
    let viaParse: AppError | undefined;
    try {
      parseInput(Schema, bad, "project");
    } catch (error) {
      viaParse = error as AppError;
    }
    expect(viaParse?.problems).toEqual(viaAction);
    expect(viaAction).toEqual([
      { path: "name", message: "Name is required" },
      { path: "roles[1].priority", message: "Priority cannot be negative" },
      { path: "extra", message: "Unknown field 'extra'" },
    ]);
    expect(viaParse?.message).toBe("Invalid project: name: Name is required (and 2 more)");
  });

  it("carry the problems into the problem+json document", () => {
    const thrown = Schema.safeParse(bad);
    if (thrown.success) throw new Error("expected a failure");
    const body = JSON.parse(problemOfError(thrown.error, "req-1").body) as { status: number; problems: unknown[] };
    expect(body.status).toBe(400);
    expect(body.problems).toContainEqual({ path: "roles[1].priority", message: "Priority cannot be negative" });
  });

  it("refuse text with a NUL character wherever it is, naming where", () => {
    const value = { name: "a\u0000b", roles: [{ label: "ok" }, { label: "\u0000" }], ["k\u0000"]: 1 };
    expect(unstorableTextProblems(value, "project")).toEqual([
      { path: "project.name", message: "must not contain a NUL character (U+0000)" },
      { path: "project.roles[1].label", message: "must not contain a NUL character (U+0000)" },
      { path: "project", message: "a key must not contain a NUL character (U+0000)" },
    ]);
    // Bytes are not text, and a Date is no object of fields.
    expect(unstorableTextProblems({ bytes: Buffer.from([0, 0]), at: new Date(0), n: 0, none: null })).toEqual([]);
    expect(unstorableTextProblems(Array.from({ length: 50 }, () => "\u0000"))).toHaveLength(20);
    expect(
      unstorableTextProblems(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}\u0000`, 1]))),
    ).toHaveLength(20);
    const refused = (() => {
      try {
        parseInput(Schema, { name: "Con\u0000toso", roles: [] }, "project");
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "invalid", problems: [{ path: "name" }] });
  });

  it("refuse text holding half of a surrogate pair, and take whole pairs (emoji)", () => {
    const half = "must be well-formed text: it holds half of a surrogate pair (as text cut inside an emoji does)";
    expect(
      unstorableTextProblems({ a: "Field\uD800 sales", b: "x\uDC00", c: "Act\uD83Dive", ok: "Active \uD83D\uDE80" }),
    ).toEqual([
      { path: "a", message: half },
      { path: "b", message: half },
      { path: "c", message: half },
    ]);
    expect(() => parseInput(Schema, { name: "Field\uDBFF sales", roles: [] }, "project")).toThrowError(AppError);
    expect(parseInput(Schema, { name: "Field sales \uD83D\uDE80", roles: [] }, "project").name).toBe(
      "Field sales \uD83D\uDE80",
    );
  });

  it("name a NUL the database refused as bad input, not an internal error", () => {
    // As PostgreSQL words them (through @prisma/adapter-pg): a parameter, then JSON.
    const refusal = (originalCode: string, said: Record<string, string>) =>
      new PrismaClientKnownRequestError("failed", {
        code: "P2010",
        clientVersion: "7",
        meta: {
          driverAdapterError: { name: "DriverAdapterError", cause: { originalCode, kind: "postgres", ...said } },
        },
      });
    const nul = [
      refusal("22021", { originalMessage: 'invalid byte sequence for encoding "UTF8": 0x00' }),
      refusal("22P05", {
        originalMessage: "unsupported Unicode escape sequence",
        detail: "\\u0000 cannot be converted to text.",
      }),
    ];
    for (const error of nul) {
      const mapped = toAppError(error, "req-1");
      expect(mapped.code).toBe("invalid");
      expect(mapped.message).toContain("NUL character");
    }
    // The same codes for other causes (a database not in UTF-8), and another refusal, stay what they are.
    const other = [
      refusal("22P05", {
        originalMessage:
          'character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"',
      }),
      refusal("22021", { originalMessage: 'invalid byte sequence for encoding "UTF8": 0xc3 0x28' }),
      refusal("23503", { originalMessage: "violates foreign key constraint" }),
    ];
    for (const error of other) expect(toAppError(error, "req-1").code).toBe("internal");
  });
});
