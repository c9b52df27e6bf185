/**
 * What a YAML parse error means to an author, and where: shared by the
 * article's front matter and collection.yaml, which word only the prefix
 * ("malformed YAML front matter", "malformed YAML in collection.yaml").
 */
import type { Position } from 'unist';
import type { YAMLError } from 'yaml';
import type { core } from 'zod';

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

/**
 * A schema's issues as an author reads them: one for each unknown key (zod
 * gives one for all the keys of a map, which could point at only the first),
 * each with the path of what it is about.
 */
export interface KeyedIssue {
  issue: core.$ZodIssue;
  path: PropertyKey[];
  /** Whether the place is the key itself (an unknown key) rather than its value. */
  keyItself: boolean;
}

export function issuesByKey(issues: readonly core.$ZodIssue[]): KeyedIssue[] {
  return issues.flatMap((issue): KeyedIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ issue: { ...issue, keys: [key] }, path: [...issue.path, key], keyItself: true }))
      : [{ issue, path: [...issue.path], keyItself: false }],
  );
}

/** Problems in the order an author meets them in the file: by line, then column (the sort is stable: one place keeps its order). */
export function byPlace<T extends { place: Position }>(problems: T[]): T[] {
  return [...problems].sort((a, b) => a.place.start.line - b.place.start.line || a.place.start.column - b.place.start.column);
}
