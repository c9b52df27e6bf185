/**
 * A worker thread that answers requests: each message posted carries an
 * `id`, and the thread's reply carries the same `id` with either the answer
 * or an `error`. Used by the threads that draw covers and read PDFs back.
 * The thread starts on first use and is kept for the next requests; it holds
 * the process open only while a request is under way, and should it fail or
 * stop, every waiting request fails and the next one starts a new thread.
 */
import type { Transferable, Worker } from 'node:worker_threads';

/** What a thread replies: the request's id, and an error or the answer's fields. */
export type ThreadReply = { id: number; error?: string } & Record<string, unknown>;

export interface RequestThread<Answer> {
  /** Starts the thread now, ahead of the first request. */
  start(): void;
  /** Posts `message` (with the given `id` added) and waits for its answer. */
  ask(message: Record<string, unknown>, transfer?: Transferable[]): Promise<Answer>;
}

export function requestThread<Answer>(spec: {
  open: () => Worker;
  /** The answer a reply carries, or undefined when it carries none. */
  answer: (reply: ThreadReply) => Answer | undefined;
  /** Said when a reply carries no answer ("… could not be …"). */
  failed: string;
  /** Said when the thread stops ("The … thread"). */
  thread: string;
}): RequestThread<Answer> {
  type Started = { worker: Worker; pending: Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }> };
  let current: Started | undefined;
  let nextRequest = 0;
  const start = (): Started => {
    if (current) return current;
    const worker = spec.open();
    const started: Started = { worker, pending: new Map() };
    const failAll = (error: Error): void => {
      if (current === started) current = undefined;
      for (const { reject } of started.pending.values()) reject(error);
      started.pending.clear();
    };
    worker.on('message', (reply: ThreadReply) => {
      const request = started.pending.get(reply.id);
      if (!request) return;
      started.pending.delete(reply.id);
      if (started.pending.size === 0) worker.unref();
      const answer = spec.answer(reply);
      if (answer !== undefined) request.resolve(answer);
      else request.reject(new Error(`${spec.failed}: ${reply.error ?? 'unknown error'}`));
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`${spec.thread} stopped (exit code ${code}).`)));
    // Only now: a 'message' listener added after unref() would hold the process open.
    worker.unref();
    current = started;
    return started;
  };
  return {
    start: () => void start(),
    ask(message, transfer = []) {
      const { worker, pending } = start();
      const id = nextRequest++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ ...message, id }, transfer);
      });
    },
  };
}
