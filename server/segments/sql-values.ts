// What a condition leaf reads, as SQL views that mirror the pure evaluator's JavaScript values (strings, numbers, Dates, arrays, JSON).
import { sql, type SQL } from 'drizzle-orm';
import type { AttributeType } from '../../workflows/attributes/attribute-types.ts';

/**
 * One JavaScript value seen from SQL. Each view is NULL when the value is not of that kind, so an operator asks
 * only the views it needs: `str` when it is a string, `num` a number (as float8, JavaScript's number), `time` what
 * `toTime` reads from it, `elems` "some element of the array satisfies".
 */
export interface SqlValue {
  defined: SQL;
  str?: SQL;
  num?: SQL;
  bool?: SQL;
  time?: SQL;
  /** A JavaScript Date: `same` compares it by time. */
  isDate?: boolean;
  /** The JSON null (a value, unlike a missing key). */
  isNull?: SQL;
  elems?: (pred: (element: SqlValue) => SQL) => SQL;
  /** An array of strings as `text[]`: membership without a per-row subquery. */
  texts?: SQL;
  /** The JSON value itself: membership in a JSON array without a per-row subquery. */
  json?: SQL;
}

/** Thrown for a field or operator the SQL cannot mirror exactly; the caller falls back to the pure evaluator. */
export class NotCompilable extends Error {}

let aliasCounter = 0;
const alias = () => sql.raw(`e${++aliasCounter}`);

/** `foldCase` in SQL: NFC, the four Turkish i-letters to `i`, lower case, combining dot above removed. */
export function foldSql(text: SQL): SQL {
  // ASCII text (most of it) needs only lower(): the costly normalization is kept for text that has other letters.
  return sql`(case when octet_length(${text}) = char_length(${text}) then lower(${text}) else replace(lower(translate(normalize(${text}, NFC), 'Iİı', 'iii')), ${'\u0307'}, '') end)`;
}

/**
 * `foldCase` of every element, without unnesting: the array's text form folded and read back. Folding touches
 * neither quotes, commas, braces nor backslashes and joins no character to one of them, so each element folds alone.
 */
export function foldArraySql(texts: SQL): SQL {
  return sql`(${foldSql(sql`(${texts})::text`)})::text[]`;
}

/**
 * `foldCase` of every string in a JSON value, read back as JSON. Folding the text form touches no quote, bracket or
 * escape, but NFC could join a combining mark to an escape's letter (`\n` then U+0303): a U+0001, which the text form
 * never holds raw, parts them while folding.
 */
export function foldJsonSql(json: SQL): SQL {
  const escape = String.raw`\\(["\\/bfnrt]|u[0-9a-fA-F]{4})`;
  const parted = sql`regexp_replace((${json})::text, ${escape}, ${'\\&\u0001'}, 'g')`;
  return sql`replace(${foldSql(parted)}, ${'\u0001'}, '')::jsonb`;
}

/** JavaScript's `trim()` for the ASCII and common Unicode spaces. */
export function trimSql(text: SQL): SQL {
  return sql`regexp_replace(${text}, '^\\s+|\\s+$', '', 'g')`;
}

function daysInMonth(y: SQL, m: SQL): SQL {
  return sql`(case when ${m} in (4, 6, 9, 11) then 30 when ${m} = 2 then (case when (${y} % 4 = 0 and ${y} % 100 <> 0) or ${y} % 400 = 0 then 29 else 28 end) else 31 end)`;
}

const ISO_SHAPE = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-][01]\\d:[0-5]\\d)?)?$';

/**
 * `toTime` for a string: an ISO date or date-time (no offset = UTC) → timestamptz, anything else → NULL. Nested
 * CASEs order the checks, so no cast ever sees a string that would make the query fail.
 */
export function isoTimeSql(text: SQL): SQL {
  const y = sql`substr(${text}, 1, 4)::int`;
  const m = sql`substr(${text}, 6, 2)::int`;
  const d = sql`substr(${text}, 9, 2)::int`;
  const clock = sql`(length(${text}) = 10 or (substr(${text}, 12, 2)::int <= 23 and substr(${text}, 15, 2)::int <= 59 and (length(${text}) < 19 or substr(${text}, 18, 2) ~ '^[0-5]\\d$')))`;
  return sql`(case when ${text} ~ ${ISO_SHAPE} then (case when ${y} >= 1 and ${m} between 1 and 12 and ${d} between 1 and ${daysInMonth(y, m)} and ${clock}
    then (case when ${text} ~ '(Z|[+-]\\d\\d:\\d\\d)$' then ${text}::timestamptz else ${text}::timestamp at time zone 'UTC' end) end) end)`;
}

export function textValue(expr: SQL): SqlValue {
  return { defined: sql`(${expr} is not null)`, str: expr, time: isoTimeSql(expr) };
}

export function numberValue(expr: SQL): SqlValue {
  return { defined: sql`(${expr} is not null)`, num: sql`(${expr})::float8` };
}

export function dateValue(expr: SQL): SqlValue {
  return { defined: sql`(${expr} is not null)`, time: expr, isDate: true };
}

export function boolValue(expr: SQL): SqlValue {
  return { defined: sql`(${expr} is not null)`, bool: expr };
}

export function textArrayValue(expr: SQL): SqlValue {
  return {
    defined: sql`(${expr} is not null)`,
    texts: expr,
    elems: (pred) => {
      const e = alias();
      // Most contacts have no labels: the CASE spares them the per-row subquery.
      return sql`(case when cardinality(${expr}) = 0 then false else exists (select 1 from unnest(${expr}) as ${e}(v) where ${pred(textValue(sql`${e}.v`))}) end)`;
    },
  };
}

/**
 * A JSON value from `contacts.attributes`; SQL NULL is a missing key (JavaScript `undefined`). `text` is its scalar
 * as text (`#>> '{}'`, or the cheaper `->>` of the same key when the caller has one).
 */
export function jsonValue(expr: SQL, text: SQL = sql`(${expr} #>> '{}')`): SqlValue {
  const str = sql`(case when jsonb_typeof(${expr}) = 'string' then ${text} end)`;
  return {
    defined: sql`(${expr} is not null)`,
    str,
    num: sql`(case when jsonb_typeof(${expr}) = 'number' then ${text}::float8 end)`,
    bool: sql`(case when jsonb_typeof(${expr}) = 'boolean' then ${text}::boolean end)`,
    time: isoTimeSql(str),
    isNull: sql`(jsonb_typeof(${expr}) = 'null')`,
    json: expr,
    elems: (pred) => {
      const e = alias();
      return sql`exists (select 1 from jsonb_array_elements(case when jsonb_typeof(${expr}) = 'array' then ${expr} else '[]'::jsonb end) as ${e}(v) where ${pred(jsonValue(sql`${e}.v`))})`;
    },
  };
}

/** `String(raw)` of a JSON scalar as JavaScript writes it (strings as themselves). */
function stringOf(json: SQL, text: SQL = sql`(${json} #>> '{}')`): SQL {
  return sql`(case jsonb_typeof(${json}) when 'string' then ${text} when 'object' then '[object Object]' else ${json}::text end)`;
}

/** `typedValue(type, attribute)` in SQL: the stored JSON coerced to the declared type; NULL when it does not read as one. */
export function typedJsonValue(type: AttributeType, json: SQL, text: SQL = sql`(${json} #>> '{}')`): SqlValue {
  const kind = sql`jsonb_typeof(${json})`;
  switch (type) {
    case 'number': {
      const squeezed = sql`regexp_replace(${text}, '\\s', '', 'g')`;
      const numeral = (s: SQL) => sql`(case when ${s} ~ '^[-+]?\\d+([.,]\\d+)?$' then replace(${s}, ',', '.')::float8 end)`;
      // Squeezing out spaces is a second regular expression: only text that has spaces pays for it.
      return numberValue(sql`(case ${kind} when 'number' then ${text}::float8 when 'string' then (case when ${text} ~ '\\s' then ${numeral(squeezed)} else ${numeral(text)} end) end)`);
    }
    case 'date': {
      const s = trimSql(text);
      const dotted = sql`regexp_replace(${s}, '^(\\d{1,2})[./](\\d{1,2})[./](\\d{4})$', '\\3-\\2-\\1')`;
      const ymd = sql`(case when ${s} ~ '^\\d{1,2}[./]\\d{1,2}[./]\\d{4}$' then concat_ws('-', split_part(${dotted}, '-', 1), lpad(split_part(${dotted}, '-', 2), 2, '0'), lpad(split_part(${dotted}, '-', 3), 2, '0')) else ${s} end)`;
      const timed = sql`(case when ${s} ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}' then ${isoTimeSql(s)} end)`;
      return dateValue(sql`(case when ${kind} = 'string' then (case when ${ymd} ~ '^\\d{4}-\\d{2}-\\d{2}$' then ${isoTimeSql(ymd)} else ${timed} end) end)`);
    }
    case 'boolean': {
      const word = sql`lower(translate(${trimSql(stringOf(json, text))}, 'Iİ', 'ıi'))`;
      return boolValue(
        sql`(case when ${kind} = 'boolean' then ${text}::boolean when ${kind} in ('string', 'number') then (case when ${word} in ('true', 'yes', 'y', '1', 'evet', 'e', 'doğru') then true when ${word} in ('false', 'no', 'n', '0', 'hayır', 'hayir', 'h', 'yanlış') then false end) end)`,
      );
    }
    case 'text':
      return textValue(sql`(case when ${kind} in ('string', 'number', 'boolean') then ${stringOf(json, text)} end)`);
    case 'list': {
      const e = alias();
      const split = sql`array(select ${trimSql(sql`${e}.v`)} from regexp_split_to_table(${stringOf(json, text)}, '[;|]') as ${e}(v) where ${trimSql(sql`${e}.v`)} <> '')`;
      const items = sql`array(select ${stringOf(sql`${e}.v`)} from jsonb_array_elements(${json}) as ${e}(v))`;
      return textArrayValue(sql`(case when ${kind} = 'array' then ${items} when ${kind} = 'null' then null when ${json} is not null then ${split} end)`);
    }
  }
}
