-- Accounts belong to the Discord server that added them: another server adding the same blog gets an account
-- of its own, so a blog id is unique per server only.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "guildId" TEXT;

-- An existing account belongs to the server of its oldest channel link that names one.
UPDATE "Account" a
SET "guildId" = (
    SELECT l."guildId" FROM "ChannelLink" l
    WHERE l."accountId" = a."id" AND l."guildId" IS NOT NULL
    ORDER BY l."createdAt" ASC, l."id" ASC
    LIMIT 1
);

-- An account that no channel manages keeps no NAVER login and no browser session (from now on they are
-- forgotten when the last channel lets go, and accounts already orphaned get the same).
UPDATE "Account" a
SET "credentialsEnc" = NULL, "sessionEnc" = NULL, "sessionSavedAt" = NULL
WHERE NOT EXISTS (SELECT 1 FROM "ChannelLink" l WHERE l."accountId" = a."id");

-- DropIndex
DROP INDEX "Account_blogId_key";

-- CreateIndex
CREATE UNIQUE INDEX "Account_guildId_blogId_key" ON "Account"("guildId", "blogId");
