/**
 * The one place that knows the XML parser (saxes): decoded text in, element events out. Swapping
 * the parser means rewriting this file only; the readers see {@link XmlEvents}.
 */
import { SaxesParser } from 'saxes';

/** What the tokenizer reports; names keep their prefix (`ns:TestRun`). */
export interface XmlEvents {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data (text and CDATA), possibly in several pieces. */
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
   * Characters read since the last token reported (tag, text, CDATA, DOCTYPE): what the parser
   * may be holding in memory for the token it is reading.
   */
  pendingChars(): number;
}

/**
 * A non-validating tokenizer: only the five predefined entities and character references are
 * expanded; a DTD is passed through as text, so no entity it declares is ever defined or fetched.
 */
export function createXmlTokenizer(events: XmlEvents): XmlTokenizer {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  // Positions in characters: `boundary` is where the last complete token ended, `fed` how
  // much was written (saxes' own position is only right while it is parsing).
  let boundary = 0;
  let fed = 0;
  // saxes pops (and reports) the open element before it sees that a close tag does not match
  // it, so a close is held back until the next event shows no error came with it.
  let heldClose: string | undefined;
  let heldAt = 0;
  const release = (): void => {
    if (heldClose === undefined) return;
    const name = heldClose;
    heldClose = undefined;
    events.close(name);
  };
  const mark = (): void => {
    release();
    boundary = parser.position;
  };

  parser.on('opentag', (tag) => {
    mark();
    events.open(tag.name, tag.attributes);
  });
  parser.on('closetag', (tag) => {
    mark();
    heldClose = tag.name;
    heldAt = parser.position;
  });
  parser.on('text', (text) => {
    mark();
    events.text(text);
  });
  parser.on('cdata', (text) => {
    mark();
    events.text(text);
  });
  parser.on('doctype', (body) => {
    mark();
    events.doctype(body);
  });
  // No handler for comments, processing instructions or the XML declaration: each `on()` adds
  // a property to the parser, and past six or seven V8 makes it a slow dictionary object, which
  // made every character cost 4× (BENCHMARKS.md "Reading results"). Such a token is counted
  // as pending until the next event, which only matters if they add up past the token limit.
  parser.on('error', (error) => {
    // Only an error raised by the close tag itself (at the same spot) undoes it.
    if (parser.position === heldAt) heldClose = undefined;
    else release();
    // saxes prefixes "line:column: " to its messages; the position is given apart. Its column
    // is that of the next character, which is the 1-based column of the one just read.
    events.error(error.message.replace(/^\d+:\d+: /, ''), parser.line, parser.column);
  });

  return {
    write(text) {
      fed += text.length;
      parser.write(text);
      release();
    },
    end() {
      parser.close();
    },
    pendingChars() {
      return fed - boundary;
    },
  };
}
