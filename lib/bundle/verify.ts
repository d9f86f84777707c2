// Verifies a bundle's bytes: readable JSON, a format this Syncwright reads, the schema, the content hash
// and (given the public key) the signature. Every failure is a problem naming where; nothing throws.
import type { KeyObject } from "node:crypto";
import type { ProjectDocument } from "@/lib/customization/schema";
import { AppError } from "@/lib/app-error";
import { MAX_DOCUMENT_JSON_DEPTH, fieldProblems, jsonDepthProblem } from "@/lib/parse-input";
import { canonicalSha256 } from "./canonical-json";
import { parseJsonBytes, type JsonTextResult } from "./json-text";
import {
  BUNDLE_FORMAT_VERSION,
  BundleSchema,
  type BundleManifest,
  type BundleProblem,
  type BundleSignature,
} from "./schema";
import { keyIdOf, verifyManifestSignature } from "./sign";

export interface VerifyOptions {
  /** The portal's public key; without it a signature is reported as present but not checked. */
  publicKey?: KeyObject;
  /** How problems name the input ("bundle.json"); default "bundle". */
  name?: string;
}

export type SignatureState = "valid" | "invalid" | "unchecked" | "absent";

export interface VerifyResult {
  ok: boolean;
  /** Present once the bytes parse as a bundle of a known format (even when hash or signature fail). */
  manifest?: BundleManifest;
  content?: ProjectDocument;
  signature: SignatureState;
  keyId?: string;
  problems: BundleProblem[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A format version from the future, as the one sentence a user needs. */
export function newerFormatMessage(found: number, reads: number, what = "bundle"): string {
  return `made by a newer Syncwright (${what} format ${found}); this one reads up to ${reads}: update syncwright`;
}

export function verifyBundle(bytes: Uint8Array | string, options: VerifyOptions = {}): VerifyResult {
  return verifyBundleJson(parseJsonBytes(bytes, options.name ?? "bundle"), options);
}

/** verifyBundle of bytes already read with parseJsonBytes (the CLI reads a file once, bundle or project file). */
export function verifyBundleJson(json: JsonTextResult, options: VerifyOptions = {}): VerifyResult {
  const where = options.name ?? "bundle";
  const fail = (problems: BundleProblem[], rest: Partial<VerifyResult> = {}): VerifyResult => ({
    ok: false,
    signature: "absent",
    ...rest,
    problems,
  });

  if (!json.ok) return fail([json.problem]);
  const raw = json.value;
  if (!isRecord(raw) || !isRecord(raw.manifest) || !("content" in raw)) {
    const looksLikeProject = isRecord(raw) && raw.format === "syncwright-project";
    return fail([
      {
        path: where,
        message: looksLikeProject
          ? "this is a project file, not a bundle"
          : "not a Syncwright bundle (expected an object with manifest and content)",
      },
    ]);
  }
  const format = raw.manifest.formatVersion;
  if (typeof format === "number" && Number.isInteger(format) && format > BUNDLE_FORMAT_VERSION) {
    return fail([{ path: "manifest.formatVersion", message: newerFormatMessage(format, BUNDLE_FORMAT_VERSION) }]);
  }

  const deep = jsonDepthProblem(raw, "", MAX_DOCUMENT_JSON_DEPTH);
  if (deep) return fail([deep]);
  const parsed = BundleSchema.safeParse(raw);
  if (!parsed.success) return fail(fieldProblems(parsed.error));
  const { manifest, content, signature } = parsed.data;
  const problems: BundleProblem[] = [];

  // The hash covers the content exactly as it is in the file (not zod's normalized copy), so a reader
  // in any language can recompute it from the JSON alone.
  let actual: string;
  try {
    actual = canonicalSha256(raw.content);
  } catch (e) {
    return fail([{ path: "content", message: e instanceof AppError ? e.message : String(e) }], { manifest });
  }
  if (actual !== manifest.contentSha256) {
    problems.push({
      path: "manifest.contentSha256",
      message: `the content does not match its hash: the manifest says ${manifest.contentSha256}, the content hashes to ${actual} (changed after the bundle was built?)`,
    });
  }

  const state = checkSignature(raw.manifest, signature, options.publicKey, problems);
  return { ok: problems.length === 0, manifest, content, signature: state, keyId: signature?.keyId, problems };
}

function checkSignature(
  rawManifest: unknown,
  signature: BundleSignature | undefined,
  publicKey: KeyObject | undefined,
  problems: BundleProblem[],
): SignatureState {
  if (!publicKey) return signature ? "unchecked" : "absent";
  if (!signature) {
    problems.push({ path: "signature", message: "the bundle is not signed, but a public key was given to check it" });
    return "absent";
  }
  const expected = keyIdOf(publicKey);
  if (signature.keyId !== expected) {
    problems.push({
      path: "signature.keyId",
      message: `signed by key ${signature.keyId}, but the public key given is ${expected}`,
    });
    return "invalid";
  }
  // Signed bytes are the canonical JSON of the manifest as it is in the file.
  if (!verifyManifestSignature(rawManifest, signature, publicKey)) {
    problems.push({
      path: "signature.value",
      message: "the signature does not match the manifest (the bundle was changed, or signed by another key)",
    });
    return "invalid";
  }
  return "valid";
}

/** The content of a bundle the server built itself (stored versions): verified hash, or AppError. */
export function readBundleContent(bytes: Uint8Array): { content: ProjectDocument; manifest: BundleManifest } {
  const result = verifyBundle(bytes, { name: "stored bundle" });
  if (!result.ok || !result.content || !result.manifest) {
    throw new AppError(
      "internal",
      `A stored bundle cannot be read: ${result.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      { problems: result.problems },
    );
  }
  return { content: result.content, manifest: result.manifest };
}
