CREATE TABLE "staged_files" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"staged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "staged_files_staged_at_index" ON "staged_files" USING btree ("staged_at");