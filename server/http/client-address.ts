// The caller's address as the sign-in throttle and the session list see it: the first X-Forwarded-For hop, else "local".
import type { Context } from 'hono';

export const clientAddress = (c: Context): string => c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'local';
