// A problem as a person reads it: what is wrong, where, and its stable code for a bug report.
import type { Problem } from '../../../electron/common/problem.ts';
import { formatLocation } from '../../../electron/common/problem.ts';

interface Props {
  readonly title: string;
  readonly problem: Problem;
  /** Offered when the problem has a line in the descriptor. */
  readonly onShowLine?: (line: number) => void;
}

export function ProblemBanner({ title, problem, onShowLine }: Props) {
  const where = formatLocation(problem.location);
  const line = problem.location?.line;
  return (
    <div role="alert" className="problem-banner">
      <h2>{title}</h2>
      <p className="problem-message">{problem.message}</p>
      <p className="problem-meta">
        {where && <span>{where} · </span>}
        <code>{problem.code}</code>
        {line !== undefined && onShowLine && (
          <>
            {' · '}
            <button type="button" className="link" onClick={() => onShowLine(line)}>
              Show line {line}
            </button>
          </>
        )}
      </p>
    </div>
  );
}
