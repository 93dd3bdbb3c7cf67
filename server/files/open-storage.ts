// The storage the configuration names, checked before the process takes work: a wrong key fails the start, not a customer's upload.
import { ConfigError, type StorageConfig } from '../config.ts';
import { DiskStorage, type MovableStorage } from './file-storage.ts';
import { S3Storage } from './s3-storage.ts';
import { storageStartupMessage } from './storage-error.ts';

export async function openStorage(config: StorageConfig): Promise<MovableStorage> {
  if (config.kind === 'disk') return new DiskStorage(config.root);
  const storage = new S3Storage(config);
  try {
    await storage.check();
  } catch (error) {
    throw new ConfigError(storageStartupMessage(storage.location, error));
  }
  return storage;
}
