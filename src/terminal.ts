/**
 * What galley prints comes partly from manuscripts (titles, paths, quoted
 * text in messages). Control characters in it are shown escaped, so that a
 * manuscript cannot move the cursor, recolour or clear the terminal, set its
 * title, or reorder what is read with bidirectional overrides.
 */

/** C0 and C1 controls (except tab and line feed), DEL, and the bidirectional embedding, override and isolate marks. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each control character written as an escape: ESC → `\x1b`, U+202E → `\u202e`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
