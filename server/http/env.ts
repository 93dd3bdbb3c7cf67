// The Hono environment: services and the authenticated user on every request context.
import type { Locale, Role } from '../db/schema/index.ts';
import type { Services } from '../services.ts';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  locale: Locale;
}

export interface AppEnv {
  Variables: {
    services: Services;
    user: AuthUser | undefined;
    /** How the caller authenticated: cookie sessions need CSRF on writes; bearer tokens do not. */
    authMethod: 'cookie' | 'bearer' | undefined;
    csrfToken: string | undefined;
    sessionTokenHash: string | undefined;
  };
}
