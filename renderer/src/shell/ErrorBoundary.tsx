// Whatever goes wrong while drawing a file's report, the user sees what happened and can retry;
// never a blank window.
import { Component, type ReactNode } from 'react';

interface Props {
  readonly what: string;
  readonly children: ReactNode;
  /** A better retry than drawing the same data again (an inspection: inspect afresh). */
  readonly retry?: { readonly label: string; readonly run: () => void };
}

interface State {
  readonly error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="problem-banner">
        <h2>Something went wrong while showing {this.props.what}</h2>
        <p>{error.message}</p>
        <button
          type="button"
          onClick={() => {
            this.props.retry?.run();
            this.setState({ error: null });
          }}
        >
          {this.props.retry?.label ?? 'Try again'}
        </button>
      </div>
    );
  }
}
