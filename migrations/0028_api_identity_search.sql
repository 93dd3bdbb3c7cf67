-- A contact found by an API identity is found by the integrator's own id: the channel's id before it is taken out of
-- the search text, where its digit groups made every contact of that channel match a search such as "418".
UPDATE "contacts"
SET "search_text" = regexp_replace("search_text", '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:', '', 'g')
WHERE "search_text" ~ '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:';
