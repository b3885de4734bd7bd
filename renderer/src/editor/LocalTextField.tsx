// Text that may exist in several languages (label, description, category): one box while it is a
// plain string, one box per language once it is a map; either way the draft keeps its form.
import type { DraftPath } from '../../../electron/common/ipc-project.ts';
import { useEditorContext } from './context.ts';
import { getIn } from './draft.ts';
import { TextField } from './Field.tsx';

export function LocalTextField({ path, label, hint, wide }: { readonly path: DraftPath; readonly label: string; readonly hint?: string; readonly wide?: boolean }) {
  const { draft } = useEditorContext();
  const value = getIn(draft, path);
  if (value && typeof value === 'object') {
    return (
      <>
        {Object.keys(value).map((lang) => (
          <TextField key={lang} path={[...path, lang]} label={`${label} (${lang})`} {...(hint ? { hint } : {})} {...(wide ? { wide } : {})} />
        ))}
      </>
    );
  }
  return <TextField path={path} label={label} {...(hint ? { hint } : {})} {...(wide ? { wide } : {})} />;
}
