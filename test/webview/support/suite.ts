import { after, before } from 'node:test';
import { launch, type Session } from './browser';
import { buildWebviews } from './build';
import { startServer, type TestServer } from './server';

export interface BrowserSuite {
  server: TestServer;
  session: Session;
}

/** One build of the bundles, one CSP-serving localhost server and one browser for a test file. */
export function browserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    await buildWebviews();
    suite.server = await startServer();
    suite.session = await launch();
  });
  after(async () => {
    await suite.session?.close();
    await suite.server?.close();
  });
  return suite;
}
