// Posts a form's values as JSON to one of our route handlers and turns a problem response into a message a person can act on.
export type PostResult =
  | { ok: true; body: Record<string, unknown> }
  | {
      ok: false;
      message: string;
      fields: Record<string, string>;
      /** Seconds to wait before trying again (429 with Retry-After). */
      retryAfterSeconds?: number;
    };

export async function postJson(url: string, values: unknown): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(values),
    });
  } catch {
    return { ok: false, message: "The portal could not be reached. Check your connection and try again.", fields: {} };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, body };
  const fields: Record<string, string> = {};
  for (const p of (body.problems as Array<{ path: string; message: string }> | undefined) ?? [])
    fields[p.path] = p.message;
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    ok: false,
    message: String(body.detail ?? body.title ?? `The request failed (${response.status}).`),
    fields,
    ...(response.status === 429 && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}
