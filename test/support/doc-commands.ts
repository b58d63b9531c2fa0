/**
 * The shell commands of the README and docs/, as a reader copies them: each `sh` block's
 * lines, continuations (`\`) and quotes spanning lines joined, comments dropped, with the
 * page, the block's index on its page and the code block that follows it (a documented
 * answer such as `HTTP/1.1 200 OK`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocCommand {
  page: string;
  /** The index of its code block on the page. */
  block: number;
  /** The command as one line. */
  command: string;
  /** The first line of the code block right after this one's, if any. */
  answer: string | undefined;
}

export const docPages = [
  'README.md',
  ...readdirSync('docs')
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file)),
];

export function docCommands(pages = docPages): DocCommand[] {
  return pages.flatMap((page) => {
    const blocks = [...readFileSync(page, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)];
    return blocks.flatMap(([, language, body], index) => {
      if (language !== 'sh') return [];
      const next = blocks[index + 1]?.[2]?.split('\n')[0];
      return commandsOf(body ?? '').map((command) => ({
        page,
        block: index,
        command,
        answer: next,
      }));
    });
  });
}

/** A block's commands: lines joined while a quote is open or a line ends with `\`. */
export function commandsOf(block: string): string[] {
  const commands: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    const text = current === '' ? withoutComment(line).trim() : line;
    if (current === '' && text === '') continue;
    current = current === '' ? text : `${current}\n${text}`;
    if (quotesOpen(current)) continue;
    if (current.endsWith('\\')) {
      current = current.slice(0, -1).trimEnd();
      continue;
    }
    commands.push(withoutComment(current).trim().replace(/\n\s*/g, ' '));
    current = '';
  }
  return commands;
}

/** A line without its `# comment` (a # after a space, outside quotes). */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return line.slice(0, index);
    }
  }
  return line;
}

function quotesOpen(text: string): boolean {
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    }
  }
  return quote !== undefined;
}
