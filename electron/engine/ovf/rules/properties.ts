// ProductSection properties: keys unique and well formed, types known, and every default (ovf:value
// and each per-configuration Value) valid for its type and qualifiers (MinLen, MaxLen, MinValue,
// MaxValue, ValueMap), the way a deployment UI would check the user's input.
import type { Severity } from '../../../common/finding.ts';
import { allContent, type Place, type Property } from '../model.ts';
import type { Rule, RuleContext } from './rule.ts';

/** The bounds of each CIM integer type (and VMware's `int`), shared with the project rules. */
export const integerRanges: Readonly<Record<string, readonly [bigint, bigint]>> = {
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, 18446744073709551615n],
  sint8: [-128n, 127n],
  sint16: [-32768n, 32767n],
  sint32: [-2147483648n, 2147483647n],
  sint64: [-9223372036854775808n, 9223372036854775807n],
  // VMware's vSphere UI type names (govmomi configspec.go).
  int: [-2147483648n, 2147483647n],
};
const realTypes = new Set(['real32', 'real64', 'real']);
const cimTypes = new Set([...Object.keys(integerRanges).filter((t) => t !== 'int'), 'real32', 'real64', 'boolean', 'string']);
/** Non-CIM names VMware's tools accept. */
const vendorTypes = new Set(['int', 'real', 'password', 'ip', 'expression']);

export interface Qualifiers {
  minLen?: number;
  maxLen?: number;
  minValue?: number;
  maxValue?: number;
  valueMap?: string[];
  /** Qualifiers this checker does not interpret (Ip, VimIp, Net(...), ...). */
  other: string[];
}

/** Parses `MinLen(1),MaxLen(253)`, `MinValue(1) MaxValue(10)`, `ValueMap{"a","b"}`. */
export function parseQualifiers(text: string): Qualifiers | undefined {
  const qualifiers: Qualifiers = { other: [] };
  const pattern = /\s*([A-Za-z_][\w]*)\s*(?:\(([^)]*)\)|\{([^}]*)\})?\s*,?/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < text.length && (match = pattern.exec(text)) !== null && match[0] !== '') {
    consumed = pattern.lastIndex;
    const [, name, argument, list] = match;
    const number = argument !== undefined && /^\s*-?\d+(\.\d+)?\s*$/.test(argument) ? Number(argument) : undefined;
    if (name === 'MinLen' && number !== undefined) qualifiers.minLen = number;
    else if (name === 'MaxLen' && number !== undefined) qualifiers.maxLen = number;
    else if (name === 'MinValue' && number !== undefined) qualifiers.minValue = number;
    else if (name === 'MaxValue' && number !== undefined) qualifiers.maxValue = number;
    else if (name === 'ValueMap' && list !== undefined) qualifiers.valueMap = [...list.matchAll(/"([^"]*)"|([^,\s]+)/g)].map((m) => m[1] ?? m[2] ?? '');
    else qualifiers.other.push(name ?? '');
  }
  return consumed >= text.trimEnd().length ? qualifiers : undefined;
}

/** Why `value` is not valid for `type`, or undefined when it is. Empty values mean "no default". */
export function valueProblem(type: string, value: string): string | undefined {
  if (value === '') return undefined;
  const lower = type.toLowerCase();
  const range = integerRanges[lower];
  if (range) {
    if (!/^[+-]?\d+$/.test(value.trim())) return `"${value}" is not an integer`;
    const number = BigInt(value.trim());
    return number < range[0] || number > range[1] ? `${value} is outside the ${lower} range ${range[0]}..${range[1]}` : undefined;
  }
  if (realTypes.has(lower)) return value.trim() !== '' && Number.isFinite(Number(value)) ? undefined : `"${value}" is not a number`;
  if (lower === 'boolean') return /^(true|false)$/i.test(value.trim()) ? undefined : `"${value}" is not true or false`;
  return undefined;
}

/**
 * What a deployment UI refuses given the qualifiers, or undefined. An empty value is "not filled
 * in" and passes. The message never repeats the value, which may be a password.
 */
export function qualifierProblem(type: string, value: string, qualifiers: Qualifiers): string | undefined {
  const isNumeric = integerRanges[type.toLowerCase()] !== undefined || realTypes.has(type.toLowerCase());
  if (value === '') return undefined;
  const { valueMap, minLen, maxLen, minValue, maxValue } = qualifiers;
  if (valueMap && valueMap.length > 0 && !valueMap.includes(value)) return `must be one of ${valueMap.slice(0, 8).join(', ')}${valueMap.length > 8 ? ', ...' : ''} (ValueMap)`;
  if (minLen !== undefined && value.length < minLen) return `must be at least ${minLen} characters (MinLen); it has ${value.length}`;
  if (maxLen !== undefined && value.length > maxLen) return `must be at most ${maxLen} characters (MaxLen); it has ${value.length}`;
  if (isNumeric && minValue !== undefined && Number(value) < minValue) return `must be at least ${minValue} (MinValue)`;
  if (isNumeric && maxValue !== undefined && Number(value) > maxValue) return `must be at most ${maxValue} (MaxValue)`;
  return undefined;
}

function checkValue(report: RuleContext['report'], property: Property, qualifiers: Qualifiers | undefined, value: string, at: Place, what: string): void {
  const problem = valueProblem(property.type, value) ?? (qualifiers ? qualifierProblem(property.type, value, qualifiers) : undefined);
  // A user-configurable property with an empty or out-of-range default is a prompt, not a defect.
  const severity: Severity = property.userConfigurable ? 'warning' : 'error';
  if (problem) report('OVF_PROPERTY_VALUE_INVALID', severity, `property "${property.fullKey}" ${what}: ${problem}`, at);
}

export const propertyRules: Rule = ({ envelope, report }) => {
  for (const content of allContent(envelope.content)) {
    const keys = new Map<string, Place>();
    for (const product of content.products) {
      for (const property of product.properties) {
        if (property.key === '') report('OVF_PROPERTY_KEY_MISSING', 'error', 'a Property has no ovf:key', property.at);
        else if (/\s/.test(property.key)) report('OVF_PROPERTY_KEY_INVALID', 'error', `property key "${property.key}" contains white space`, property.at);
        // DSP0243 9.5.1 forbids them (the full key is class.key.instance), yet VMware's own appliances use them.
        else if (/[.:]/.test(property.key)) report('OVF_PROPERTY_KEY_PUNCTUATION', 'warning', `property key "${property.key}" contains a period or colon, which DSP0243 9.5.1 forbids; vSphere tolerates it, strict importers (govmomi) refuse it`, property.at);
        if (keys.has(property.fullKey)) report('OVF_PROPERTY_KEY_DUPLICATE', 'error', `property "${property.fullKey}" is declared twice in "${content.id}" (first at ${keys.get(property.fullKey)?.path})`, property.at);
        keys.set(property.fullKey, property.at);
        const lower = property.type.toLowerCase();
        if (property.type === '') {
          report('OVF_PROPERTY_TYPE_MISSING', 'error', `property "${property.fullKey}" has no ovf:type`, property.at);
          continue;
        }
        if (!cimTypes.has(lower) && !vendorTypes.has(lower)) {
          report('OVF_PROPERTY_TYPE_UNKNOWN', 'error', `property "${property.fullKey}" has type "${property.type}", which is not a CIM type (string, boolean, uint8..uint64, sint8..sint64, real32, real64)`, property.at);
          continue;
        }
        if (!cimTypes.has(property.type)) {
          report('OVF_PROPERTY_TYPE_NONSTANDARD', 'info', `property "${property.fullKey}" type "${property.type}" is not a CIM type name; VMware accepts it, other importers may not`, property.at);
        }
        const qualifiers = property.qualifiers === undefined ? undefined : parseQualifiers(property.qualifiers);
        if (property.qualifiers !== undefined && !qualifiers) report('OVF_PROPERTY_QUALIFIERS_INVALID', 'warning', `property "${property.fullKey}" qualifiers "${property.qualifiers}" cannot be read`, property.at);
        checkValue(report, property, qualifiers, property.value ?? '', property.at, 'default value');
        for (const value of property.values) checkValue(report, property, qualifiers, value.value, value.at, `value for configuration "${value.configuration ?? ''}"`);
      }
    }
  }
};
