// Optional sound and desktop notification when a customer writes: per browser, off until the agent turns them on.
import type { ConversationItem } from '../api/types';

export interface AlertSettings {
  sound: boolean;
  desktop: boolean;
}

/** The browser parts, injected so tests (and browsers without them) work. */
export interface AlertOutputs {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  playSound(): void;
  /** Current permission, or `unsupported` when the browser has no Notification API. */
  permission(): NotificationPermission | 'unsupported';
  requestPermission(): Promise<NotificationPermission>;
  show(title: string, body: string, tag: string, onClick: () => void): void;
  /** True while the agent can see the page. */
  visible(): boolean;
}

const KEY = 'ulak.alerts';

export class NewMessageAlerts {
  settings = $state<AlertSettings>({ sound: false, desktop: false });
  /** Set when the browser refused notifications, so the toggle can say why it stays off. */
  blocked = $state(false);
  #out: AlertOutputs;

  constructor(outputs: AlertOutputs = browserOutputs()) {
    this.#out = outputs;
    try {
      const saved = JSON.parse(outputs.storage?.getItem(KEY) ?? 'null') as Partial<AlertSettings> | null;
      if (saved) this.settings = { sound: saved.sound === true, desktop: saved.desktop === true && outputs.permission() === 'granted' };
    } catch {
      // A damaged setting falls back to off.
    }
    this.blocked = outputs.permission() === 'denied';
  }

  get supported(): boolean {
    return this.#out.permission() !== 'unsupported';
  }

  setSound(on: boolean) {
    this.settings = { ...this.settings, sound: on };
    this.#save();
    if (on) this.#out.playSound();
  }

  /** Asking for permission must come from the agent's own click, which is where this is called from. */
  async setDesktop(on: boolean) {
    if (on && this.#out.permission() !== 'granted') {
      const answer = await this.#out.requestPermission();
      this.blocked = answer === 'denied';
      if (answer !== 'granted') on = false;
    }
    this.settings = { ...this.settings, desktop: on };
    this.#save();
  }

  /**
   * A customer message arrived in `item`. Alerts only for conversations that are the agent's or nobody's,
   * never for auto-replies or history imports, and not for the conversation the agent is looking at.
   */
  inbound(item: ConversationItem, context: { userId: string | null; openConversationId: string | null; quiet?: boolean; title: string; open(id: string): void }) {
    if (context.quiet || item.status === 'resolved') return;
    if (item.assignee && item.assignee.id !== context.userId) return;
    if (item.id === context.openConversationId && this.#out.visible()) return;
    if (this.settings.sound) this.#out.playSound();
    if (this.settings.desktop && this.#out.permission() === 'granted') {
      this.#out.show(context.title, item.lastMessage?.text ?? '', item.id, () => context.open(item.id));
    }
  }

  #save() {
    try {
      this.#out.storage?.setItem(KEY, JSON.stringify(this.settings));
    } catch {
      // Private mode may refuse storage; the setting then lasts for this page only.
    }
  }
}

function browserOutputs(): AlertOutputs {
  const hasNotification = typeof Notification !== 'undefined';
  let audio: AudioContext | null = null;
  return {
    storage: typeof localStorage === 'undefined' ? null : localStorage,
    playSound() {
      // A short two-note chime made on the spot: no sound file to download.
      try {
        audio ??= new AudioContext();
        const start = audio.currentTime;
        for (const [offset, frequency] of [
          [0, 880],
          [0.12, 1320],
        ] as const) {
          const osc = audio.createOscillator();
          const gain = audio.createGain();
          osc.frequency.value = frequency;
          gain.gain.setValueAtTime(0.0001, start + offset);
          gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
          osc.connect(gain).connect(audio.destination);
          osc.start(start + offset);
          osc.stop(start + offset + 0.22);
        }
      } catch {
        // No audio output: the alert is simply silent.
      }
    },
    permission: () => (hasNotification ? Notification.permission : 'unsupported'),
    requestPermission: () => (hasNotification ? Notification.requestPermission() : Promise.resolve('denied')),
    show(title, body, tag, onClick) {
      const notification = new Notification(title, { body, tag });
      notification.onclick = () => {
        window.focus();
        onClick();
        notification.close();
      };
    },
    visible: () => typeof document === 'undefined' || document.visibilityState === 'visible',
  };
}
