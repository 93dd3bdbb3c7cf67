DROP INDEX "messages_channel_id_external_id_index";--> statement-breakpoint
CREATE INDEX "customer_events_name_occurred_at_index" ON "customer_events" USING btree ("name","occurred_at");--> statement-breakpoint
CREATE INDEX "messages_channel_id_external_id_index" ON "messages" USING btree ("channel_id","external_id") WHERE external_id is not null;