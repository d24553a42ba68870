import { CONV_OP } from './convAbi';
import type { JobFields } from './convJob';
import { convFields, planesFields, planesPoolFields, poolFields, rowsShape } from './convRows';
import type { FrontConvLayout, FrontLayout } from './frontLayout';
import type { FrontPlacement } from './frontPlacement';

/**
 * The jobs of one sample's forward pass through a front end laid out for it (`layout.oneSample`), from the image at
 * `staging` to the last layer's output rows (the dense part's input rows, one float each): the image into the
 * first layer's grid, then every layer on the one-sample kernels. A sparse conv on planes whose max pool feeds
 * another conv on planes keeps the maps in planes from the one to the other (the conv writes planes, the pool reads
 * and writes planes), as bench/lenetKernels.ts first chained them; any other conv on planes gets its input from rows
 * (TO_PLANES) and writes rows.
 */
export function oneSampleJobs(layout: FrontLayout, at: FrontPlacement, staging: number): JobFields[] {
  const layers = layout.layers;
  const first = layers[0]!;
  const pad = first.kind === 'conv' ? first.spec.pad : 0;
  const { h, w, c } = layout.input;
  const jobs: JobFields[] = [
    { OP: CONV_OP.TO_ROWS, S: 1, NB: 8, N: 1, H: h, MW: w, C: c, GW: w + 2 * pad, PAD: pad, SRC: staging, X: at.input },
  ];
  let inPlanes = false;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    const p = at.layers[i]!;
    if (l.kind !== 'conv') {
      const fields = poolFields(rowsShape({ n: 1, ...l.in }, 0, true), l.pool);
      jobs.push({ ...fields, OP: CONV_OP.MAXPOOL_FWD_1, X: p.x, Y: p.y });
      continue;
    }
    const input = rowsShape({ n: 1, ...l.in }, l.spec.pad, true);
    const fields: JobFields = {
      ...convFields(input, l.spec),
      X: p.x,
      W: p.w,
      BIAS: p.b,
      ROWPTR: p.rowptr,
      ROFF: p.roff,
      Y: p.y,
      RELU: l.relu ? 1 : 0,
    };
    if (!l.planes) {
      jobs.push({ ...fields, OP: l.csr ? CONV_OP.CONV_FWD_SPARSE_1 : CONV_OP.CONV_FWD_1 });
      inPlanes = false;
      continue;
    }
    if (!inPlanes) jobs.push({ ...planesFields(input, l.planes.pitch), X: p.x, Y: p.planes });
    const pool = layers[i + 1];
    const next = layers[i + 2];
    const chained = pool?.kind === 'maxPool' && plane(next) && next.spec.pad === 0;
    jobs.push({
      ...fields,
      OP: CONV_OP.CONV_FWD_SPARSE_1P,
      X: p.planes,
      MW: l.planes.pitch,
      YMW: chained ? l.out.w : 0,
    });
    inPlanes = chained;
    if (!chained) continue;
    // The pool's own output rows stay unwritten: the next conv reads the planes.
    const into = at.layers[i + 2]!.planes;
    jobs.push({ ...planesPoolFields({ n: 1, ...l.out }, pool.pool, next.planes!.pitch), X: p.y, Y: into });
    i++;
  }
  return jobs;
}

function plane(l: FrontLayout['layers'][number] | undefined): l is FrontConvLayout {
  return l?.kind === 'conv' && !!l.planes;
}
