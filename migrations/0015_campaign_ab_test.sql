ALTER TABLE "campaign_recipients" ADD COLUMN "variant" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "ab_phase" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "variants" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "ab_test" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_decided_by" text;