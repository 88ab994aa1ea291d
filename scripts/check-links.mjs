#!/usr/bin/env node
/**
 * Checks every relative link and image of the documentation: README.md, docs/**\/*.md,
 * plugins/*\/README.md and packages/*\/README.md.
 *
 *   node scripts/check-links.mjs               check the repository
 *   node scripts/check-links.mjs --root <dir>  check another folder laid out the same way
 *   node scripts/check-links.mjs --self-test   show that it fails on a broken link and a broken anchor
 *
 * A relative link must name a file or folder that exists (relative to the Markdown file; a link that
 * starts with / is relative to the root), and its #anchor a heading of the target, under GitHub's rules
 * for heading ids: lower case, punctuation removed, each space a hyphen, and a repeated heading suffixed
 * -1, -2, ... A link to a source file may name lines (#L10, #L10-L20). External links (http, https,
 * mailto) are counted but not fetched. Links in code blocks and code spans are not links. Exits 1 and
 * lists every broken link (file:line, link, why); 0 when all resolve.
 *
 * Node only, no dependency: a Markdown parser (remark, markdown-it) would be a dependency for the
 * little that is needed here, and the headings' ids are GitHub's rule, not the parser's.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Markdown files to check, relative to the root. */
function documentationFiles(root) {
  const files = [];
  if (existsSync(path.join(root, 'README.md'))) {
    files.push('README.md');
  }
  const walk = dir => {
    if (!existsSync(path.join(root, dir))) {
      return;
    }
    const entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') {
        walk(relative);
      } else if (entry.isFile() && entry.name.endsWith('.md')) {
        files.push(relative);
      }
    }
  };
  walk('docs');
  for (const workspaces of ['plugins', 'packages']) {
    if (!existsSync(path.join(root, workspaces))) {
      continue;
    }
    for (const name of readdirSync(path.join(root, workspaces)).sort()) {
      const readme = path.posix.join(workspaces, name, 'README.md');
      if (existsSync(path.join(root, readme))) {
        files.push(readme);
      }
    }
  }
  return files;
}

/** A code fence; indented too when it is in a list item. */
const FENCE = /^\s*(`{3,}|~{3,})/;

/**
 * The lines of a Markdown file with what is not prose blanked out: fenced code blocks become empty
 * lines, code spans spaces, and HTML comments spaces, so that line numbers stay right.
 */
function proseLines(text) {
  const lines = text.split(/\r?\n/);
  let fence;
  let inComment = false;
  return lines.map(line => {
    if (fence) {
      const close = line.trim();
      if (close.startsWith(fence) && /^(`+|~+)$/.test(close)) {
        fence = undefined;
      }
      return '';
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1];
      return '';
    }
    let out = '';
    let i = 0;
    while (i < line.length) {
      if (inComment) {
        const end = line.indexOf('-->', i);
        if (end < 0) {
          out += ' '.repeat(line.length - i);
          i = line.length;
        } else {
          out += ' '.repeat(end + 3 - i);
          i = end + 3;
          inComment = false;
        }
      } else if (line.startsWith('<!--', i)) {
        inComment = true;
      } else if (line[i] === '`') {
        let ticks = 0;
        while (line[i + ticks] === '`') ticks++;
        const marker = '`'.repeat(ticks);
        let end = line.indexOf(marker, i + ticks);
        while (end >= 0 && line[end + ticks] === '`') {
          end = line.indexOf(marker, end + ticks + 1);
        }
        if (end < 0) {
          out += line.slice(i, i + ticks);
          i += ticks;
        } else {
          out += ' '.repeat(end + ticks - i);
          i = end + ticks;
        }
      } else {
        out += line[i];
        i++;
      }
    }
    return out;
  });
}

/** The text a heading shows: links and images as their text, code as its content, no HTML or emphasis. */
function headingText(raw) {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](.+?)[*_](?=\W|$)/g, '$1$2')
    .trim();
}

/** GitHub's id of a heading (github-slugger): lower case, punctuation removed, spaces to hyphens. */
export function slug(text) {
  return headingText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file: its headings' ids, repeated ones suffixed -1, -2, and HTML ids. */
export function anchorsOf(text) {
  const seen = new Map();
  const anchors = new Set();
  const add = base => {
    let id = base;
    if (seen.has(base)) {
      let n = seen.get(base);
      do {
        n++;
        id = `${base}-${n}`;
      } while (seen.has(id));
      seen.set(base, n);
    }
    seen.set(id, seen.get(id) ?? 0);
    anchors.add(id);
  };
  // Code blocks are blanked, but a heading's code spans must stay: read headings from the raw line.
  const raw = text.split(/\r?\n/);
  const prose = proseLines(text);
  prose.forEach((line, i) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) {
      const full = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(
        raw[i],
      );
      add(slug(full?.[1] ?? ''));
      return;
    }
    const next = prose[i + 1];
    if (
      next !== undefined &&
      /^ {0,3}(=+|-+)[ \t]*$/.test(next) &&
      line.trim() !== '' &&
      !/^ {0,3}([#>|*+-]|\d+[.)])/.test(line) &&
      (i === 0 || prose[i - 1].trim() === '')
    ) {
      add(slug(raw[i]));
    }
    for (const match of line.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/gi)) {
      anchors.add(match[1]);
    }
  });
  return anchors;
}

/** The links of a Markdown file: inline links and images, reference definitions, autolinks, HTML. */
export function linksOf(text) {
  const links = [];
  proseLines(text).forEach((line, i) => {
    const found = [];
    const inline =
      /(!?)\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>]*>|[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
    for (const match of line.matchAll(inline)) {
      found.push(match[2].replace(/^<|>$/g, ''));
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) {
      found.push(definition[1].replace(/^<|>$/g, ''));
    }
    for (const match of line.matchAll(/<((?:https?|mailto):[^>\s]+)>/g)) {
      found.push(match[1]);
    }
    for (const match of line.matchAll(
      /<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/gi,
    )) {
      found.push(match[1]);
    }
    for (const url of found) {
      links.push({ line: i + 1, url });
    }
  });
  return links;
}

/** Checks the documentation under `root`; returns what it checked and every broken link. */
export function checkLinks(root) {
  const files = documentationFiles(root);
  const anchorCache = new Map();
  const anchorsAt = file => {
    if (!anchorCache.has(file)) {
      anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    }
    return anchorCache.get(file);
  };
  const broken = [];
  let checked = 0;
  let external = 0;
  for (const file of files) {
    const absolute = path.join(root, file);
    for (const { line, url } of linksOf(readFileSync(absolute, 'utf8'))) {
      if (/^(https?|mailto|ftp):/i.test(url) || url.startsWith('//')) {
        external++;
        continue;
      }
      checked++;
      const report = why => broken.push({ file, line, url, why });
      if (url === '') {
        report('empty link');
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
        report('a scheme that is neither a relative path nor http(s)');
        continue;
      }
      const hashAt = url.indexOf('#');
      const pathPart = (hashAt < 0 ? url : url.slice(0, hashAt)).replace(
        /\?.*$/,
        '',
      );
      const anchor = hashAt < 0 ? undefined : url.slice(hashAt + 1);
      let decoded;
      try {
        decoded = decodeURIComponent(pathPart);
      } catch {
        report('not a valid URL path');
        continue;
      }
      const target =
        decoded === ''
          ? absolute
          : decoded.startsWith('/')
          ? path.join(root, decoded)
          : path.join(path.dirname(absolute), decoded);
      if (!existsSync(target)) {
        report(`${path.relative(root, target) || '.'} does not exist`);
        continue;
      }
      if (anchor === undefined || anchor === '') {
        continue;
      }
      if (statSync(target).isDirectory()) {
        report('an anchor on a folder');
      } else if (target.endsWith('.md')) {
        const id = decodeURIComponent(anchor);
        if (!anchorsAt(target).has(id)) {
          report(
            `no heading with the id #${id} in ${path.relative(root, target)}`,
          );
        }
      } else if (!/^L\d+(C\d+)?(-L\d+(C\d+)?)?$/.test(anchor)) {
        report(
          `#${anchor} on a file that is not Markdown (only #L<line> anchors)`,
        );
      }
    }
  }
  return { files, checked, external, broken };
}

/** A documentation folder with one broken link and one broken anchor, and the checker run on it. */
function selfTest(script) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'check-links-'));
  try {
    mkdirSync(path.join(root, 'docs/images'), { recursive: true });
    writeFileSync(path.join(root, 'docs/images/shot.png'), '');
    writeFileSync(
      path.join(root, 'README.md'),
      [
        '# Title',
        '',
        'Good: [a page](docs/page.md), [a heading](docs/page.md#the-api-rest-and-more),',
        '[the second Usage](docs/page.md#usage-1), [here](#title), ![a shot](docs/images/shot.png),',
        '[external](https://example.com) and `[not a link](nowhere.md)`.',
        '',
        'Broken: [a file](docs/missing.md) and [an anchor](docs/page.md#no-such-heading).',
        '',
        '```md',
        '[in code](nowhere.md)',
        '```',
      ].join('\n'),
    );
    writeFileSync(
      path.join(root, 'docs/page.md'),
      '# Page\n\n## The API: `REST` and more\n\n## Usage\n\n## Usage\n\nBack to [the README](../README.md#title).\n',
    );
    const run = spawnSync(process.execPath, [script, '--root', root], {
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    const expected = [
      'README.md:7: docs/missing.md',
      'README.md:7: docs/page.md#no-such-heading',
    ];
    const problems = [];
    if (run.status !== 1) {
      problems.push(`exited with ${run.status}, not 1`);
    }
    for (const line of expected) {
      if (!output.includes(line)) {
        problems.push(`did not report ${line}`);
      }
    }
    const reported = output.split('\n').filter(l => /^\S+:\d+: /.test(l));
    if (reported.length !== expected.length) {
      problems.push(
        `reported ${reported.length} links, not ${expected.length}`,
      );
    }
    if (!/\b1 external link/.test(output)) {
      problems.push('did not count the external link as skipped');
    }
    if (problems.length > 0) {
      console.error(
        `check-links self-test failed:\n  ${problems.join(
          '\n  ',
        )}\n\nits output:\n${output}`,
      );
      return 1;
    }
    console.log(
      'check-links self-test: a broken link and a broken anchor are reported, and the check fails',
    );
    return 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function main(argv) {
  const script = fileURLToPath(import.meta.url);
  if (argv.includes('--self-test')) {
    return selfTest(script);
  }
  const rootAt = argv.indexOf('--root');
  const root = path.resolve(
    rootAt >= 0 ? argv[rootAt + 1] : path.join(path.dirname(script), '..'),
  );
  const { files, checked, external, broken } = checkLinks(root);
  for (const { file, line, url, why } of broken) {
    console.error(`${file}:${line}: ${url} (${why})`);
  }
  const summary = `${checked} relative links and images in ${
    files.length
  } files, ${external} external link${
    external === 1 ? '' : 's'
  } skipped (not fetched)`;
  if (broken.length > 0) {
    console.error(`check-links: ${broken.length} broken of ${summary}`);
    return 1;
  }
  console.log(`check-links: all resolve: ${summary}`);
  return 0;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
