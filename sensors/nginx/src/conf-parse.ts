/** A tolerant nginx config parser: directives with arguments and optional blocks. */
export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
  /** file the directive came from (includes are expanded in place) */
  file: string;
}

const LBRACE = 0x7b;
const RBRACE = 0x7d;
const SEMI = 0x3b;
const HASH = 0x23;
const NL = 0x0a;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;

/** whitespace as the regex `\s` has it (ECMAScript WhiteSpace + LineTerminator), by UTF-16 code unit */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** a character that ends an unquoted word: whitespace, a brace, `;` and (before a `${var}`) `#` */
const ends = (c: number, hash: boolean) => c === LBRACE || c === RBRACE || c === SEMI || (hash && c === HASH) || isSpace(c);

/**
 * Parses one file's text; unbalanced input yields what could be read (a `}` at the top level ends the parse, words
 * without their `;` at the end are dropped, blocks open at the end are closed). One pass over the text with no token
 * list: words collect in one scratch array and directives in one shared list, and a block's children are cut from it
 * (an exact-size array) when the block closes. Nesting uses an explicit stack, so deep input costs no call depth.
 */
export function parseNginxConf(text: string, file: string): Directive[] {
  /** directives read so far, the children of open blocks on top of their parents' */
  const pending: Directive[] = [];
  /** the open blocks, innermost last, and where their children start in `pending` */
  const open: Directive[] = [];
  const starts: number[] = [];
  const words: string[] = [];
  let count = 0;
  const close = () => {
    const start = starts.pop() as number;
    (open.pop() as Directive).block = pending.slice(start);
    pending.length = start;
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === HASH) {
      while (i < n && text.charCodeAt(i) !== NL) i++;
    } else if (c === SEMI) {
      if (count) pending.push({ name: words[0], args: words.slice(1, count), file });
      count = 0;
      i++;
    } else if (c === LBRACE) {
      // `block` is replaced by close() (every open block is closed, at its `}` or at the end)
      const d: Directive = { name: count ? words[0] : '', args: count > 1 ? words.slice(1, count) : [], file, block: open };
      pending.push(d);
      open.push(d);
      starts.push(pending.length);
      count = 0;
      i++;
    } else if (c === RBRACE) {
      if (!open.length) return pending;
      close();
      count = 0;
      i++;
    } else if (c === 0x22 || c === 0x27) {
      // a quoted word (may hold braces and semicolons); a backslash takes the next character as it is
      let j = i + 1;
      let from = j;
      let s = '';
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === c) break;
        if (d === BACKSLASH && j + 1 < n) {
          s += text.slice(from, j);
          from = ++j;
        }
        j++;
      }
      words[count++] = s + text.slice(from, j);
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !ends(text.charCodeAt(j), true)) j++;
      // `${var}` keeps its braces
      if (j < n && text.charCodeAt(j) === LBRACE && text.charCodeAt(j - 1) === DOLLAR) {
        while (j < n && text.charCodeAt(j) !== RBRACE) j++;
        j++;
        while (j < n && !ends(text.charCodeAt(j), false)) j++;
      }
      // a word starting with NUL loses it (the quoted-word marker of the earlier tokenizer; kept for identical output)
      words[count++] = text.slice(c === 0 ? i + 1 : i, j);
      i = j;
    }
  }
  while (open.length) close();
  return pending;
}
