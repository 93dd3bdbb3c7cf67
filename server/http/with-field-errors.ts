// A 422 that carries a list of field errors goes back with that list, so an editor can mark each field.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export async function withFieldErrors(c: Context<AppEnv>, work: () => Promise<unknown>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.status === 422 && Array.isArray(error.details)) {
      return c.json({ error: { code: error.code, message: error.message, errors: error.details } }, 422);
    }
    throw error;
  }
}
