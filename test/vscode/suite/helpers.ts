import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const workspaceDir = (): string => {
  const w = process.env['SCANN_TEST_WORKSPACE'];
  assert.ok(w, 'SCANN_TEST_WORKSPACE is set by the runner');
  return w;
};

export const repoDir = (): string => process.env['SCANN_REPO'] ?? '';

/** Polls until `probe` returns a value (not undefined), or fails after `ms`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 60000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Asks the test host (outside VS Code) for something only the browser knows. */
function host<T>(p: string): Promise<T | undefined> {
  const base = process.env['SCANN_TEST_HOST_URL'];
  if (!base) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    http
      .get(base + p, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(JSON.parse(body) as T));
      })
      .on('error', reject);
  });
}

/** The text of every frame of the workbench page: notebook outputs and webviews included. */
export async function frameTexts(): Promise<string[]> {
  const frames = (await host<{ text: string }[]>('/frames')) ?? [];
  return frames.map((f) => f.text);
}

/** Every frame's URL and text, for diagnosing what the browser shows. */
export async function frameDump(): Promise<{ url: string; text: string }[]> {
  return (await host<{ url: string; text: string }[]>('/frames')) ?? [];
}

export async function screenshot(name: string): Promise<string | undefined> {
  return (await host<{ file: string }>(`/screenshot?name=${encodeURIComponent(name)}`))?.file;
}

export async function press(key: string): Promise<void> {
  await host(`/press?key=${encodeURIComponent(key)}`);
}

export async function activateExtension(): Promise<import('../../../src/extension/extension').ScannApi> {
  const ext =
    vscode.extensions.getExtension<import('../../../src/extension/extension').ScannApi>('scann-studio.scann-studio');
  assert.ok(ext, 'the extension is installed in the test host');
  return ext.activate();
}
