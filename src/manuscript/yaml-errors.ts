/**
 * What a YAML parse error means to an author, and where: shared by the
 * article's front matter and collection.yaml, which word only the prefix
 * ("malformed YAML front matter", "malformed YAML in collection.yaml").
 */
import type { YAMLError } from 'yaml';

export interface YamlProblem {
  /** The reason, without yaml's own "at line …, column …". */
  reason: string;
  /** Where in the YAML text the author should look. */
  offset: number;
}

export function yamlProblem(error: YAMLError, text: string): YamlProblem {
  const unclosed = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message)?.[1] : undefined;
  if (unclosed) {
    // yaml reports an unclosed quote where the text ends; the author needs the opening quote.
    const opening = text.lastIndexOf(unclosed, error.pos[0] - 1);
    return { reason: `this ${unclosed} quote is never closed; end the value with ${unclosed} on the same line`, offset: Math.max(opening, 0) };
  }
  return { reason: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), offset: error.pos[0] };
}
