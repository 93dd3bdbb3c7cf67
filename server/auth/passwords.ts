// Password hashing with argon2id (Bun.password), and the random tokens behind sessions and API tokens.
import { createHash, randomBytes } from 'node:crypto';

export const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: 'argon2id' });
export const verifyPassword = (password: string, hash: string) => Bun.password.verify(password, hash).catch(() => false);

export const newToken = (prefix = '') => prefix + randomBytes(32).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

let dummyHash: Promise<string> | undefined;
/**
 * A hash of a password nobody knows, made with the same parameters as every real one: checking a sign-in
 * for an unknown email against it costs what a wrong password costs, so timing does not reveal accounts.
 */
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(newToken()));
