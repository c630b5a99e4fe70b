/**
 * What both benchmarks share: each server (a bare `node:http` baseline and the emulator) runs in
 * its own child process with the same Node flags as this process, so the load generator does not
 * share an event loop with either and neither gets an unfair runtime. After a warm-up they take
 * turns, bare first and last (bare, emulator, bare, … emulator, bare), and every emulator round is
 * compared with the mean of the two bare rounds around it: a change in machine load during the run
 * then hits both sides of each comparison alike. Beside req/s and latency the table shows each
 * server's CPU time per request (user + system, from /proc), which other processes on a shared
 * machine disturb far less than throughput.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  setupRequest?: (request: { headers: Record<string, string> }) => unknown;
}

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number; max: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface BenchSettings {
  /** Seconds per round and server. */
  roundSeconds: number;
  /** Emulator rounds; there is one bare round more. */
  rounds: number;
  warmupSeconds: number;
  connections: number;
}

/** `BENCH_ROUND` (s, default 4), `BENCH_ROUNDS` (3), `BENCH_WARMUP` (s, 2), `BENCH_CONNECTIONS` (50). */
export function settingsFromEnv(): BenchSettings {
  return {
    roundSeconds: Number(process.env.BENCH_ROUND ?? 4),
    rounds: Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3)),
    warmupSeconds: Number(process.env.BENCH_WARMUP ?? 2),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  };
}

export interface Server {
  child: ChildProcess;
  url: string;
}

/**
 * Starts `script --serve kind` with this process's Node flags (`execArgv`, and `NODE_OPTIONS`
 * through the inherited environment) and waits for the `{"port": …}` line it prints.
 */
export function startChild(script: string, kind: 'bare' | 'emulator'): Promise<Server> {
  const child = spawn(process.execPath, [...process.execArgv, script, '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.stdout?.once('data', (data: Buffer) => {
      const { port } = JSON.parse(data.toString('utf8').split('\n')[0] ?? '{}') as { port: number };
      resolve({ child, url: `http://127.0.0.1:${port}` });
    });
  });
}

/** CPU time (user + system, all threads) a process has used so far, in ms; null where /proc is missing. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

interface Round {
  reqPerSec: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  cpuMs: number | null;
  failures: number;
}

async function measure(
  server: Server,
  requests: AutocannonRequest[],
  seconds: number,
  connections: number,
): Promise<Round> {
  const before = cpuMs(server.child.pid);
  const result = await autocannon({ url: server.url, connections, duration: seconds, requests });
  const after = cpuMs(server.child.pid);
  const total = result.requests.total;
  return {
    reqPerSec: total / (result.duration || seconds),
    requests: total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    cpuMs: before === null || after === null ? null : after - before,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export interface Contender {
  label: string;
  server: Server;
  requests: AutocannonRequest[];
}

/** Runs the alternating rounds, prints the table and the verdicts, and sets the exit code. */
export async function compare(
  title: string,
  bare: Contender,
  emulator: Contender,
  settings: BenchSettings,
): Promise<void> {
  const { roundSeconds, rounds, warmupSeconds, connections } = settings;
  if (warmupSeconds > 0) {
    await measure(bare.server, bare.requests, warmupSeconds, connections);
    await measure(emulator.server, emulator.requests, warmupSeconds, connections);
  }
  const bareRounds: Round[] = [await measure(bare.server, bare.requests, roundSeconds, connections)];
  const emulatorRounds: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    emulatorRounds.push(await measure(emulator.server, emulator.requests, roundSeconds, connections));
    bareRounds.push(await measure(bare.server, bare.requests, roundSeconds, connections));
  }

  const ratios = emulatorRounds.map((round, i) => {
    const around = ((bareRounds[i] as Round).reqPerSec + (bareRounds[i + 1] as Round).reqPerSec) / 2;
    return round.reqPerSec / around;
  });
  const ratio = median(ratios);
  const p99 = median(emulatorRounds.map((round) => round.p99));
  const cpuPerRequest = (list: Round[]): number | null => {
    const cpu = list.reduce<number | null>(
      (sum, round) => (sum === null || round.cpuMs === null ? null : sum + round.cpuMs),
      0,
    );
    const requests = list.reduce((sum, round) => sum + round.requests, 0);
    return cpu === null || requests === 0 ? null : (cpu * 1000) / requests;
  };
  const row = (label: string, list: Round[]) => ({
    server: label,
    'req/s (rounds)': list.map((round) => Math.round(round.reqPerSec)).join(' '),
    'p50 ms': median(list.map((round) => round.p50)),
    'p99 ms (median)': median(list.map((round) => round.p99)),
    'p99 ms (worst)': Math.max(...list.map((round) => round.p99)),
    'max ms': Math.max(...list.map((round) => round.max)),
    'CPU µs/req': Math.round(cpuPerRequest(list) ?? Number.NaN),
    failures: list.reduce((sum, round) => sum + round.failures, 0),
  });

  console.log(
    `\n${title}: ${connections} connections, ${roundSeconds} s rounds (bare ×${rounds + 1}, emulator ×${rounds}, ` +
      `alternating), after ${warmupSeconds} s warm-up each; Node flags: ${describeFlags()}`,
  );
  console.table([row(bare.label, bareRounds), row(emulator.label, emulatorRounds)]);
  const cpuBare = cpuPerRequest(bareRounds);
  const cpuEmulator = cpuPerRequest(emulatorRounds);
  console.table([
    {
      target: 'emulator req/s ≥ 50 % of bare (median over rounds, each vs the bare rounds around it)',
      measured: `${(ratio * 100).toFixed(1)} % (rounds: ${ratios.map((r) => (r * 100).toFixed(0)).join(', ')} %)`,
      verdict: ratio >= 0.5 ? 'PASS' : 'MISS',
    },
    {
      target: 'emulator p99 < 20 ms (median of rounds)',
      measured: `${p99} ms`,
      verdict: p99 < 20 ? 'PASS' : 'MISS',
    },
  ]);
  if (cpuBare !== null && cpuEmulator !== null) {
    console.log(
      `CPU per request: bare ${cpuBare.toFixed(0)} µs, emulator ${cpuEmulator.toFixed(0)} µs ` +
        `(${(cpuEmulator / cpuBare).toFixed(2)}× bare)`,
    );
  }
  console.log(`load average after the run: ${readLoadAverage()}`);
  if (emulatorRounds.some((round) => round.failures > 0)) {
    console.log('The emulator answered some requests with errors: the figures above are not valid.');
    process.exitCode = 1;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function describeFlags(): string {
  const flags = [
    ...process.execArgv,
    ...(process.env.NODE_OPTIONS ? [`NODE_OPTIONS=${process.env.NODE_OPTIONS}`] : []),
  ];
  return flags.length > 0 ? flags.join(' ') : 'none';
}

function readLoadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

/**
 * The emulator is measured as it runs with a data directory (state kept on disk): a fresh temporary
 * folder, removed when the child is stopped.
 */
export function benchDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'klarna-emulator-bench-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  process.once('SIGTERM', () => process.exit(0));
  return dir;
}
