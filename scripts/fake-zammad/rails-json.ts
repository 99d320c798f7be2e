/**
 * JSON as Rails writes it (ActiveSupport `to_json` / `render json:`): compact, with the HTML-significant characters
 * `<` `>` `&` and the JavaScript line separators U+2028 / U+2029 written as \u escapes. Everything else is what
 * JSON.stringify writes; those characters can only occur inside strings, so replacing them in the output is safe.
 */
const RAILS_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

export function railsJson(value: unknown): string {
  // Ruby's nil.to_json is "null"; JSON.stringify(undefined) would give undefined.
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/[<>&\u2028\u2029]/g, (char) => RAILS_ESCAPES[char] ?? char);
}
