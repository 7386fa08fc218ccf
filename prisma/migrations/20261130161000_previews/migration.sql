-- CreateTable
CREATE TABLE "DraftPreview" (
    "draftId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "jobId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3),
    "fingerprint" TEXT,
    "screenshotPath" TEXT,
    "failedStep" TEXT,
    "errorClass" TEXT,
    "errorMessage" TEXT,

    CONSTRAINT "DraftPreview_pkey" PRIMARY KEY ("draftId")
);

-- CreateTable
CREATE TABLE "EditorCheck" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "accountId" TEXT,
    "channelId" TEXT,
    "ranAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "failedStep" TEXT,
    "signature" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "alert" TEXT,

    CONSTRAINT "EditorCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EditorCheck_kind_host_ranAt_idx" ON "EditorCheck"("kind", "host", "ranAt");

-- AddForeignKey
ALTER TABLE "DraftPreview" ADD CONSTRAINT "DraftPreview_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;
