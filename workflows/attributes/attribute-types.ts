// The declared types of custom attributes, and the one coercion every writer (import, API) and the rules share.
export const ATTRIBUTE_TYPES = ['number', 'date', 'boolean', 'text', 'list'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'evet', 'e', 'doğru']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'hayır', 'hayir', 'h', 'yanlış']);

/**
 * Turns a raw value (a CSV cell, a JSON value) into the declared type's stored form: number → JSON number,
 * date → ISO string (`YYYY-MM-DD` or a full instant), boolean → true/false, list → array of strings, text → string.
 * Anything that does not read unambiguously as the type is refused with a reason in words.
 */
export function coerceAttribute(type: AttributeType, raw: unknown): Coerced {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  switch (type) {
    case 'number':
      return toNumber(raw);
    case 'date':
      return toDate(raw);
    case 'boolean':
      return toBoolean(raw);
    case 'list':
      if (Array.isArray(raw)) return { ok: true, value: raw.map((v) => String(v)) };
      return {
        ok: true,
        value: String(raw)
          .split(/[;|]/)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'text':
      return typeof raw === 'object' ? { ok: false, reason: 'is not text' } : { ok: true, value: String(raw) };
  }
}

function toNumber(raw: unknown): Coerced {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, reason: 'is not a finite number' };
  if (typeof raw !== 'string') return { ok: false, reason: `${JSON.stringify(raw)} is not a number` };
  const s = raw.trim().replace(/\s/g, '');
  // One decimal separator, point or comma; thousands separators are ambiguous between locales, so they are refused.
  if (/^[-+]?\d+([.,]\d+)?$/.test(s)) return { ok: true, value: Number(s.replace(',', '.')) };
  return { ok: false, reason: `"${raw}" is not a number (write it like 1250 or 1250.50)` };
}

function toDate(raw: unknown): Coerced {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { ok: false, reason: 'is not a valid date' } : { ok: true, value: raw.toISOString() };
  if (typeof raw !== 'string') return { ok: false, reason: `${JSON.stringify(raw)} is not a date` };
  const s = raw.trim();
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  const ymd = dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : s;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (day) {
    const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (d.getUTCMonth() === Number(day[2]) - 1 && d.getUTCDate() === Number(day[3])) return { ok: true, value: ymd };
    return { ok: false, reason: `"${raw}" is not a real date` };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s))) return { ok: true, value: new Date(s).toISOString() };
  return { ok: false, reason: `"${raw}" is not a date (use YYYY-MM-DD, DD.MM.YYYY or an ISO 8601 time)` };
}

function toBoolean(raw: unknown): Coerced {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  const s = String(raw).trim().toLocaleLowerCase('tr');
  if (TRUE_WORDS.has(s)) return { ok: true, value: true };
  if (FALSE_WORDS.has(s)) return { ok: true, value: false };
  return { ok: false, reason: `"${raw}" is not yes/no (true, false, evet, hayır, 1, 0)` };
}
