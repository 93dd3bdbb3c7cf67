CREATE TABLE "early_receipts" (
	"channel_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"error_code" text,
	"error_message" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "early_receipts_channel_id_external_id_status_pk" PRIMARY KEY("channel_id","external_id","status")
);
--> statement-breakpoint
ALTER TABLE "early_receipts" ADD CONSTRAINT "early_receipts_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "early_receipts_received_at_index" ON "early_receipts" USING btree ("received_at");