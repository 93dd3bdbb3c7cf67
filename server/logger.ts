// Structured logs with pino.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'ulak' } });
}
