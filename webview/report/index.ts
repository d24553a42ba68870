/**
 * The script of a self-contained HTML report (`scann report`): draws every run output of the page with the
 * notebook renderer's own view. The page holds the saved outputs as JSON data blocks next to the placeholders;
 * there is no host to talk to, so the views get no message channel (no "Open dashboard" button).
 */
import { RunOutputView } from '../renderer/runOutputView';

function drawRuns(): void {
  for (const host of document.querySelectorAll<HTMLElement>('.run-output[data-payload]')) {
    const data = document.getElementById(host.dataset.payload ?? '');
    const view = new RunOutputView(host, undefined);
    view.update(() => JSON.parse(data?.textContent ?? 'null') as unknown);
    view.flush();
  }
}

drawRuns();
