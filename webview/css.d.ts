/** CSS files: bundled as stylesheets by the panel builds, imported as text by the renderer build. */
declare module '*.css' {
  const text: string;
  export default text;
}
