/**
 * Cucumber JSON: an array of features, each with `elements` (scenarios and backgrounds). One
 * test is one scenario; a background's steps count with the scenario that follows it. Read as
 * a stream of tokens, so the file is never held whole (docs/results.md).
 */
import { Tally } from '../tally.js';
import { DEFAULT_LIMITS, type InspectOptions, type Inspector } from '../types.js';
import { type JsonHandler, JsonTokenizer } from './cucumber-json.js';

/** Statuses that make a scenario skipped when none failed. */
const SKIPPED = new Set(['skipped', 'pending', 'undefined']);
/** Keys of an element whose values are read; the rest are skipped unread. */
const ELEMENT_KEYS = new Set(['type', 'keyword', 'start_timestamp']);

interface Frame {
  readonly object: boolean;
  /** The key this container is the value of (undefined in an array). */
  readonly key: string | undefined;
}

/** What the steps and hooks of one element (or of a background) came to. */
interface Outcome {
  failed: boolean;
  skipped: boolean;
}

interface Element extends Outcome {
  type?: string;
  keyword?: string;
  start?: string;
  durationNs: number;
}

export function createCucumberReader(_path: string, options: InspectOptions): Inspector {
  const tally = new Tally();
  const handler = new CucumberHandler(tally);
  const tokenizer = new JsonTokenizer(handler, {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxTokenBytes: options.maxTokenBytes ?? DEFAULT_LIMITS.maxTokenBytes,
  });
  handler.stop = () => tokenizer.stop();
  return {
    write: (chunk) => tokenizer.write(chunk),
    end() {
      const fault = tokenizer.end();
      if (fault) tally.problem(fault);
      else if (handler.notCucumber()) {
        tally.format = undefined;
        tally.problem({
          code: 'UNKNOWN_FORMAT',
          message: 'a JSON file, but not a Cucumber report (an array of features with elements)',
        });
      }
      if (!handler.sawStartTimestamp) tally.addTime(options.mtime);
      return tally.results();
    },
  };
}

class CucumberHandler implements JsonHandler {
  stop: () => void = () => undefined;
  sawStartTimestamp = false;
  private readonly frames: Frame[] = [];
  private pendingKey: string | undefined;
  private topIsObject = false;
  private features = 0;
  private sawElements = false;
  private element: Element | undefined;
  private background: Outcome | undefined;
  /** Depth of the `result` object being read, inside an element. */
  private resultDepth: number | undefined;

  constructor(private readonly tally: Tally) {}

  notCucumber(): boolean {
    return this.topIsObject || (this.features > 0 && !this.sawElements);
  }

  open(kind: 'object' | 'array'): void {
    const key = this.pendingKey;
    this.pendingKey = undefined;
    this.frames.push({ object: kind === 'object', key });
    const depth = this.frames.length;
    if (depth === 1 && kind === 'object') {
      this.topIsObject = true;
      this.stop(); // not a report: nothing more to learn from it
    } else if (depth === 2) {
      this.features++;
      this.background = undefined;
    } else if (depth === 3 && key === 'elements' && kind === 'array' && this.frames[1]!.object) {
      this.sawElements = true;
      this.tally.format = 'cucumber';
    } else if (depth === 4 && kind === 'object' && this.frames[2]!.key === 'elements') {
      this.element = { failed: false, skipped: false, durationNs: 0 };
    } else if (
      this.element &&
      this.resultDepth === undefined &&
      key === 'result' &&
      kind === 'object'
    ) {
      this.resultDepth = depth;
    }
  }

  close(): void {
    const depth = this.frames.length;
    if (depth === this.resultDepth) this.resultDepth = undefined;
    if (depth === 4 && this.element) this.endElement(this.element);
    if (depth === 1 && this.features === 0) this.tally.format = 'cucumber'; // `[]`: no feature ran
    this.frames.pop();
  }

  key(name: string): boolean {
    this.pendingKey = name;
    const depth = this.frames.length;
    if (depth === 4 && this.element) return ELEMENT_KEYS.has(name);
    return depth === this.resultDepth && name === 'status';
  }

  value(value: string | number | boolean | null | undefined): void {
    const key = this.pendingKey;
    this.pendingKey = undefined;
    const depth = this.frames.length;
    const element = this.element;
    if (depth === 1) this.features++; // a scalar where a feature should be
    if (!element) return;
    if (depth === 4 && typeof value === 'string') {
      if (key === 'type') element.type = value;
      else if (key === 'keyword') element.keyword = value;
      else if (key === 'start_timestamp') element.start = value;
    } else if (depth === this.resultDepth) {
      if (key === 'status' && value === 'failed') element.failed = true;
      else if (key === 'status' && typeof value === 'string' && SKIPPED.has(value))
        element.skipped = true;
      else if (key === 'duration' && typeof value === 'number') element.durationNs += value;
    }
  }

  private endElement(element: Element): void {
    this.element = undefined;
    const type =
      element.type ?? (/background/i.test(element.keyword ?? '') ? 'background' : 'scenario');
    if (type === 'background') {
      this.background = { failed: element.failed, skipped: element.skipped };
      this.tally.addDuration(element.durationNs / 1e6);
      return;
    }
    if (type !== 'scenario') return; // e.g. an unexpanded outline: its examples ran as scenarios
    const background = this.background;
    this.background = undefined;
    const failed = element.failed || background?.failed === true;
    const skipped = !failed && (element.skipped || background?.skipped === true);
    this.tally.tests++;
    if (failed) this.tally.failed++;
    else if (skipped) this.tally.skipped++;
    this.tally.addDuration(element.durationNs / 1e6);
    if (element.start !== undefined) {
      const time = Date.parse(element.start);
      if (!Number.isNaN(time)) {
        this.sawStartTimestamp = true;
        this.tally.addTime(time);
      }
    }
  }
}
