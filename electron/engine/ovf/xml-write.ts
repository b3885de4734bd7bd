// XmlDocument -> UTF-8 text. Writes exactly the tree: same elements, attributes in the same order,
// the same prefixes and namespace declarations, the same text and comments. Only the prolog's
// encoding changes (the output is always UTF-8) and empty elements are written as `<x/>`.
import type { XmlDocument, XmlNode } from './xml-tree.ts';

const textSpecials = /[&<>\r]/;

// Native replaceAll passes, and none at all for the usual text, are several times faster than one
// regular expression with a callback on large text nodes.
function escapeText(text: string): string {
  if (!textSpecials.test(text)) return text;
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
}

// Tabs and line breaks inside attribute values would be normalised to spaces by the next reader,
// so they are written as character references to survive.
function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '"':
        return '&quot;';
      case '\t':
        return '&#9;';
      case '\n':
        return '&#10;';
      default:
        return '&#13;';
    }
  });
}

function writeNode(node: XmlNode, out: string[]): void {
  switch (node.type) {
    case 'text':
      out.push(escapeText(node.text));
      return;
    case 'cdata':
      // `]]>` cannot appear inside one CDATA section: split it across two.
      out.push(`<![CDATA[${node.text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`);
      return;
    case 'comment':
      out.push(`<!--${node.text}-->`);
      return;
    case 'pi':
      out.push(node.data ? `<?${node.target} ${node.data}?>` : `<?${node.target}?>`);
      return;
    case 'element': {
      out.push('<', node.name);
      for (const attribute of node.attributes) out.push(' ', attribute.name, '="', escapeAttribute(attribute.value), '"');
      if (node.children.length === 0) {
        out.push('/>');
        return;
      }
      out.push('>');
      for (const child of node.children) writeNode(child, out);
      out.push('</', node.name, '>');
    }
  }
}

export function writeXml(document: XmlDocument): string {
  const out: string[] = [];
  const version = document.declaration?.version ?? '1.0';
  const standalone = document.declaration?.standalone ? ` standalone="${document.declaration.standalone}"` : '';
  out.push(`<?xml version="${version}" encoding="UTF-8"${standalone}?>\n`);
  // Outside the root only comments and processing instructions matter; one per line.
  const outside = (node: XmlNode) => node.type !== 'text';
  for (const node of document.before.filter(outside)) {
    writeNode(node, out);
    out.push('\n');
  }
  writeNode(document.root, out);
  out.push('\n');
  for (const node of document.after.filter(outside)) {
    writeNode(node, out);
    out.push('\n');
  }
  return out.join('');
}
