CREATE TABLE "complaint_examples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid,
	"text" text NOT NULL,
	"complaint" boolean NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_examples_messageId_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "complaint_models" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"examples" integer NOT NULL,
	"precision" real NOT NULL,
	"recall" real NOT NULL,
	"held_out" integer NOT NULL,
	"model" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_examples" ADD CONSTRAINT "complaint_examples_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_examples" ADD CONSTRAINT "complaint_examples_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;