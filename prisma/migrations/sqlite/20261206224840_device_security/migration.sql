-- CreateTable
CREATE TABLE "DeviceCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceRowId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedById" TEXT,
    "queuedByLabel" TEXT NOT NULL,
    "sentAt" DATETIME,
    "sentTo" TEXT,
    "acknowledgedAt" DATETIME,
    "cancelledAt" DATETIME,
    CONSTRAINT "DeviceCommand_deviceRowId_fkey" FOREIGN KEY ("deviceRowId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeviceCheckIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceRowId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "appVersion" TEXT NOT NULL,
    "syncResult" TEXT,
    "syncError" TEXT,
    "dbBytes" BIGINT,
    "dbRows" BIGINT,
    CONSTRAINT "DeviceCheckIn_deviceRowId_fkey" FOREIGN KEY ("deviceRowId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "userOid" TEXT NOT NULL,
    "userName" TEXT,
    "appVersion" TEXT NOT NULL,
    "versionId" TEXT,
    "projectId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'allowed',
    "stateChangedAt" DATETIME,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastDownloadAt" DATETIME,
    "lastCheckInAt" DATETIME,
    "model" TEXT,
    "osName" TEXT,
    "osVersion" TEXT,
    "lastSyncResult" TEXT,
    "lastSyncError" TEXT,
    "localDbBytes" BIGINT,
    "localDbRows" BIGINT,
    CONSTRAINT "Device_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "Version" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Device" ("appVersion", "deviceId", "firstSeenAt", "id", "lastDownloadAt", "lastSeenAt", "userName", "userOid", "versionId") SELECT "appVersion", "deviceId", "firstSeenAt", "id", "lastDownloadAt", "lastSeenAt", "userName", "userOid", "versionId" FROM "Device";
DROP TABLE "Device";
ALTER TABLE "new_Device" RENAME TO "Device";
CREATE INDEX "Device_versionId_idx" ON "Device"("versionId");
CREATE INDEX "Device_lastSeenAt_idx" ON "Device"("lastSeenAt");
CREATE INDEX "Device_state_lastSeenAt_idx" ON "Device"("state", "lastSeenAt");
CREATE INDEX "Device_projectId_lastSeenAt_idx" ON "Device"("projectId", "lastSeenAt");
CREATE INDEX "Device_userOid_state_idx" ON "Device"("userOid", "state");
CREATE INDEX "Device_appVersion_idx" ON "Device"("appVersion");
CREATE INDEX "Device_osName_idx" ON "Device"("osName");
CREATE UNIQUE INDEX "Device_deviceId_userOid_key" ON "Device"("deviceId", "userOid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DeviceCommand_deviceRowId_status_idx" ON "DeviceCommand"("deviceRowId", "status");

-- CreateIndex
CREATE INDEX "DeviceCommand_status_queuedAt_idx" ON "DeviceCommand"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "DeviceCheckIn_deviceRowId_at_idx" ON "DeviceCheckIn"("deviceRowId", "at");

-- Devices seen before this migration belong to the project of the version they hold.
UPDATE "Device" SET "projectId" = (SELECT "projectId" FROM "Version" WHERE "Version"."id" = "Device"."versionId");
