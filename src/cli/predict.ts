import { predictRaw } from '../engine/model/predict';
import { csvField } from '../protocol/csv';
import { readFeatures } from './featureTable';
import { readModelFile } from './modelFile';

/** `scann predict`: one label per line (or the class probabilities as CSV with `--proba`). */
export async function predictCommand(modelFile: string, dataFile: string, proba: boolean): Promise<void> {
  const { model } = await readModelFile(modelFile);
  const { x, rows } = await readFeatures(dataFile, model.featureNames);
  const p = predictRaw(model, x, rows);
  const c = model.outputs;
  const out: string[] = proba ? [model.labelNames.map(csvField).join(',')] : [];
  for (let i = 0; i < rows; i++) {
    const row = p.subarray(i * c, (i + 1) * c);
    if (proba) {
      out.push(Array.from(row, (v) => v.toPrecision(6)).join(','));
    } else {
      let arg = 0;
      for (let o = 1; o < c; o++) if (row[o]! > row[arg]!) arg = o;
      out.push(model.labelNames[arg]!);
    }
  }
  process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
}
