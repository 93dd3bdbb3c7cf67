// Libraries an idle server does not need are loaded the first time they are used, not at start. sanitize-html,
// html-to-text, file-type and libphonenumber-js were about 10 MB of every idle process (issue 16); once loaded, each stays.
import { createRequire } from 'node:module';

/** `make` runs on the first call only; later calls return what it made. */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Loads a package synchronously, for callers that cannot wait (an async caller uses `await import`). */
export const loadLibrary: (specifier: string) => unknown = createRequire(import.meta.url);
