-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('active', 'needs_login', 'paused', 'disabled');

-- CreateEnum
CREATE TYPE "DraftStatus" AS ENUM ('generating', 'pending_approval', 'approved', 'publishing', 'published', 'rejected', 'generation_failed', 'publish_failed', 'publish_unconfirmed');

-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('public', 'neighbors', 'private');

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "blogId" TEXT NOT NULL,
    "label" TEXT,
    "status" "AccountStatus" NOT NULL DEFAULT 'active',
    "credentialsEnc" TEXT,
    "sessionEnc" TEXT,
    "sessionSavedAt" TIMESTAMP(3),
    "autoApprove" BOOLEAN NOT NULL DEFAULT false,
    "visibility" "Visibility" NOT NULL DEFAULT 'public',
    "category" TEXT,
    "defaultTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tone" TEXT,
    "language" TEXT NOT NULL DEFAULT 'ko',
    "dailyCap" INTEGER NOT NULL DEFAULT 3,
    "allowedHourStart" INTEGER NOT NULL DEFAULT 0,
    "allowedHourEnd" INTEGER NOT NULL DEFAULT 24,
    "minIntervalMinutes" INTEGER NOT NULL DEFAULT 60,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Seoul',
    "approverRoleIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelLink" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "guildId" TEXT,
    "accountId" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "sourceJobId" TEXT,
    "scheduleId" TEXT,
    "requestedBy" TEXT,
    "originChannelId" TEXT,
    "topic" TEXT NOT NULL,
    "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "title" TEXT,
    "body" JSONB,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "model" TEXT,
    "promptTokens" INTEGER,
    "outputTokens" INTEGER,
    "totalTokens" INTEGER,
    "publishAt" TIMESTAMP(3),
    "plannedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "regenerations" INTEGER NOT NULL DEFAULT 0,
    "status" "DraftStatus" NOT NULL DEFAULT 'generating',
    "lastError" TEXT,
    "lastErrorClass" TEXT,
    "messages" JSONB NOT NULL DEFAULT '[]',
    "publishedUrl" TEXT,
    "logNo" TEXT,
    "publishedAt" TIMESTAMP(3),
    "screenshotPath" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DraftEvent" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" "DraftStatus",
    "toStatus" "DraftStatus",
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DraftEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Seoul',
    "topics" TEXT[],
    "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "fireCount" INTEGER NOT NULL DEFAULT 0,
    "lastFireAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "accountId" TEXT,
    "draftId" TEXT,
    "payload" JSONB NOT NULL,
    "errorClass" TEXT NOT NULL,
    "errorMessage" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,
    "resolvedBy" TEXT,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_blogId_key" ON "Account"("blogId");

-- CreateIndex
CREATE INDEX "ChannelLink_accountId_idx" ON "ChannelLink"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelLink_channelId_accountId_key" ON "ChannelLink"("channelId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Draft_sourceJobId_key" ON "Draft"("sourceJobId");

-- CreateIndex
CREATE INDEX "Draft_accountId_status_idx" ON "Draft"("accountId", "status");

-- CreateIndex
CREATE INDEX "Draft_status_publishedAt_idx" ON "Draft"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "DraftEvent_draftId_createdAt_idx" ON "DraftEvent"("draftId", "createdAt");

-- CreateIndex
CREATE INDEX "Schedule_enabled_idx" ON "Schedule"("enabled");

-- CreateIndex
CREATE INDEX "DeadLetter_resolvedAt_idx" ON "DeadLetter"("resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_queue_jobId_key" ON "DeadLetter"("queue", "jobId");

-- AddForeignKey
ALTER TABLE "ChannelLink" ADD CONSTRAINT "ChannelLink_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftEvent" ADD CONSTRAINT "DraftEvent_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
