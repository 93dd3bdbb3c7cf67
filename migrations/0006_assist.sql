CREATE TABLE "ai_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"base_url" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"api_key_sealed" text,
	"mask_pii" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assist_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"conversation_id" uuid,
	"task" text NOT NULL,
	"outcome" text NOT NULL,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestion_picks" (
	"source" text NOT NULL,
	"item_id" uuid NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"last_picked_at" timestamp with time zone,
	CONSTRAINT "suggestion_picks_source_item_id_pk" PRIMARY KEY("source","item_id")
);
--> statement-breakpoint
ALTER TABLE "assist_calls" ADD CONSTRAINT "assist_calls_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_calls" ADD CONSTRAINT "assist_calls_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assist_calls_at_index" ON "assist_calls" USING btree ("at");