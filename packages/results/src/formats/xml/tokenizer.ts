/**
 * Our own streaming XML 1.0 tokenizer: decoded text in, element events out. It is not
 * validating: only the five predefined entities and character references are expanded, and a
 * DTD is handed over as text, never read, so no entity it declares is defined or fetched.
 *
 * It scans each chunk with indexOf and charCodeAt, keeps only the unfinished token between
 * writes, and turns character data into strings only while text is wanted: most readers
 * ignore text, and JUnit's `<system-out>` is most of a file's bytes.
 */
import { resolveReference } from './entities.js';
import { xmlDeclaration } from './declaration.js';
import { doctypeEnd, startDoctypeScan } from './doctype.js';
import { isName, isNameStart, nameCharsEnd } from './names.js';

/** What the tokenizer reports; names keep their prefix (`ns:TestRun`). */
export interface XmlEvents {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data (text and CDATA) inside the root element, possibly in several pieces. */
  text(text: string): void;
  /** The body of `<!DOCTYPE …>`, internal subset included, never interpreted. */
  doctype(body: string): void;
  /** A well-formedness error at `line`/`column` (from 1); the caller stops feeding. */
  error(message: string, line: number, column: number): void;
}

export interface XmlTokenizer {
  /** More text; it may end anywhere, even between the two halves of a surrogate pair. */
  write(text: string): void;
  /** No more input: errors reported now mean the document stopped early. */
  end(): void;
  /**
   * Characters read since the last token ended (tag, text, CDATA, comment, DOCTYPE): the
   * length of the token being read, whether or not its text is kept.
   */
  pendingChars(): number;
  /** Whether `text` events are wanted (the default). Unwanted text is checked, never copied. */
  wantText(wanted: boolean): void;
}

export function createXmlTokenizer(events: XmlEvents): XmlTokenizer {
  return new Tokenizer(events);
}

// What the tokenizer is in the middle of between two calls.
const TEXT = 0;
const TAG = 1;
const CDATA = 2;
const COMMENT = 3;
const PI = 4;
const DOCTYPE = 5;
const DEAD = 6;

// What Tokenizer.next() looks for.
const NEXT_LT = 0;
const NEXT_AMP = 1;
const NEXT_LF = 2;
const NEXT_TAB = 3;
const NEXT_CR = 4;
const NEXT_SEARCHED = ['<', '&', '\n', '\t', '\r'];

// What a token split across writes is scanned for: the end of a tag, of a name (a reference
// or a processing instruction's target), or of the XML declaration.
const SCAN_TAG = 0;
const SCAN_NAME = 1;
const SCAN_DECLARATION = 2;

/** A token held longer than this is kept in pieces until it ends. */
const PIECE = 64 * 1024;

// Results of parsing a token that may not be complete yet.
const NEED = -1;
const ERROR = -2;

const CR = 0x0d;
const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SEMI = 0x3b;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const HASH = 0x23;
const LBRACKET = 0x5b;

/** Characters XML 1.0 allows nowhere (surrogates are checked for a partner apart). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;
const LOW_SURROGATE = /[\uDC00-\uDFFF]/g;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** Line ends as one `\n` (XML's end-of-line handling), for text handed out. */
const newlines = (text: string): string =>
  text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');

/** Attribute value normalisation: every line end or tab becomes one space. */
const attributeSpaces = (text: string): string =>
  /[\t\n\r]/.test(text) ? text.replace(/\r\n|[\t\n\r]/g, ' ') : text;

/** Index of the first character XML does not allow in `text` from `from`, or -1. */
function disallowedAt(text: string, from: number): number {
  DISALLOWED.lastIndex = from;
  for (let match = DISALLOWED.exec(text); match; match = DISALLOWED.exec(text)) {
    const at = match.index;
    const c = text.charCodeAt(at);
    const next = text.charCodeAt(at + 1);
    if (c > 0xdbff || c < 0xd800 || !(next >= 0xdc00 && next <= 0xdfff)) return at;
    DISALLOWED.lastIndex = at + 2;
  }
  return -1;
}

class Tokenizer implements XmlTokenizer {
  /** Unconsumed input: from the token being read (or a kept tail) to the end of the last write. */
  private buf = '';
  /** Where reading resumes in `buf`; everything before it is consumed. */
  private pos = 0;
  /** Where reading must stop in `buf`: its end, or a disallowed character. */
  private lim = 0;
  /** Index in `buf` of a disallowed character, reported once everything before it is read. */
  private badAt = -1;
  /** Stream offset of `buf[0]`, of the token being read, and of the end of the input. */
  private base = 0;
  private tokenStart = 0;
  private fed = 0;
  /** A high surrogate at the end of a write, held until its other half arrives. */
  private carry = '';
  private started = false;
  private docStart = 0;

  private mode = TEXT;
  private readonly open: string[] = [];
  private sawRoot = false;
  private sawDoctype = false;
  private wanted = true;
  /** Character data read but not yet reported (only while text is wanted). */
  private text = '';
  /** The expansion of the reference just read. */
  private refValue = '';

  // Resumable scans of a token split across writes, as offsets from `pos`: rather than read
  // it again on every write, its end is looked for in what each write adds.
  private scanning = false;
  private scanKind = SCAN_TAG;
  private resume = 0;
  private quote = 0;
  private doctypeScan = startDoctypeScan();
  private piReserved = false;

  // The next `<`, `&`, line end or tab at or after some point of `buf` (`buf.length` when
  // none), by NEXT_*: one search serves every text run and attribute value until it is passed.
  private readonly nextAt = [-1, -1, -1, -1, -1];
  private cdEndAt = -1;

  /** The start of a long token being read, in pieces before `buf` (`pos` is then negative). */
  private held: string[] = [];
  private heldLength = 0;

  // Position of `buf[counted]`: lines are counted lazily, over what is consumed.
  private counted = 0;
  private line = 1;
  private column = 0;
  private prevCR = false;

  constructor(private readonly events: XmlEvents) {}

  private get dead(): boolean {
    return this.mode === DEAD;
  }

  wantText(wanted: boolean): void {
    this.wanted = wanted;
  }

  pendingChars(): number {
    return this.fed - this.tokenStart;
  }

  write(chunk: string): void {
    if (this.mode === DEAD) return;
    this.fed += chunk.length;
    let text = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length === 0) return;
    this.append(text);
    this.run('disallowed character');
  }

  end(): void {
    if (this.mode === DEAD) return;
    if (this.carry !== '') {
      // A high surrogate with nothing after it.
      const lone = this.carry;
      this.carry = '';
      this.append(lone);
      this.run('disallowed character');
      if (this.mode === DEAD) return;
    }
    this.unhold();
    const { buf, pos } = this;
    const inMarkup = buf.charCodeAt(pos) === LT || buf.charCodeAt(pos) === AMP;
    if (this.mode !== TEXT || inMarkup) this.finish(buf.length, 'unexpected end of the file');
    else if (!this.sawRoot) this.fail('no root element', buf.length);
    else if (this.open.length > 0) this.fail('unclosed element', buf.length);
  }

  // ---- input --------------------------------------------------------------------------

  /** Drops what is consumed, adds `text`, and finds the first disallowed character in it. */
  private append(text: string): void {
    this.countLines(this.pos);
    const holding = this.scanning || this.mode === DOCTYPE;
    if (this.heldLength > 0 || (holding && this.buf.length - this.pos >= PIECE)) {
      // A long token is kept in pieces, joined once when it ends: appending to one string on
      // every write would copy it again and again.
      const piece = this.heldLength > 0 ? this.buf : this.buf.slice(this.pos);
      this.held.push(piece);
      this.heldLength += piece.length;
      this.base += this.buf.length;
      this.pos -= this.buf.length;
      this.counted -= this.buf.length;
      this.buf = text;
    } else {
      const keep = this.pos === 0 ? this.buf : this.buf.slice(this.pos);
      this.base += this.pos;
      this.counted -= this.pos;
      this.pos = 0;
      this.buf = keep.length === 0 ? text : keep + text;
    }
    this.nextAt.fill(-1);
    this.cdEndAt = -1;
    const bad = disallowedAt(text, 0);
    this.badAt = bad < 0 ? -1 : this.buf.length - text.length + bad;
    this.lim = bad < 0 ? this.buf.length : this.badAt;
    if (!this.started) {
      this.started = true;
      // A byte order mark is not part of the document (but takes a column, as in saxes).
      if (this.buf.charCodeAt(0) === 0xfeff) this.pos = this.docStart = this.tokenStart = 1;
    }
  }

  /** Puts the pieces of a long token back in front of `buf`; returns how far `buf` moved. */
  private unhold(): number {
    const shift = this.heldLength;
    if (shift === 0) return 0;
    this.held.push(this.buf);
    this.buf = this.held.join('');
    this.held = [];
    this.heldLength = 0;
    this.base -= shift;
    this.pos += shift;
    this.counted += shift;
    this.lim += shift;
    if (this.badAt >= 0) this.badAt += shift;
    this.nextAt.fill(-1);
    this.cdEndAt = -1;
    return shift;
  }

  /** Whether the end of the token being scanned for has arrived (then it is whole in `buf`). */
  private scanned(): boolean {
    const { buf, pos, lim } = this;
    const from = Math.max(0, pos + this.resume);
    let found: boolean;
    switch (this.scanKind) {
      case SCAN_TAG:
        // stepTag() parses it and ends the scan.
        if (!this.tagEndIn()) return false;
        this.unhold();
        return true;
      case SCAN_NAME:
        found = nameCharsEnd(buf, from, lim) < lim;
        break;
      default: {
        // The XML declaration ends at its first `?`; a `<` or `>` before it is an error.
        let end = lim;
        for (const c of ['?', '<', '>']) {
          const at = buf.indexOf(c, from);
          if (at >= 0 && at < end) end = at;
        }
        found = end + 1 < lim;
      }
    }
    if (!found) {
      this.resume = Math.max(this.resume, lim - pos - 1);
      return false;
    }
    this.scanning = false;
    this.unhold();
    return true;
  }

  /** Waits for more input to finish the token at `pos`, scanning from `pos + resume`. */
  private scanFor(kind: number, resume: number): false {
    this.scanning = true;
    this.scanKind = kind;
    this.resume = resume;
    return false;
  }

  /** Reads tokens until the input runs out; a disallowed character ends it as an error. */
  private run(message: string): void {
    for (;;) {
      if (this.scanning && this.mode === TEXT && !this.scanned()) break;
      let more: boolean;
      switch (this.mode) {
        case TEXT:
          more = this.stepText();
          break;
        case TAG:
          more = this.stepTag();
          break;
        case CDATA:
          more = this.stepCdata();
          break;
        case COMMENT:
          more = this.stepComment();
          break;
        case PI:
          more = this.stepPi();
          break;
        case DOCTYPE:
          more = this.stepDoctype();
          break;
        default:
          return;
      }
      if (!more) break;
    }
    if (!this.dead && this.badAt >= 0) this.finish(this.badAt, message);
  }

  /** No more input past `at`: an error inside the token being read, or `message` at `at`. */
  private finish(at: number, message: string): void {
    at += this.unhold();
    // The tag is parsed again from its start: searches made further on do not apply.
    this.nextAt.fill(-1);
    if (this.mode === TAG && this.parseTag(this.pos) === ERROR) return;
    this.fail(message, at);
  }

  /** Reports an error at `buf[at]` and stops reading for good. */
  private fail(message: string, at: number): number {
    at += this.unhold();
    this.countLines(at);
    this.mode = DEAD;
    this.buf = this.text = '';
    this.events.error(message, this.line, this.column + 1);
    return ERROR;
  }

  /** {@link fail} for the steps, which answer whether to read on. */
  private failed(message: string, at: number): false {
    this.fail(message, at);
    return false;
  }

  /** Counts lines and columns (in code points) up to `buf[to]`; `\r\n` and a lone `\r` end one line. */
  private countLines(to: number): void {
    const { buf, counted: from } = this;
    if (to <= from) return;
    let lastEnd = -1;
    for (let n = buf.indexOf('\n', from); n >= 0 && n < to; n = buf.indexOf('\n', n + 1)) {
      const afterCR = n > from ? buf.charCodeAt(n - 1) === CR : this.prevCR;
      if (!afterCR) this.line++;
      lastEnd = n;
    }
    for (let r = buf.indexOf('\r', from); r >= 0 && r < to; r = buf.indexOf('\r', r + 1)) {
      this.line++;
      if (r > lastEnd) lastEnd = r;
    }
    if (lastEnd >= 0) this.column = codePoints(buf, lastEnd + 1, to);
    else this.column += codePoints(buf, from, to);
    this.prevCR = buf.charCodeAt(to - 1) === CR;
    this.counted = to;
  }

  /** The token being read ended just before `buf[end]`. */
  private done(end: number): true {
    this.pos = end;
    this.tokenStart = this.base + end;
    this.mode = TEXT;
    return true;
  }

  /** The index of the next NEXT_SEARCHED[`which`] at or after `from`, searches going forward. */
  private next(which: number, from: number): number {
    const { nextAt } = this;
    if (nextAt[which]! < from) {
      const at = this.buf.indexOf(NEXT_SEARCHED[which]!, from);
      nextAt[which] = at < 0 ? this.buf.length : at;
    }
    return nextAt[which]!;
  }

  // ---- character data -----------------------------------------------------------------

  /** Text up to the next `<`, then the markup it starts. */
  private stepText(): boolean {
    const { lim, pos } = this;
    const lt = this.next(NEXT_LT, pos);
    const end = lt < lim ? lt : lim;
    if (end > pos) {
      const read =
        this.open.length > 0 ? this.checkText(pos, end, end === lim) : this.outside(pos, end);
      if (read < 0) return false;
      if (read < end || end === lim) {
        this.pos = read;
        return false;
      }
    }
    if (end === lim) return false;
    this.pos = lt;
    this.tokenStart = this.base + lt;
    if (this.text !== '' && this.open.length > 0) {
      const text = this.text;
      this.text = '';
      this.events.text(text);
    }
    return this.markup(lt);
  }

  /** Outside the root element only white space may appear between markup. */
  private outside(from: number, end: number): number {
    const { buf } = this;
    for (let i = from; i < end; i++) {
      if (!isSpace(buf.charCodeAt(i))) return this.fail('text outside the root element', i);
    }
    return end;
  }

  /**
   * Checks text in `buf[from, to)` (references, no `]]>`) and keeps it if wanted. Returns
   * where reading stopped: `to`, or earlier when the text may go on in the next write.
   */
  private checkText(from: number, to: number, open: boolean): number {
    const { buf } = this;
    if (this.cdEndAt < from) {
      const at = buf.indexOf(']]>', from);
      this.cdEndAt = at < 0 ? buf.length : at;
    }
    const cdEnd = this.cdEndAt + 2 < to ? this.cdEndAt + 2 : -1;
    const stop = cdEnd >= 0 ? cdEnd : to;
    let segment = from;
    for (let amp = this.next(NEXT_AMP, from); amp < stop; amp = this.next(NEXT_AMP, segment)) {
      const semi = this.reference(amp, stop, open && cdEnd < 0);
      if (semi === ERROR) return ERROR;
      if (semi === NEED) {
        if (this.wanted) this.text += newlines(buf.slice(segment, amp));
        this.scanFor(SCAN_NAME, to - amp);
        return amp;
      }
      if (this.wanted) this.text += newlines(buf.slice(segment, amp)) + this.refValue;
      segment = semi + 1;
    }
    if (cdEnd >= 0) return this.fail("']]>' in text", cdEnd);
    const read = open ? this.tail(segment, to) : to;
    if (this.wanted && read > segment) this.text += newlines(buf.slice(segment, read));
    return read;
  }

  /** Where to stop reading open character data: before a possible `]]>` or `\r\n` split. */
  private tail(from: number, to: number): number {
    let keep = Math.max(from, to - 2);
    if (keep > from && this.buf.charCodeAt(keep - 1) === CR) keep--;
    return keep;
  }

  /**
   * The reference at `buf[amp]` (`&name;`, `&#n;`, `&#xh;`) ending before `stop`: the index of
   * its `;` with its expansion in `refValue`, NEED when `open` and it reaches `stop`, or ERROR.
   */
  private reference(amp: number, stop: number, open: boolean): number {
    const { buf } = this;
    let end = amp + 1;
    if (end < stop && buf.charCodeAt(end) === HASH) {
      end++;
      while (end < stop && isAlphanumeric(buf.charCodeAt(end))) end++;
    } else {
      end = nameCharsEnd(buf, end, stop);
    }
    if (end >= stop && open) return NEED;
    if (end >= stop || buf.charCodeAt(end) !== SEMI) {
      return this.fail("'&' that does not start a reference ending in ';'", end);
    }
    const body = buf.slice(amp + 1, end);
    const value = resolveReference(body);
    if (value === undefined) {
      if (body === '') return this.fail('empty reference', end);
      return this.fail(isName(body) ? 'undefined entity' : 'malformed character reference', end);
    }
    this.refValue = value;
    return end;
  }

  private stepCdata(): boolean {
    const { buf, pos, lim } = this;
    const end = buf.indexOf(']]>', pos);
    if (end < 0 || end + 2 >= lim) {
      const read = this.tail(pos, lim);
      if (this.wanted) this.text += newlines(buf.slice(pos, read));
      this.pos = read;
      return false;
    }
    if (this.wanted) {
      const text = this.text + newlines(buf.slice(pos, end));
      this.text = '';
      if (text !== '') this.events.text(text);
    }
    return this.done(end + 3);
  }

  // ---- markup -------------------------------------------------------------------------

  /** What the `<` at `buf[lt]` starts; false when its first characters have not arrived. */
  private markup(lt: number): boolean {
    const { buf, lim } = this;
    if (lt + 1 >= lim) return false;
    const c = buf.charCodeAt(lt + 1);
    if (c === SLASH || isNameStart(c < 0x80 ? c : buf.codePointAt(lt + 1)!)) {
      this.mode = TAG;
      this.scanning = false;
      return this.stepTag();
    }
    if (c === QUESTION) return this.processingInstruction(lt);
    if (c !== BANG) return this.failed("'<' not followed by a name", lt + 1);
    if (lt + 2 >= lim) return false;
    const c2 = buf.charCodeAt(lt + 2);
    const keyword = c2 === DASH ? '<!--' : c2 === LBRACKET ? '<![CDATA[' : '<!DOCTYPE';
    for (let i = lt + 2; i < lt + keyword.length; i++) {
      if (i >= lim) return false;
      if (buf.charCodeAt(i) !== keyword.charCodeAt(i - lt)) {
        return this.failed("'<!' that starts no comment, CDATA section or DOCTYPE", i);
      }
    }
    if (c2 === DASH) {
      this.mode = COMMENT;
      this.pos = lt + 4;
      return true;
    }
    if (c2 === LBRACKET) {
      if (this.open.length === 0) return this.failed('CDATA outside the root element', lt + 8);
      this.mode = CDATA;
      this.pos = lt + 9;
      return true;
    }
    if (this.sawRoot || this.sawDoctype) return this.failed('misplaced DOCTYPE', lt + 8);
    this.mode = DOCTYPE;
    this.doctypeScan = startDoctypeScan();
    this.resume = 9;
    return this.stepDoctype();
  }

  /** A start or end tag at `pos`, parsed once all of it is in. */
  private stepTag(): boolean {
    if (this.scanning && !this.scanned()) return false;
    const end = this.parseTag(this.pos);
    if (end === ERROR) return false;
    if (end === NEED) {
      // Look for its end as more arrives instead of parsing it again on every write.
      if (!this.scanning) {
        this.scanFor(SCAN_TAG, 1);
        this.quote = 0;
        this.tagEndIn();
      }
      return false;
    }
    this.scanning = false;
    return this.done(end);
  }

  /** Whether the tag being read has its `>` (or a stray `<`) in `buf` by now. */
  private tagEndIn(): boolean {
    const { buf, pos, lim } = this;
    let q = this.quote;
    for (let i = pos + this.resume; i < lim; i++) {
      const c = buf.charCodeAt(i);
      if (c === LT) return true;
      if (q !== 0) {
        if (c === q) q = 0;
      } else if (c === GT) return true;
      else if (c === DQUOTE || c === SQUOTE) q = c;
    }
    this.resume = lim - pos;
    this.quote = q;
    return false;
  }

  private parseTag(lt: number): number {
    return this.buf.charCodeAt(lt + 1) === SLASH ? this.endTag(lt) : this.startTag(lt);
  }

  /** `<name attr="value" …>` or `…/>` at `buf[lt]`: the index past it, NEED or ERROR. */
  private startTag(lt: number): number {
    const { buf, lim } = this;
    let i = nameCharsEnd(buf, lt + 1, lim);
    if (i >= lim) return NEED;
    const name = buf.slice(lt + 1, i);
    if (this.sawRoot && this.open.length === 0) return this.fail('a second root element', i);
    const attributes = new Attributes();
    let duplicate = false;
    let afterValue = false;
    let selfClosing = false;
    for (;;) {
      let c = buf.charCodeAt(i);
      let spaced = false;
      while (isSpace(c)) {
        spaced = true;
        if (++i >= lim) return NEED;
        c = buf.charCodeAt(i);
      }
      if (c === GT) break;
      if (c === SLASH) {
        if (i + 1 >= lim) return NEED;
        if (buf.charCodeAt(i + 1) !== GT) return this.fail("'/' not followed by '>'", i + 1);
        selfClosing = true;
        i++;
        break;
      }
      if (!spaced || !isNameStart(c < 0x80 ? c : buf.codePointAt(i)!)) {
        const nameStart = isNameStart(c < 0x80 ? c : buf.codePointAt(i)!);
        if (afterValue && nameStart) return this.fail('no white space between attributes', i);
        return this.fail(afterValue || spaced ? 'bad attribute name' : 'bad tag name', i);
      }
      const nameAt = i;
      i = nameCharsEnd(buf, i, lim);
      if (i >= lim) return NEED;
      const attribute = buf.slice(nameAt, i);
      c = buf.charCodeAt(i);
      while (isSpace(c)) {
        if (++i >= lim) return NEED;
        c = buf.charCodeAt(i);
      }
      if (c !== EQUALS) return this.fail('attribute without a value', i);
      do {
        if (++i >= lim) return NEED;
        c = buf.charCodeAt(i);
      } while (isSpace(c));
      if (c !== DQUOTE && c !== SQUOTE) return this.fail('unquoted attribute value', i);
      const close = buf.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      const closed = close >= 0 && close < lim;
      const value = this.attributeValue(i + 1, closed ? close : lim, !closed);
      if (value === undefined) return this.mode === DEAD ? ERROR : NEED;
      if (attributes[attribute] !== undefined) duplicate = true;
      attributes[attribute] = value;
      i = close + 1;
      if (i >= lim) return NEED;
      afterValue = true;
    }
    // saxes checks duplicates once the tag is complete, so it reports them at its `>`.
    if (duplicate) return this.fail('duplicate attribute', i);
    this.sawRoot = true;
    this.open.push(name);
    this.events.open(name, attributes);
    if (selfClosing) this.closeElement(name);
    return i + 1;
  }

  /** The value in `buf[from, to)` expanded and normalised; undefined on an error or NEED. */
  private attributeValue(from: number, to: number, open: boolean): string | undefined {
    const { buf } = this;
    const lt = this.next(NEXT_LT, from);
    const stop = lt < to ? lt : to;
    let value = '';
    let segment = from;
    for (let amp = this.next(NEXT_AMP, from); amp < stop; amp = this.next(NEXT_AMP, segment)) {
      const semi = this.reference(amp, stop, open && lt >= to);
      if (semi < 0) return undefined;
      value += attributeSpaces(buf.slice(segment, amp)) + this.refValue;
      segment = semi + 1;
    }
    if (lt < to) {
      this.fail("'<' in an attribute value", lt);
      return undefined;
    }
    if (open) return undefined;
    const spaced =
      this.next(NEXT_LF, segment) < to ||
      this.next(NEXT_TAB, segment) < to ||
      this.next(NEXT_CR, segment) < to;
    const rest = spaced ? attributeSpaces(buf.slice(segment, to)) : buf.slice(segment, to);
    return segment === from ? rest : value + rest;
  }

  /** `</name>` at `buf[lt]`: it must close the element open last. */
  private endTag(lt: number): number {
    const { buf, lim } = this;
    const at = lt + 2;
    let i = nameCharsEnd(buf, at, lim);
    if (i >= lim) return NEED;
    const length = i - at;
    let c = buf.charCodeAt(i);
    while (isSpace(c)) {
      if (++i >= lim) return NEED;
      c = buf.charCodeAt(i);
    }
    if (c !== GT) return this.fail('bad end tag', i);
    if (length === 0) return this.fail('end tag without a name', i);
    const current = this.open[this.open.length - 1];
    if (current === undefined) return this.fail('end tag without a start tag', i);
    if (current.length !== length || !buf.startsWith(current, at)) {
      return this.fail('end tag does not match the start tag', i);
    }
    this.closeElement(current);
    return i + 1;
  }

  private closeElement(name: string): void {
    this.open.pop();
    this.events.close(name);
  }

  /** `<!-- … -->`: `--` may appear only in its end. Nothing of it is kept. */
  private stepComment(): boolean {
    const { buf, pos, lim } = this;
    const dashes = buf.indexOf('--', pos);
    if (dashes < 0 || dashes + 2 >= lim) {
      this.pos = dashes >= 0 && dashes < lim ? dashes : Math.max(pos, lim - 1);
      return false;
    }
    if (buf.charCodeAt(dashes + 2) !== GT) return this.failed("'--' inside a comment", dashes + 2);
    return this.done(dashes + 3);
  }

  /** `<?target …?>`; `<?xml …?>` is the XML declaration, allowed only at the very start. */
  private processingInstruction(lt: number): boolean {
    const { buf, lim } = this;
    const first = lt + 2;
    if (first >= lim) return this.scanFor(SCAN_NAME, 2);
    const c = buf.charCodeAt(first);
    if (!isNameStart(c < 0x80 ? c : buf.codePointAt(first)!)) {
      return this.failed('processing instruction without a target', first);
    }
    const end = nameCharsEnd(buf, first, lim);
    if (end >= lim) return this.scanFor(SCAN_NAME, end - lt);
    const after = buf.charCodeAt(end);
    if (after !== QUESTION && !isSpace(after)) {
      return this.failed('bad processing instruction target', end);
    }
    const target = buf.slice(first, end);
    if (target !== 'xml') {
      this.piReserved = target.toLowerCase() === 'xml';
      this.mode = PI;
      this.pos = end;
      return true;
    }
    if (this.base + lt !== this.docStart) {
      return this.failed('XML declaration not at the start of the file', end);
    }
    const declared = xmlDeclaration(buf, end, lim);
    if (declared === undefined) return this.scanFor(SCAN_DECLARATION, end - lt);
    if (declared < 0) return this.failed('bad XML declaration', -declared - 1);
    return this.done(declared);
  }

  private stepPi(): boolean {
    const { buf, pos, lim } = this;
    const close = buf.indexOf('?>', pos);
    if (close < 0 || close + 1 >= lim) {
      this.pos = Math.max(pos, lim - 1);
      return false;
    }
    if (this.piReserved) return this.failed('reserved processing instruction target', close + 1);
    return this.done(close + 2);
  }

  /** `<!DOCTYPE …>` up to its end ({@link doctypeEnd}); its body is reported. */
  private stepDoctype(): boolean {
    const { buf, pos, lim } = this;
    const end = doctypeEnd(buf, pos + this.resume, lim, this.doctypeScan);
    if (end === undefined) {
      this.resume = lim - pos;
      return false;
    }
    if (end < 0) return this.failed("'--' inside a comment", -end - 1);
    const shift = this.unhold();
    this.sawDoctype = true;
    this.events.doctype(newlines(this.buf.slice(this.pos + 9, end + shift)));
    return this.done(end + shift + 1);
  }
}

/**
 * An element's attributes: no inherited members (an attribute may be called `constructor` or
 * `__proto__`), yet a plain constructor's objects keep V8's fast shapes, which
 * `Object.create(null)` ones do not.
 */
const Attributes = function () {} as unknown as new () => Record<string, string>;
Attributes.prototype = Object.create(null) as Record<string, string>;

const isAlphanumeric = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Code points in `text[from, to)`: a surrogate pair is one character of a column. */
function codePoints(text: string, from: number, to: number): number {
  let count = to - from;
  LOW_SURROGATE.lastIndex = from;
  for (let m = LOW_SURROGATE.exec(text); m && m.index < to; m = LOW_SURROGATE.exec(text)) count--;
  return count;
}
