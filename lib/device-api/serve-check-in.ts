// POST /api/client/v1/devices/check-in: a device reports what it is and how its last sync went, acknowledges the
// commands it carried out, and learns its state, the version whose bundle carries the policy it must apply, and
// the commands waiting for it (each delivered to exactly one check-in). The report is recorded in batches.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { parseInput } from "@/lib/parse-input";
import { acknowledgeCommands, claimCommands } from "@/lib/devices/mutations";
import { CHECK_IN_MAX_BYTES, CheckInBodySchema, type CheckInAnswer } from "@/lib/devices/schema";
import type { DeviceApiDeps } from "./deps";
import type { DeviceReply, DeviceRequest } from "./device-http";
import { admissionPolicy, deviceGate, deviceHeaders, refuseUnlessAllowed } from "./admit-device";
import { projectForUser } from "./serve-customization";

function parseBody(bytes: Buffer): unknown {
  if ((bytes.length === 0 ? "" : bytes.toString("utf8")).trim() === "")
    throw new AppError("invalid", "Send the check-in as a JSON object.", {
      problems: [{ path: "(body)", message: "is empty" }],
    });
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new AppError("invalid", "The check-in is not valid JSON.", {
      problems: [{ path: "(body)", message: "is not JSON" }],
    });
  }
}

export async function serveCheckIn(request: DeviceRequest, deps: DeviceApiDeps): Promise<DeviceReply> {
  const identity = await deps.verifyToken(request.header("authorization"));
  const device = deviceHeaders(request);
  const body = parseInput(CheckInBodySchema, parseBody(await request.body(CHECK_IN_MAX_BYTES)), "check-in");

  const projects = await deps.published.projects(deps.db);
  const pick = await projectForUser(deps, identity.oid, projects);
  const version = pick ? await deps.published.compatibleVersion(deps.db, pick.projectId, device.appVersion) : undefined;
  // A new device is let in, or not, by the project's policy as published now, whatever version its app can run.
  const policy = pick ? await admissionPolicy(deps, pick.projectId) : null;
  const gate = await deviceGate(deps, identity, device, pick && policy ? { projectId: pick.projectId, policy } : null);
  // Recorded even for a device that is refused: the admin deciding on it sees what it is.
  deps.checkIns.record({ deviceRowId: gate.id, appVersion: device.appVersionText, body, at: new Date() });
  refuseUnlessAllowed(gate);

  await acknowledgeCommands(deps.db, gate.id, body.acknowledgements);
  const commands = gate.queued ? await claimCommands(deps.db, gate.id, randomUUID()) : [];
  const answer: CheckInAnswer = {
    state: gate.state,
    policy:
      pick && version
        ? { projectId: pick.projectId, version: version.number, bundle: `/api/client/v1/bundles/${version.bundleHash}` }
        : null,
    commands: commands.map((c) => ({ id: c.id, kind: c.kind, queuedAt: c.queuedAt.toISOString() })),
  };
  return {
    status: 200,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(answer),
  };
}
