-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "lastCheckInAt" TIMESTAMP(3),
ADD COLUMN     "lastSyncError" TEXT,
ADD COLUMN     "lastSyncResult" TEXT,
ADD COLUMN     "localDbBytes" BIGINT,
ADD COLUMN     "localDbRows" BIGINT,
ADD COLUMN     "model" TEXT,
ADD COLUMN     "osName" TEXT,
ADD COLUMN     "osVersion" TEXT,
ADD COLUMN     "projectId" TEXT,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'allowed',
ADD COLUMN     "stateChangedAt" TIMESTAMP(3),
ALTER COLUMN "versionId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "DeviceCommand" (
    "id" TEXT NOT NULL,
    "deviceRowId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedById" TEXT,
    "queuedByLabel" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),
    "sentTo" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "DeviceCommand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceCheckIn" (
    "id" TEXT NOT NULL,
    "deviceRowId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "appVersion" TEXT NOT NULL,
    "syncResult" TEXT,
    "syncError" TEXT,
    "dbBytes" BIGINT,
    "dbRows" BIGINT,

    CONSTRAINT "DeviceCheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeviceCommand_deviceRowId_status_idx" ON "DeviceCommand"("deviceRowId", "status");

-- CreateIndex
CREATE INDEX "DeviceCommand_status_queuedAt_idx" ON "DeviceCommand"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "DeviceCheckIn_deviceRowId_at_idx" ON "DeviceCheckIn"("deviceRowId", "at");

-- CreateIndex
CREATE INDEX "Device_state_lastSeenAt_idx" ON "Device"("state", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Device_projectId_lastSeenAt_idx" ON "Device"("projectId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Device_userOid_state_idx" ON "Device"("userOid", "state");

-- CreateIndex
CREATE INDEX "Device_appVersion_idx" ON "Device"("appVersion");

-- CreateIndex
CREATE INDEX "Device_osName_idx" ON "Device"("osName");

-- AddForeignKey
ALTER TABLE "DeviceCommand" ADD CONSTRAINT "DeviceCommand_deviceRowId_fkey" FOREIGN KEY ("deviceRowId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceCheckIn" ADD CONSTRAINT "DeviceCheckIn_deviceRowId_fkey" FOREIGN KEY ("deviceRowId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Devices seen before this migration belong to the project of the version they hold.
UPDATE "Device" SET "projectId" = (SELECT "projectId" FROM "Version" WHERE "Version"."id" = "Device"."versionId");
