-- CreateTable
CREATE TABLE "SnapshotOrgDefinitions" (
    "snapshotId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "formCount" INTEGER NOT NULL,
    "viewCount" INTEGER NOT NULL,
    "definitions" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("snapshotId", "table"),
    CONSTRAINT "SnapshotOrgDefinitions_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "MetadataSnapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
