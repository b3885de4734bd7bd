// XML-RPC values (the spec at xmlrpc.com, as xapi marshals database records in ova.xml): a
// <value> holds bare text (a string), one typed scalar, a <struct> of named <member>s, or an
// <array><data> of values. Read from our own XML tree, so the DTD refusal and depth bound of
// xml-read.ts apply before any value is built.
import { inputError } from '../errors.ts';
import type { XmlElement } from '../ovf/xml-tree.ts';
import { childElements, localName, textContent } from '../ovf/xml-tree.ts';

export type RpcValue = string | number | boolean | RpcArray | RpcStruct;

export interface RpcArray {
  readonly type: 'array';
  readonly items: readonly RpcValue[];
  readonly line: number;
}

export interface RpcStruct {
  readonly type: 'struct';
  readonly members: ReadonlyMap<string, RpcValue>;
  readonly line: number;
}

function malformed(file: string, element: XmlElement, reason: string) {
  return inputError('XVA_XML_RPC', `ova.xml is not the XML-RPC document xapi writes: ${reason}`, { file, line: element.line });
}

/** The single child element a wrapper (<value>, <array>) must have, or none for a bare string. */
function onlyChild(element: XmlElement, file: string): XmlElement | undefined {
  const children = childElements(element);
  if (children.length > 1) throw malformed(file, element, `<${element.name}> holds ${children.length} elements where one is allowed`);
  return children[0];
}

export function rpcValue(value: XmlElement, file: string): RpcValue {
  if (localName(value.name) !== 'value') throw malformed(file, value, `expected <value>, found <${value.name}>`);
  const typed = onlyChild(value, file);
  if (!typed) return textContent(value);
  const text = textContent(typed).trim();
  switch (localName(typed.name)) {
    case 'string':
    case 'dateTime.iso8601':
    case 'base64':
      return textContent(typed);
    case 'int':
    case 'i4':
    case 'i8':
    case 'double': {
      const number = Number(text);
      if (text === '' || !Number.isFinite(number)) throw malformed(file, typed, `<${typed.name}> holds "${text.slice(0, 40)}", not a number`);
      return number;
    }
    case 'boolean':
      if (text !== '0' && text !== '1') throw malformed(file, typed, `<boolean> holds "${text.slice(0, 40)}", not 0 or 1`);
      return text === '1';
    case 'nil':
      return '';
    case 'struct': {
      const members = new Map<string, RpcValue>();
      for (const member of childElements(typed)) {
        const parts = childElements(member);
        const name = parts.find((part) => localName(part.name) === 'name');
        const inner = parts.find((part) => localName(part.name) === 'value');
        if (localName(member.name) !== 'member' || !name || !inner) throw malformed(file, member, 'a <struct> member needs a <name> and a <value>');
        members.set(textContent(name), rpcValue(inner, file));
      }
      return { type: 'struct', members, line: typed.line };
    }
    case 'array': {
      const data = onlyChild(typed, file);
      if (!data || localName(data.name) !== 'data') throw malformed(file, typed, '<array> must hold one <data>');
      return { type: 'array', items: childElements(data).map((item) => rpcValue(item, file)), line: typed.line };
    }
    default:
      throw malformed(file, typed, `<${typed.name}> is not an XML-RPC type`);
  }
}

export function isStruct(value: RpcValue | undefined): value is RpcStruct {
  return typeof value === 'object' && value.type === 'struct';
}

export function isArray(value: RpcValue | undefined): value is RpcArray {
  return typeof value === 'object' && value.type === 'array';
}

/** A member as text: xapi writes int64 fields (sizes, counts) as strings, so numbers are accepted too. */
export function memberText(struct: RpcStruct, name: string): string | undefined {
  const value = struct.members.get(name);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** A string-to-string map member (platform, other_config, HVM_boot_params). */
export function memberMap(struct: RpcStruct, name: string): Record<string, string> {
  const value = struct.members.get(name);
  if (!isStruct(value)) return {};
  const map: Record<string, string> = {};
  for (const [key, item] of value.members) if (typeof item !== 'object') map[key] = String(item);
  return map;
}

/** A list of references (VBDs, VIFs): the array's string items. */
export function memberRefs(struct: RpcStruct, name: string): string[] {
  const value = struct.members.get(name);
  return isArray(value) ? value.items.filter((item): item is string => typeof item === 'string') : [];
}
