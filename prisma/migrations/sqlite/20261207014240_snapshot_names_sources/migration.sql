-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MetadataSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceName" TEXT NOT NULL,
    "name" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "provenance" TEXT,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "tableCount" INTEGER NOT NULL,
    "columnCount" INTEGER NOT NULL,
    "relationshipCount" INTEGER NOT NULL,
    "optionSetCount" INTEGER NOT NULL,
    "document" BLOB NOT NULL,
    CONSTRAINT "MetadataSnapshot_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MetadataSnapshot" ("columnCount", "contentHash", "createdAt", "createdById", "document", "environmentId", "id", "optionSetCount", "relationshipCount", "source", "sourceName", "tableCount") SELECT "columnCount", "contentHash", "createdAt", "createdById", "document", "environmentId", "id", "optionSetCount", "relationshipCount", "source", "sourceName", "tableCount" FROM "MetadataSnapshot";
DROP TABLE "MetadataSnapshot";
ALTER TABLE "new_MetadataSnapshot" RENAME TO "MetadataSnapshot";
CREATE INDEX "MetadataSnapshot_environmentId_createdAt_idx" ON "MetadataSnapshot"("environmentId", "createdAt");
CREATE UNIQUE INDEX "MetadataSnapshot_environmentId_contentHash_key" ON "MetadataSnapshot"("environmentId", "contentHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
