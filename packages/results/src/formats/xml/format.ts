/** What a reader of one XML result format is given by the XML reader (formats/xml.ts). */

/** Element events with names stripped of their prefix; the root element is at depth 1. */
export interface XmlFormatReader {
  open(name: string, attributes: Readonly<Record<string, string>>, depth: number): void;
  close(name: string, depth: number): void;
  /** Character data inside the element at `depth` (only for readers that ask for it). */
  text?(text: string, depth: number): void;
  /** No more elements (the document ended, or reading stopped): report what is left. */
  finish(): void;
}
