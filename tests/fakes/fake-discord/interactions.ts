// One injected interaction, as the fake sees it: its callbacks, its response message and its followups.
export type InteractionKind = 'command' | 'autocomplete' | 'button' | 'modal';

export interface Callback {
  type: number;
  data: any;
  at: number;
}

export class FakeInteraction {
  readonly callbacks: Callback[] = [];
  /** The message `@original` refers to. */
  originalId: string | null = null;
  readonly followupIds: string[] = [];
  /** How often the message was edited before this interaction acknowledged it (deferUpdate). */
  originalEditsAtAck = 0;
  /** Set when the bot answered after the 3 s deadline (the fake then refuses with 10062). */
  late = false;
  #waiters: (() => void)[] = [];

  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  readonly userId: string;
  readonly channelId: string;
  readonly createdAt: number;
  /** The message a button sits on (component interactions, modals opened from a button). */
  readonly messageId: string | null;

  constructor(id: string, token: string, kind: InteractionKind, userId: string, channelId: string, createdAt: number, messageId: string | null) {
    this.id = id;
    this.token = token;
    this.kind = kind;
    this.userId = userId;
    this.channelId = channelId;
    this.createdAt = createdAt;
    this.messageId = messageId;
  }

  get acked(): boolean {
    return this.callbacks.length > 0;
  }

  get firstCallback(): Callback | undefined {
    return this.callbacks[0];
  }

  get autocompleteChoices(): { name: string; value: string | number }[] | null {
    const cb = this.callbacks.find((c) => c.type === 8);
    return cb ? cb.data?.choices ?? [] : null;
  }

  get modal(): any | null {
    return this.callbacks.find((c) => c.type === 9)?.data ?? null;
  }

  /** Called by the fake after anything happens to this interaction. */
  changed(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  nextChange(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
