-- CreateTable
CREATE TABLE "DraftMessage" (
    "draftId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DraftMessage_pkey" PRIMARY KEY ("draftId","channelId","messageId")
);

-- AddForeignKey
ALTER TABLE "DraftMessage" ADD CONSTRAINT "DraftMessage_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Move the message references kept on the draft until now ([{ channelId, messageId }]) into the table.
INSERT INTO "DraftMessage" ("draftId", "channelId", "messageId")
SELECT d."id", m->>'channelId', m->>'messageId'
FROM "Draft" d, jsonb_array_elements(CASE WHEN jsonb_typeof(d."messages") = 'array' THEN d."messages" ELSE '[]'::jsonb END) AS m
WHERE jsonb_typeof(m->'channelId') = 'string' AND jsonb_typeof(m->'messageId') = 'string'
ON CONFLICT DO NOTHING;

-- AlterTable
ALTER TABLE "Draft" DROP COLUMN "messages";
