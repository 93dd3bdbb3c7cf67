import { describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { MemoryState } from '../testing/memory-sink.ts';
import { CREDS_KEY, useStateAuth } from './auth-state.ts';

describe('useStateAuth', () => {
  it('starts a fresh login when the state holds no session', async () => {
    const auth = await useStateAuth(new MemoryState());
    expect(auth.state.creds.registered).toBe(false);
    expect(Buffer.isBuffer(auth.state.creds.noiseKey.private)).toBe(true);
  });

  it('round-trips creds and keys of several types, Buffers included, through a new instance', async () => {
    const state = new MemoryState();
    const first = await useStateAuth(state);
    first.state.creds.me = { id: '905321234567:1@s.whatsapp.net', name: 'Shop' };
    await first.saveCreds();
    const session = Buffer.from([1, 2, 3, 250]);
    const preKey = { public: Buffer.from('pub-key-bytes'), private: Buffer.from('priv-key-bytes') };
    const syncKey = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from('k'), timestamp: 1700000000 });
    const tctoken = { token: Buffer.from('tok'), timestamp: '1700000000' };
    await first.state.keys.set({
      session: { '905321234567.0': session },
      'pre-key': { '7': preKey },
      'app-state-sync-key': { AAAA: syncKey },
      'lid-mapping': { '905321234567': '123456789@lid' },
      'device-list': { '905321234567': ['0', '1'] },
      tctoken: { '905321234567@s.whatsapp.net': tctoken },
    });

    const second = await useStateAuth(state);
    expect(second.state.creds.me?.id).toBe('905321234567:1@s.whatsapp.net');
    expect(Buffer.from(second.state.creds.noiseKey.private)).toEqual(Buffer.from(first.state.creds.noiseKey.private));
    expect(Buffer.isBuffer(second.state.creds.signedIdentityKey.public)).toBe(true);

    const keys = second.state.keys;
    expect((await keys.get('session', ['905321234567.0']))['905321234567.0']).toEqual(session);
    const pre = (await keys.get('pre-key', ['7']))['7'];
    expect(Buffer.isBuffer(pre.private)).toBe(true);
    expect(pre).toEqual(preKey);
    const sync = (await keys.get('app-state-sync-key', ['AAAA'])).AAAA;
    expect(sync).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.keyData!)).toEqual(Buffer.from('k'));
    expect(await keys.get('lid-mapping', ['905321234567'])).toEqual({ '905321234567': '123456789@lid' });
    expect(await keys.get('device-list', ['905321234567'])).toEqual({ '905321234567': ['0', '1'] });
    expect((await keys.get('tctoken', ['905321234567@s.whatsapp.net']))['905321234567@s.whatsapp.net']).toEqual(tctoken);
  });

  it('stores keys under wa:key:<type>:<id> as JSON-safe values and deletes nulls', async () => {
    const state = new MemoryState();
    const auth = await useStateAuth(state);
    await auth.state.keys.set({ 'sender-key': { 'group@g.us::me::0': Buffer.from('x') } });
    const stored = state.map.get('wa:key:sender-key:group@g.us::me::0');
    expect(stored).toEqual({ type: 'Buffer', data: Buffer.from('x').toString('base64') });
    await auth.state.keys.set({ 'sender-key': { 'group@g.us::me::0': null } });
    expect(state.map.has('wa:key:sender-key:group@g.us::me::0')).toBe(false);
  });

  it('clears creds and every key, cached ones included', async () => {
    const state = new MemoryState();
    const auth = await useStateAuth(state);
    await auth.saveCreds();
    await auth.state.keys.set({ session: { a: Buffer.from('s') }, 'pre-key': { '1': { public: Buffer.from('p'), private: Buffer.from('q') } } });
    await auth.clear();
    expect([...state.map.keys()]).toEqual([]);
    expect(await auth.state.keys.get('session', ['a'])).toEqual({});
    expect(state.map.has(CREDS_KEY)).toBe(false);
  });
});

describe('useStateAuth saveCreds', () => {
  it('keeps saving after one write fails', async () => {
    const state = new MemoryState();
    const auth = await useStateAuth(state);
    const set = state.set.bind(state);
    let fail = true;
    state.set = async (key, value) => {
      if (fail) {
        fail = false;
        throw new Error('database down');
      }
      return set(key, value);
    };
    await expect(auth.saveCreds()).rejects.toThrow('database down');
    auth.state.creds.registered = true;
    await auth.saveCreds();
    expect(state.map.get(CREDS_KEY)).toMatchObject({ registered: true });
  });
});
