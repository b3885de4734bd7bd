// The deploy form a customer sees for the project's properties: grouped by category, a list for a
// ValueMap, masked for passwords, and each value checked the way a deployment UI checks it, with
// the OVF engine's own type and qualifier parsers.
import type { DeployField } from '../common/ipc-project.ts';
import { parseQualifiers, valueProblem, type Qualifiers } from '../engine/ovf/rules/properties.ts';
import type { LocalText, Project } from '../engine/project/schema.ts';

/**
 * `option` is the deployment option the customer picked; without one, the form starts as a
 * deployment UI does, from the option marked default (or the first one).
 */
export function deployForm(project: Project, values: Readonly<Record<string, string>>, option?: string): DeployField[] {
  const chosen = option ?? (project.deploymentOptions.find((o) => o.default) ?? project.deploymentOptions[0])?.id;
  return project.properties.map((property) => {
    const qualifiers = property.qualifiers === undefined ? undefined : parseQualifiers(property.qualifiers);
    const inherited = chosen === undefined ? undefined : property.optionDefaults?.[chosen];
    const start = inherited ?? property.default;
    const defaultValue = start === undefined ? '' : String(start);
    const value = values[property.key] ?? defaultValue;
    const problem =
      property.qualifiers !== undefined && !qualifiers
        ? `the qualifiers "${property.qualifiers}" cannot be read: write them as MinLen(n) MaxLen(n) MinValue(n) MaxValue(n) or ValueMap{"a","b"}`
        : (valueProblem(property.type, value) ?? (qualifiers ? boundsProblem(property.type, value, qualifiers) : undefined));
    const description = text(property.description);
    return {
      key: property.key,
      category: text(property.category) ?? '',
      label: text(property.label) ?? property.key,
      ...(description ? { description } : {}),
      type: property.type,
      password: property.password,
      userConfigurable: property.userConfigurable,
      choices: qualifiers?.valueMap ?? [],
      defaultValue,
      ...(problem ? { problem } : {}),
    };
  });
}

/** What the deployment UI refuses given the qualifiers; an empty value is "not filled in" and passes. */
function boundsProblem(type: string, value: string, q: Qualifiers): string | undefined {
  if (value === '') return undefined;
  const numeric = /^(u|s)int|^real/.test(type);
  if (q.valueMap && q.valueMap.length > 0 && !q.valueMap.includes(value)) return `choose one of ${q.valueMap.join(', ')}`;
  if (q.minLen !== undefined && value.length < q.minLen) return `at least ${q.minLen} characters (MinLen)`;
  if (q.maxLen !== undefined && value.length > q.maxLen) return `at most ${q.maxLen} characters (MaxLen); this is ${value.length}`;
  if (numeric && q.minValue !== undefined && Number(value) < q.minValue) return `at least ${q.minValue} (MinValue)`;
  if (numeric && q.maxValue !== undefined && Number(value) > q.maxValue) return `at most ${q.maxValue} (MaxValue)`;
  return undefined;
}

/** The text in the person's first language: a plain string, or the first of a per-language map. */
function text(value: LocalText | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : Object.values(value)[0];
}
