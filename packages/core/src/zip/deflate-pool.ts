/**
 * A pool of worker threads that read and deflate jobs of parts (deflate-worker.ts). Workers
 * start when there is work for them, up to the pool's size, and stop with
 * {@link DeflatePool.close}. Each worker is given a few jobs ahead, so that it does not wait
 * for the main thread between two. The bytes of a part do not depend on which worker made
 * them, nor on the other parts of its job.
 */
import { Worker } from 'node:worker_threads';
import type { BlockFailure, BlockJob, BlockPart, BlockReply } from './deflate-worker.js';
import { deflateWorkerMain } from './deflate-worker.js';

/** A part read and deflated. */
export interface Block {
  /** CRC-32 of the part's bytes. */
  readonly crc: number;
  /** The part deflated (or stored). */
  readonly data: Buffer;
}

/** A part that could not be read (the file changed, vanished, or is unreadable). */
export class BlockError extends Error {
  constructor(
    readonly failure: BlockFailure,
    /** The file the part is of; undefined for given bytes. */
    readonly path: string | undefined,
  ) {
    super(failure.message);
  }
}

interface Task {
  readonly job: BlockJob;
  readonly resolve: (blocks: Block[]) => void;
  readonly reject: (error: Error) => void;
}

const WORKER_SOURCE = `(${String(deflateWorkerMain)})()`;
/** Jobs a worker is given ahead of the one it is working on. */
const JOBS_PER_WORKER = 3;

export class DeflatePool {
  readonly #size: number;
  /** Every worker, with the tasks it was given, oldest first (it answers in that order). */
  readonly #workers = new Map<Worker, Task[]>();
  readonly #waiting: Task[] = [];
  #nextId = 0;
  #closed: Error | undefined;

  /** A pool of at most `size` workers (at least one). */
  constructor(size: number) {
    this.#size = Math.max(1, Math.floor(size));
  }

  /**
   * Read and deflate `parts` at `level`, in one job. Rejects with {@link BlockError} when a
   * file is not as selected.
   */
  run(level: number, parts: readonly BlockPart[]): Promise<Block[]> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise<Block[]>((resolve, reject) => {
      this.#waiting.push({ job: { id: this.#nextId++, level, parts }, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stop every worker; what is still queued or running rejects with `reason`. */
  async close(reason: Error = new Error('deflate pool closed')): Promise<void> {
    if (this.#closed) return;
    this.#closed = reason;
    const given = [...this.#workers.values()].flat();
    for (const task of [...this.#waiting, ...given]) task.reject(reason);
    this.#waiting.length = 0;
    const workers = [...this.#workers.keys()];
    this.#workers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#waiting.length > 0) {
      const worker = this.#leastBusy();
      if (!worker) return;
      const task = this.#waiting.shift() as Task;
      this.#workers.get(worker)?.push(task);
      const transfer = task.job.parts.flatMap((part) =>
        part.bytes ? [part.bytes.buffer as ArrayBuffer] : [],
      );
      worker.postMessage(task.job, transfer);
    }
  }

  /** The worker with the fewest jobs, a new one while none is idle, or none if all are full. */
  #leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    let fewest = JOBS_PER_WORKER;
    for (const [worker, tasks] of this.#workers) {
      if (tasks.length < fewest) [best, fewest] = [worker, tasks.length];
    }
    if (fewest > 0 && this.#workers.size < this.#size) return this.#start();
    return best;
  }

  #start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    this.#workers.set(worker, []);
    worker.on('message', (reply: BlockReply) => {
      const task = this.#workers.get(worker)?.shift(); // undefined once closed
      if (task) {
        if ('failure' in reply) task.reject(new BlockError(reply.failure, reply.path));
        else task.resolve(blocksOf(reply));
      }
      this.#dispatch();
    });
    // A worker that crashes (it should not) fails everything: its job would never come.
    const crashed = (error: Error): void => {
      if (this.#workers.has(worker)) void this.close(error);
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`deflate worker exited with code ${code}`)));
    return worker;
  }
}

/** The parts of a reply. */
function blocksOf(reply: { crcs: readonly number[]; outputs: readonly Uint8Array[] }): Block[] {
  return reply.outputs.map((output, index) => ({
    crc: reply.crcs[index] as number,
    data: Buffer.from(output.buffer, output.byteOffset, output.byteLength),
  }));
}
