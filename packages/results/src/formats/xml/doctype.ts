/**
 * The end of a `<!DOCTYPE …>`: the first `>` outside quotes and outside the internal subset,
 * whose comments and processing instructions can hide a `>` too. The subset is never read,
 * only skipped, with the same few states saxes has; the scan resumes across writes.
 */

// Where the scan stands.
const OUT = 0;
const QUOTE_OUT = 1;
const SUBSET = 2;
const QUOTE_SUBSET = 3;
const LT_SEEN = 4;
const BANG_SEEN = 5;
const BANG_DASH = 6;
const COMMENT = 7;
const COMMENT_DASH = 8;
const COMMENT_END = 9;
const PI = 10;
const PI_END = 11;

const LT = 0x3c;
const GT = 0x3e;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** A DOCTYPE scan between writes: its state and the quote it is inside, if any. */
export interface DoctypeScan {
  state: number;
  quote: number;
}

/** A scan from just past `<!DOCTYPE`. */
export function startDoctypeScan(): DoctypeScan {
  return { state: OUT, quote: 0 };
}

/**
 * Scans `text[from, limit)` on from where `scan` stands: the index of the DOCTYPE's closing
 * `>`, undefined when it has not arrived (`scan` then holds where to go on), or `-1 - i` for
 * `--` inside a comment of the subset at `text[i]`.
 */
export function doctypeEnd(
  text: string,
  from: number,
  limit: number,
  scan: DoctypeScan,
): number | undefined {
  let { state, quote } = scan;
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    switch (state) {
      case OUT:
        if (c === GT) return i;
        if (c === LBRACKET) state = SUBSET;
        else if (c === DQUOTE || c === SQUOTE) {
          state = QUOTE_OUT;
          quote = c;
        }
        break;
      case QUOTE_OUT:
        if (c === quote) state = OUT;
        break;
      case SUBSET:
        if (c === RBRACKET) state = OUT;
        else if (c === LT) state = LT_SEEN;
        else if (c === DQUOTE || c === SQUOTE) {
          state = QUOTE_SUBSET;
          quote = c;
        }
        break;
      case QUOTE_SUBSET:
        if (c === quote) state = SUBSET;
        break;
      case LT_SEEN:
        state = c === BANG ? BANG_SEEN : c === QUESTION ? PI : SUBSET;
        break;
      case BANG_SEEN:
        state = c === DASH ? BANG_DASH : SUBSET;
        break;
      case BANG_DASH:
        state = c === DASH ? COMMENT : SUBSET;
        break;
      case COMMENT:
        if (c === DASH) state = COMMENT_DASH;
        break;
      case COMMENT_DASH:
        state = c === DASH ? COMMENT_END : COMMENT;
        break;
      case COMMENT_END:
        if (c !== GT) return -1 - i;
        state = SUBSET;
        break;
      case PI:
        if (c === QUESTION) state = PI_END;
        break;
      default:
        // saxes waits for the next `>` once it saw `?` in a DTD's processing instruction.
        if (c === GT) state = SUBSET;
    }
  }
  scan.state = state;
  scan.quote = quote;
  return undefined;
}
