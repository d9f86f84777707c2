// The per-user device limit holds when a user's new devices arrive at once: twenty first requests of twenty
// different devices, against a limit of three, register exactly three, on SQLite and on PostgreSQL; the others are
// refused with device_limit_reached and leave no row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { registerDevice } from "@/lib/devices/mutations";
import { createTestDatabase } from "../support/test-database";

const USER = "00000000-0000-4000-8000-00000000b0b0";
const LIMIT = 3;

describe.each(["sqlite", "postgresql"] as const)("the device limit under concurrent registrations (%s)", (provider) => {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let skip = false;

  beforeAll(async () => {
    const database = await createTestDatabase(provider);
    if (!database) {
      skip = true;
      return;
    }
    drop = database.cleanup;
    db = createDbClient(database.url);
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  it("registers exactly the limit of twenty new devices arriving at once", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    for (let round = 0; round < 3; round++) {
      const user = `${USER.slice(0, -1)}${round}`;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          registerDevice(
            db,
            {
              deviceId: `race-${round}-${i}`,
              userOid: user,
              userName: "Bob Racer",
              appVersion: "5.0.0",
              projectId: null,
              state: "allowed",
            },
            LIMIT,
          ),
        ),
      );
      const refused = results.filter((r) => r.status === "rejected");
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(LIMIT);
      for (const r of refused) {
        const error = (r as PromiseRejectedResult).reason as unknown;
        expect(isAppError(error) && error.reason).toBe("device_limit_reached");
      }
      expect(await db.device.count({ where: { userOid: user } })).toBe(LIMIT);
    }
  }, 60_000);

  it("still lets the same new device's two requests at once register it once", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const user = `${USER.slice(0, -2)}99`;
    const device = {
      deviceId: "twice",
      userOid: user,
      userName: null,
      appVersion: "5.0.0",
      projectId: null,
      state: "allowed" as const,
    };
    const [a, b] = await Promise.all([registerDevice(db, device, LIMIT), registerDevice(db, device, LIMIT)]);
    expect(a.id).toBe(b.id);
    expect(await db.device.count({ where: { userOid: user } })).toBe(1);
  });
});
