// Reads an uploaded project file as text within its limit (through the one body reader, lib/http/request-body.ts).
import { readBodyText } from "@/lib/http/request-body";

export const MAX_PROJECT_FILE_BYTES = 50 * 1024 * 1024;

export function readTextBody(request: Request, maxBytes = MAX_PROJECT_FILE_BYTES): Promise<string> {
  return readBodyText(request, maxBytes, { what: "The file" });
}
