/**
 * Notebook renderer for `application/vnd.scann.run+json` and `application/vnd.scann.sweep+json`
 * (contributes.notebookRenderer, requiresMessaging "optional"). Each output gets its own shadow root and view; VS Code calls renderOutputItem again with the same
 * element when a live run replaces the item, and the view then updates in place.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { RUN_MIME } from '../../src/protocol/notebook';
import { SWEEP_MIME } from '../../src/protocol/sweepOutput';
import type { RendererToHost } from '../../src/protocol/messages';
import { RunOutputView } from './runOutputView';
import { SweepOutputView } from './sweepOutputView';

type OutputView = RunOutputView | SweepOutputView;

export const activate: ActivationFunction = (context) => {
  const views = new Map<string, OutputView>();
  const byElement = new WeakMap<HTMLElement, OutputView>();
  const post = context.postMessage ? (m: RendererToHost) => context.postMessage?.(m) : undefined;

  return {
    // The abort signal only tells that a newer render superseded this one; updates are coalesced anyway.
    renderOutputItem(item, element) {
      let view = byElement.get(element);
      // A sweep output and a run output are different views: an element that changes kind gets a new one.
      const sweep = item.mime === SWEEP_MIME;
      if (!view || view instanceof SweepOutputView !== sweep) {
        view?.dispose();
        views.get(item.id)?.dispose();
        view = sweep ? new SweepOutputView(element, post) : new RunOutputView(element, post);
        byElement.set(element, view);
      }
      views.set(item.id, view);
      const v = view;
      if (item.mime !== RUN_MIME && !sweep) {
        v.update(() => {
          throw new Error(`unexpected MIME type ${item.mime}`);
        });
        return;
      }
      // item.json() parses lazily inside the frame, so a burst of replacements parses only the newest.
      v.update(() => item.json() as unknown);
    },
    disposeOutputItem(id) {
      if (id === undefined) {
        for (const v of views.values()) v.dispose();
        views.clear();
        return;
      }
      views.get(id)?.dispose();
      views.delete(id);
    },
  };
};
