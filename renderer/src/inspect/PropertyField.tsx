// One ProductSection property as the field a customer fills in at deployment: a list for a
// ValueMap, a checkbox for a boolean, a password box for ovf:password, read-only when the
// vendor did not make it configurable.
import { useId, type CSSProperties } from 'react';
import type { PropertyReport } from '../../../electron/common/inspection.ts';

export function PropertyField({ property, style }: { readonly property: PropertyReport; readonly style: CSSProperties }) {
  const id = useId();
  const disabled = !property.userConfigurable;
  const value = property.defaultValue ?? '';
  let input;
  if (property.choices.length > 0) {
    input = (
      <select id={id} defaultValue={value} disabled={disabled}>
        {property.choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    );
  } else if (property.type === 'boolean') {
    input = <input id={id} type="checkbox" defaultChecked={value.toLowerCase() === 'true'} disabled={disabled} />;
  } else {
    input = <input id={id} type={property.password ? 'password' : /int/.test(property.type) ? 'number' : 'text'} defaultValue={value} readOnly={disabled} spellCheck={false} />;
  }
  return (
    <div role="listitem" className="property-field" style={style}>
      <label htmlFor={id} className="property-label" title={property.key}>
        {property.label}
        {property.category && <span className="muted"> · {property.category}</span>}
      </label>
      <div className="property-input">{input}</div>
      <p className="property-help muted" title={property.description}>
        {property.description ?? property.key} <span className="property-type">({property.type}{disabled ? ', fixed' : ''})</span>
      </p>
    </div>
  );
}
