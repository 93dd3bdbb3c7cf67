-- Reply suggestions search only answered customer messages: each public inbound message paired with the first agent
-- reply after it in its conversation, kept here by triggers on messages so that every writer of messages keeps it.
-- server/db/schema/assist.ts describes the table; server/assist/suggest-replies.ts reads it.
CREATE TABLE "reply_evidence" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"reply_id" uuid NOT NULL,
	"stems" "tsvector" NOT NULL
);
--> statement-breakpoint
INSERT INTO "reply_evidence" ("message_id", "conversation_id", "reply_id", "stems")
SELECT m.id, m.conversation_id, r.id, message_stems(m.search_text)
FROM "messages" m
CROSS JOIN LATERAL (
  SELECT r.id FROM "messages" r
  WHERE r.conversation_id = m.conversation_id AND r.seq > m.seq AND r.direction = 'out' AND r.sender_type = 'user' AND NOT r.private
  ORDER BY r.seq LIMIT 1
) r
WHERE m.direction = 'in' AND NOT m.private;--> statement-breakpoint
ALTER TABLE "reply_evidence" ADD CONSTRAINT "reply_evidence_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_evidence" ADD CONSTRAINT "reply_evidence_reply_id_messages_id_fk" FOREIGN KEY ("reply_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reply_evidence_stems_index" ON "reply_evidence" USING gin ("stems");--> statement-breakpoint
CREATE INDEX "reply_evidence_reply_id_index" ON "reply_evidence" USING btree ("reply_id");--> statement-breakpoint
-- A new agent reply answers the conversation's public customer messages since the previous agent reply.
CREATE FUNCTION reply_evidence_of_reply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reply_evidence (message_id, conversation_id, reply_id, stems)
  SELECT m.id, m.conversation_id, NEW.id, message_stems(m.search_text)
  FROM messages m
  WHERE m.conversation_id = NEW.conversation_id AND m.seq < NEW.seq AND m.direction = 'in' AND NOT m.private
    AND m.seq > coalesce((
      SELECT p.seq FROM messages p
      WHERE p.conversation_id = NEW.conversation_id AND p.seq < NEW.seq AND p.direction = 'out' AND p.sender_type = 'user' AND NOT p.private
      ORDER BY p.seq DESC LIMIT 1), 0)
  ON CONFLICT (message_id) DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER messages_reply_evidence AFTER INSERT ON messages FOR EACH ROW
  WHEN (NEW.direction = 'out' AND NEW.sender_type = 'user' AND NOT NEW.private) EXECUTE FUNCTION reply_evidence_of_reply();--> statement-breakpoint
-- An edited message is searched by its new words; an erased one (empty text) matches nothing.
CREATE FUNCTION reply_evidence_of_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reply_evidence SET stems = message_stems(NEW.search_text) WHERE message_id = NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER messages_reply_evidence_edit AFTER UPDATE OF search_text ON messages FOR EACH ROW
  WHEN (NEW.direction = 'in' AND OLD.search_text IS DISTINCT FROM NEW.search_text) EXECUTE FUNCTION reply_evidence_of_edit();--> statement-breakpoint
DROP INDEX "messages_inbound_stems_index";--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "inbound_stems";
