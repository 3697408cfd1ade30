/** The shape of the build-time output snapshots (see render-snapshots.ts). */

/** Outputs of the commander program, rendered at build time. */
export interface OutputSnapshots {
  /** Each distinct stdout text once (`--help` and `-h` print the same). */
  readonly texts: readonly string[];
  /** {@link snapshotKey} of an argument list → index into `texts`. */
  readonly answers: Readonly<Record<string, number>>;
}

/** The key of an argument list in {@link OutputSnapshots.answers}. */
export function snapshotKey(args: readonly string[]): string {
  return args.join('\u0000');
}
