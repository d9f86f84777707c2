// The load of the check-in benchmark, in its own process (so it does not share the server's thread): CONCURRENCY
// keep-alive connections, each checking in as its own devices in turn (device i of DEVICES), for SECONDS after a
// one-second warm-up, collecting every command id it is sent. Prints one JSON line.
import http from "node:http";

const url = new URL(process.env.LOAD_URL);
const token = process.env.LOAD_TOKEN ?? "";
const devices = Number(process.env.LOAD_DEVICES ?? 640);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 64);
const seconds = Number(process.env.LOAD_SECONDS ?? 5);
const prefix = process.env.LOAD_PREFIX ?? "bench-device-";
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const body = JSON.stringify({
  model: "Bench phone",
  os: { name: "Android", version: "15" },
  lastSync: { result: "ok" },
  localDatabase: { bytes: 1048576, rows: 1000 },
});

function checkIn(device) {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "x-device-id": `${prefix}${device}`,
          "x-app-version": "9.0",
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", () => resolve({ status: 0, text: "" }));
    req.end(body);
  });
}

const commandIds = [];
const statuses = {};
let requests = 0;
let next = 0;
async function worker(until, counting) {
  while (Date.now() < until) {
    const device = next++ % devices;
    const { status, text } = await checkIn(device);
    if (status === 200 && text.includes('"commands":[{'))
      for (const c of JSON.parse(text).commands) commandIds.push(c.id);
    if (!counting) continue;
    requests++;
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, () => worker(Date.now() + 1000, false)));
const start = Date.now();
await Promise.all(Array.from({ length: concurrency }, () => worker(start + seconds * 1000, true)));
const elapsed = (Date.now() - start) / 1000;
process.stdout.write(JSON.stringify({ rps: requests / elapsed, requests, statuses, commandIds }) + "\n");
agent.destroy();
