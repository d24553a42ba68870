/**
 * Plotly reads every string it draws (titles, trace names, legend entries, point text, hover text) as pseudo-HTML:
 * `<a href>` becomes a link, `<b>` bold, `<br>` a line break. Names a user chose (runs, datasets, energy tables)
 * go through this so they show as the literal text they are; Plotly turns the entities back into characters.
 */
export function plotlyText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
