import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from './emulator.js';
import { restoreSnapshot, SnapshotError, snapshotJsonChunks, takeSnapshot } from './snapshot.js';

/**
 * Keeps the emulator's state in a data directory (`state.json`) so that it survives a restart.
 * Requests only mark the state changed (two assignments); the file is written when the emulator
 * has been quiet for a moment, or at the latest `maxWaitMs` after the first change under steady
 * load, and once more on close. Every write goes to a temporary file that is then renamed over
 * `state.json`, so a crash mid-write leaves the previous state whole.
 */

export interface DataDirStatus {
  dir: string;
  file: string;
  /** What happened at start: state loaded, nothing there yet, or a file that was refused. */
  startedWith: 'saved-state' | 'empty' | 'refused-state';
  /** Why a saved state was refused (then the emulator started empty). */
  loadError?: string;
  /** Where the refused file was moved, so nothing is lost. */
  refusedFileKeptAs?: string;
  lastSavedAt?: string;
  lastSaveError?: string;
}

export interface DataDirTiming {
  /** Write once nothing has changed for this long (ms). */
  idleMs: number;
  /** …but no later than this after the first unsaved change (ms). */
  maxWaitMs: number;
  /** How often the timer looks (ms). */
  pollMs: number;
}

const DEFAULT_TIMING: DataDirTiming = { idleMs: 300, maxWaitMs: 15_000, pollMs: 100 };

export const STATE_FILE = 'state.json';

export class DataDir {
  readonly status: DataDirStatus;
  private dirty = false;
  private firstChangeAt = 0;
  private lastChangeAt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** After a failed write, wait before trying again rather than failing every poll. */
  private retryAt = 0;
  private readonly timing: DataDirTiming;

  constructor(
    private readonly emulator: Emulator,
    dir: string,
    timing: Partial<DataDirTiming> = {},
  ) {
    const resolved = path.resolve(dir);
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.status = { dir: resolved, file: path.join(resolved, STATE_FILE), startedWith: 'empty' };
  }

  /** Reads `state.json` if there is one. A file that cannot be used is moved aside and the emulator starts empty. */
  load(options: { keepClock: boolean }): void {
    mkdirSync(this.status.dir, { recursive: true });
    if (!existsSync(this.status.file)) return;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(this.status.file, 'utf8'));
      } catch (error) {
        throw new SnapshotError(
          `Not a valid emulator snapshot: the file is not JSON (${(error as Error).message})`,
        );
      }
      restoreSnapshot(this.emulator, parsed, options);
      this.status.startedWith = 'saved-state';
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      this.emulator.reset();
      const aside = `${this.status.file}.refused-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.status.file, aside);
      this.status.startedWith = 'refused-state';
      this.status.loadError = error.message;
      this.status.refusedFileKeptAs = aside;
      console.error(
        `[klarna-emulator] ${this.status.file} was not loaded: ${error.message}. ` +
          `Starting with no state; the file was kept as ${aside}.`,
      );
    }
  }

  /** Starts watching for changes to write. */
  start(): void {
    this.timer = setInterval(() => this.poll(), this.timing.pollMs);
    this.timer.unref();
  }

  /** Called on every request and background change: cheap, the write happens later. */
  changed(): void {
    const now = Date.now();
    if (!this.dirty) {
      this.dirty = true;
      this.firstChangeAt = now;
    }
    this.lastChangeAt = now;
  }

  /** Writes now if anything is unsaved; used on close. */
  flush(): void {
    if (this.dirty) this.save();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private poll(): void {
    if (!this.dirty) return;
    const now = Date.now();
    if (now < this.retryAt) return;
    if (now - this.lastChangeAt >= this.timing.idleMs || now - this.firstChangeAt >= this.timing.maxWaitMs) {
      this.save();
    }
  }

  private save(): void {
    this.dirty = false;
    const temporary = `${this.status.file}.${process.pid}.tmp`;
    try {
      const fd = openSync(temporary, 'w');
      try {
        for (const chunk of snapshotJsonChunks(takeSnapshot(this.emulator))) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.status.file);
      this.status.lastSavedAt = new Date().toISOString();
      delete this.status.lastSaveError;
    } catch (error) {
      // A full disk or a removed directory must not take the emulator down; try again later.
      this.status.lastSaveError = (error as Error).message;
      this.dirty = true;
      this.retryAt = Date.now() + 5000;
      console.error(
        `[klarna-emulator] could not save state to ${this.status.file}: ${(error as Error).message}`,
      );
    }
  }
}
