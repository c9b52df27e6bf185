/**
 * Diagnostics are vfile messages with positions; a manuscript with any error
 * yields a ManuscriptError carrying all of them, so an author fixes every
 * problem in one round instead of one per build.
 */
import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { Node, Point, Position } from 'unist';

export type Place = Point | Position | Node | undefined;

function toPlace(place: Place): Point | Position | undefined {
  if (!place) return undefined;
  if ('type' in place) return place.position;
  return place;
}

/** Records an error on the file; the build stops after the whole file is checked. */
export function fail(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  const message = file.message(reason, { place: toPlace(place), ruleId, source: 'galley' });
  message.fatal = true;
  return message;
}

/** Records a warning: the build goes on, the author is told. */
export function warn(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  return file.message(reason, { place: toPlace(place), ruleId, source: 'galley' });
}

/**
 * `file:line:column: severity: reason` — the form editors and terminals link;
 * `file: severity: reason` for a message about no place in the file (galley's
 * own words, the file as a whole), rather than a made-up 1:1.
 */
export function formatMessage(message: VFileMessage, cwd: string = process.cwd()): string {
  const file = message.file ? path.relative(cwd, message.file) || message.file : '<input>';
  const severity = message.fatal ? 'error' : 'warning';
  if (message.line === undefined) return `${file}: ${severity}: ${message.reason}`;
  return `${file}:${message.line}:${message.column ?? 1}: ${severity}: ${message.reason}`;
}

/** Messages in the order of the text they point at: the author reads them down the file. */
export function inTextOrder(messages: readonly VFileMessage[]): VFileMessage[] {
  return [...messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * A manuscript that cannot be published: its errors, and the warnings found on
 * the way (so the author mends those in the same round too), each file's in
 * the order of its text.
 */
export class ManuscriptError extends Error {
  readonly messages: VFileMessage[];

  constructor(messages: VFileMessage[]) {
    super(messages.map((m) => formatMessage(m)).join('\n'));
    this.name = 'ManuscriptError';
    this.messages = messages;
  }

  /** How many of the messages are errors. */
  get errors(): number {
    return this.messages.filter((message) => message.fatal).length;
  }
}
