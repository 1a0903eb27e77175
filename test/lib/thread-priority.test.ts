/**
 * lowerBackgroundThreads (src/lib/thread-priority.ts) in a child process of
 * its own (it lowers every thread of the process it runs in): a worker
 * thread and libuv's pool end at the given nice value, the main thread keeps
 * its own.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';

const script = `
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { lowerBackgroundThreads } from ${JSON.stringify(path.join(projectRoot, 'src/lib/thread-priority.ts'))};
const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
await new Promise((resolve) => worker.once('online', resolve));
await fs.promises.readFile(${JSON.stringify(path.join(projectRoot, 'package.json'))}); // starts libuv's pool
const changed = lowerBackgroundThreads(7);
const priorities = fs.readdirSync('/proc/self/task').map((tid) => ({ tid: Number(tid), nice: os.getPriority(Number(tid)) }));
console.log(JSON.stringify({ pid: process.pid, changed, again: lowerBackgroundThreads(7), priorities }));
process.exit(0);
`;

describe.skipIf(process.platform !== 'linux')('lowerBackgroundThreads', () => {
  it('lowers every thread but the main one, once', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
    const { pid, changed, again, priorities } = JSON.parse(out.trim().split('\n').pop()!) as {
      pid: number;
      changed: number;
      again: number;
      priorities: { tid: number; nice: number }[];
    };
    const others = priorities.filter((p) => p.tid !== pid);
    expect(others.length).toBeGreaterThan(4);
    expect(changed).toBe(others.length);
    expect(again).toBe(0);
    expect(others.every((p) => p.nice === 7)).toBe(true);
    expect(priorities.find((p) => p.tid === pid)!.nice).toBe(os.getPriority(process.pid));
  });
});
