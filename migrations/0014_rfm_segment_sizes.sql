CREATE TABLE "rfm_segment_sizes" (
	"day" date NOT NULL,
	"segment" text NOT NULL,
	"contacts" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rfm_segment_sizes_day_segment_pk" PRIMARY KEY("day","segment")
);
