/**
 * Errors from the operating system (a read-only disk, a full one, a folder
 * one may not write to) are told with the path they concern and what to do,
 * rather than as Node's bare `EROFS: read-only file system, open '…'`.
 */
import path from 'node:path';

const HINTS: Record<string, { what: string; fix: string }> = {
  EROFS: { what: 'the file system is read-only', fix: 'choose an output folder on a writable disk with --out' },
  ENOSPC: { what: 'no space left on the device', fix: 'free some space on that disk, or choose another output folder with --out' },
  EDQUOT: { what: 'the disk quota is used up', fix: 'free some space, or choose another output folder with --out' },
  EACCES: { what: 'permission denied', fix: 'check the permissions of the folder (ls -ld), or choose another output folder with --out' },
  EPERM: { what: 'operation not permitted', fix: 'check the permissions and attributes of the file and its folder, or choose another output folder with --out' },
  ENOENT: { what: 'no such file or folder', fix: 'check that the path exists' },
  ENOTDIR: { what: 'a part of this path is a file, not a folder', fix: 'remove or rename that file, or choose another path' },
  EISDIR: { what: 'this is a folder, where a file was expected', fix: 'remove or rename the folder' },
  EEXIST: { what: 'this already exists', fix: 'remove or rename it' },
  EMFILE: { what: 'too many open files', fix: 'build fewer manuscripts at once (--jobs), or raise the limit (ulimit -n)' },
  ENFILE: { what: 'too many open files on the system', fix: 'build fewer manuscripts at once (--jobs)' },
  EIO: { what: 'input/output error', fix: 'the disk may be failing: check it, or choose another output folder with --out' },
  EBUSY: { what: 'the file or folder is busy', fix: 'close the program using it and build again' },
  ENAMETOOLONG: { what: 'the path is too long', fix: 'choose a shorter output folder or manuscript name' },
  ETXTBSY: { what: 'the file is in use', fix: 'close the program using it and build again' },
};

/**
 * The fixes that differ when the file is one galley reads (a manuscript's
 * text or picture) rather than one it writes: choosing another output folder
 * would not help.
 */
const READ_FIXES: Record<string, string> = {
  EACCES: 'check the permissions of the file and of the folders it is in (ls -l): galley must be allowed to read them',
  EPERM: 'check the permissions and attributes of the file and of the folders it is in (ls -l)',
  EIO: 'the disk may be failing: check it, or copy the manuscript to another disk',
};

/** The fixes for the build cache, which is not where --out writes. */
const CACHE_FIXES: Record<string, string> = {
  EACCES: 'set GALLEY_CACHE_DIR to a folder you may write, or run galley from one',
  EPERM: 'set GALLEY_CACHE_DIR to a folder you may write, or run galley from one',
  EROFS: 'set GALLEY_CACHE_DIR to a folder on a writable disk',
};

/** True for an error from the operating system (it carries an errno code). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * `<path>: <what went wrong> (<CODE>); <how to fix it>` for a system error;
 * the message of any other error. `fallbackPath` names the file when the
 * error does not.
 */
export function describeError(error: unknown, fallbackPath?: string, use: FileUse = 'write'): string {
  if (!isSystemError(error)) return error instanceof Error ? error.message : String(error);
  const file = error.path ?? fallbackPath;
  const relative = file ? path.relative(process.cwd(), file) : undefined;
  const shown = file ? (relative && !relative.startsWith('..') ? relative : file) : undefined;
  return `${shown ? `${shown}: ` : ''}${systemProblem(error, use)}`;
}

/** Whether galley was reading the file (a manuscript's), writing it (an edition's), or keeping it in the build cache. */
export type FileUse = 'read' | 'write' | 'cache';

/** `<what went wrong> (<CODE>); <how to fix it>`, without the path: for a message that names the file already. */
export function systemProblem(error: NodeJS.ErrnoException, use: FileUse): string {
  const hint = HINTS[error.code!];
  if (!hint) return error.message;
  const fix = (use === 'read' ? READ_FIXES : use === 'cache' ? CACHE_FIXES : {})[error.code!] ?? hint.fix;
  return `${hint.what} (${error.code}); ${fix}`;
}
