/** Whether `error` is a file-system error (it has a string `code`), as opposed to a bug. */
export function isFileSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Returns the value of `fallback` for file-system errors and rethrows anything else. */
export function onFileSystemError<T>(error: unknown, fallback: T): T {
  if (!isFileSystemError(error)) {
    throw error;
  }
  return fallback;
}
