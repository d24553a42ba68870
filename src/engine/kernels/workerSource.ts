import { SLOT } from './slots';

/**
 * The code of a kernel worker, evaluated as a CommonJS script (no file to ship next to the bundle). It waits on
 * its control slot: spinning first (a wake through Atomics.wait costs ~50 us on this class of VM, about a whole
 * small step), then sleeping. Jobs attach a context (module + memory, received synchronously from its port),
 * detach one, or run a phase on one. Errors are reported through the slot, never left to hang the caller.
 */
export function workerSource(): string {
  return `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.ctrl);
const base = workerData.slot * ${SLOT.STRIDE};
const port = workerData.port;
const spin = workerData.spin;
const contexts = new Map();
let seen = 0;
for (;;) {
  let s = Atomics.load(ctrl, base + ${SLOT.SEQ});
  for (let i = 0; s === seen && i < spin; i++) s = Atomics.load(ctrl, base + ${SLOT.SEQ});
  if (s === seen) {
    Atomics.store(ctrl, base + ${SLOT.WORKER_SLEEPS}, 1);
    if (Atomics.load(ctrl, base + ${SLOT.SEQ}) === seen) Atomics.wait(ctrl, base + ${SLOT.SEQ}, seen);
    Atomics.store(ctrl, base + ${SLOT.WORKER_SLEEPS}, 0);
    continue;
  }
  seen = s;
  const op = ctrl[base + ${SLOT.OP}];
  if (op === ${SLOT.OP_EXIT}) break;
  let error = 0;
  try {
    const id = ctrl[base + ${SLOT.ID}];
    if (op === ${SLOT.OP_ATTACH}) {
      const m = receiveMessageOnPort(port).message;
      contexts.set(m.id, new WebAssembly.Instance(m.module, { env: { memory: m.memory } }).exports);
    } else if (op === ${SLOT.OP_DETACH}) {
      contexts.delete(id);
    } else {
      const k = contexts.get(id);
      const a = base + ${SLOT.ARGS};
      if (op === ${SLOT.OP_PHASE_A}) k.phase_a(ctrl[a], ctrl[a + 1], ctrl[a + 2], ctrl[a + 3], ctrl[a + 4]);
      else if (op === ${SLOT.OP_PHASE_B}) k.phase_b(ctrl[a], ctrl[a + 1]);
      else if (op === ${SLOT.OP_CONV}) k.conv_run(ctrl[a], ctrl[a + 1], ctrl[a + 2]);
      else k.forward_block(ctrl[a], ctrl[a + 1], ctrl[a + 2], ctrl[a + 3], ctrl[a + 4], ctrl[a + 5], ctrl[a + 6]);
    }
  } catch (err) {
    error = 1;
    port.postMessage(String(err && err.stack ? err.stack : err));
  }
  ctrl[base + ${SLOT.ERROR}] = error;
  Atomics.store(ctrl, base + ${SLOT.DONE}, seen);
  if (Atomics.load(ctrl, base + ${SLOT.CALLER_SLEEPS})) Atomics.notify(ctrl, base + ${SLOT.DONE});
}
`;
}
