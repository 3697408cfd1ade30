// An independent MIME parser for the request body: Python's standard `email` package.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SCRIPT = `
import sys, json, hashlib
from email import policy
from email.parser import BytesParser
data = open(sys.argv[1], 'rb').read()
msg = BytesParser(policy=policy.HTTP).parsebytes(data)
out = {
  'contentType': msg.get_content_type(),
  'boundary': msg.get_boundary(),
  'defects': [type(d).__name__ for d in msg.defects],
  'preamble': msg.preamble,
  'epilogue': msg.epilogue,
  'parts': [],
}
for i, part in enumerate(msg.iter_parts()):
    payload = part.get_payload(decode=True)
    target = '%s/part%d.bin' % (sys.argv[2], i)
    open(target, 'wb').write(payload)
    out['parts'].append({
      'contentType': part.get_content_type(),
      'charset': part.get_content_charset(),
      'headers': [[k, str(v)] for k, v in part.raw_items()],
      'defects': [type(d).__name__ for d in part.defects],
      'length': len(payload),
      'sha256': hashlib.sha256(payload).hexdigest(),
      'file': target,
    })
print(json.dumps(out))
`;

export interface ParsedPart {
  readonly contentType: string;
  readonly charset: string | null;
  readonly headers: [string, string][];
  readonly defects: string[];
  readonly length: number;
  readonly sha256: string;
  /** Where the decoded payload was written. */
  readonly file: string;
}

export interface ParsedMessage {
  readonly contentType: string;
  readonly boundary: string | null;
  readonly defects: string[];
  readonly preamble: string | null;
  readonly epilogue: string | null;
  readonly parts: ParsedPart[];
  /** Removes the payload files. */
  cleanup(): Promise<void>;
}

/** Parse `body` as a MIME message with the given Content-Type header value. */
export async function parseMime(contentType: string, body: Buffer): Promise<ParsedMessage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xltv-mime-'));
  const messageFile = path.join(dir, 'message.eml');
  await writeFile(
    messageFile,
    Buffer.concat([
      Buffer.from(`MIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n\r\n`, 'latin1'),
      body,
    ]),
  );
  const { stdout } = await run('python3', ['-c', SCRIPT, messageFile, dir], { maxBuffer: 1 << 20 });
  const parsed = JSON.parse(stdout) as Omit<ParsedMessage, 'cleanup'>;
  return { ...parsed, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
