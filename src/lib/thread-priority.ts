/**
 * Linux keeps a nice value per thread. The event loop answers /health, reads
 * request bodies and refuses excess uploads; every other thread of the process
 * (ONNX Runtime's, libuv's pool where sharp decodes, libvips', V8's helpers)
 * does work that can wait. Lowering their priority lets the event loop have a
 * core first when the machine is full. Elsewhere: nothing changes.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Sets every thread but the main one to at least `niceness`; returns how many changed. Threads started later need another call. */
export function lowerBackgroundThreads(niceness: number): number {
  if (niceness <= 0 || process.platform !== 'linux') return 0;
  let changed = 0;
  for (const entry of fs.readdirSync('/proc/self/task')) {
    const tid = Number(entry);
    if (tid === process.pid) continue;
    try {
      if (os.getPriority(tid) < niceness) {
        os.setPriority(tid, niceness);
        changed++;
      }
    } catch {
      // The thread ended meanwhile.
    }
  }
  return changed;
}
