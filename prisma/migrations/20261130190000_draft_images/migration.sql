-- Pictures in every post (issue 13): the account's image settings and each draft's pictures.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "imagesMode" TEXT NOT NULL DEFAULT 'photos+generated',
ADD COLUMN "imagesMin" INTEGER NOT NULL DEFAULT 4,
ADD COLUMN "imagesMax" INTEGER NOT NULL DEFAULT 8,
ADD COLUMN "imageStyle" TEXT;

-- CreateTable
CREATE TABLE "DraftImage" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "reason" TEXT,
    "bytes" BYTEA,
    "contentType" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "fileName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DraftImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DraftImage_draftId_slot_key" ON "DraftImage"("draftId", "slot");

-- AddForeignKey
ALTER TABLE "DraftImage" ADD CONSTRAINT "DraftImage_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;
