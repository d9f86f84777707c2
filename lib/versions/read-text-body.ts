// Reads an uploaded file body as text, refusing one larger than the limit before reading it all.
import { AppError } from "@/lib/app-error";

export const MAX_PROJECT_FILE_BYTES = 50 * 1024 * 1024;

export async function readTextBody(request: Request, maxBytes = MAX_PROJECT_FILE_BYTES): Promise<string> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw new AppError("too_large", `The file is larger than ${maxBytes} bytes.`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > maxBytes) throw new AppError("too_large", `The file is larger than ${maxBytes} bytes.`);
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}
