-- CreateTable
CREATE TABLE "SnapshotOrgDefinitions" (
    "snapshotId" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "formCount" INTEGER NOT NULL,
    "viewCount" INTEGER NOT NULL,
    "definitions" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SnapshotOrgDefinitions_pkey" PRIMARY KEY ("snapshotId","table")
);

-- AddForeignKey
ALTER TABLE "SnapshotOrgDefinitions" ADD CONSTRAINT "SnapshotOrgDefinitions_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "MetadataSnapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
