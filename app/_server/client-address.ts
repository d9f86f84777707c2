// The client's address for rate limiting: the first X-Forwarded-For hop when behind a proxy, else X-Real-IP.
import "server-only";

export function clientAddress(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || null;
}
