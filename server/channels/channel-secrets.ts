// Splits a channel config into plain and secret parts (by dot path), and masks secrets for API responses.
import { decryptJson, encryptJson } from '../lib/secret-box.ts';

type Obj = Record<string, unknown>;

function getPath(obj: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), obj);
}

function setPath(obj: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let o: Obj = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Obj;
  }
  o[keys.at(-1)!] = value;
}

function deletePath(obj: Obj, path: string): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), obj);
  if (parent && typeof parent === 'object') delete (parent as Obj)[keys.at(-1)!];
}

export function splitSecrets(config: Obj, secretFields: string[]): { plain: Obj; secrets: Obj } {
  const plain = structuredClone(config);
  const secrets: Obj = {};
  for (const path of secretFields) {
    const value = getPath(plain, path);
    if (value !== undefined) {
      secrets[path] = value;
      deletePath(plain, path);
    }
  }
  return { plain, secrets };
}

export function mergeSecrets(plain: Obj, secrets: Obj): Obj {
  const merged = structuredClone(plain);
  for (const [path, value] of Object.entries(secrets)) setPath(merged, path, value);
  return merged;
}

/** What the API returns: secrets shown only as their last 4 characters. */
export function maskedConfig(plain: Obj, secrets: Obj): Obj {
  const masked = structuredClone(plain);
  for (const [path, value] of Object.entries(secrets)) {
    const s = String(value);
    setPath(masked, path, s.length > 8 ? `••••${s.slice(-4)}` : '••••');
  }
  return masked;
}

export function sealSecrets(key: Buffer, secrets: Obj): string | null {
  return Object.keys(secrets).length ? encryptJson(key, secrets) : null;
}

export function openSecrets(key: Buffer, sealed: string | null): Obj {
  return sealed ? decryptJson<Obj>(key, sealed) : {};
}
