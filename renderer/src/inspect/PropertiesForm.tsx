// The deploy form a customer would see (vSphere's "Customize template" page): every property,
// grouped as the vendor ordered them, virtualised for appliances with hundreds of them.
import type { PropertyReport } from '../../../electron/common/inspection.ts';
import { VirtualList } from '../common/VirtualList.tsx';
import { PropertyField } from './PropertyField.tsx';

export function PropertiesForm({ properties }: { readonly properties: readonly PropertyReport[] }) {
  if (properties.length === 0) return <p className="muted">The appliance asks nothing at deployment.</p>;
  const configurable = properties.filter((p) => p.userConfigurable).length;
  return (
    <form className="properties-form" aria-label="Deployment properties" onSubmit={(event) => event.preventDefault()}>
      <p className="muted">
        {properties.length} properties, {configurable} configurable at deployment. This is a preview: nothing is saved.
      </p>
      <VirtualList
        role="list"
        bodyRole="presentation"
        label="Properties"
        items={properties}
        rowHeight={76}
        maxHeight={560}
        renderRow={(property, index, style) => <PropertyField key={`${property.system}:${property.key}:${index}`} property={property} style={style} />}
      />
    </form>
  );
}
