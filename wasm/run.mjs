// run.mjs -- runs a Python file under the WebAssembly VM in Node, with the
// command line, output streams and exit status of the native CLI:
//
//   node --no-experimental-fetch build/wasm/run.mjs [--gil] [--max-threads N] FILE.py [ARG ...]
//
// As in the CLI, a program may have 256 threads (the main thread included)
// unless --max-threads says otherwise; the page's default is lower (see
// threadlab.mjs), as every thread is a Web Worker.
// Standard input feeds input() line by line (a pipe or file is read up
// front).  Ctrl-C stops the run the way the page's Stop button does.
import fs from 'node:fs';
import readline from 'node:readline';
import { createThreadlab } from './threadlab.mjs';

const MAX_THREADS = 256;

function usage() {
  process.stderr.write('usage: node run.mjs [--gil] [--max-threads N] FILE.py [ARG ...]\n');
  process.exit(2);
}

// Writes synchronously so that nothing is lost when the process exits;
// a full non-blocking pipe answers EAGAIN, which means "try again".
function writeAll(fd, s) {
  let b = Buffer.from(s);
  while (b.length) {
    try {
      b = b.subarray(fs.writeSync(fd, b));
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

function stdinLines() {
  if (process.stdin.isTTY) return null;
  let text;
  try {
    text = fs.readFileSync(0, 'utf8');
  } catch (e) {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function main() {
  const args = process.argv.slice(2);
  let mode = 'free';
  let maxThreads = MAX_THREADS;
  while (args.length && args[0].startsWith('-')) {
    const a = args.shift();
    if (a === '--gil') mode = 'gil';
    else if (a === '--max-threads' && args.length) maxThreads = parseInt(args.shift(), 10);
    else usage();
  }
  if (!(maxThreads > 0)) usage();
  if (!args.length) usage();
  const file = args[0];
  let code;
  try {
    code = fs.readFileSync(file, 'utf8');
  } catch (e) {
    writeAll(2, `threadlab: can't open file '${file}': [Errno ${-e.errno}] ${e.code === 'ENOENT' ? 'No such file or directory' : e.message}\n`);
    process.exit(2);
  }
  const tl = await createThreadlab({
    pool: 1,
    spare: false,
    maxThreads,
    readFile: (path) => {
      try {
        return fs.readFileSync(path);
      } catch (e) {
        return null;
      }
    },
  });
  process.on('SIGINT', () => tl.stop());
  const lines = stdinLines();
  const done = tl.run(code, {
    mode,
    argv: args,
    stdin: lines,
    onStdout: (s) => writeAll(1, s),
    onStderr: (s) => writeAll(2, s),
  });
  if (!lines) {
    const rl = readline.createInterface({ input: process.stdin, terminal: false });
    rl.on('line', (l) => tl.input(l));
    rl.on('close', () => tl.eof());
  }
  const { status } = await done;
  tl.dispose();
  process.exit(status);
}

main();
