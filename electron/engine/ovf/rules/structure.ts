// What DSP0243 requires of the envelope's shape: References, exactly one content, an Info in every
// section, ids on content, a VirtualHardwareSection in every VirtualSystem, a known version.
import { namespaceRole } from '../namespaces.ts';
import { isOvfElement } from '../reader.ts';
import { allContent, virtualSystems } from '../model.ts';
import { childElements, localName } from '../xml-tree.ts';
import type { Rule } from './rule.ts';

const knownVersions = new Set(['0.9', '1.0', '1.0.0', '1.1', '1.1.0', '1.1.1', '2.0', '2.0.0', '2.0.1', '2.1', '2.1.0', '2.1.1']);

export const structureRules: Rule = ({ descriptor, envelope, report }) => {
  const root = descriptor.xml.root;
  const hasReferences = childElements(root).some((child) => isOvfElement(child, envelope.namespace) && localName(child.name) === 'References');
  if (!hasReferences) report('OVF_REFERENCES_MISSING', 'error', 'the Envelope has no References element (required, even when empty)', envelope.at);
  if (!envelope.content) report('OVF_CONTENT_MISSING', 'error', 'the Envelope has no VirtualSystem or VirtualSystemCollection', envelope.at);
  if (envelope.version !== undefined && !knownVersions.has(envelope.version)) {
    report('OVF_VERSION_UNKNOWN', 'warning', `ovf:version "${envelope.version}" is not an OVF version (0.9, 1.0, 1.1, 2.0, 2.1)`, envelope.at);
  }
  const contentIds = new Map<string, string>();
  for (const content of allContent(envelope.content)) {
    if (content.id === '') report('OVF_CONTENT_ID_MISSING', 'error', `a ${content.kind} has no ovf:id`, content.at);
    else if (contentIds.has(content.id)) report('OVF_CONTENT_ID_DUPLICATE', 'error', `ovf:id "${content.id}" is also used at ${contentIds.get(content.id)}`, content.at);
    else contentIds.set(content.id, content.at.path);
    if (!content.info && envelope.family !== '0.9') report('OVF_INFO_MISSING', 'error', `the ${content.kind} "${content.id}" has no Info element`, content.at);
    for (const section of content.others) {
      if (section.required && namespaceRole(section.namespace) !== 'ovf') {
        report(
          'OVF_SECTION_REQUIRED_EXTENSION',
          'warning',
          `the vendor section ${section.name} does not say ovf:required="false": an importer that does not know it must refuse the package`,
          section.at,
        );
      }
    }
  }
  for (const system of virtualSystems(envelope.content)) {
    if (system.hardware.length === 0) report('OVF_HARDWARE_MISSING', 'error', `the VirtualSystem "${system.id}" has no VirtualHardwareSection`, system.at);
  }
  const sections = [
    envelope.diskSection,
    envelope.networkSection,
    envelope.deploymentOptions,
    ...allContent(envelope.content).flatMap((c) => [...c.products, ...c.eulas, c.annotation, c.operatingSystem, ...c.hardware, c.startup, c.install]),
  ];
  const hasChild = (modelObject: object, local: string): boolean => {
    const element = descriptor.elementOf(modelObject);
    return !element || childElements(element).some((child) => isOvfElement(child, envelope.namespace) && localName(child.name) === local);
  };
  for (const section of sections) {
    if (section && !hasChild(section, 'Info')) report('OVF_INFO_MISSING', 'error', `${localName(section.at.path.split('/').pop() ?? '')} has no Info element (every section needs one)`, section.at);
  }
  // The elements DSP8023 makes mandatory inside these sections; an empty section already has its finding.
  const isEmpty = (modelObject: object): boolean => {
    const element = descriptor.elementOf(modelObject);
    return element !== undefined && childElements(element).length === 0;
  };
  for (const content of allContent(envelope.content)) {
    for (const eula of content.eulas) if (!isEmpty(eula) && !hasChild(eula, 'License')) report('OVF_EULA_LICENSE_MISSING', 'error', 'the EulaSection has no License text', eula.at);
    if (content.annotation && !isEmpty(content.annotation) && !hasChild(content.annotation, 'Annotation')) report('OVF_ANNOTATION_MISSING', 'error', 'the AnnotationSection has no Annotation element', content.annotation.at);
  }
  for (const configuration of envelope.deploymentOptions?.configurations ?? []) {
    for (const local of ['Label', 'Description']) {
      if (!hasChild(configuration, local)) report('OVF_CONFIGURATION_TEXT_MISSING', 'error', `Configuration "${configuration.id}" has no ${local} (the deployment wizard shows it)`, configuration.at);
    }
  }
};
