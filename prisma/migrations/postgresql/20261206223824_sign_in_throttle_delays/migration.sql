-- The counters are short-lived and their meaning changed: start them afresh.
DELETE FROM "SignInThrottle";

-- AlterTable
ALTER TABLE "SignInThrottle" DROP COLUMN "lockedUntil",
DROP COLUMN "windowStart",
ADD COLUMN     "lastAtMs" BIGINT NOT NULL;
