// A short-lived "Undo" for an action just taken (resolve, snooze), as Gmail offers after archiving.
export const UNDO_WINDOW_MS = 5000;

export interface Offer {
  message: string;
  undo: () => Promise<unknown> | unknown;
}

export class UndoOffer {
  current = $state<Offer | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #windowMs: number;

  constructor(windowMs = UNDO_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  /** Replaces any earlier offer: only the latest action can be undone. */
  offer(offer: Offer) {
    this.dismiss();
    this.current = offer;
    this.#timer = setTimeout(() => this.dismiss(), this.#windowMs);
  }

  async undo() {
    const offer = this.current;
    this.dismiss();
    await offer?.undo();
  }

  dismiss() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.current = null;
  }
}
