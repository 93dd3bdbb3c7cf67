// fetch for addresses users type (webhooks): checked at send time, connected to the checked address, no redirects.
import { resolveDestination, type EgressPolicy } from './destination.ts';
import { redirected, unreachable } from './egress-error.ts';

/**
 * Pinning: the host is resolved and checked here, then the request goes to that IP literal with the original
 * Host header and, for https, the original name as TLS server name (SNI and certificate check). Nothing resolves
 * the name a second time, so a DNS answer that changes after the check (rebinding) cannot redirect the request.
 * Redirects are not followed (a 3xx is an error): following one would reach an address nobody checked.
 */
export async function safeFetch(url: string, init: BunFetchRequestInit, policy: EgressPolicy): Promise<Response> {
  const destination = await resolveDestination(url, policy);
  const headers = new Headers(init.headers);
  headers.set('host', destination.host);
  const tls = destination.serverName ? { tls: { ...init.tls, serverName: destination.serverName } } : {};
  let response: Response;
  try {
    response = await fetch(destination.target, { ...init, ...tls, headers, redirect: 'manual' });
  } catch (cause) {
    throw unreachable(cause);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => {});
    throw redirected(response.status);
  }
  return response;
}
