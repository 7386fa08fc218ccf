// MAX_OPEN_WORKERS: how many account workers one replica keeps open at once (each holds a blocking Redis
// connection), and the line of queues waiting for one. The line is first come, first served, and a worker
// gives its slot back after each job while anyone waits (AccountQueues), so every account with work gets a
// turn: a busy account goes to the back of the line after one job instead of keeping its slot.
export class WorkerSlots {
  readonly cap: number;
  /** Queue names waiting for a slot, oldest first (a Set keeps insertion order). */
  readonly #line = new Set<string>();
  /** Queue names whose worker is being opened: their slot is taken. */
  readonly #opening = new Set<string>();

  constructor(cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error('MAX_OPEN_WORKERS must be a whole number of at least 1.');
    this.cap = cap;
  }

  /** Queues waiting for a slot. */
  get waiting(): number {
    return this.#line.size;
  }

  /** Waiting, or being opened. */
  has(name: string): boolean {
    return this.#line.has(name) || this.#opening.has(name);
  }

  /** Puts a queue at the end of the line (where it stays if it is there already). */
  enqueue(name: string): void {
    if (!this.#opening.has(name)) this.#line.add(name);
  }

  /** The first queue in line, when `held` open workers leave a slot for it; its slot is taken. */
  next(held: number): string | undefined {
    if (held + this.#opening.size >= this.cap) return undefined;
    const first = this.#line.values().next();
    if (first.done) return undefined;
    this.#line.delete(first.value);
    this.#opening.add(first.value);
    return first.value;
  }

  /** The queue's worker is open (or could not be opened): it no longer takes a slot as "opening". */
  opened(name: string): void {
    this.#opening.delete(name);
  }

  clear(): void {
    this.#line.clear();
    this.#opening.clear();
  }
}
