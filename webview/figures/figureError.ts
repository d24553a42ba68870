/** A figure that cannot be drawn from what a run holds (e.g. energy of a run saved without an energy table). */
export class FigureError extends Error {
  override readonly name = 'FigureError';
}
