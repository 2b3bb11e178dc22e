/**
 * A message's `formatted_body` (org.matrix.custom.html) turned into a tree of allow-listed nodes.
 *
 * Why here and why our own: the contract promises the window no markup from a server, and main
 * has no DOM, so DOMPurify (which needs one) is out and no HTML sanitiser is among the app's
 * dependencies. The output is not HTML but data: text nodes and a fixed set of tags whose only
 * attribute is a checked link target, which the window builds as elements (Svelte escapes text).
 * Nothing the server writes can become an attribute, an event handler, a style or a script.
 *
 * The tokenizer is deliberately simple: tags it does not allow are dropped and their text kept;
 * `<script>`, `<style>` and the reply fallback `<mx-reply>` are dropped with their content;
 * comments vanish; entities are decoded into text. Bounds on input size, depth and node count
 * keep a hostile body cheap.
 */
import type { RichNode, RichTag } from './roomTypes.js';

const MAX_INPUT = 64 * 1024;
const MAX_DEPTH = 32;
const MAX_NODES = 4000;

const ALLOWED = new Set<RichTag>([
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'p',
  'br',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'sup',
  'sub',
  'hr',
]);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr', 'area', 'col', 'source']);
/** Dropped together with everything inside them. */
const DROP_CONTENT = new Set(['script', 'style', 'mx-reply', 'head', 'title', 'template']);
/** Synonyms folded onto an allowed tag. */
const ALIASES: Record<string, RichTag> = { strike: 's' };

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

type Element = { tag: RichTag; href?: string; children: RichNode[] };

export function sanitiseFormattedBody(html: string): RichNode[] {
  const input = html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html;
  const root: RichNode[] = [];
  // The open allowed elements; `null` entries stand for open tags that are not kept.
  const stack: { name: string; node: Element | null }[] = [];
  let dropping: { name: string; depth: number } | null = null;
  let nodes = 0;
  let last = 0;

  const target = (): RichNode[] => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const node = stack[i]!.node;
      if (node) return node.children;
    }
    return root;
  };
  const addText = (raw: string) => {
    if (dropping || raw === '' || nodes >= MAX_NODES) return;
    const text = decodeEntities(raw);
    const children = target();
    const prev = children[children.length - 1];
    if (typeof prev === 'string') children[children.length - 1] = prev + text;
    else {
      children.push(text);
      nodes++;
    }
  };

  for (const match of input.matchAll(TOKEN)) {
    addText(input.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[0].startsWith('<!--')) continue;
    const closing = match[1] === '/';
    const name = match[2]!.toLowerCase();
    const attrs = match[3] ?? '';

    if (dropping) {
      if (name === dropping.name) dropping.depth += closing ? -1 : 1;
      if (dropping.depth === 0) dropping = null;
      continue;
    }
    if (!closing && DROP_CONTENT.has(name)) {
      dropping = { name, depth: 1 };
      continue;
    }
    const tag = (ALIASES[name] ?? name) as RichTag;
    if (closing) {
      const at = stack.map((s) => s.name).lastIndexOf(name);
      if (at >= 0) stack.length = at;
      continue;
    }
    const selfClosing = VOID.has(name) || /\/\s*$/.test(attrs);
    if (stack.length >= MAX_DEPTH) continue; // too deep: tags dropped, text kept
    if (!ALLOWED.has(tag) || nodes >= MAX_NODES) {
      if (!selfClosing) stack.push({ name, node: null });
      continue;
    }
    const element: Element = { tag, children: [] };
    if (tag === 'a') {
      const href = safeHref(attributeValue(attrs, 'href'));
      if (href) element.href = href;
    }
    target().push(element);
    nodes++;
    if (!selfClosing) stack.push({ name, node: element });
  }
  addText(input.slice(last));
  return root;
}

function attributeValue(attrs: string, name: string): string | null {
  const re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
  const m = re.exec(attrs);
  if (!m) return null;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

/** Only web and mail links (matrix.to included); anything else is no link at all. */
function safeHref(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:') {
      return url.href;
    }
  } catch {
    // Not an absolute URL: no link.
  }
  return null;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1));
      return Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff)
        ? String.fromCodePoint(n)
        : '\ufffd';
    }
    return NAMED[code.toLowerCase()] ?? whole;
  });
}

/** The plain text of a tree (for previews and reply quotes). */
export function richToText(nodes: RichNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : richToText(n.children))).join('');
}
