// Writes the editor's draft (plain data) into the YAML Document of appliance.yaml by changing only
// what differs: an unchanged key keeps its node, so its comments, quoting and flow style survive;
// a changed scalar is changed in place, so the comment trailing it on its line survives too.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

type Path = (string | number)[];

export function applyDraft(document: Document, draft: unknown): void {
  if (!isMap(document.contents) || !isPlainObject(draft)) {
    document.contents = document.createNode(draft) as Document['contents'];
    return;
  }
  merge(document, [], document.contents, draft);
}

function merge(document: Document, path: Path, node: unknown, value: unknown): void {
  if (isMap(node) && isPlainObject(value)) {
    for (const pair of [...node.items]) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key === 'string' && !Object.hasOwn(value, key)) node.delete(key);
    }
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) node.delete(key);
      else if (node.has(key)) merge(document, [...path, key], node.get(key, true), child);
      else node.set(key, document.createNode(child));
    }
    return;
  }
  if (isSeq(node) && Array.isArray(value)) {
    while (node.items.length > value.length) node.items.pop();
    value.forEach((child: unknown, index) => {
      if (index < node.items.length) merge(document, [...path, index], node.items[index], child);
      else node.items.push(document.createNode(child));
    });
    return;
  }
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    if (node.value !== value) node.value = value;
    return;
  }
  replace(document, path, value);
}

function replace(document: Document, path: Path, value: unknown): void {
  const fresh = document.createNode(value) as Node;
  document.setIn(path, fresh);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
