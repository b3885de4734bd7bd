import type { EulaReport } from '../../../electron/common/inspection.ts';

export function EulaSection({ eulas }: { readonly eulas: readonly EulaReport[] }) {
  if (eulas.length === 0) return <p className="muted">No licence agreement: the appliance deploys without asking to accept one.</p>;
  return (
    <div className="stack">
      {eulas.map((eula, index) => (
        <section key={index} className="card" aria-label={`Licence agreement of ${eula.system}`}>
          <h3>{eula.system}</h3>
          <pre className="eula-text" tabIndex={0}>
            {eula.text.trim()}
          </pre>
        </section>
      ))}
    </div>
  );
}
