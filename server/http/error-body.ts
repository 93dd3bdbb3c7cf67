// The JSON body of an AppError: `{ error: { code, message } }`, plus `fields` for validation and a conflict's figures.
import type { AppError } from '../errors.ts';

/** One field problem a client can put into words: the zod code and the bound it broke, never zod's English. */
export interface FieldIssue {
  path: string;
  /** invalid_format, too_small, too_big, invalid_type, invalid_value, required, custom… */
  code: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  origin?: string;
}

interface ZodLikeIssue {
  code?: unknown;
  path?: unknown;
  message?: unknown;
  format?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
}

const isIssue = (value: unknown): value is ZodLikeIssue => typeof value === 'object' && value !== null && 'code' in value && Array.isArray((value as ZodLikeIssue).path);

/** Zod issues as `FieldIssue`s; `prefix` names where the checked value sits in the request (e.g. "config"). */
export function fieldIssues(issues: readonly unknown[], prefix = ''): FieldIssue[] {
  return issues.filter(isIssue).map((issue) => {
    const path = [prefix, ...(issue.path as PropertyKey[]).map(String)].filter(Boolean).join('.');
    // zod reports a missing value as a type mismatch against undefined; a person reads it as "required".
    const missing = issue.code === 'invalid_type' && typeof issue.message === 'string' && issue.message.endsWith('received undefined');
    const out: FieldIssue = { path, code: missing ? 'required' : String(issue.code) };
    if (typeof issue.format === 'string') out.format = issue.format;
    if (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint') out.minimum = Number(issue.minimum);
    if (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint') out.maximum = Number(issue.maximum);
    if (typeof issue.origin === 'string') out.origin = issue.origin;
    return out;
  });
}

const isFieldIssue = (value: unknown): value is FieldIssue =>
  typeof value === 'object' && value !== null && typeof (value as FieldIssue).path === 'string' && typeof (value as FieldIssue).code === 'string';

/** `details` become `fields` when they are field issues, or extra members (a count, an id) when they are an object. */
export function errorBody(error: AppError) {
  const { details } = error;
  const fields = Array.isArray(details) ? details.filter(isFieldIssue) : [];
  const extra = fields.length ? { fields } : typeof details === 'object' && details !== null && !Array.isArray(details) ? details : {};
  return { error: { ...extra, code: error.code, message: error.message } };
}
