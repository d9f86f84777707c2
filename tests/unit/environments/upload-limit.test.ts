// The upload limits as the browser checks them before sending, and as the server derives them from the one setting.
import { describe, expect, it } from "vitest";
import { MAX_UPLOAD_FILES, uploadLimits, uploadSelectionProblem } from "@/lib/environments/upload-limit";

const MB = 1024 * 1024;

describe("uploadSelectionProblem", () => {
  it("takes files up to the limit exactly, and refuses one byte more, saying how much and which setting", () => {
    expect(uploadSelectionProblem([60 * MB, 40 * MB], 100)).toBeUndefined();
    expect(uploadSelectionProblem([60 * MB, 40 * MB + 1], 100)).toBe(
      "The files add up to more than the 100 MB an upload may hold (the portal's SYNCWRIGHT_MAX_UPLOAD_MB setting).",
    );
    expect(uploadSelectionProblem([1.5 * MB], 1)).toMatch(/^The files add up to 1\.5 MB, over the 1 MB /);
    expect(uploadSelectionProblem([250 * MB], 100)).toMatch(/^The files add up to 250 MB, over the 100 MB /);
    expect(uploadSelectionProblem([], 1)).toBeUndefined();
  });

  it("refuses more files than an upload takes", () => {
    expect(uploadSelectionProblem(new Array<number>(MAX_UPLOAD_FILES).fill(1), 100)).toBeUndefined();
    expect(uploadSelectionProblem(new Array<number>(MAX_UPLOAD_FILES + 1).fill(1), 100)).toBe(
      "20,001 files are chosen; an upload takes at most 20,000.",
    );
  });
});

describe("uploadLimits", () => {
  it("derives every limit from SYNCWRIGHT_MAX_UPLOAD_MB, a zip's unpacked size too", () => {
    expect(uploadLimits({ SYNCWRIGHT_MAX_UPLOAD_MB: "7" })).toEqual({
      maxBodyBytes: 15 * MB,
      maxFileBytes: 7 * MB,
      maxTotalBytes: 7 * MB,
      maxFiles: MAX_UPLOAD_FILES,
      maxUnpackedBytes: 7 * MB,
    });
  });
});
