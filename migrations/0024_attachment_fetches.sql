CREATE TABLE "attachment_fetches" (
	"attachment_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"source" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"give_up_at" timestamp with time zone NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "attachment_fetches" ADD CONSTRAINT "attachment_fetches_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_fetches_next_attempt_at_index" ON "attachment_fetches" USING btree ("next_attempt_at");