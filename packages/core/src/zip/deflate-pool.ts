/**
 * A pool of worker threads that read and deflate jobs of parts (deflate-worker.ts). Workers
 * start when there is work for them, up to the pool's size, and stop with
 * {@link DeflatePool.close}. Each worker is given a few jobs ahead, so that it does not wait
 * for the main thread between two. The bytes of a part do not depend on which worker made
 * them, nor on the other parts of its job. Jobs with the same affinity key go to one worker,
 * which answers them in order: an entry inspected over several jobs is seen whole, in order,
 * by one inspection on that worker.
 */
import { Worker } from 'node:worker_threads';
import type { FileResults } from '@xltv/results';
import type { BlockFailure, BlockJob, BlockPart, BlockReply } from './deflate-worker.js';
import { deflateWorkerMain } from './deflate-worker.js';

/** A part read and deflated. */
export interface Block {
  /** CRC-32 of the part's bytes. */
  readonly crc: number;
  /** The part deflated (or stored). */
  readonly data: Buffer;
  /** What the entry holds, on its last part when it is inspected. */
  readonly inspected?: FileResults;
}

/** Jobs of one key go to the same worker, in order, up to the job that ends the key. */
export interface Affinity {
  readonly key: number;
  readonly end: boolean;
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
  readonly affinity: Affinity | undefined;
  readonly resolve: (blocks: Block[]) => void;
  readonly reject: (error: Error) => void;
}

const WORKER_SOURCE = `(${String(deflateWorkerMain)})()`;
/** Jobs a worker is given ahead of the one it is working on. */
const JOBS_PER_WORKER = 3;

export class DeflatePool {
  readonly #size: number;
  /** The worker's module (the inspecting worker), or undefined for the deflate body as text. */
  readonly #script: URL | undefined;
  /** Every worker, with the tasks it was given, oldest first (it answers in that order). */
  readonly #workers = new Map<Worker, Task[]>();
  readonly #waiting: Task[] = [];
  /** The worker each affinity key's jobs go to, until its last job is given. */
  readonly #homes = new Map<number, Worker>();
  #nextId = 0;
  #closed: Error | undefined;

  /**
   * A pool of at most `size` workers (at least one), each running the module `script`
   * (worker.ts' bundle, which inspects) or, without it, the deflate body from its source text.
   */
  constructor(size: number, script?: URL) {
    this.#size = Math.max(1, Math.floor(size));
    this.#script = script;
  }

  /**
   * Read and deflate `parts` at `level`, in one job, on the worker of `affinity`'s key if
   * given. Rejects with {@link BlockError} when a file is not as selected.
   */
  run(level: number, parts: readonly BlockPart[], affinity?: Affinity): Promise<Block[]> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise<Block[]>((resolve, reject) => {
      const job = { id: this.#nextId++, level, parts };
      this.#waiting.push({ job, affinity, resolve, reject });
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
    this.#homes.clear();
    const workers = [...this.#workers.keys()];
    this.#workers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /**
   * Give waiting jobs to workers, oldest first. A job whose key's worker is full waits, and
   * the jobs behind it may pass: those of the same key wait too, so each key keeps its order.
   */
  #dispatch(): void {
    for (let index = 0; index < this.#waiting.length;) {
      const task = this.#waiting[index] as Task;
      const worker = this.#workerFor(task.affinity);
      if (!worker) {
        if (!task.affinity) return; // every worker is full
        index++;
        continue;
      }
      this.#waiting.splice(index, 1);
      if (task.affinity) {
        if (task.affinity.end) this.#homes.delete(task.affinity.key);
        else this.#homes.set(task.affinity.key, worker);
      }
      this.#workers.get(worker)?.push(task);
      const transfer = task.job.parts.flatMap((part) =>
        part.bytes ? [part.bytes.buffer as ArrayBuffer] : [],
      );
      worker.postMessage(task.job, transfer);
    }
  }

  /** The worker for a job of `affinity`: its key's, if it has room, or the least busy. */
  #workerFor(affinity: Affinity | undefined): Worker | undefined {
    const home = affinity && this.#homes.get(affinity.key);
    if (!home) return this.#leastBusy();
    return (this.#workers.get(home)?.length ?? JOBS_PER_WORKER) < JOBS_PER_WORKER
      ? home
      : undefined;
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
    const worker = this.#script
      ? new Worker(this.#script)
      : new Worker(WORKER_SOURCE, { eval: true });
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
function blocksOf(reply: Exclude<BlockReply, { failure: BlockFailure }>): Block[] {
  return reply.outputs.map((output, index) => {
    const crc = reply.crcs[index] as number;
    const data = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
    const inspected = reply.inspected?.[index];
    return inspected ? { crc, data, inspected } : { crc, data };
  });
}
