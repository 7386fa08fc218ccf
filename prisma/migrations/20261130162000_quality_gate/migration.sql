-- Quality gate (issue 14): what each draft's checks found, and what the originality check compares.

-- AlterTable
ALTER TABLE "Account" ADD COLUMN "bannedWords" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "grounding" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "referencesBlock" BOOLEAN NOT NULL DEFAULT false;

-- The account's voice: who writes for whom, how posts end, phrases never to use, posts to match, AI disclosure.
ALTER TABLE "Account" ADD COLUMN "persona" TEXT,
ADD COLUMN "closingLine" TEXT,
ADD COLUMN "bannedPhrases" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "styleExampleIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "aiDisclosure" TEXT;

-- Accounts that exist keep writing as they did (no grounding), new accounts get it.
ALTER TABLE "Account" ALTER COLUMN "grounding" SET DEFAULT true;

-- AlterTable
ALTER TABLE "Draft" ADD COLUMN "checks" JSONB,
ADD COLUMN "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "minhash" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "lshBands" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- Candidates for the originality check: drafts sharing at least one LSH band with the new one (the && operator).
CREATE INDEX "Draft_lshBands_idx" ON "Draft" USING GIN ("lshBands");
