// JSON parsing for metadata files: one AppError naming the file and the line:column of the first fault
// (lib/json-fault.ts finds it).
import { AppError } from "@/lib/app-error";
import { locateJsonFault, positionOf } from "@/lib/json-fault";

/** Parses JSON text or throws AppError("invalid") with "file:line:column: reason". */
export function parseJsonText(text: string, fileName: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const fault = locateJsonFault(body);
    const at = positionOf(body, fault.offset);
    const truncated = fault.offset >= body.trimEnd().length;
    const reason = truncated ? "the file ends in the middle of a JSON value (truncated?)" : fault.reason;
    throw new AppError("invalid", `${fileName}:${at.line}:${at.column}: not valid JSON: ${reason}`, {
      problems: [{ path: `${fileName}:${at.line}:${at.column}`, message: reason }],
      details: { file: fileName, line: at.line, column: at.column },
      cause: error,
    });
  }
}
