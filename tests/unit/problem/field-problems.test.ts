// Field problems have one format whichever way a bad input arrives: a server action or route body (a thrown
// ZodError, mapped by toAppError), a lib parse (parseInput) or a problem+json document.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import { parseInput } from "@/lib/parse-input";
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
});
