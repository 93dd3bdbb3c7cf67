DROP TABLE "workflow_event_receipts" CASCADE;--> statement-breakpoint
ALTER TABLE "workflow_cursors" DROP COLUMN "event_id";