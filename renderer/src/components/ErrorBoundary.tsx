import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Rendered instead of the failed tree, with a way to start again. */
  fallback: (reset: () => void) => ReactNode;
  onError?: (error: Error, info: ErrorInfo) => void;
  children: ReactNode;
}

/** A screen that fails must never leave a person in front of a blank or broken page: the kiosk
 *  falls back to the attract screen and starts over. */
export class ErrorBoundary extends Component<Props, { failed: boolean; generation: number }> {
  override state = { failed: false, generation: 0 };

  static getDerivedStateFromError(): Partial<{ failed: boolean }> {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.props.onError?.(error, info);
  }

  private readonly reset = () =>
    this.setState((state) => ({ failed: false, generation: state.generation + 1 }));

  override render(): ReactNode {
    if (this.state.failed) return this.props.fallback(this.reset);
    return <div key={this.state.generation}>{this.props.children}</div>;
  }
}
