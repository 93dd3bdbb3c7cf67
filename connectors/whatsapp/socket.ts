// The slice of a Baileys socket this connector uses, so tests can hand in a fake with the same shape.
import type { LidLookup } from './chat-addresses.ts';
import type { AnyMessageContent, BaileysEventMap, MiscMessageGenerationOptions, UserFacingSocketConfig, WAMessage } from '@whiskeysockets/baileys';

export interface WhatsAppSocketEvents {
  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  off<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
}

export interface WhatsAppSocket {
  ev: WhatsAppSocketEvents;
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Unlinks this device from the phone. */
  logout(message?: string): Promise<void>;
  /** Closes the connection, keeping the session. */
  end(error: Error | undefined): void | Promise<void>;
  /** Which phone JIDs have a WhatsApp account. */
  onWhatsApp?(...jids: string[]): Promise<Array<{ jid: string; exists: boolean }> | undefined>;
  /** Baileys' session store, whose LID ↔ phone-number pairs fill in a message's missing address. */
  signalRepository?: { lidMapping: LidLookup };
  /** Asks the phone to re-upload expired media (used by media download). */
  updateMediaMessage?(message: WAMessage): Promise<WAMessage>;
}

export type MakeSocket = (config: UserFacingSocketConfig) => WhatsAppSocket;

/** Fetches a media message's bytes; injectable so tests need no WhatsApp media server. */
export type DownloadMedia = (message: WAMessage, socket: WhatsAppSocket) => Promise<Uint8Array>;
