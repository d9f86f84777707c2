-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Version" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "bundleHash" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "minClientVersion" TEXT NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "bundle" BLOB NOT NULL,
    "downloadCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Version_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Version" ("bundle", "bundleHash", "contentHash", "createdAt", "createdById", "createdByLabel", "id", "minClientVersion", "notes", "number", "projectId", "size", "snapshotId", "warnings") SELECT "bundle", "bundleHash", "contentHash", "createdAt", "createdById", "createdByLabel", "id", "minClientVersion", "notes", "number", "projectId", "size", "snapshotId", "warnings" FROM "Version";
DROP TABLE "Version";
ALTER TABLE "new_Version" RENAME TO "Version";
CREATE UNIQUE INDEX "Version_bundleHash_key" ON "Version"("bundleHash");
CREATE INDEX "Version_contentHash_idx" ON "Version"("contentHash");
CREATE UNIQUE INDEX "Version_projectId_number_key" ON "Version"("projectId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The downloads each version has in the history today (lib/versions/mutations.ts and lib/devices/retention.ts keep it from now on).
UPDATE "Version" SET "downloadCount" = (SELECT COUNT(*) FROM "Download" WHERE "Download"."versionId" = "Version"."id");
