-- AlterTable
ALTER TABLE "Version" ADD COLUMN     "downloadCount" INTEGER NOT NULL DEFAULT 0;

-- The downloads each version has in the history today (lib/versions/mutations.ts and lib/devices/retention.ts keep it from now on).
UPDATE "Version" SET "downloadCount" = (SELECT COUNT(*) FROM "Download" WHERE "Download"."versionId" = "Version"."id");
