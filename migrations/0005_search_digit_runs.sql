ALTER TABLE "contacts" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', search_text || ' ' || regexp_replace(search_text, '[^0-9]+', ' ', 'g'))) STORED;--> statement-breakpoint
ALTER TABLE "messages" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', search_text || ' ' || regexp_replace(search_text, '[^0-9]+', ' ', 'g'))) STORED;--> statement-breakpoint
-- Dropping the column dropped its index; the snapshot still lists it, so it is recreated here by hand.
CREATE INDEX "contacts_search_vector_index" ON "contacts" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "messages_search_vector_index" ON "messages" USING gin ("search_vector");
