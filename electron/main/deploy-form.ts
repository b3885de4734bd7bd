// The deploy form a customer sees for the project's properties: grouped by category, a list for a
// ValueMap, masked for passwords, and each value checked the way a deployment UI checks it, with
// the OVF engine's own type and qualifier parsers.
import type { DeployField } from '../common/ipc-project.ts';
import { parseQualifiers, qualifierProblem, valueProblem } from '../engine/ovf/rules/properties.ts';
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
        : (valueProblem(property.type, value) ?? (qualifiers ? qualifierProblem(property.type, value, qualifiers) : undefined));
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

/** The text in the person's first language: a plain string, or the first of a per-language map. */
function text(value: LocalText | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : Object.values(value)[0];
}
