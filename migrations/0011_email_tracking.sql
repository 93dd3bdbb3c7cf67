CREATE TABLE "message_engagements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"link_index" integer,
	"at" timestamp with time zone NOT NULL,
	"user_agent" text,
	"machine" boolean NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "tracking" jsonb DEFAULT '{"opens":false,"clicks":false,"utm":false}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "format" text;--> statement-breakpoint
ALTER TABLE "message_engagements" ADD CONSTRAINT "message_engagements_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_engagements_message_id_kind_index" ON "message_engagements" USING btree ("message_id","kind");