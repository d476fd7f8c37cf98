/** A tolerant nginx config parser: directives with arguments and optional blocks. */
export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
  /** file the directive came from (includes are expanded in place) */
  file: string;
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      out.push(c);
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j++];
      }
      out.push(`\u0000${s}`); // marks a quoted word (never a brace or semicolon)
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};#]/.test(text[j])) j++;
      // `${var}` keeps its braces
      if (text[j] === '{' && text[j - 1] === '$') {
        while (j < text.length && text[j] !== '}') j++;
        j++;
        while (j < text.length && !/[\s{};]/.test(text[j])) j++;
      }
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

const word = (t: string) => (t.startsWith('\u0000') ? t.slice(1) : t);

/** Parses one file's text; unbalanced input yields what could be read. */
export function parseNginxConf(text: string, file: string): Directive[] {
  const tokens = tokenize(text);
  let pos = 0;
  function block(): Directive[] {
    const list: Directive[] = [];
    let words: string[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++];
      if (t === ';') {
        if (words.length) list.push({ name: words[0], args: words.slice(1), file });
        words = [];
      } else if (t === '{') {
        const d: Directive = { name: words[0] ?? '', args: words.slice(1), file, block: [] };
        d.block = block();
        list.push(d);
        words = [];
      } else if (t === '}') {
        return list;
      } else {
        words.push(word(t));
      }
    }
    return list;
  }
  return block();
}
