import { fileURLToPath } from 'node:url';

/** The repository root: apps are started from their files there, as bin/dev starts them. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Logs of the processes a run starts (git-ignored). */
export const logDir = fileURLToPath(new URL('../../../../.data/chaos/logs/', import.meta.url));
