// ProductSection: product fields, icons, and properties under their categories, with full keys
// (class.key.instance) and per-configuration values.
import type * as M from './model.ts';
import { defined, type Located, type Reader } from './reader.ts';
import { localName } from './xml-tree.ts';

export function readProduct(reader: Reader, node: Located): M.ProductSection {
  const productClass = reader.attr(node, 'class');
  const instance = reader.attr(node, 'instance');
  const fieldValues: Partial<Record<M.ProductField, M.Msg>> = {};
  const icons: M.Icon[] = [];
  const categories: M.Msg[] = [];
  const properties: M.Property[] = [];
  let category: string | undefined;
  for (const child of reader.children(node)) {
    if (!reader.isOvf(child.element)) continue;
    const local = localName(child.element.name);
    if ((['Product', 'Vendor', 'Version', 'FullVersion', 'ProductUrl', 'VendorUrl', 'AppUrl'] as const).includes(local as M.ProductField)) {
      fieldValues[local as M.ProductField] = reader.msg(child);
    } else if (local === 'Icon') {
      icons.push(
        reader.keep(
          defined({ fileRef: reader.attr(child, 'fileRef') ?? '', height: reader.count(child, 'height'), width: reader.count(child, 'width'), mimeType: reader.attr(child, 'mimeType'), at: reader.place(child) }),
          child,
        ),
      );
    } else if (local === 'Category') {
      const heading = reader.msg(child) ?? { text: '' };
      categories.push(heading);
      category = heading.text;
    } else if (local === 'Property') {
      properties.push(readProperty(reader, child, productClass, instance, category));
    }
  }
  return reader.keep(
    defined({
      info: reader.info(node),
      class: productClass,
      instance,
      product: fieldValues.Product,
      vendor: fieldValues.Vendor,
      version: fieldValues.Version,
      fullVersion: fieldValues.FullVersion,
      productUrl: fieldValues.ProductUrl,
      vendorUrl: fieldValues.VendorUrl,
      appUrl: fieldValues.AppUrl,
      icons,
      categories,
      properties,
      at: reader.place(node),
    }),
    node,
  );
}

function readProperty(reader: Reader, node: Located, productClass: string | undefined, instance: string | undefined, category: string | undefined): M.Property {
  const key = reader.attr(node, 'key') ?? '';
  const values: M.PropertyValue[] = [];
  for (const child of reader.children(node)) {
    if (reader.isOvf(child.element) && localName(child.element.name) === 'Value') {
      values.push(reader.keep(defined({ value: reader.attr(child, 'value') ?? '', configuration: reader.attr(child, 'configuration'), at: reader.place(child) }), child));
    }
  }
  return reader.keep(
    defined({
      key,
      fullKey: [productClass, key, instance].filter((part) => part !== undefined && part !== '').join('.'),
      type: reader.attr(node, 'type') ?? '',
      qualifiers: reader.attr(node, 'qualifiers'),
      userConfigurable: reader.flag(node, 'userConfigurable', false),
      password: reader.flag(node, 'password', false),
      value: reader.attr(node, 'value'),
      label: reader.msg(reader.ovfChild(node, 'Label')),
      description: reader.msg(reader.ovfChild(node, 'Description')),
      category,
      values,
      at: reader.place(node),
    }),
    node,
  );
}
