/**
 * The emulator's one clock. It runs with real time plus an offset that the control API
 * can move (advance or set). Everything time-dependent reads `now()`, and every timer
 * (callback retries, pending fraud decisions) is scheduled here, so moving the clock
 * fires whatever became due, at once and in order.
 */
export interface ScheduledTask {
  readonly id: number;
  cancel(): void;
}

interface Task {
  id: number;
  dueAt: number;
  run: () => void;
}

/** The longest delay `setTimeout` accepts; longer waits re-arm when it fires. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class Clock {
  private offsetMs: number;
  private tasks: Task[] = [];
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private readonly realNow: () => number;

  constructor(options: { start?: Date; realNow?: () => number } = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.offsetMs = options.start ? options.start.getTime() - this.realNow() : 0;
  }

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  nowDate(): Date {
    return new Date(this.now());
  }

  /** Milliseconds the emulator clock is ahead of (or behind) real time. */
  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward');
    this.moveTo(this.now() + ms);
  }

  /** Jumps to an absolute time. Moving backwards is allowed, but does not un-fire tasks. */
  set(at: Date): void {
    this.moveTo(at.getTime());
  }

  /**
   * Runs exactly `ms` ahead of (or behind) real time, as a restored snapshot's clock did. Moving
   * there reads real time again, so the offset is set exactly afterwards.
   */
  setOffset(ms: number): void {
    this.moveTo(this.realNow() + ms);
    this.offsetMs = ms;
  }

  /** Back to real time with nothing scheduled. */
  reset(): void {
    this.offsetMs = 0;
    this.tasks = [];
    this.rearm();
  }

  /** Runs `run` once the emulator clock reaches `dueAt` (epoch ms). */
  scheduleAt(dueAt: number, run: () => void): ScheduledTask {
    const task: Task = { id: this.nextId++, dueAt, run };
    this.tasks.push(task);
    this.tasks.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    this.rearm();
    return {
      id: task.id,
      cancel: () => {
        this.tasks = this.tasks.filter((candidate) => candidate !== task);
        this.rearm();
      },
    };
  }

  scheduleIn(delayMs: number, run: () => void): ScheduledTask {
    return this.scheduleAt(this.now() + delayMs, run);
  }

  /** Number of tasks still waiting; used by tests and the control API. */
  get pending(): number {
    return this.tasks.length;
  }

  /** Stops the real timer so a closing server leaves nothing behind. */
  dispose(): void {
    this.tasks = [];
    this.rearm();
  }

  /**
   * Steps through every task due on the way to `target`, with the clock reading each task's
   * own due time while it runs, so a task that schedules a follow-up sees consistent time.
   */
  private moveTo(target: number): void {
    for (;;) {
      const next = this.tasks[0];
      if (!next || next.dueAt > target) break;
      this.offsetMs = Math.max(next.dueAt, this.now()) - this.realNow();
      this.runDue();
    }
    this.offsetMs = target - this.realNow();
    this.runDue();
  }

  private runDue(): void {
    // A task may schedule another that is already due (a retry after a clock jump); keep
    // going until nothing due is left.
    for (;;) {
      const next = this.tasks[0];
      if (!next || next.dueAt > this.now()) break;
      this.tasks.shift();
      try {
        next.run();
      } catch (error) {
        console.error('[klarna-emulator] scheduled task failed', error);
      }
    }
    this.rearm();
  }

  private rearm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.tasks[0];
    if (!next) return;
    const delay = Math.min(Math.max(next.dueAt - this.now(), 0), MAX_TIMER_DELAY_MS);
    this.timer = setTimeout(() => this.runDue(), delay);
    // Pending callbacks must not keep a test process or a stopped server alive.
    this.timer.unref();
  }
}

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses `"90s"`, `"30m"`, `"48h"`, `"28d"` or `"1500ms"` into milliseconds; null if malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const unit = DURATION_UNITS_MS[match[2] as string] as number;
  return Math.round(Number(match[1]) * unit);
}
