ALTER TABLE "attachments" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Files stored before this were kept in no defined order: the order they were written in is the best left to go by.
UPDATE "attachments" AS a SET "position" = o."position" FROM (SELECT "id", (row_number() OVER (PARTITION BY "message_id" ORDER BY ctid) - 1)::integer AS "position" FROM "attachments") AS o WHERE a."id" = o."id" AND o."position" > 0;--> statement-breakpoint
CREATE INDEX "attachments_storage_key_index" ON "attachments" USING btree ("storage_key") WHERE storage_key is not null;--> statement-breakpoint
CREATE INDEX "uploads_storage_key_index" ON "uploads" USING btree ("storage_key");