-- What the checks after publishing found: is the post open to visitors, and is it found in NAVER search.
-- AlterTable
ALTER TABLE "Draft" ADD COLUMN "liveCheck" TEXT,
ADD COLUMN "liveCheckedAt" TIMESTAMP(3),
ADD COLUMN "liveCheckDetail" TEXT,
ADD COLUMN "liveScreenshotPath" TEXT,
ADD COLUMN "searchCheck" TEXT,
ADD COLUMN "searchCheckedAt" TIMESTAMP(3),
ADD COLUMN "searchFoundAt" TIMESTAMP(3),
ADD COLUMN "searchPosition" INTEGER,
ADD COLUMN "searchMissingAlertAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SearchCheck" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "query" TEXT NOT NULL,
    "found" BOOLEAN NOT NULL,
    "position" INTEGER,
    "error" TEXT,

    CONSTRAINT "SearchCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SearchCheck_draftId_round_key" ON "SearchCheck"("draftId", "round");

-- AddForeignKey
ALTER TABLE "SearchCheck" ADD CONSTRAINT "SearchCheck_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A channel's weekly /report message (no row: off).
-- CreateTable
CREATE TABLE "WeeklyReport" (
    "channelId" TEXT NOT NULL,
    "guildId" TEXT,
    "weekday" INTEGER NOT NULL,
    "hour" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Seoul',
    "createdBy" TEXT,
    "lastSentFor" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WeeklyReport_pkey" PRIMARY KEY ("channelId")
);
