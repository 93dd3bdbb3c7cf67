DROP INDEX "conversations_contact_id_status_index";--> statement-breakpoint
CREATE INDEX "conversations_contact_activity_idx" ON "conversations" USING btree ("contact_id","last_activity_at");