ALTER TABLE "campaigns" ADD COLUMN "holdout_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "conversion_window_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
CREATE INDEX "campaign_recipients_contact_id_index" ON "campaign_recipients" USING btree ("contact_id");