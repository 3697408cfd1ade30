/**
 * The build's virtual module (tsup.config.ts, plugin `output-snapshots`): what
 * render-snapshots.ts rendered from the commander program while building.
 */
declare module 'xltv:output-snapshots' {
  import type { OutputSnapshots } from './snapshots.js';

  /** The help and version outputs, by argument list. */
  export const SNAPSHOTS: OutputSnapshots;
}
