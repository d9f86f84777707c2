import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildBundle } from "@/lib/bundle/build";
import { canonicalJson, canonicalSha256 } from "@/lib/bundle/canonical-json";
import { readBundleContent, verifyBundle } from "@/lib/bundle/verify";
import { AppError } from "@/lib/app-error";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { fieldSales, meta, testSigner } from "./fixtures";

const signer = testSigner();
const other = testSigner();

describe("buildBundle", () => {
  it("builds canonical bytes whose content hash is the SHA-256 of the content's canonical JSON", () => {
    const doc = fieldSales();
    const built = buildBundle(doc, meta(), signer);
    expect(built.bytes.toString("utf8")).toBe(canonicalJson(JSON.parse(built.bytes.toString("utf8"))));
    expect(built.contentHash).toBe(canonicalSha256(doc));
    expect(built.manifest).toMatchObject({ formatVersion: 1, version: 1, contentSha256: built.contentHash });
    expect(built.bundle.signature).toMatchObject({ alg: "Ed25519", keyId: signer.keyId });
  });

  it("gives byte-identical content for the same configuration, whatever order it was entered in", () => {
    const doc = fieldSales();
    const shuffled = ProjectDocumentSchema.parse({
      ...doc,
      tables: [...doc.tables].reverse().map((t) => ({ ...t, columns: [...t.columns].reverse() })),
    });
    const a = buildBundle(doc, meta(), signer);
    const b = buildBundle(shuffled, meta(), signer);
    expect(b.contentHash).toBe(a.contentHash);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    // Another version, time or author: another manifest, the same content and content hash.
    const c = buildBundle(shuffled, meta({ version: 7, createdBy: "bob", createdAt: "2027-01-01T00:00:00Z" }), other);
    expect(c.contentHash).toBe(a.contentHash);
    const contentOf = (bytes: Buffer) =>
      canonicalJson((JSON.parse(bytes.toString("utf8")) as { content: unknown }).content);
    expect(contentOf(c.bytes)).toBe(contentOf(a.bytes));
  });

  it("refuses a project the schema refuses and a bad manifest, naming the field", () => {
    const doc = fieldSales();
    expect(() => buildBundle({ ...doc, name: "" }, meta())).toThrowError(AppError);
    try {
      buildBundle(doc, meta({ minClientVersion: "one" }));
    } catch (e) {
      expect((e as AppError).problems[0].path).toBe("manifest.minClientVersion");
    }
    expect.assertions(2);
  });
});

describe("verifyBundle", () => {
  const built = buildBundle(fieldSales(), meta(), signer);

  it("accepts the bundle with the right public key and returns manifest and content", () => {
    const result = verifyBundle(built.bytes, { publicKey: signer.publicKey });
    expect(result).toMatchObject({ ok: true, signature: "valid", keyId: signer.keyId, problems: [] });
    expect(result.content).toEqual(fieldSales());
    expect(readBundleContent(built.bytes).manifest.version).toBe(1);
  });

  it("reports a signature it cannot check without a key, and an unsigned bundle when a key is given", () => {
    expect(verifyBundle(built.bytes)).toMatchObject({ ok: true, signature: "unchecked" });
    const unsigned = buildBundle(fieldSales(), meta());
    expect(verifyBundle(unsigned.bytes)).toMatchObject({ ok: true, signature: "absent" });
    const result = verifyBundle(unsigned.bytes, { publicKey: signer.publicKey });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ path: "signature", message: expect.stringContaining("not signed") });
  });

  it("fails when any single byte of a signed bundle changes", () => {
    const bytes = built.bytes;
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const changed = Buffer.from(bytes);
        changed[index] = (changed[index] + delta) % 256;
        const result = verifyBundle(changed, { publicKey: signer.publicKey });
        expect(result.ok).toBe(false);
        expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it("fails when the content changes, even in an unsigned bundle (content hash)", () => {
    const unsigned = JSON.parse(buildBundle(fieldSales(), meta()).bytes.toString("utf8")) as {
      content: { tables: Array<{ columns: string[] }> };
    };
    unsigned.content.tables[0].columns.push("zzz_extra");
    const result = verifyBundle(canonicalJson(unsigned));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: "manifest.contentSha256",
        message: expect.stringContaining("does not match its hash"),
      }),
    ]);
  });

  it("fails for a bundle signed by another key, naming both keys", () => {
    const forged = buildBundle(fieldSales(), meta(), other);
    const result = verifyBundle(forged.bytes, { publicKey: signer.publicKey });
    expect(result).toMatchObject({ ok: false, signature: "invalid" });
    expect(result.problems[0].message).toBe(
      `signed by key ${other.keyId}, but the public key given is ${signer.keyId}`,
    );
    // Another key that claims our key id: the signature itself fails.
    const claimed = JSON.parse(forged.bytes.toString("utf8")) as { signature: { keyId: string } };
    claimed.signature.keyId = signer.keyId;
    const second = verifyBundle(canonicalJson(claimed), { publicKey: signer.publicKey });
    expect(second.problems[0]).toMatchObject({
      path: "signature.value",
      message: expect.stringContaining("does not match"),
    });
  });

  it("explains a truncated file, a non-JSON file, a binary file and an empty one", () => {
    const truncated = verifyBundle(built.bytes.subarray(0, Math.floor(built.bytes.length / 2)), { name: "b.json" });
    expect(truncated.problems[0].message).toContain("truncated");
    expect(truncated.problems[0].path).toMatch(/^b\.json:1:\d+$/);
    expect(verifyBundle("<html>oops</html>", { name: "b.json" }).problems[0]).toEqual({
      path: "b.json:1:1",
      message: "not JSON: unexpected '<html>oops</' at line 1, column 1",
    });
    expect(verifyBundle('{"manifest": {},\n  "content": x}', { name: "b.json" }).problems[0].path).toBe("b.json:2:14");
    expect(verifyBundle(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe])).problems[0].message).toContain(
      "not UTF-8",
    );
    expect(verifyBundle("").problems[0].message).toBe("the file is empty");
    expect(verifyBundle("[1,2]").problems[0].message).toContain("not a Syncwright bundle");
  });

  it("refuses a format version from the future with the message a user can act on", () => {
    const future = JSON.parse(built.bytes.toString("utf8")) as { manifest: { formatVersion: number } };
    future.manifest.formatVersion = 3;
    const result = verifyBundle(canonicalJson(future), { publicKey: signer.publicKey });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        path: "manifest.formatVersion",
        message: "made by a newer Syncwright (bundle format 3); this one reads up to 1: update syncwright",
      },
    ]);
  });

  it("names the fields of a bundle that does not match the schema", () => {
    const bad = JSON.parse(built.bytes.toString("utf8")) as {
      manifest: Record<string, unknown>;
      content: Record<string, unknown>;
    };
    bad.manifest.version = 0;
    bad.content.tables = [{ tableName: "Contact" }];
    const paths = verifyBundle(JSON.stringify(bad)).problems.map((p) => p.path);
    expect(paths).toContain("manifest.version");
    expect(paths.some((p) => p.startsWith("content.tables[0]"))).toBe(true);
  });

  it("accepts a pretty-printed copy: the hash and signature cover canonical forms, not the file's spacing", () => {
    const pretty = JSON.stringify(JSON.parse(built.bytes.toString("utf8")), null, 2);
    expect(verifyBundle(pretty, { publicKey: signer.publicKey })).toMatchObject({ ok: true, signature: "valid" });
  });

  it("round-trips any valid project: build -> verify ok with its content", () => {
    const base = fieldSales();
    fc.assert(
      fc.property(
        fc.subarray(["contactid", "fullname", "emailaddress1", "fax", "telephone1", "mobilephone", "jobtitle"], {
          minLength: 1,
        }),
        fc.boolean(),
        fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
        (columns, online, name) => {
          const doc = ProjectDocumentSchema.parse({
            ...base,
            name,
            tables: [{ ...base.tables[0], columns, syncMode: online ? "online" : "offline" }],
          });
          const b = buildBundle(doc, meta({ projectName: name.trim() }), signer);
          // The bytes are the canonical JSON of the whole bundle, signed or not (build writes the content's text once).
          expect(b.bytes.toString("utf8")).toBe(canonicalJson(b.bundle));
          expect(buildBundle(doc, meta({ projectName: name.trim() })).bytes.toString("utf8")).toBe(
            canonicalJson(buildBundle(doc, meta({ projectName: name.trim() })).bundle),
          );
          const result = verifyBundle(b.bytes, { publicKey: signer.publicKey });
          expect(result.ok).toBe(true);
          expect(result.content).toEqual(doc);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});
