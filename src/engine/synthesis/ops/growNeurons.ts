import type { GrowNeuronsConfig } from '../../../protocol/config';
import type { Rng } from '../../core/random';
import type { Trainer } from '../../training/trainer';
import { noChange, type OpOutcome } from './outcome';
import { topK } from './selection';

/**
 * Neuron growth by cell division (research/paper.md 3.2): the most active neurons (sum of |h| over the probe
 * batches) or random ones are cloned. The clone is inserted just before its parent in the topological order, so
 * it may feed every neuron the parent feeds; it copies the parent's incoming connections and its connections to
 * the outputs, with weights perturbed by N(0, noise^2), and the parent's bias. In the MLP space the clone joins
 * the parent's layer and always copies all outgoing connections (otherwise it could never influence the output).
 * The clone has its parent's activation (a linear unit of a DR layer divides into two linear units).
 */
export function growNeurons(trainer: Trainer, cfg: GrowNeuronsConfig, rng: Rng): OpOutcome {
  const net = trainer.net;
  const hidden = net.order.length;
  if (hidden === 0) return noChange();
  const free = net.capacity - hidden;
  const count = Math.min(cfg.count, free, hidden);
  if (count <= 0) return noChange();

  const score = new Float64Array(hidden);
  if (cfg.select === 'random') {
    for (let i = 0; i < hidden; i++) score[i] = rng.next();
  } else {
    const d = net.inputs;
    const act = trainer.ws.act;
    const order = [...net.order];
    trainer.probe(cfg.batches, false, false, (B) => {
      order.forEach((s, i) => {
        const ao = (d + s) * B;
        let sum = 0;
        for (let b = 0; b < B; b++) sum += Math.abs(act[ao + b]!);
        score[i] = score[i]! + sum;
      });
    });
  }
  const parents = Array.from(topK(score, count), (i) => net.order[i]!);
  const before = net.activeConnections();
  for (const p of parents) splitNeuron(trainer, p, cfg, rng);
  trainer.structureChanged();
  return { ...noChange(), neuronsAdded: parents.length, connectionsAdded: net.activeConnections() - before };
}

function splitNeuron(trainer: Trainer, p: number, cfg: GrowNeuronsConfig, rng: Rng): void {
  const net = trainer.net;
  const q = net.freeSlot();
  if (q < 0) return;
  const S = net.sources;
  const d = net.inputs;
  const { weights: w, mask } = net;
  net.order.splice(net.order.indexOf(p), 0, q);
  net.layer[q] = net.layer[p]!;
  net.linear[q] = net.linear[p]!;
  net.bias[q] = net.bias[p]!;
  // Incoming: the clone sees exactly what its parent sees.
  for (let src = 0; src < S; src++) {
    const from = p * S + src;
    const to = q * S + src;
    mask[to] = mask[from]!;
    w[to] = mask[from] ? w[from]! + cfg.noise * rng.normal() : 0;
  }
  // Outgoing: to the outputs always; to hidden neurons only when asked (or in the MLP space).
  const copyHidden = cfg.copyOutgoingHidden || net.space === 'mlp';
  const consumers = [...(copyHidden ? net.order.filter((s) => s !== q) : [])];
  for (let o = 0; o < net.outputs; o++) consumers.push(net.outputTarget(o));
  for (const t of consumers) {
    const from = t * S + d + p;
    const to = t * S + d + q;
    if (!mask[from]) continue;
    mask[to] = 1;
    if (cfg.halveOutgoing) {
      w[from] = w[from]! / 2;
      w[to] = w[from]!;
    } else {
      w[to] = w[from]! + cfg.noise * rng.normal();
    }
  }
}
