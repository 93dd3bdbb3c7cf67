// Commands the open screen lends the command palette (the open conversation's assign, label, snooze, resolve, macros).
export interface PaletteCommand {
  id: string;
  label: string;
  /** Runs it; or, with `choices`, the palette shows those next (assign to whom, which label…). */
  run?: () => void;
  choices?: () => PaletteCommand[];
}

export class PaletteActions {
  commands = $state<PaletteCommand[]>([]);

  set(commands: PaletteCommand[]) {
    this.commands = commands;
  }

  clear() {
    this.commands = [];
  }
}
