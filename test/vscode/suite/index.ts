import * as path from 'node:path';
import Mocha from 'mocha';

/** Entry point the extension host calls. Suites load after mocha's globals exist (esbuild keeps `require` lazy). */
export function run(): Promise<void> {
  const grep = process.env['SCANN_TEST_GREP'];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180000, reporter: 'spec', ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, path.join(__dirname, 'index.js'), mocha);
  require('./extension.test');
  require('./language.test');
  require('./notebook.test');
  require('./runs.test');
  require('./report.test');
  require('./sweep.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
