// A publisher to be killed: publishes one project's next version in an endless loop and says on stdout how
// far it got, so that tests/integration/versions-publish-kill.test.ts can SIGKILL it at any moment and judge
// what was stored. Run with `node --conditions=react-server --import tsx tests/support/publish-in-a-loop.ts`.
//
// Environment: DATABASE_URL, PROJECT_ID (the project to publish), WARM_UP_PROJECT_ID (another project of the
// same database, published a few times before "ready"), ACTOR (JSON {"id","label"}), SIGNING_KEY (PEM
// PKCS#8 Ed25519 private key).
// Prints one line per event: "ready <ms>" once warmed up (<ms>: how long one warm publish took). Then, after
// it reads a line on stdin (the parent starts it early and still chooses when publishing begins), for each
// publish: "start <i>"; "write <Model>.<operation>" before each write it sends (publishing writes only in its
// transaction, so the first one means the transaction is open); "done <number> <ms>" once publishVersion
// returned. stdout to a pipe is synchronous on Linux: each line is in the pipe before the next step begins.
// It exits when stdin closes, so it never outlives a parent that died without killing it.
import { createPrivateKey } from "node:crypto";
import { once } from "node:events";
import { AuditActorSchema } from "@/lib/audit/schema";
import { keyIdOf } from "@/lib/bundle/sign";
import { createDbClient, type Db } from "@/lib/db/client";
import { publishVersion } from "@/lib/versions/mutations";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`publish-in-a-loop: ${name} is not set\n`);
    process.exit(2);
  }
  return value;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

const url = required("DATABASE_URL");
const projectId = required("PROJECT_ID");
const warmUpProjectId = required("WARM_UP_PROJECT_ID");
const actor = AuditActorSchema.parse(JSON.parse(required("ACTOR")));
const privateKey = createPrivateKey(required("SIGNING_KEY"));
const options = { signer: { privateKey, keyId: keyIdOf(privateKey) } };

const WRITES = new Set([
  "create",
  "createMany",
  "update",
  "updateMany",
  "upsert",
  "delete",
  "deleteMany",
  "executeRaw",
  "executeRawUnsafe",
]);
let reportWrites = false;
// The extension only reports; every query runs as publishVersion sent it, inside its transaction.
const db = createDbClient(url).$extends({
  query: {
    async $allOperations({ model, operation, args, query }) {
      if (reportWrites && WRITES.has(operation)) say(`write ${model ?? "raw"}.${operation}`);
      return query(args);
    },
  },
}) as unknown as Db;

// Warm up on the other project: the first publish of a process compiles each query and takes about 10x as
// long, most of it inside the transaction; the parent times its kills by the warm ones.
const warm: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  await publishVersion(db, actor, { projectId: warmUpProjectId, notes: `warm-up ${i}` }, options);
  warm.push(performance.now() - started);
}
say(`ready ${Math.round((warm[1] + warm[2]) / 2)}`);
process.stdin.on("end", () => process.exit(3));
await once(process.stdin, "data");
reportWrites = true;

for (let i = 1; ; i++) {
  say(`start ${i}`);
  const started = performance.now();
  const version = await publishVersion(db, actor, { projectId, notes: `loop ${i}` }, options);
  say(`done ${version.number} ${Math.round(performance.now() - started)}`);
}
