// A 422 that carries a list of field errors goes back with that list, so an editor can mark each field.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export async function withFieldErrors<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T | Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.status === 422 && Array.isArray(error.details)) {
      // A plain Response: what the route answers on success is `T` (the OpenAPI document's schema), this is its 422.
      return c.json({ error: { code: error.code, message: error.message, errors: error.details } }, 422) as Response;
    }
    throw error;
  }
}
