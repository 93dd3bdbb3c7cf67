// Imports up to ~1,000 checked rows in one transaction with set-based statements: lock, look up, insert, update, events.
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Identity } from '../../connectors/channel.ts';
import { rowsOf, tsParam, type Tx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { contactIdentities, contacts, domainEvents } from '../db/schema/index.ts';
import type { EventToRecord } from '../events/record-event.ts';
import { contactCreated } from './contact-created.ts';
import { sameNameSuggestions, searchTextFor } from '../inbound/resolve-contact.ts';

/** A row that passed validation, in stored form. `row` is its number as the import reports it (a CSV's row as a spreadsheet shows it; a JSON row's place from 1). */
export interface CheckedRow {
  row: number;
  identities: Identity[];
  name?: string;
  language?: string;
  timeZone?: string;
  currency?: string;
  birthday?: { year: number | null; month: number; day: number };
  labels?: string[];
  attributes?: Record<string, unknown>;
  lastActivityAt?: Date;
}

/** What a batch writes into one contact: rows naming the same person are folded together, later rows winning. */
interface Target {
  id: string;
  existing: boolean;
  merged: CheckedRow;
  newIdentities: Identity[];
}

/** An identity as one string: the advisory locks' key, and what keeps two import batches naming a person apart. */
export const keyOf = (i: Identity) => `${i.kind}:${i.value}`;
const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export async function importBatch(tx: Tx, rows: CheckedRow[], now: Date): Promise<{ created: number; merged: number }> {
  if (!rows.length) return { created: 0, merged: 0 };
  const keys = [...new Set(rows.flatMap((r) => r.identities.map(keyOf)))].sort();
  // The same advisory locks resolveContact takes, in one statement, so a message from one of these senders waits for us.
  await tx.execute(sql`select count(pg_advisory_xact_lock(hashtextextended('identity:' || k, 0))) from (select jsonb_array_elements_text(${json(keys)}) as k order by 1) s`);
  const wanted = keys.map((k) => ({ kind: k.slice(0, k.indexOf(':')), value: k.slice(k.indexOf(':') + 1) }));
  // Joined on (kind, value) so the unique index answers each lookup.
  const found = rowsOf<{ contact_id: string; k: string }>(
    await tx.execute(sql`
    select i.contact_id, i.kind || ':' || i.value as k from jsonb_to_recordset(${json(wanted)}) as w(kind text, value text)
    join ${contactIdentities} i on i.kind = w.kind and i.value = w.value`),
  );
  const owner = new Map(found.map((f) => [f.k, f.contact_id]));

  const targets = new Map<string, Target>();
  const events: EventToRecord[] = [];
  let created = 0;
  let merged = 0;
  for (const row of rows) {
    // As in resolveContact, the first identity decides; other contacts sharing an identity become a merge suggestion.
    const ownerIds = row.identities.map((i) => owner.get(keyOf(i))).filter((id): id is string => !!id);
    const id = owner.get(keyOf(row.identities[0]!)) ?? ownerIds[0];
    let target = id ? targets.get(id) : undefined;
    if (!target) {
      target = { id: id ?? randomUUID(), existing: !!id, merged: { ...row, identities: [] }, newIdentities: [] };
      targets.set(target.id, target);
      if (target.existing) merged++;
      else created++;
    } else {
      merged++;
      fold(target.merged, row);
    }
    for (const other of new Set(ownerIds.filter((o) => o !== target.id))) {
      events.push({ type: 'contact.merge_suggested', contactId: target.id, payload: { intoId: target.id, fromId: other, reason: 'shared identity' } });
    }
    for (const identity of row.identities) {
      if (owner.has(keyOf(identity))) continue;
      owner.set(keyOf(identity), target.id);
      target.newIdentities.push(identity);
    }
  }

  const fresh = [...targets.values()].filter((t) => !t.existing);
  const old = [...targets.values()].filter((t) => t.existing);
  // Looked up before they exist, so a new contact is never its own match.
  events.push(
    ...(await sameNameSuggestions(
      tx,
      fresh.map((t) => ({ contactId: t.id, name: t.merged.name })),
    )),
  );
  if (fresh.length) await insertFresh(tx, fresh, now);
  const identities = [...targets.values()].flatMap((t) => t.newIdentities.map((i) => ({ contact_id: t.id, kind: i.kind, value: i.value, attributes: i.attributes ?? {} })));
  if (identities.length) {
    await tx.execute(sql`insert into ${contactIdentities} (contact_id, kind, value, attributes, created_at)
      select contact_id, kind, value, attributes, ${tsParam(now)} from jsonb_to_recordset(${json(identities)}) as v(contact_id uuid, kind text, value text, attributes jsonb)
      on conflict do nothing`);
  }
  const updated = old.length ? await updateExisting(tx, old, now) : new Set<string>();
  for (const t of targets.values()) {
    if (!t.existing) events.push(contactCreated(t.id, { source: 'import' }));
    else if (updated.has(t.id)) events.push({ type: 'contact.updated', contactId: t.id, payload: { source: 'import' } });
  }
  const eventRows = events.map((e) => ({ type: e.type, contact_id: e.contactId ?? null, payload: e.payload ?? {} }));
  await tx.execute(sql`insert into ${domainEvents} (type, contact_id, payload, created_at)
    select type, contact_id, payload, ${tsParam(now)} from jsonb_to_recordset(${json(eventRows)}) as v(type text, contact_id uuid, payload jsonb)`);
  return { created, merged };
}

/** A contact's profile columns as the batch's JSON document carries them, null where the file says nothing. */
function profileColumns(id: string, r: CheckedRow) {
  return {
    id,
    name: r.name ?? null,
    language: r.language ?? null,
    time_zone: r.timeZone ?? null,
    currency: r.currency ?? null,
    birthday_year: r.birthday?.year ?? null,
    birthday_month: r.birthday?.month ?? null,
    birthday_day: r.birthday?.day ?? null,
    last_activity_at: r.lastActivityAt?.toISOString() ?? null,
  };
}

/**
 * New contacts in one statement with one JSON parameter: thousands of bound parameters cost more to send and plan
 * than Postgres spends reading the same values out of one jsonb document.
 */
async function insertFresh(tx: Tx, targets: Target[], now: Date) {
  const values = targets.map(({ id, merged: r, newIdentities }) => ({
    ...profileColumns(id, r),
    labels: [...new Set(r.labels ?? [])],
    attributes: r.attributes ?? {},
    search_text: searchTextFor(r.name, newIdentities),
  }));
  await tx.execute(sql`insert into ${contacts} (id, name, language, time_zone, currency, birthday_year, birthday_month, birthday_day,
      labels, attributes, last_activity_at, search_text, first_seen_at, created_at, updated_at)
    select id, name, language, time_zone, currency, birthday_year, birthday_month, birthday_day, labels, attributes, last_activity_at,
      search_text, ${tsParam(now)}, ${tsParam(now)}, ${tsParam(now)}
    from jsonb_to_recordset(${json(values)}) as v(id uuid, name text, language text, time_zone text, currency text, birthday_year smallint,
      birthday_month smallint, birthday_day smallint, labels text[], attributes jsonb, last_activity_at timestamptz, search_text text)`);
}

function fold(into: CheckedRow, row: CheckedRow) {
  for (const k of ['name', 'language', 'timeZone', 'currency', 'birthday', 'lastActivityAt'] as const) if (row[k] !== undefined) (into as unknown as Record<string, unknown>)[k] = row[k];
  if (row.labels) into.labels = [...new Set([...(into.labels ?? []), ...row.labels])];
  if (row.attributes) into.attributes = { ...into.attributes, ...row.attributes };
}

/** Existing contacts learn what the file says: new values win, a name or language only fills a blank, activity only moves forward. */
async function updateExisting(tx: Tx, targets: Target[], now: Date): Promise<Set<string>> {
  // Batches run side by side (keyedWrites) and two may reach one contact through different identities: row locks in
  // id order first, so they queue instead of deadlocking. (Which of them writes last is then the commit order.)
  await tx.execute(
    sql`select count(*) from (select 1 from ${contacts} where id = any(${sqlArray(
      targets.map((t) => t.id),
      'uuid',
    )}) order by id for no key update) locked`,
  );
  const values = targets.map(({ id, merged: r, newIdentities }) => ({
    ...profileColumns(id, r),
    labels: r.labels?.length ? r.labels : null,
    attributes: r.attributes ?? null,
    extra_search: newIdentities.length ? searchTextFor('', newIdentities) : null,
    name_search: r.name ? searchTextFor(r.name, []) : null,
  }));
  // What each contact becomes, then written only where it differs, so a file that repeats what is known changes
  // nothing and announces nothing. Labels already held keep their order.
  const changed = rowsOf<{ id: string }>(
    await tx.execute(sql`with v as (select * from jsonb_to_recordset(${json(values)}) as v(id uuid, name text, language text, time_zone text, currency text,
        birthday_year smallint, birthday_month smallint, birthday_day smallint, labels text[], attributes jsonb, last_activity_at timestamptz, extra_search text, name_search text)),
      n as (select c.id,
        coalesce(c.name, v.name) as name, coalesce(c.language, v.language) as language,
        coalesce(v.time_zone, c.time_zone) as time_zone, coalesce(v.currency, c.currency) as currency,
        case when v.birthday_month is null then c.birthday_year else v.birthday_year end as birthday_year,
        coalesce(v.birthday_month, c.birthday_month) as birthday_month, coalesce(v.birthday_day, c.birthday_day) as birthday_day,
        case when v.labels is null or c.labels @> v.labels then c.labels else array(select distinct unnest(c.labels || v.labels)) end as labels,
        c.attributes || coalesce(v.attributes, '{}'::jsonb) as attributes,
        greatest(c.last_activity_at, v.last_activity_at) as last_activity_at,
        concat_ws(' ', nullif(c.search_text, ''), case when c.name is null then v.name_search end, v.extra_search) as search_text
        from ${contacts} c join v on v.id = c.id)
      update ${contacts} c set name = n.name, language = n.language, time_zone = n.time_zone, currency = n.currency,
        birthday_year = n.birthday_year, birthday_month = n.birthday_month, birthday_day = n.birthday_day, labels = n.labels,
        attributes = n.attributes, last_activity_at = n.last_activity_at, search_text = n.search_text, updated_at = ${tsParam(now)}
      from n where c.id = n.id
        and (c.name, c.language, c.time_zone, c.currency, c.birthday_year, c.birthday_month, c.birthday_day, c.labels, c.attributes, c.last_activity_at, c.search_text)
          is distinct from (n.name, n.language, n.time_zone, n.currency, n.birthday_year, n.birthday_month, n.birthday_day, n.labels, n.attributes, n.last_activity_at, n.search_text)
      returning c.id`),
  );
  return new Set(changed.map((r) => r.id));
}
