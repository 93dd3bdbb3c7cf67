// A Baileys auth state (creds + Signal keys) kept in the channel's durable state instead of files.
import {
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { ChannelStateStore } from '../channel.ts';
import { BoundedCache } from './bounded-cache.ts';

export const CREDS_KEY = 'wa:creds';
export const KEY_PREFIX = 'wa:key:';

const keyName = (type: string, id: string) => `${KEY_PREFIX}${type}:${id}`;

/** JSON-safe (Buffers as base64 objects), so any state backend (jsonb, structuredClone) keeps it intact. */
const toStored = (value: unknown): unknown => JSON.parse(JSON.stringify(value, BufferJSON.replacer));
const fromStored = <T>(value: unknown): T => JSON.parse(JSON.stringify(value), BufferJSON.reviver) as T;

export interface StateAuth {
  state: AuthenticationState;
  saveCreds(): Promise<void>;
  /** Forget the session: creds and every Signal key (after a logout). */
  clear(): Promise<void>;
}

export async function useStateAuth(store: ChannelStateStore): Promise<StateAuth> {
  const saved = await store.get(CREDS_KEY);
  const creds: AuthenticationCreds = saved ? fromStored(saved) : initAuthCreds();

  const raw: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found: { [id: string]: SignalDataTypeMap[T] } = {};
      await Promise.all(
        ids.map(async (id) => {
          const value = await store.get(keyName(type, id));
          if (value === undefined || value === null) return;
          let revived = fromStored<SignalDataTypeMap[T]>(value);
          // Baileys expects the protobuf class here, not a plain object.
          if (type === 'app-state-sync-key') {
            revived = proto.Message.AppStateSyncKeyData.fromObject(revived as object) as unknown as SignalDataTypeMap[T];
          }
          found[id] = revived;
        }),
      );
      return found;
    },
    async set(data: SignalDataSet) {
      const writes: Promise<void>[] = [];
      for (const [type, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          const key = keyName(type, id);
          writes.push(value ? store.set(key, toStored(value)) : store.delete(key));
        }
      }
      await Promise.all(writes);
    },
  };

  // Our own cache, so `clear` can drop what the cacheable store remembers.
  const cache = new BoundedCache(10_000);
  const state: AuthenticationState = { creds, keys: makeCacheableSignalKeyStore(raw, undefined, cache) };

  // Serialized, so a burst of creds.update events cannot land out of order; one failed write
  // is reported to its caller but does not block the writes after it.
  let chain: Promise<void> = Promise.resolve();
  const saveCreds = () => {
    const write = chain.then(() => store.set(CREDS_KEY, toStored(state.creds)));
    chain = write.catch(() => {});
    return write;
  };

  async function clear() {
    await chain;
    cache.flushAll();
    const keys = await store.list(KEY_PREFIX);
    await Promise.all(keys.map(({ key }) => store.delete(key)));
    await store.delete(CREDS_KEY);
    // A later socket on this object starts a fresh login rather than reusing dead creds.
    state.creds = initAuthCreds();
  }

  return { state, saveCreds, clear };
}
