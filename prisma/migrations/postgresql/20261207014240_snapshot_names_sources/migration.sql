-- AlterTable
ALTER TABLE "MetadataSnapshot" ADD COLUMN     "name" TEXT,
ADD COLUMN     "provenance" TEXT,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1;
