#!/usr/bin/env node
/**
 * `npm run serve`: serves the built app (dist/) on a school's own machine with the headers every
 * host must send, read from the build's `_headers` file (written by vite.config.ts from
 * src/core/hosting.ts). Plain Node, no dependencies.
 *
 *   node scripts/serve.mjs [folder] [--port 8080] [--host 127.0.0.1]     (--port 0: any free port)
 *
 * Other computers can reach it with --host 0.0.0.0, but browsers allow offline use and cross-origin
 * isolation only on https:// or on the computer itself (localhost): put an HTTPS proxy in front.
 */
import { createServer } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const root = resolve(args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'dist');
const port = Number(option('port', process.env.PORT ?? '8080'));
const host = option('host', '127.0.0.1');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** `_headers` blocks: a path pattern (`*` for any run of characters), then its indented headers. */
function readRules(file) {
  const rules = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ test: new RegExp(`^${pattern}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0 || rules.length === 0) throw new Error(`${file}: cannot read "${line.trim()}"`);
    rules[rules.length - 1].headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

const headersFile = join(root, '_headers');
if (!existsSync(join(root, 'index.html')) || !existsSync(headersFile)) {
  console.error(`No built app in ${root}: run "npm run build" first.`);
  process.exit(1);
}
const rules = readRules(headersFile);

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    pathname = '';
  }
  for (const rule of rules) if (rule.test.test(url.pathname)) for (const [name, value] of rule.headers) response.setHeader(name, value);
  let file = join(root, pathname);
  if (!pathname.startsWith('/') || (file !== root && !file.startsWith(root + sep)) || pathname.split('/').includes('_headers')) file = '';
  else if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
  } else if (!file || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  } else {
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }
});

server.listen(port, host, () => {
  const address = server.address();
  const shown = host === '0.0.0.0' ? 'localhost' : host;
  console.log(`Reframe is served from ${root} at http://${shown}:${typeof address === 'object' && address ? address.port : port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
