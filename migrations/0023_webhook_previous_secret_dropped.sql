ALTER TABLE "webhook_subscriptions" DROP COLUMN "previous_secret";--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" DROP COLUMN "previous_secret_until";