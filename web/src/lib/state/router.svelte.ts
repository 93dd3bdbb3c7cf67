// A tiny hash router: the URL after '#' is the screen, so the server needs no route knowledge.
export type Route =
  | { name: 'inbox'; conversationId: string | null }
  | { name: 'contacts'; contactId: string | null; mergeFrom?: string | null }
  | { name: 'settings'; tab: string }
  | { name: 'reports' }
  | { name: 'analytics' }
  | { name: 'automation'; tab: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'contacts':
      return { name: 'contacts', contactId: parts[1] ?? null, mergeFrom: parts[2] === 'merge' ? (parts[3] ?? null) : null };
    case 'settings':
      return { name: 'settings', tab: parts[1] ?? 'channels' };
    case 'reports':
      return { name: 'reports' };
    case 'analytics':
      return { name: 'analytics' };
    case 'automation':
      return { name: 'automation', tab: parts[1] ?? 'workflows' };
    default:
      return { name: 'inbox', conversationId: parts[0] === 'inbox' ? (parts[1] ?? null) : null };
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'inbox':
      return route.conversationId ? `#/inbox/${encodeURIComponent(route.conversationId)}` : '#/inbox';
    case 'contacts':
      if (!route.contactId) return '#/contacts';
      return `#/contacts/${encodeURIComponent(route.contactId)}${route.mergeFrom ? `/merge/${encodeURIComponent(route.mergeFrom)}` : ''}`;
    case 'settings':
      return `#/settings/${route.tab}`;
    case 'reports':
      return '#/reports';
    case 'analytics':
      return '#/analytics';
    case 'automation':
      return `#/automation/${route.tab}`;
  }
}

export class Router {
  route = $state<Route>({ name: 'inbox', conversationId: null });
  #listener = () => (this.route = parseRoute(location.hash));

  start() {
    this.#listener();
    addEventListener('hashchange', this.#listener);
    return () => removeEventListener('hashchange', this.#listener);
  }

  go(route: Route) {
    const href = routeHref(route);
    if (location.hash !== href) location.hash = href;
    this.route = route;
  }
}
