/**
 * Keep undici's HTTP parser on V8's baseline WebAssembly compiler.
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. After the first response, Node 20's
 * V8 re-compiles llhttp's hot state-machine function with its optimising compiler (TurboFan),
 * and that one compilation raises the peak RSS of the process by ~35 MB: `xltv upload` of
 * one small file peaked at 104 MiB, and at 64 MiB with this flag (Node 24 peaks at ~74 MiB
 * either way). The parser reads a few small responses per run, so optimised code buys
 * nothing. `--liftoff-only` concerns WebAssembly only (the CLI runs no other) and is read
 * when V8 decides to tier up, so setting it at run time takes effect; should a future V8
 * ignore it, only the memory figure changes. Called before the first request.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

/** Apply the flag once per process. */
export function keepHttpParserOnBaselineCompiler(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--liftoff-only');
}
