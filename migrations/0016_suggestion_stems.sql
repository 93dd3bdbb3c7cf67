-- The stems of folded text as server/assist/search-terms.ts cuts them: the first five letters of each run of three or
-- more letters and digits, at the word's position, so ts_rank weighs a repeated stem as it weighed the repeated word.
-- server/assist/search-terms.test.ts checks the two agree.
CREATE FUNCTION message_stems(folded text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(format('''%s'':%s', left(w, 5), least(n, 16383)), ' '), '')::tsvector
  FROM regexp_split_to_table(folded, '[^[:alnum:]]+') WITH ORDINALITY AS t(w, n)
  WHERE length(w) >= 3
$$;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "inbound_stems" "tsvector" GENERATED ALWAYS AS (CASE WHEN direction = 'in' AND NOT private THEN message_stems(search_text) END) STORED;--> statement-breakpoint
CREATE INDEX "messages_inbound_stems_index" ON "messages" USING gin ("inbound_stems");
