// Outbound calls to addresses users type (webhooks): the SSRF policy and the only fetch that honours it.
export { EMPTY_ALLOW_LIST, parseAllowList, type AllowList } from './allow-list.ts';
export { refusalAtSave, resolveDestination, type Destination, type EgressPolicy, type Lookup } from './destination.ts';
export { EgressError, NOT_ALLOWED, UNREACHABLE, type EgressErrorCode } from './egress-error.ts';
export { safeFetch } from './safe-fetch.ts';
