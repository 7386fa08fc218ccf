-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "jitterMinutes" INTEGER NOT NULL DEFAULT 0;
